// Package postgres is Storywire's store on a PostgreSQL server, for
// deployments that outgrow one machine and one SQLite file: the same
// store.Store as store/sqlite, passing the same conformance suite, over a
// pool of connections (pgx), with numbered migrations of its own embedded
// in the binary, full-text search on tsvector/tsquery, and the clusterer's
// saved state kept honest by triggers (migrations/0002_cluster_state.sql).
//
// Writes are transactions at READ COMMITTED with row locks where a
// read-modify-write needs one (an entity's type votes and name, copy
// groups, assignment order), so several writers in several processes
// lose no update. Statements whose results a transaction does not read
// are queued and sent together when it next reads or commits: one round
// trip instead of one per statement.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/storywire/storywire/internal/store"
)

// DB is a Store on a PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool
	// where names the server and database for errors, without the
	// password.
	where string
}

var _ store.Store = (*DB)(nil)

// ErrNoSchema is returned (wrapped) by OpenExisting when the database
// does not exist or holds no Storywire schema.
var ErrNoSchema = errors.New("no storywire schema")

// IsURL reports whether a --db value names a PostgreSQL database
// (postgres:// or postgresql://) rather than an SQLite file.
func IsURL(s string) bool {
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// lowerScheme gives a URL's scheme in lower case, as pgx reads it
// ("POSTGRES://" is the same URL).
func lowerScheme(rawURL string) string {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return rawURL
	}
	return strings.ToLower(scheme) + "://" + rest
}

// Redact returns a database URL with its password (in the user info or a
// password parameter) replaced by "xxxxx", for messages and logs. A value
// that does not parse is cut to its scheme.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		scheme, _, _ := strings.Cut(rawURL, "://")
		return scheme + "://(unreadable URL)"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// Open connects to the database at rawURL and migrates it to the current
// schema. A database the server does not have is created, as an SQLite
// file would be, when the user may create one.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	rawURL = lowerScheme(rawURL)
	db, err := connect(ctx, rawURL)
	if errors.Is(err, errNoDatabase) {
		if err := createDatabase(ctx, rawURL); err != nil {
			return nil, err
		}
		db, err = connect(ctx, rawURL)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrate %s: %w", db.where, err)
	}
	return db, nil
}

// OpenExisting connects to the database at rawURL, which must hold a
// Storywire schema: an error wrapping ErrNoSchema when the database or
// the schema is missing, so that a read creates nothing. An older schema
// is migrated.
func OpenExisting(ctx context.Context, rawURL string) (*DB, error) {
	rawURL = lowerScheme(rawURL)
	db, err := connect(ctx, rawURL)
	if errors.Is(err, errNoDatabase) {
		return nil, fmt.Errorf("store: %s: %w", Redact(rawURL), ErrNoSchema)
	}
	if err != nil {
		return nil, err
	}
	var exists bool
	err = db.retry(ctx, func() error {
		return db.pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists)
	})
	if err != nil {
		db.Close()
		return nil, db.errorf(err, "read the schema")
	}
	if !exists {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", db.where, ErrNoSchema)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrate %s: %w", db.where, err)
	}
	return db, nil
}

// errNoDatabase: the server answered that the database does not exist.
var errNoDatabase = errors.New("no such database")

// connect opens a pool on rawURL and checks that the server answers.
func connect(ctx context.Context, rawURL string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		// pgx's parse errors quote the URL, hiding passwords only as best
		// it can: say what is wrong without it.
		msg := "want postgres://user:password@host:port/database?param=value"
		if cause := errors.Unwrap(err); cause != nil {
			msg = cause.Error()
		}
		return nil, fmt.Errorf("store: %s is not a PostgreSQL URL that can be read: %s", Redact(rawURL), msg)
	}
	where := Redact(rawURL)
	db := &DB{where: where}
	if cfg.ConnConfig.ConnectTimeout == 0 { // the URL's connect_timeout, else ours
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", where, err)
	}
	db.pool = pool
	err = db.retry(ctx, func() error { return pool.Ping(ctx) })
	if err != nil {
		pool.Close()
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "3D000" { // invalid_catalog_name
			return nil, fmt.Errorf("store: %s: %w", where, errNoDatabase)
		}
		return nil, connectError(cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	return db, nil
}

// connectTimeout bounds each attempt to reach the server.
const connectTimeout = 10 * time.Second

// connectError says why the server could not be used: unreachable (with
// what to check), or what it answered (a wrong password, a missing role).
func connectError(host string, port uint16, err error) error {
	addr := net.JoinHostPort(host, fmt.Sprint(port))
	if strings.HasPrefix(host, "/") {
		addr = fmt.Sprintf("%s (socket, port %d)", host, port)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Errorf("store: PostgreSQL at %s refused the connection: %s (SQLSTATE %s)", addr, pgErr.Message, pgErr.Code)
	}
	return fmt.Errorf("store: cannot reach PostgreSQL at %s: %w; is it running?", addr, rootCause(err))
}

// rootCause returns the innermost error: pgx's connect errors name the
// user and database around the network error that matters.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// createDatabase creates the database rawURL names, connecting to the
// server's maintenance database "postgres" to do it.
func createDatabase(ctx context.Context, rawURL string) error {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return fmt.Errorf("store: %s: %w", Redact(rawURL), err)
	}
	name := cfg.Database
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("store: database %q does not exist on %s and cannot be created (%w); create it with createdb %s",
			name, Redact(rawURL), rootCause(err), name)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: made meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: database %q does not exist on %s and cannot be created (%w); create it with createdb %s",
			name, Redact(rawURL), err, name)
	}
	return nil
}

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Write runs fn in one transaction at READ COMMITTED. Beginning is
// retried when the server could not be reached; fn itself is never run
// twice (the caller's own state may depend on it having run once), so a
// transaction that fails on a conflict (a deadlock between writers, say)
// returns its error, and the caller may retry.
func (db *DB) Write(ctx context.Context, fn func(store.Tx) error) error {
	var pgTx pgx.Tx
	err := db.retry(ctx, func() (err error) {
		pgTx, err = db.pool.Begin(ctx)
		return err
	})
	if err != nil {
		return db.errorf(err, "begin")
	}
	// After a commit the rollback does nothing; before one (fn failed or
	// panicked) it ends the transaction and frees the connection.
	defer pgTx.Rollback(context.WithoutCancel(ctx))
	t := &tx{tx: pgTx}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.flush(ctx); err != nil {
		return err
	}
	if err := pgTx.Commit(ctx); err != nil {
		return db.errorf(err, "commit")
	}
	return nil
}

