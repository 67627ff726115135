package postgres

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/store/migration"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the store's embedded schema changes, by number.
func migrations() ([]migration.Migration, error) {
	return migration.Read(migrationFiles, "migrations")
}

// migrationLock is the advisory lock key that makes processes opening
// one database at once apply its migrations one after the other (the
// bytes of "swmigrat").
const migrationLock = 0x73776d6967726174

// migrate brings the schema up to date, one transaction per migration
// (PostgreSQL's DDL is transactional: a migration applies whole or not at
// all). A database from a newer Storywire is refused rather than
// misread. Every migration not yet applied is applied, not only those
// above the highest: migrations written on parallel branches get numbers
// in advance and may reach a database after a later-numbered one did.
func (db *DB) migrate(ctx context.Context) error {
	list, err := migrations()
	if err != nil {
		return err
	}
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	current := 0
	for v := range applied {
		current = max(current, v)
	}
	if latest := list[len(list)-1].Version; current > latest {
		return fmt.Errorf("database schema version %d is newer than this storywire knows (%d): upgrade storywire", current, latest)
	}
	for _, m := range list {
		if applied[m.Version] {
			continue
		}
		if err := db.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// appliedMigrations reads the versions applied; none when the table is
// not there yet.
func (db *DB) appliedMigrations(ctx context.Context) (map[int]bool, error) {
	applied := map[int]bool{}
	err := db.retry(ctx, func() error {
		var exists bool
		if err := db.pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil || !exists {
			return err
		}
		rows, err := db.pool.Query(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
		for _, v := range versions {
			applied[v] = true
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read schema version: %w", err)
	}
	return applied, nil
}

// apply applies one migration in its own transaction, under the
// migration lock, unless another process applied it while this one
// waited for the lock.
func (db *DB) apply(ctx context.Context, m migration.Migration) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("apply migration %s: %w", m.Name, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("apply migration %s: wait for other processes: %w", m.Name, err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, applied_at bigint NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var done bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version).Scan(&done); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if done {
		return nil
	}
	// The simple protocol: a migration is several statements.
	if _, err := tx.Exec(ctx, m.SQL, pgx.QueryExecModeSimpleProtocol); err != nil {
		return fmt.Errorf("apply migration %s: %w", m.Name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
		m.Version, time.Now().UTC().UnixNano()); err != nil {
		return fmt.Errorf("record migration %s: %w", m.Name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit migration %s: %w", m.Name, err)
	}
	return nil
}
