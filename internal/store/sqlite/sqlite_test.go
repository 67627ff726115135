package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/storetest"
)

func open(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "storywire.db"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

func TestReopenIsNoOp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	for range 2 {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		list, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.w.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(list) {
			t.Fatalf("schema_migrations rows = %d, %v; want one per migration (%d)", n, err, len(list))
		}
		db.Close()
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "upgrade storywire") {
		t.Fatalf("err = %v, want a newer-schema error", err)
	}
}

// TestCrashLeavesNoPartialArticle kills a write midway (the connection
// goes away with the transaction open, as when the process dies) and
// checks that nothing of it is in the file.
func TestCrashLeavesNoPartialArticle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := db.w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	tx := &tx{db: db, tx: raw, stmts: map[string]*sql.Stmt{}}
	a := model.Article{ID: "half", Origin: "x", Text: "t", ContentHash: "h", Ingested: time.Now()}
	if err := tx.Insert(context.Background(), a, model.Sketch{Bands: []uint64{1}}); err != nil {
		t.Fatal(err)
	}
	// No commit: close everything underneath the open transaction.
	tx.closeStmts()
	db.r.Close()
	db.w.Close()

	db2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	st, err := db2.Stats(context.Background())
	if err != nil || st.Articles != 0 {
		t.Fatalf("after crash: %+v %v, want nothing stored", st, err)
	}
	var bands int
	db2.r.QueryRow(`SELECT COUNT(*) FROM article_bands`).Scan(&bands)
	if bands != 0 {
		t.Fatalf("%d orphan band rows", bands)
	}
}

func benchArticle(i int) (model.Article, model.Sketch) {
	text := strings.Repeat(fmt.Sprintf("Word%d talks port strike minister said %d. ", i%97, i), 40)
	a := model.Article{ID: fmt.Sprintf("a%08d", i), Origin: "bench", Title: fmt.Sprintf("Title %d", i),
		Text: text, ContentHash: fmt.Sprintf("h%08d", i), Ingested: time.Unix(int64(i), 0),
		Published: model.Published{Time: time.Unix(int64(i)*60, 0).UTC(), Reliability: model.Exact, Source: model.FromMetadata}}
	sk := model.Sketch{Signature: make([]uint32, 128)}
	for b := range 32 {
		sk.Bands = append(sk.Bands, uint64(i)*32+uint64(b)+1)
	}
	return a, sk
}

func fill(b *testing.B, db *DB, from, n int) {
	for start := from; start < from+n; start += 500 {
		err := db.Write(context.Background(), func(tx store.Tx) error {
			for i := start; i < min(start+500, from+n); i++ {
				a, sk := benchArticle(i)
				if err := tx.Insert(context.Background(), a, sk); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInsert(b *testing.B) {
	db := open(b)
	defer db.Close()
	next := 0
	for b.Loop() {
		fill(b, db, next, 200)
		next += 200
	}
	b.ReportMetric(float64(next)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkCopyCandidates(b *testing.B) {
	for _, n := range []int{1000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			db := open(b)
			defer db.Close()
			fill(b, db, 0, n)
			b.ResetTimer()
			i := 0
			for b.Loop() {
				_, sk := benchArticle(i % n)
				i++
				err := db.Write(context.Background(), func(tx store.Tx) error {
					c, err := tx.CopyCandidates(context.Background(), sk.Bands)
					if err == nil && len(c) != 1 {
						err = fmt.Errorf("%d candidates", len(c))
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestHotQueriesUseIndexes guards the lookups run for every ingested
// article: a full scan of articles there makes ingest quadratic.
func TestHotQueriesUseIndexes(t *testing.T) {
	db := open(t)
	defer db.Close()
	for name, q := range map[string]struct {
		sql  string
		args int
	}{
		"duplicate":       {duplicateQuery, 2},
		"copy candidates": {candidatesQuery(32), 32},
	} {
		rows, err := db.r.Query("EXPLAIN QUERY PLAN "+q.sql, make([]any, q.args)...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN articles") || strings.HasPrefix(step, "SCAN article_bands") {
				t.Errorf("%s query scans a table:\n%s", name, strings.Join(plan, "\n"))
			}
		}
	}
}

// A migration numbered below one already applied (written on a branch
// merged later) is applied at the next open.
func TestMigrationMergedLate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `DROP TABLE feed_items; DROP TABLE feeds; DELETE FROM schema_migrations WHERE version = 6`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.AddFeed(ctx, model.Feed{URL: "https://a.example/rss", Added: time.Now(), NextPoll: time.Now()}); err != nil {
		t.Fatalf("the late migration was not applied: %v", err)
	}
}
