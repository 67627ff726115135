package app

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres"
	"github.com/storywire/storywire/internal/store/sqlite"
)

// A database is named by one string, the --db flag or STORYWIRE_DB: a
// postgres:// or postgresql:// URL names a PostgreSQL database, anything
// else an SQLite file. These functions are the only place that tells the
// two apart, so every command takes either.

// IsPostgres reports whether db names a PostgreSQL database.
func IsPostgres(db string) bool { return postgres.IsURL(db) }

// DatabaseName is db as messages show it: a PostgreSQL URL without its
// password, a path as it is.
func DatabaseName(db string) string {
	if IsPostgres(db) {
		return postgres.Redact(db)
	}
	return db
}

// openStore opens the store db names. With create, a database that does
// not exist yet is made (an SQLite file, a PostgreSQL database and its
// schema); without, it is an error wrapping ErrNoDatabase.
func openStore(ctx context.Context, db string, create bool) (store.Store, error) {
	if IsPostgres(db) {
		if create {
			return postgres.Open(ctx, db)
		}
		st, err := postgres.OpenExisting(ctx, db)
		if errors.Is(err, postgres.ErrNoSchema) {
			return nil, fmt.Errorf("%w at %s", ErrNoDatabase, DatabaseName(db))
		}
		return st, err
	}
	if !create {
		if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w at %s", ErrNoDatabase, db)
		}
	}
	return sqlite.Open(ctx, db)
}

// DatabaseExists reports whether db names a database that exists
// already: an SQLite file, or a PostgreSQL database holding Storywire's
// schema. It creates nothing.
func DatabaseExists(ctx context.Context, db string) (bool, error) {
	st, err := openStore(ctx, db, false)
	if errors.Is(err, ErrNoDatabase) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, st.Close()
}
