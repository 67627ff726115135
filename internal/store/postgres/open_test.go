package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres/pgtest"
)

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://db.example/sw":          true,
		"postgresql://u:p@db.example:5433/": true,
		"POSTGRES://x/y":                    true,
		"/var/lib/storywire.db":             false,
		"postgres.db":                       false,
		"sqlite://x":                        false,
	} {
		if IsURL(s) != want {
			t.Errorf("IsURL(%q) = %v", s, !want)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://sw:s3cret@db.example:5432/news":              "postgres://sw:xxxxx@db.example:5432/news",
		"postgres://sw@db.example/news?sslmode=require":          "postgres://sw@db.example/news?sslmode=require",
		"postgres://db.example/news?user=sw&password=s3cret":     "postgres://db.example/news?password=xxxxx&user=sw",
		"postgresql://sw:p%40ss@[::1]:5432/news?sslmode=disable": "postgresql://sw:xxxxx@[::1]:5432/news?sslmode=disable",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Redact("postgres://sw:s3cret@db.example:port/%zz"); strings.Contains(got, "s3cret") {
		t.Errorf("an unreadable URL kept its password: %q", got)
	}
}

// A server that is not there: the error names it, says what to check,
// and shows no password; it comes after a few quick retries, not a hang.
func TestServerDown(t *testing.T) {
	start := time.Now()
	_, err := Open(context.Background(), "postgres://sw:s3cret@127.0.0.1:1/news?sslmode=disable")
	if err == nil {
		t.Fatal("opened a store on a closed port")
	}
	msg := err.Error()
	for _, want := range []string{"cannot reach PostgreSQL at 127.0.0.1:1", "is it running?", "connection refused"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "s3cret") {
		t.Errorf("error shows the password: %q", msg)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("gave up after %v", d)
	}
	if _, err := Open(context.Background(), "postgres://sw:s3cret@db.example:notaport/news"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("a URL that cannot be read: %v", err)
	}
}

func TestOpenCreatesDatabase(t *testing.T) {
	u := pgtest.Unborn(t)
	ctx := context.Background()
	if _, err := OpenExisting(ctx, u); !errors.Is(err, ErrNoSchema) {
		t.Fatalf("OpenExisting of a database the server lacks: %v, want ErrNoSchema", err)
	}
	db, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = OpenExisting(ctx, u)
	if err != nil {
		t.Fatalf("OpenExisting after Open: %v", err)
	}
	db.Close()
}

// A database without Storywire's tables is not taken for one, and
// OpenExisting leaves it as it was.
func TestOpenExistingNeedsSchema(t *testing.T) {
	u := pgtest.Database(t)
	ctx := context.Background()
	for range 2 {
		if _, err := OpenExisting(ctx, u); !errors.Is(err, ErrNoSchema) {
			t.Fatalf("OpenExisting of an empty database: %v, want ErrNoSchema", err)
		}
	}
}

func TestReopenIsNoOp(t *testing.T) {
	u := pgtest.Database(t)
	list, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		db, err := Open(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(list) {
			t.Fatalf("schema_migrations rows = %d, %v; want one per migration (%d)", n, err, len(list))
		}
		db.Close()
	}
}

// Processes opening a new database at once apply its migrations once.
func TestConcurrentOpen(t *testing.T) {
	u := pgtest.Database(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := Open(context.Background(), u)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	db := open(t)
	if _, err := db.pool.Exec(context.Background(), `INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	u := db.pool.Config().ConnConfig.ConnString()
	db.Close()
	_, err := Open(context.Background(), u)
	if err == nil || !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "upgrade storywire") {
		t.Fatalf("err = %v, want a newer-schema error", err)
	}
}

// A migration numbered below one already applied (written on a branch
// merged later) is applied at the next open.
func TestMigrationMergedLate(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if _, err := db.pool.Exec(ctx, `DROP TABLE cluster_state CASCADE; DELETE FROM schema_migrations WHERE version = 2`,
		pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatal(err)
	}
	u := db.pool.Config().ConnConfig.ConnString()
	db.Close()
	// The trigger functions are still there: the migration must apply
	// over them as it would over a database that never had them... so
	// drop them too, as a database from before it would be.
	raw, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"cluster_state_drop_assignment", "cluster_state_drop_article", "cluster_state_drop_text"} {
		if _, err := raw.Exec(ctx, `DROP FUNCTION `+f+` CASCADE`); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"cluster_state_covers", "cluster_state_covers_article"} {
		if _, err := raw.Exec(ctx, `DROP FUNCTION `+f); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close(ctx)
	db, err = Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.ClusterState(ctx); err != nil {
		t.Fatalf("the late migration was not applied: %v", err)
	}
}

// TestCrashLeavesNoPartialArticle ends a writer's session midway (as when
// its process dies or the network drops) and checks that nothing of its
// transaction is stored, and that the store goes on over a new
// connection.
func TestCrashLeavesNoPartialArticle(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	err := db.Write(ctx, func(st store.Tx) error {
		a := model.Article{ID: "half", Origin: "x", Text: "t", ContentHash: "h", Ingested: time.Now()}
		if err := st.Insert(ctx, a, model.Sketch{Bands: []uint64{1}}); err != nil {
			return err
		}
		var pid int
		if err := st.(*tx).queryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		if _, err := db.pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
			t.Fatal(err)
		}
		return nil
	})
	if err == nil {
		t.Fatal("a transaction whose session was ended committed")
	}
	st, err := db.Stats(ctx)
	if err != nil || st.Articles != 0 {
		t.Fatalf("after the crash: %+v %v, want nothing stored", st, err)
	}
	var bands int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM article_bands`).Scan(&bands); err != nil || bands != 0 {
		t.Fatalf("%d orphan band rows (%v)", bands, err)
	}
}

func TestClustererLock(t *testing.T) {
	ctx := context.Background()
	u := pgtest.Database(t)
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	first, err := dbs[0].LockClusterer(ctx)
	if err != nil || !first.Held(ctx) {
		t.Fatalf("lock: %v", err)
	}
	if l, err := dbs[1].TryLockClusterer(ctx); l != nil || err != nil {
		t.Fatalf("a second process took a held lock: %v %v", l, err)
	}
	// The standby waits; the holder dies (its session ends); the standby
	// has the lock.
	got := make(chan *ClustererLock)
	go func() {
		l, err := dbs[1].LockClusterer(ctx)
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	select {
	case <-got:
		t.Fatal("the standby took the lock while it was held")
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := dbs[1].pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, first.conn.Conn().PgConn().PID()); err != nil {
		t.Fatal(err)
	}
	var second *ClustererLock
	select {
	case second = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the standby did not take over from a dead holder")
	}
	if first.Held(ctx) || second == nil || !second.Held(ctx) {
		t.Fatal("the lock is not with the standby")
	}
	first.Release(ctx) // its connection is gone: an error, and nothing else
	if err := second.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if l, err := dbs[0].TryLockClusterer(ctx); l == nil || err != nil {
		t.Fatalf("the lock is not free after its release: %v", err)
	} else {
		l.Release(ctx)
	}
}

// TestReadsOutliveLostConnections: the server ends every session of the
// store (a restart, a failover, an idle timeout); the next reads retry on
// new connections instead of failing.
func TestReadsOutliveLostConnections(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	insert := func(id string) {
		t.Helper()
		if err := db.Write(ctx, func(tx store.Tx) error { return tx.Insert(ctx, testArticle(id), model.Sketch{}) }); err != nil {
			t.Fatal(err)
		}
	}
	insert("a")
	// Fill the pool with idle connections.
	done := make(chan struct{})
	for range 4 {
		go func() {
			db.EachArticle(ctx, store.Filter{}, func(model.Article) error { time.Sleep(50 * time.Millisecond); return nil })
			done <- struct{}{}
		}()
	}
	for range 4 {
		<-done
	}
	other, err := pgx.Connect(ctx, db.pool.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	var ended int
	if err := other.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&ended); err != nil || ended == 0 {
		t.Fatalf("ended %d sessions: %v", ended, err)
	}
	for range 3 {
		if st, err := db.Stats(ctx); err != nil || st.Articles != 1 {
			t.Fatalf("a read after the sessions ended: %+v %v", st, err)
		}
		if _, err := db.Article(ctx, "a"); err != nil {
			t.Fatalf("a read after the sessions ended: %v", err)
		}
	}
	insert("b")
}
