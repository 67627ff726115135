package postgres

import (
	"context"
	"testing"

	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres/pgtest"
	"github.com/storywire/storywire/internal/store/storetest"
)

// open opens a store on a fresh database of its own.
func open(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	pgtest.Server(t)
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}
