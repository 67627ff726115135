package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres/pgtest"
)

// stores opens n stores on one new database: n processes, each with
// its pool.
func stores(t *testing.T, n int) []*DB {
	t.Helper()
	u := pgtest.Database(t)
	var out []*DB
	for range n {
		db, err := Open(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		out = append(out, db)
	}
	return out
}

func testArticle(id string) model.Article {
	return model.Article{ID: id, Origin: id, Title: "Title " + id, Text: "Text of " + id, ContentHash: "hash-" + id,
		Ingested: time.Unix(1, 0).UTC(), Published: model.Published{Reliability: model.Unknown}}
}

// TestManyWritersLoseNothing: writers in two processes annotate articles
// naming the same entities at once; every mention, alias and article is
// counted, as if they had written one after the other.
func TestManyWritersLoseNothing(t *testing.T) {
	ctx := context.Background()
	dbs := stores(t, 2)
	var person, country int64
	err := dbs[0].Write(ctx, func(tx store.Tx) (err error) {
		if person, err = tx.CreateEntity(ctx, model.Entity{Type: model.Person, Name: "Anna Lind"}); err != nil {
			return err
		}
		country, err = tx.CreateEntity(ctx, model.Entity{Type: model.Location, Name: "Norland", Country: "NL"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := dbs[w%len(dbs)]
			for i := range each {
				id := fmt.Sprintf("w%d-%d", w, i)
				errs <- db.Write(ctx, func(tx store.Tx) error {
					if err := tx.Insert(ctx, testArticle(id), model.Sketch{}); err != nil {
						return err
					}
					ann := model.Annotations{Tagger: "test",
						Mentions: []model.Mention{
							{Text: "Anna Lind", Type: model.Person, Entity: 0, Role: "minister", Affiliation: "Norland"},
							{Text: "Lind", Type: model.Person, Entity: 0},
							{Text: "Norland", Type: model.Location, Entity: 1},
						},
						Entities: []model.LocalEntity{
							{Name: "Anna Lind", Type: model.Person, Mentions: 2, ID: person},
							{Name: "Norland", Type: model.Location, Mentions: 1, ID: country},
						}}
					return tx.SetAnnotations(ctx, id, ann)
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	const n = writers * each
	e, err := dbs[1].Entity(ctx, person)
	if err != nil {
		t.Fatal(err)
	}
	aliases := map[string]int{}
	for _, a := range e.Aliases {
		aliases[a.Text] = a.Count
	}
	if e.Mentions != 2*n || e.Articles != n || aliases["Anna Lind"] != n || aliases["Lind"] != n || len(e.Roles) != n || e.Type != model.Person {
		t.Errorf("person after %d articles from %d writers: mentions %d articles %d aliases %v roles %d type %s",
			n, writers, e.Mentions, e.Articles, aliases, len(e.Roles), e.Type)
	}
	var votes string
	if err := dbs[0].pool.QueryRow(ctx, `SELECT votes FROM entities WHERE id = $1`, person).Scan(&votes); err != nil || votes != fmt.Sprintf(`{"PER":%d}`, 2*n) {
		t.Errorf("type votes %s (%v), want every mention's", votes, err)
	}
	if c, _ := dbs[0].Entity(ctx, country); c.Mentions != n || c.Articles != n {
		t.Errorf("country: mentions %d articles %d, want %d", c.Mentions, c.Articles, n)
	}
}

// TestWritersResolveOneName: writers meeting a name no entity holds yet
// each look it up and create it when absent (as resolve.Link does); the
// lookup waits for the writer already resolving that name, so one entity
// is made, not one per writer.
func TestWritersResolveOneName(t *testing.T) {
	ctx := context.Background()
	dbs := stores(t, 2)
	keys := []string{"per:sn:novak", "per:gn:ivana novak"}
	var wg sync.WaitGroup
	ids := make(chan int64, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := dbs[w%2].Write(ctx, func(tx store.Tx) error {
				cands, err := tx.EntityCandidates(ctx, keys)
				if err != nil {
					return err
				}
				if len(cands) > 0 {
					ids <- cands[0].ID
					return nil
				}
				// A pause while the new entity is uncommitted, so the
				// others meet it half made.
				time.Sleep(20 * time.Millisecond)
				id, err := tx.CreateEntity(ctx, model.Entity{Type: model.Person, Name: "Ivana Novak"})
				if err != nil {
					return err
				}
				ids <- id
				return tx.AddEntityKeys(ctx, id, keys)
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		seen[id] = true
	}
	if len(seen) != 1 {
		t.Errorf("8 writers resolving one name made %d entities", len(seen))
	}
}

// TestWritersAssignInTurn: assignments without a Seq from writers at once
// each get their own, in the order they commit.
func TestWritersAssignInTurn(t *testing.T) {
	ctx := context.Background()
	dbs := stores(t, 2)
	const n = 16
	err := dbs[0].Write(ctx, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Insert(ctx, testArticle(fmt.Sprint("a", i)), model.Sketch{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := dbs[i%2].Write(ctx, func(tx store.Tx) error {
				return tx.Assign(ctx, store.Assignment{Assignment: model.Assignment{Article: fmt.Sprint("a", i), Story: int64(i % 3), Reason: model.ReasonNew}})
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	seqs := map[int64]bool{}
	dbs[1].EachAssignment(ctx, func(a store.Assignment) error { seqs[a.Seq] = true; return nil })
	if len(seqs) != n || !seqs[1] || !seqs[n] {
		t.Errorf("%d distinct seqs for %d assignments, want 1 to %d", len(seqs), n, n)
	}
}

// TestCopyOfReparentedOriginal: a writer links a copy to an original
// that another writer is at that moment making a copy of an earlier
// article (Reparent); the copy ends in the group of the earlier article,
// not as a copy of a copy.
func TestCopyOfReparentedOriginal(t *testing.T) {
	ctx := context.Background()
	dbs := stores(t, 2)
	err := dbs[0].Write(ctx, func(tx store.Tx) error { return tx.Insert(ctx, testArticle("root"), model.Sketch{}) })
	if err != nil {
		t.Fatal(err)
	}
	locked := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- dbs[0].Write(ctx, func(tx store.Tx) error {
			if err := tx.Insert(ctx, testArticle("earlier"), model.Sketch{}); err != nil {
				return err
			}
			if err := tx.Reparent(ctx, "root", "earlier", 0.9); err != nil {
				return err
			}
			close(locked)
			time.Sleep(300 * time.Millisecond) // the other writer comes in now
			return nil
		})
	}()
	<-locked
	cp := testArticle("copy")
	cp.CopyOf, cp.CopySimilarity = "root", 0.8
	if err := dbs[1].Write(ctx, func(tx store.Tx) error { return tx.Insert(ctx, cp, model.Sketch{}) }); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got, err := dbs[1].Article(ctx, "copy")
	if err != nil {
		t.Fatal(err)
	}
	if got.CopyOf != "earlier" {
		t.Errorf("the copy points to %q, want the group's original, earlier", got.CopyOf)
	}
}

// TestLongRunOfWrites: a transaction that queues more statements than
// wait at once sends them as it goes, all of them, and an error among the
// first is still the transaction's.
func TestLongRunOfWrites(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	const n = 3*maxQueued + 7
	var watch int64
	err := db.Write(ctx, func(tx store.Tx) (err error) {
		if watch, err = tx.AddWatch(ctx, model.Watch{Query: "x", Webhook: "https://hooks.example/"}); err != nil {
			return err
		}
		for i := range n {
			if err := tx.SetWatchHit(ctx, watch, int64(i), 1); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := db.WatchHits(ctx, watch); err != nil || len(hits) != n {
		t.Fatalf("%d hits stored of %d (%v)", len(hits), n, err)
	}
	err = db.Write(ctx, func(tx store.Tx) error {
		if err := tx.Insert(ctx, testArticle("dup"), model.Sketch{}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, testArticle("dup"), model.Sketch{}); err != nil {
			return err
		}
		for i := range n {
			tx.SetWatchHit(ctx, watch, int64(n+i), 1)
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), `insert article "dup"`) {
		t.Fatalf("a failed statement sent with a full queue: %v", err)
	}
	if hits, _ := db.WatchHits(ctx, watch); len(hits) != n {
		t.Errorf("a failed transaction stored %d hits", len(hits)-n)
	}
}
