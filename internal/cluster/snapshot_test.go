package cluster

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// snapshotConfig is the default configuration with a short dormancy and
// settle window, so a stream of a few thousand articles evicts stories
// and settles several times.
func snapshotConfig() Config {
	cfg := Default()
	cfg.Dormancy = 36 * time.Hour
	cfg.SettleWindow = 700
	return cfg
}

// storedRow is an article's assignment as the store keeps it: moves take
// a new sequence number, merges relabel the rows in place.
type storedRow struct {
	story int64
	seq   int
}

// runAndStore adds docs through the clusterer as the pipeline's driver
// does (settling when due and at the end), keeping the rows the store
// would hold.
func runAndStore(c *Clusterer, docs []Doc, rows map[string]storedRow, seq *int) []model.Assignment {
	var out []model.Assignment
	keep := func(a model.Assignment) {
		out = append(out, a)
		for _, m := range a.Merged {
			for id, r := range rows {
				if r.story == m {
					rows[id] = storedRow{a.Story, r.seq}
				}
			}
		}
		*seq++
		rows[a.Article] = storedRow{a.Story, *seq}
	}
	for _, d := range docs {
		keep(c.Add(d))
		if c.SettleDue() {
			for _, a := range c.Settle() {
				keep(a)
			}
		}
	}
	for _, a := range c.Settle() {
		keep(a)
	}
	return out
}

// replay rebuilds a clusterer from the stored rows, as the application
// does at start-up.
func replay(cfg Config, docs []Doc, rows map[string]storedRow) *Clusterer {
	byID := map[string]Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	ids := make([]string, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return rows[a].seq - rows[b].seq })
	c := New(cfg)
	for _, id := range ids {
		c.Restore(byID[id], rows[id].story)
	}
	return c
}

func streamDocs(n int, seed uint64) []Doc {
	var docs []Doc
	for d := range genStream(n, seed) {
		docs = append(docs, d)
	}
	return docs
}

// TestSnapshotAssignsAsTheOriginal: a clusterer loaded from a snapshot
// assigns the articles that follow exactly as the one it was taken of,
// for a replayed clusterer (what start-up uses) and for one that has
// clustered and settled (merged stories in its posting lists).
func TestSnapshotAssignsAsTheOriginal(t *testing.T) {
	cfg := snapshotConfig()
	docs := streamDocs(4500, 7)
	first, next := docs[:3000], docs[3000:]
	live := New(cfg)
	rows := map[string]storedRow{}
	seq := 0
	runAndStore(live, first, rows, &seq)
	for name, c := range map[string]*Clusterer{"replayed": replay(cfg, first, rows), "live": live} {
		t.Run(name, func(t *testing.T) {
			b, err := c.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadSnapshot(cfg, b)
			if err != nil {
				t.Fatal(err)
			}
			again, err := loaded.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, again) {
				t.Fatalf("the loaded clusterer's snapshot differs (%d bytes, was %d)", len(again), len(b))
			}
			if c.Active() == 0 {
				t.Fatal("no story in memory")
			}
			want := runAndStore(c, next, map[string]storedRow{}, new(int))
			got := runAndStore(loaded, next, map[string]storedRow{}, new(int))
			if !reflect.DeepEqual(got, want) {
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("assignment %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
					}
				}
				t.Fatalf("%d assignments, want %d", len(got), len(want))
			}
		})
	}
}

// TestSnapshotEvicts checks the test stream is long enough for stories
// to leave memory, so the snapshots above carry places of stories gone.
func TestSnapshotEvicts(t *testing.T) {
	cfg := snapshotConfig()
	docs := streamDocs(3000, 7)
	rows := map[string]storedRow{}
	runAndStore(New(cfg), docs, rows, new(int))
	c := replay(cfg, docs, rows)
	stories := map[int64]bool{}
	for _, r := range rows {
		stories[r.story] = true
	}
	if c.Active() >= len(stories) {
		t.Fatalf("%d stories in memory of %d: none evicted", c.Active(), len(stories))
	}
}

func TestSnapshotRefused(t *testing.T) {
	cfg := snapshotConfig()
	c := New(cfg)
	for d := range genStream(50, 3) {
		c.Add(d)
	}
	if _, err := c.Snapshot(); err == nil {
		t.Fatal("snapshot of a clusterer holding articles for Settle: no error")
	}
	c.Settle()
	b, err := c.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSnapshot(Default(), b); !errors.Is(err, ErrSnapshotVersion) {
		t.Errorf("loaded with another configuration: %v, want ErrSnapshotVersion", err)
	}
	for _, cut := range []int{0, 10, len(b) / 2, len(b) - 1} {
		if _, err := LoadSnapshot(cfg, b[:cut]); err == nil {
			t.Errorf("snapshot cut at %d of %d bytes loaded", cut, len(b))
		}
	}
	if _, err := LoadSnapshot(cfg, append(slices.Clone(b), 0)); err == nil {
		t.Error("snapshot with a byte after its end loaded")
	}
}
