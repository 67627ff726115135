package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// Conflict reports whether err is a write that lost to another writer's
// at the same moment: a unique key (the same article) taken by a
// transaction that committed while this one ran, a deadlock, or a
// serialization failure. The same write made again once the other has
// committed succeeds, or finds its work done; the distributed workers
// try such an item again rather than record it as failed.
func Conflict(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "23505", "40P01", "40001": // unique_violation, deadlock_detected, serialization_failure
		return true
	}
	return false
}
