package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
)

// clustererLock is the advisory lock key held by the one active clusterer
// of a database (the bytes of "swclustr").
const clustererLock = 0x7377636c75737472

// ClustererLock is the hold of the clusterer's lock: while it is held, no
// other process holds it. Clustering must see articles in one defined
// order, so one process clusters at a time and the others stand by. The
// lock lives with the connection that took it: when the holder dies, the
// server ends its session and the lock is free for a standby.
type ClustererLock struct {
	// mu makes Held and Release safe to call at once (a holder checks
	// the lock from a keeper goroutine and before each write): a
	// connection runs one statement at a time.
	mu   sync.Mutex
	conn *pgxpool.Conn
}

// LockClusterer waits until the clusterer's lock is free, then takes it.
// It gives up with ctx.
func (db *DB) LockClusterer(ctx context.Context) (*ClustererLock, error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, db.errorf(err, "lock the clusterer")
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(clustererLock)); err != nil {
		conn.Release()
		return nil, db.errorf(err, "lock the clusterer")
	}
	return &ClustererLock{conn: conn}, nil
}

// TryLockClusterer takes the clusterer's lock if it is free; nil and no
// error when another process holds it.
func (db *DB) TryLockClusterer(ctx context.Context) (*ClustererLock, error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, db.errorf(err, "lock the clusterer")
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, int64(clustererLock)).Scan(&ok); err != nil || !ok {
		conn.Release()
		if err != nil {
			return nil, db.errorf(err, "lock the clusterer")
		}
		return nil, nil
	}
	return &ClustererLock{conn: conn}, nil
}

// Held reports whether the lock is still held: false once its connection
// is lost (and with it the lock, which a standby may now hold).
func (l *ClustererLock) Held(ctx context.Context) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	var held bool
	err := l.conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
		AND objsubid = 1 AND pid = pg_backend_pid() AND granted AND ((classid::bigint << 32) | objid::bigint) = $1)`, int64(clustererLock)).Scan(&held)
	return err == nil && held
}

// Release gives the lock up.
func (l *ClustererLock) Release(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.conn.Release()
	var ok bool
	if err := l.conn.QueryRow(ctx, `SELECT pg_advisory_unlock($1)`, int64(clustererLock)).Scan(&ok); err != nil {
		// The connection goes back broken and is closed: the lock with it.
		return fmt.Errorf("store: release the clusterer's lock: %w", err)
	}
	if !ok {
		return errors.New("store: release the clusterer's lock: it was not held")
	}
	return nil
}

// ingestLock is the advisory lock key that makes ingest writers take
// turns (the bytes of "swingest").
const ingestLock = 0x7377696e67657374

// LockIngest makes the transaction wait for, then hold to its end, the
// ingest writers' lock. A transaction does not see what another has not
// committed, so two writers storing at once decide without each other's
// articles: two copies of one story both stored as originals, the same
// text twice. The distributed workers take the lock at the start of each
// batch's transaction, so that its decisions (new, duplicate or copy,
// which entity a name is) see every batch committed before it, as the
// one writer of a single process does; extraction and analysis, the
// bulk of the work, still run on all the workers at once.
func (t *tx) LockIngest(ctx context.Context) error {
	t.exec(ctx, "wait for the other ingest writers", `SELECT pg_advisory_xact_lock($1)`, int64(ingestLock))
	return nil
}
