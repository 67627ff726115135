package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/extract"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/sqlite"
)

func newTestConfig(tb testing.TB, dbPath string) Config {
	tb.Helper()
	ex, err := extract.New(extract.Options{Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
	if err != nil {
		tb.Fatal(err)
	}
	sk, err := copies.NewSketcher(copies.DefaultParams())
	if err != nil {
		tb.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		tb.Fatal(err)
	}
	return Config{Extractor: ex, Sketcher: sk, Store: st, BatchSize: 3}
}

func items(docs ...source.Item) iter.Seq[source.Item] {
	return func(yield func(source.Item) bool) {
		for _, d := range docs {
			if !yield(d) {
				return
			}
		}
	}
}

func textItem(origin, body string) source.Item {
	return source.Item{Origin: origin, Doc: model.RawDocument{Origin: origin, Format: model.FormatText, Body: []byte(body)}}
}

// wire is a wire story; its copies below add an intro line or trim the end.
var wire = genText(42, 300)

func TestRunOutcomes(t *testing.T) {
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	var seen []Result
	cfg.OnResult = func(r Result) { seen = append(seen, r) }

	paras := strings.Split(wire, "\n\n")
	trimmed := strings.Join(paras[:len(paras)-1], "\n\n")
	in := items(
		textItem("a.txt", wire),
		textItem("b.txt", genText(7, 300)),
		source.Item{Origin: "bad.jsonl:3", Err: errors.New("source: bad.jsonl:3: invalid JSON")},
		textItem("a-again.txt", wire),                                     // same text: duplicate
		textItem("copy.txt", "Editor's note: from the wire.\n\n"+trimmed), // near copy
		textItem("empty.txt", "   \n"),
	)
	sum, err := Run(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 2 || sum.Duplicates != 1 || sum.Copies != 1 || sum.Failed != 2 {
		t.Fatalf("summary = %+v, want 2 added, 1 duplicate, 1 copy, 2 failed", sum)
	}
	var origins []string
	for _, r := range seen {
		origins = append(origins, r.Origin)
	}
	if got := strings.Join(origins, " "); got != "a.txt b.txt bad.jsonl:3 a-again.txt copy.txt empty.txt" {
		t.Errorf("results out of source order: %s", got)
	}
	if seen[4].CopyOf != seen[0].ID || seen[4].Similarity < copies.Threshold {
		t.Errorf("copy.txt: CopyOf %q sim %.2f, want %q", seen[4].CopyOf, seen[4].Similarity, seen[0].ID)
	}
	if !strings.Contains(seen[5].Err.Error(), "empty.txt") {
		t.Errorf("failure does not name its item: %v", seen[5].Err)
	}

	// Running the same input again adds nothing.
	sum, err = Run(context.Background(), items(textItem("a.txt", wire), textItem("copy.txt", "Editor's note: from the wire.\n\n"+trimmed)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Duplicates != 2 || sum.Added+sum.Copies != 0 {
		t.Fatalf("second run: %+v, want 2 duplicates", sum)
	}
}

func TestEarlierCopyBecomesOriginal(t *testing.T) {
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	var ids []string
	cfg.OnResult = func(r Result) { ids = append(ids, r.ID) }
	paras := strings.Split(wire, "\n\n")
	late := "March 5, 2024\n\n" + strings.Join(paras[:len(paras)-1], "\n\n")
	early := "March 3, 2024\n\n" + wire
	later := "March 9, 2024\n\nA line the editor added.\n\n" + wire
	sum, err := Run(context.Background(), items(textItem("late.txt", late), textItem("later.txt", later), textItem("early.txt", early)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The summary counts what the run leaves: the early one the original,
	// the two others its copies (late.txt was added, then displaced).
	if sum.Added != 1 || sum.Copies != 2 {
		t.Fatalf("summary %+v: want one original and two copies", sum)
	}
	ctx := context.Background()
	for i, name := range []string{"late.txt", "later.txt"} {
		a, err := cfg.Store.Article(ctx, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if a.CopyOf != ids[2] {
			t.Errorf("%s: copy_of = %q, want the earliest published (%s)", name, a.CopyOf, ids[2])
		}
	}
	a, err := cfg.Store.Article(ctx, ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if a.CopyOf != "" {
		t.Errorf("earliest copy is marked as a copy of %q", a.CopyOf)
	}
}

// failingStore fails every write after the first n transactions.
type failingStore struct {
	store.Store
	n int
}

func (f *failingStore) Write(ctx context.Context, fn func(store.Tx) error) error {
	if f.n <= 0 {
		return errors.New("disk full")
	}
	f.n--
	return f.Store.Write(ctx, fn)
}

func TestStoreFailureStopsRunAndKeepsCommitted(t *testing.T) {
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	real := cfg.Store
	defer real.Close()
	cfg.Store = &failingStore{Store: real, n: 1}
	var docs []source.Item
	for i := range 7 {
		docs = append(docs, textItem(fmt.Sprintf("%d.txt", i), genText(uint64(100+i), 200)))
	}
	_, err := Run(context.Background(), items(docs...), cfg)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the store's failure", err)
	}
	st, err := real.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != cfg.BatchSize {
		t.Fatalf("stored %d articles, want the first batch of %d", st.Articles, cfg.BatchSize)
	}
}

func TestDeterministicIDs(t *testing.T) {
	var runs [2][]string
	for i := range runs {
		cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
		cfg.Workers = 2 + i
		cfg.OnResult = func(r Result) { runs[i] = append(runs[i], r.ID+":"+string(r.Outcome)) }
		var docs []source.Item
		for j := range 20 {
			docs = append(docs, textItem(fmt.Sprintf("%d.txt", j), genText(uint64(j%15), 120)))
		}
		if _, err := Run(context.Background(), items(docs...), cfg); err != nil {
			t.Fatal(err)
		}
		cfg.Store.Close()
	}
	if strings.Join(runs[0], ",") != strings.Join(runs[1], ",") {
		t.Fatalf("two runs differ:\n%v\n%v", runs[0], runs[1])
	}
}

// TestVerbatimCopiesWithoutURL: two outlets running a wire story word for
// word, with no URL to tell them apart, are an original and a copy, and
// reading both again skips both.
func TestVerbatimCopiesWithoutURL(t *testing.T) {
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	outletItem := func(origin, outlet string) source.Item {
		it := textItem(origin, wire)
		it.Doc.Meta.Outlet = outlet
		return it
	}
	in := func() iter.Seq[source.Item] {
		return items(outletItem("wire.txt", "Wire"), outletItem("courier.txt", "Courier"), outletItem("wire-again.txt", "wire"))
	}
	sum, err := Run(context.Background(), in(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Copies != 1 || sum.Duplicates != 1 || sum.Failed != 0 {
		t.Fatalf("first run %+v (failures %v), want 1 added, 1 copy, 1 duplicate", sum, sum.Failures)
	}
	sum, err = Run(context.Background(), in(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Duplicates != 3 || sum.Failed != 0 {
		t.Fatalf("second run %+v (failures %v), want 3 duplicates", sum, sum.Failures)
	}
}

// An interrupted run still gives the articles it committed their stories:
// none is left in the store without one.
func TestInterruptedRunAssignsCommitted(t *testing.T) {
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	cfg.Cluster = cluster.New(cluster.Default())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	committed := 0
	cfg.OnResult = func(r Result) {
		if committed++; committed == 6 {
			cancel() // two batches of three are in
		}
	}
	in := func(yield func(source.Item) bool) {
		for i := range 1000 {
			if !yield(textItem(fmt.Sprintf("a%d.txt", i), genText(uint64(i+1), 120))) {
				return
			}
		}
	}
	if _, err := Run(ctx, in, cfg); !errors.Is(err, context.Canceled) {
		t.Fatalf("want the run cancelled, got %v", err)
	}
	arts, err := cfg.Store.Articles(context.Background(), store.Filter{})
	if err != nil || len(arts) < 6 {
		t.Fatalf("stored %d articles (%v), want at least the 6 committed", len(arts), err)
	}
	assigned := map[string]bool{}
	err = cfg.Store.EachAssignedArticle(context.Background(), 0, func(a store.Assignment, art model.Article, _ model.Annotations) error {
		assigned[art.ID] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if !assigned[a.ID] {
			t.Errorf("article %s (%s) was stored without a story", a.ID, a.Origin)
		}
	}
}

// The same text under two names of one outlet (its site name and its
// domain) is a duplicate; under another outlet it is a verbatim copy.
func TestDuplicateByOutletIdentity(t *testing.T) {
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	under := func(origin, outlet string) source.Item {
		it := textItem(origin, wire)
		it.Doc.Meta.Outlet = outlet
		return it
	}
	sum, err := Run(context.Background(), items(under("a.txt", "Harbour Times"), under("b.txt", "harbour-times.example"), under("c.txt", "Coast Wire")), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Duplicates != 1 || sum.Copies != 1 {
		t.Fatalf("summary = %+v, want 1 added, 1 duplicate (one outlet), 1 copy (another outlet)", sum)
	}
}

// An undated copy of an article with a stated date takes its dates from
// next to the original's: "Thursday, 7 March" is 2019 (the original's
// year), not the latest year that day was a Thursday.
func TestCopyRedatedFromItsOriginal(t *testing.T) {
	m, err := ner.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	cfg.Analyze = analyze.New(m).Analyze
	var ids []string
	cfg.OnResult = func(r Result) { ids = append(ids, r.ID) }
	body := "The ministers met on Thursday, 7 March, in Ostrel.\n\n" + wire
	in := items(textItem("original.txt", "March 8, 2019\n\n"+body), textItem("copy.txt", "Editor's note: from the wire.\n\n"+body))
	sum, err := Run(context.Background(), in, cfg)
	if err != nil || sum.Copies != 1 {
		t.Fatalf("summary %+v (%v), want one copy", sum, err)
	}
	ctx := context.Background()
	a, err := cfg.Store.Article(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	ann, ok, err := cfg.Store.Annotations(ctx, ids[1])
	if err != nil || !ok {
		t.Fatalf("annotations of the copy: %v %v", ok, err)
	}
	if a.Published.Source != model.FromInferred || a.Published.Time.Format("2006-01-02") != "2019-03-07" ||
		ann.Published == nil || ann.Published.Confidence < 0.5 {
		t.Errorf("copy published %+v, inferred %+v: want 2019-03-07, trusted", a.Published, ann.Published)
	}
	for _, r := range ann.Times {
		if r.Text == "Thursday, 7 March" && r.Value != "2019-03-07" {
			t.Errorf("%q resolved to %s, want 2019-03-07", r.Text, r.Value)
		}
	}
}

// An article whose year was only a weekday's guess is dated again once
// its story is settled, next to the story's stated publication dates.
func TestRedatedFromItsStory(t *testing.T) {
	m, err := ner.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	cfg.Analyze = analyze.New(m).Analyze
	cfg.Cluster = cluster.New(cluster.Default())
	var res []Result
	cfg.OnResult = func(r Result) { res = append(res, r) }
	paras := strings.Split(wire, "\n\n")
	report := func(i int) string { return strings.Join(paras[i:i+2], "\n\n") }
	in := items(
		textItem("a.txt", "March 8, 2019\n\nOfficials meet over plan 42\n\n"+report(0)),
		textItem("b.txt", "March 9, 2019\n\nOfficials meet over plan 42\n\n"+report(1)),
		textItem("c.txt", "Officials meet over plan 42\n\nThe ministers met on Thursday, 7 March, in Ostrel.\n\n"+report(2)),
	)
	sum, err := Run(context.Background(), in, cfg)
	if err != nil || sum.Added != 3 {
		t.Fatalf("summary %+v (%v), want 3 added", sum, err)
	}
	// Every stage this run went through says how long it took.
	for _, st := range sum.Stages.List() {
		if st.Took <= 0 && st.Name != "writer-idle" {
			t.Errorf("stage %s took %v", st.Name, st.Took)
		}
	}
	ctx := context.Background()
	story := map[string]int64{}
	for _, r := range res {
		as, ok, err := cfg.Store.AssignmentOf(ctx, r.ID)
		if err != nil || !ok {
			t.Fatalf("%s has no story (%v)", r.Origin, err)
		}
		story[r.Origin] = as.Story
	}
	if story["a.txt"] != story["c.txt"] || story["b.txt"] != story["c.txt"] {
		t.Fatalf("the three reports are not one story: %v", story)
	}
	c, err := cfg.Store.Article(ctx, res[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	ann, _, err := cfg.Store.Annotations(ctx, res[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Published.Time.Format("2006-01-02") != "2019-03-07" || ann.Published == nil || ann.Published.Confidence != storyYear {
		t.Errorf("c.txt published %+v, inferred %+v: want 2019-03-07 from its story", c.Published, ann.Published)
	}
}

// Headlines recur: a column's weekly headline and two outlets' "Morning
// briefing" are separate items, while the same item read twice is one.
func TestRecurringHeadlinesAreSeparateItems(t *testing.T) {
	cfg := newTestConfig(t, filepath.Join(t.TempDir(), "s.db"))
	defer cfg.Store.Close()
	headline := func(origin, title, outlet, published string) source.Item {
		return source.Item{Origin: origin, Doc: model.RawDocument{Origin: origin, Format: model.FormatText,
			Meta: model.Metadata{Title: title, Outlet: outlet, Published: published, PublishedSource: model.FromFeed}}}
	}
	in := items(
		headline("f.rss#1", "Letters to the editor: ferry fares and the new bridge", "Harbour Times", "2024-03-04T08:00:00Z"),
		headline("f.rss#2", "Letters to the editor: ferry fares and the new bridge", "Harbour Times", "2024-03-11T08:00:00Z"),
		headline("g.rss#1", "Morning briefing: what you need to know today", "Harbour Times", "2024-03-12T06:00:00Z"),
		headline("h.rss#1", "Morning briefing: what you need to know today", "Coast Wire", "2024-03-12T06:00:00Z"),
		headline("f.rss#1-again", "Letters to the editor: ferry fares and the new bridge", "Harbour Times", "2024-03-04T08:00:00Z"),
	)
	sum, err := Run(context.Background(), in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 4 || sum.Duplicates != 1 || sum.Copies != 0 || sum.Failed != 0 {
		t.Fatalf("summary = %+v, want 4 added and the item read twice a duplicate", sum)
	}
}
