package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// fullReplay is the clusterer a replay of every stored assignment gives,
// without the saved state: what start-up did before there was one.
func fullReplay(t *testing.T, a *App) *cluster.Clusterer {
	t.Helper()
	c := cluster.New(cluster.Default())
	if _, _, err := a.replayAfter(context.Background(), c, 0, 0, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

func snapshot(t *testing.T, c *cluster.Clusterer) []byte {
	t.Helper()
	b, err := c.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// savedState returns the state saved in the store (nil for none).
func savedState(t *testing.T, a *App) *store.ClusterState {
	t.Helper()
	st, ok, err := a.st.ClusterState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return nil
	}
	return &st
}

// checkRestore checks that the state saved in the store is what a full
// replay gives, to the byte, and that the clusterer start-up makes from
// it assigns a following batch as the full replay's does.
func checkRestore(t *testing.T, a *App, next []cluster.Doc) {
	t.Helper()
	ctx := context.Background()
	st := savedState(t, a)
	if st == nil {
		t.Fatal("no clusterer state saved")
	}
	full := fullReplay(t, a)
	if !bytes.Equal(st.Data, snapshot(t, full)) {
		t.Fatal("the saved state differs from a full replay's")
	}
	fast, err := a.restoreClusterer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.applyCorrections(ctx, full); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*cluster.Clusterer{fast, full} {
		for _, d := range next {
			c.Add(d)
		}
		c.Settle()
	}
	for _, d := range next {
		f, _ := fast.StoryOf(d.ID)
		w, _ := full.StoryOf(d.ID)
		if f != w {
			t.Fatalf("article %s: story %d after the quick start, %d after a full replay", d.ID, f, w)
		}
	}
}

// docsOf ingests inputs into a store of their own and returns their
// clustering view: a batch that follows.
func docsOf(t *testing.T, inputs []string) []cluster.Doc {
	t.Helper()
	ctx := context.Background()
	b, err := Open(ctx, filepath.Join(t.TempDir(), "next.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Ingest(ctx, inputs, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	docs, _, err := b.ClusterDocs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestQuickStartSameAsReplay: over the demo corpus ingested in several
// runs, the state saved at the end of each run (the last one's saved
// state with the run's assignments replayed on top) is the full replay's,
// and stays so through corrections (which drop it: the next start
// replays all) and a recluster.
func TestQuickStartSameAsReplay(t *testing.T) {
	ctx := context.Background()
	a, dir := demoApp(t)
	next := docsOf(t, []string{filepath.Join(dir, "feeds")})
	for _, in := range []string{"txt", "html", "export.jsonl"} {
		if _, err := a.Ingest(ctx, []string{filepath.Join(dir, in)}, IngestOptions{}); err != nil {
			t.Fatal(err)
		}
		checkRestore(t, a, next)
	}

	// A correction drops the state; the next start replays all and saves
	// it again.
	stories, err := a.st.Stories(ctx, store.StoryFilter{Largest: true})
	if err != nil || len(stories) < 2 {
		t.Fatalf("stories: %v %v", stories, err)
	}
	if _, err := a.Merge(ctx, stories[0].ID, stories[1].ID); err != nil {
		t.Fatal(err)
	}
	if st := savedState(t, a); st != nil {
		t.Fatal("state kept after a merge")
	}
	if _, err := a.restoreClusterer(ctx); err != nil {
		t.Fatal(err)
	}
	checkRestore(t, a, next)

	if _, err := a.Recluster(ctx); err != nil {
		t.Fatal(err)
	}
	if st := savedState(t, a); st != nil {
		t.Fatal("state kept after a recluster")
	}
	if err := a.SaveClusterState(ctx); err != nil {
		t.Fatal(err)
	}
	checkRestore(t, a, next)
}

// TestQuickStartAfterInterruptedRun: articles a run stored but did not
// cluster get their stories first; the state saved then is still the
// full replay's.
func TestQuickStartAfterInterruptedRun(t *testing.T) {
	ctx := context.Background()
	a, dir := demoApp(t)
	if _, err := a.Ingest(ctx, []string{filepath.Join(dir, "txt")}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	// What a killed run leaves: articles stored, not yet in a story.
	err := a.st.Write(ctx, func(tx store.Tx) error {
		for i, title := range []string{"Harbour strike ends after talks", "Ferry service resumes", "Port talks resume"} {
			art := model.Article{ID: fmt.Sprint("killed-", i), Origin: "killed", Title: title, Outlet: "Harbour Times",
				Text: title + ". The dock workers' union and the port authority met again on Monday.", ContentHash: fmt.Sprint("killed-", i),
				Published: model.Published{Time: time.Date(2026, 3, 2, 9, i, 0, 0, time.UTC), Reliability: model.Exact}}
			if err := tx.Insert(ctx, art, model.Sketch{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if savedState(t, a) == nil {
		t.Fatal("state dropped by articles stored without a story")
	}
	if _, err := a.Ingest(ctx, []string{filepath.Join(dir, "html")}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	checkRestore(t, a, docsOf(t, []string{filepath.Join(dir, "feeds")}))
}

// TestQuickStartGeneratedStream runs the same check over a stream of
// generated articles (from ECB+) ingested in runs without analysis.
// (Stories leaving memory are checked by the cluster package's snapshot
// tests, with a short dormancy.)
func TestQuickStartGeneratedStream(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 1,200 articles")
	}
	data := "../../../shared/data/ecbplus/ecbplus-dev.jsonl"
	if _, err := os.Stat(data); err != nil {
		t.Skip("ECB+ data not found: ", err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	if err := writeStartupCorpus(data, dir, 1200, 300); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	next := docsOf(t, []string{filepath.Join(dir, "0003.jsonl")})
	for _, f := range []string{"0000.jsonl", "0001.jsonl", "0002.jsonl"} {
		if _, err := a.Ingest(ctx, []string{filepath.Join(dir, f)}, IngestOptions{NoAnalyze: true}); err != nil {
			t.Fatal(err)
		}
		checkRestore(t, a, next)
	}
}

// demoApp opens an App on a new store and writes the demo corpus beside
// it, returning the corpus's folder; the App is closed when t ends.
func demoApp(t *testing.T) (*App, string) {
	t.Helper()
	dir, err := WriteDemoCorpus(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, dir
}