// errorf wraps an error of the store's own, naming the server when it is
// one of reaching it.
func (db *DB) errorf(err error, what string) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "57P") || strings.HasPrefix(pgErr.Code, "08")) {
		// The server ended the session (a shutdown, a restart).
		return fmt.Errorf("store: %s: lost PostgreSQL at %s: %w", what, db.where, err)
	}
	if isConnection(err) {
		return fmt.Errorf("store: %s: lost PostgreSQL at %s: %w", what, db.where, rootCause(err))
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// retry runs fn, again after a short wait when it failed in a way that
// running it again may mend: the server unreachable for a moment, a
// connection that broke before anything was sent, a conflict between
// transactions. Only operations that are whole in fn (a read, a
// transaction of their own) are retried.
func (db *DB) retry(ctx context.Context, fn func() error) error {
	return retryWhile(ctx, transient, fn)
}

// retryWhile runs fn until it succeeds, fails in a way again does not
// accept, or maxAttempts runs are spent, waiting longer each time.
func retryWhile(ctx context.Context, again func(error) bool, fn func() error) error {
	wait := 50 * time.Millisecond
	var err error
	for attempt := 1; ; attempt++ {
		if err = fn(); err == nil || attempt == maxAttempts || !again(err) || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait *= 4
	}
}

// maxAttempts is how often retry runs fn: waits of 50, 200 and 800 ms,
// about a second, ride over a server restart's first moments or a
// failover's without holding a request long.
const maxAttempts = 4

// transient reports whether err may go away when the operation is run
// again from its start.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "40001", "40P01", // serialization_failure, deadlock_detected
			"57P01", "57P02", "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
			"53300": // too_many_connections
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection_exception
	}
	return isConnection(err)
}

// isConnection reports whether err is a failure to reach or keep the
// server, not an answer from it.
func isConnection(err error) bool {
	if pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return true
	}
	var netErr net.Error
	var connErr *pgconn.ConnectError
	return errors.As(err, &netErr) || errors.As(err, &connErr) || errors.Is(err, net.ErrClosed)
}

// retryWrite is retry for a statement that changes something, run alone:
// it is run again only when it certainly did not take effect (the
// connection was never used, or the server rolled it back), since a
// connection lost while it ran leaves that unknown.
func (db *DB) retryWrite(ctx context.Context, fn func() error) error {
	return retryWhile(ctx, notApplied, fn)
}

// notApplied reports whether a failed write certainly changed nothing and
// may be run again.
func notApplied(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return transient(err)
	}
	var connErr *pgconn.ConnectError
	return pgconn.SafeToRetry(err) || errors.As(err, &connErr)
}

// inTx runs fn in a transaction of its own and commits, the whole again
// when it failed without effect (notApplied). An error that fn returns
// wrapped by the store (a "store: " error) is returned as it is.
func (db *DB) inTx(ctx context.Context, what string, fn func(pgx.Tx) error) error {
	err := db.retryWrite(ctx, func() error {
		tx, err := db.pool.Begin(ctx)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback(context.WithoutCancel(ctx))
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) || isConnection(err) {
				// The server rolled the transaction back: nothing applied.
				return err
			}
			return storeError{err}
		}
		return tx.Commit(ctx)
	})
	var se storeError
	if errors.As(err, &se) {
		return se.err
	}
	if err != nil {
		return db.errorf(err, what)
	}
	return nil
}

// storeError carries an error of the store's own out of a retried
// function unchanged.
type storeError struct{ err error }

func (e storeError) Error() string { return e.err.Error() }
