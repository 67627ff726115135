package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"

	"github.com/storywire/storywire/internal/store/migration"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the store's embedded schema changes, by number.
func migrations() ([]migration.Migration, error) {
	return migration.Read(migrationFiles, "migrations")
}

// migrate brings the schema up to date, one transaction per migration. A
// database from a newer Storywire is refused rather than misread.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	// Each migration applied is recorded by version, and any not yet
	// applied is applied, not only those above the highest: migrations
	// written on parallel branches get numbers in advance and may reach a
	// database after a later-numbered one did.
	applied := map[int]bool{}
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	current := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("read schema version: %w", err)
		}
		applied[v] = true
		current = max(current, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	list, err := migrations()
	if err != nil {
		return err
	}
	latest := list[len(list)-1].Version
	if current > latest {
		return fmt.Errorf("database schema version %d is newer than this storywire knows (%d): upgrade storywire", current, latest)
	}
	for _, m := range list {
		if applied[m.Version] {
			continue
		}
		// The write connection begins IMMEDIATE, so two processes opening a
		// new database at once queue here; the second must see that the
		// first applied the migration while it waited.
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var applied bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?)`, m.Version).Scan(&applied); err != nil {
			tx.Rollback()
			return fmt.Errorf("read schema version: %w", err)
		}
		if applied {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("apply migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`,
			m.Version, time.Now().UTC().UnixNano()); err != nil {
			tx.Rollback()
			return fmt.Errorf("record migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit migration %s: %w", m.Name, err)
		}
	}
	return nil
}
