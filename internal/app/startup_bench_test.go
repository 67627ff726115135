package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/cluster"
)

// startupStoreVersion names the cached store of BenchmarkStartup: change
// it when the generator or the store's contents change, so the next run
// builds the store again instead of reading a stale one.
const startupStoreVersion = "v2"

// startupArticles is the size of the store BenchmarkStartup starts on.
const startupArticles = 100_000

// startupStore returns the path of a store of n clustered articles
// generated from the ECB+ development set, built once into a cache
// directory under os.TempDir and reused by later runs. The articles are
// stored without analysis (no entities): with it, building the store takes
// most of an hour on two cores; a replay of analysed articles costs about
// twice as much per article (BenchmarkRestoreClusterer). It skips the
// benchmark when the ECB+ data is missing.
func startupStore(tb testing.TB, n int) string {
	tb.Helper()
	data := "../../../shared/data/ecbplus/ecbplus-dev.jsonl"
	if _, err := os.Stat(data); err != nil {
		tb.Skip("ECB+ data not found: ", err)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("storywire-startup-%s-%d", startupStoreVersion, n))
	db := filepath.Join(dir, "store.db")
	if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
		return db
	}
	if err := os.RemoveAll(dir); err != nil {
		tb.Fatal(err)
	}
	corpus := filepath.Join(dir, "corpus")
	if err := writeStartupCorpus(data, corpus, n, 1000); err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	a, err := Open(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	sum, err := a.Ingest(ctx, []string{corpus}, IngestOptions{MaxSize: 64 << 20, NoAnalyze: true})
	if err != nil {
		tb.Fatal(err)
	}
	if err := a.Close(); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built the start-up store: %d added, %d copies, %d failed in %v", sum.Added, sum.Copies, sum.Failed, time.Since(start))
	if err := os.RemoveAll(corpus); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644); err != nil {
		tb.Fatal(err)
	}
	return db
}

// writeStartupCorpus writes n generated news articles as JSON Lines
// files (perFile a file) under dir: each reports one of a stream of events,
// each event built on one ECB+ article (most of its sentences, a couple
// from others), published four minutes apart over about nine months, so
// stories grow, go quiet and leave memory as in a real store.
func writeStartupCorpus(data, dir string, n, perFile int) error {
	type doc struct{ title, sentences []string }
	f, err := os.Open(data)
	if err != nil {
		return err
	}
	defer f.Close()
	var docs []doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var x struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			return err
		}
		var ss []string
		for _, p := range strings.Split(x.Text, "\n") {
			for _, s := range strings.SplitAfter(p, ". ") {
				if s = strings.TrimSpace(s); len(s) > 20 {
					ss = append(ss, s)
				}
			}
		}
		if len(ss) > 0 {
			docs = append(docs, doc{[]string{x.Title}, ss})
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(docs) == 0 {
		return errors.New("no articles in " + data)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	outlets := []string{"Harbour Times", "Daily Ledger", "The Courier", "Northern Post", "Evening Star",
		"Metro Wire", "Valley News", "The Observer Desk", "City Gazette", "Coast Herald", "World Report", "The Bulletin"}
	r := rand.New(rand.NewPCG(19, 2))
	start := time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC)
	var w *bufio.Writer
	var out *os.File
	for i := range n {
		if i%perFile == 0 {
			if out != nil {
				if err := w.Flush(); err != nil {
					return err
				}
				if err := out.Close(); err != nil {
					return err
				}
			}
			if out, err = os.Create(filepath.Join(dir, fmt.Sprintf("%04d.jsonl", i/perFile))); err != nil {
				return err
			}
			w = bufio.NewWriter(out)
		}
		// Events start one every 20 minutes and are reported for a day
		// or two: an article reports one of the last 100 events.
		event := max(0, i/5-r.IntN(100))
		base := docs[(event*7919)%len(docs)]
		var text []string
		for _, s := range base.sentences {
			if r.IntN(3) > 0 {
				text = append(text, s)
			}
		}
		for range 2 {
			other := docs[r.IntN(len(docs))]
			text = append(text, other.sentences[r.IntN(len(other.sentences))])
		}
		text = append(text, fmt.Sprintf("Filed as item %d of event %d.", i, event))
		b, err := json.Marshal(map[string]string{
			"id":        fmt.Sprintf("gen-%d", i),
			"title":     base.title[0],
			"text":      strings.Join(text, " "),
			"outlet":    outlets[r.IntN(len(outlets))],
			"published": start.Add(time.Duration(i) * 4 * time.Minute).Format(time.RFC3339),
		})
		if err != nil {
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return out.Close()
}

// BenchmarkStartupStore builds the cached store of BenchmarkStartup (when
// it is not built yet), so building it can be timed on its own.
func BenchmarkStartupStore(b *testing.B) {
	for b.Loop() {
		startupStore(b, startupArticles)
	}
}

// BenchmarkStartup measures start-up on a store of 100,000 articles (built
// once, see startupStore): "replay" replays every stored assignment, as
// every start did before the clusterer's state was saved; "saved" is
// start-up now, the saved state loaded (with no assignment after it) and
// the corrections applied.
func BenchmarkStartup(b *testing.B) {
	ctx := context.Background()
	a, err := Open(ctx, startupStore(b, startupArticles))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	// The first start after the store was built saves the state.
	if err := a.SaveClusterState(ctx); err != nil {
		b.Fatal(err)
	}
	st, ok, err := a.st.ClusterState(ctx)
	if err != nil || !ok {
		b.Fatalf("no state saved: %v", err)
	}
	b.Logf("saved state: %.1f MB up to assignment %d", float64(len(st.Data))/1e6, st.Seq)
	report := func(b *testing.B) {
		s := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(s, "s/start")
		b.ReportMetric(s*1e6/float64(startupArticles), "ms/1k-articles")
	}
	b.Run("replay", func(b *testing.B) {
		for b.Loop() {
			c := cluster.New(cluster.Default())
			if _, _, err := a.replayAfter(ctx, c, 0, 0, nil); err != nil {
				b.Fatal(err)
			}
			if err := a.applyCorrections(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	b.Run("saved", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.restoreClusterer(ctx); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
}
