package storywire_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire"
	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/eval/coref"
	"github.com/storywire/storywire/internal/extract"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/sqlite"
)

type truthArticle struct {
	Origin               string `json:"origin"`
	Outlet               string `json:"outlet"`
	Title                string `json:"title"`
	Event                string `json:"event"`
	URL                  string `json:"url"`
	Published            string `json:"published"`
	PublishedReliability string `json:"published_reliability"`
	PublishedSource      string `json:"published_source"`
	CopyOf               string `json:"copy_of"`
	Language             string `json:"language"`
}

// ingestDemo ingests the embedded demo corpus into a fresh store and
// returns the stored articles by origin relative to the corpus root.
func ingestDemo(t *testing.T) (map[string]model.Article, pipeline.Summary) {
	byOrigin, sum, _ := ingestDemoStore(t)
	return byOrigin, sum
}

// ingestDemoStore is ingestDemo that also returns the store.
func ingestDemoStore(t *testing.T) (map[string]model.Article, pipeline.Summary, store.Store) {
	t.Helper()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	err := fs.WalkDir(storywire.DemoCorpus(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(corpus, p)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(storywire.DemoCorpus(), p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ex, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sk, err := copies.NewSketcher(copies.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	m, err := ner.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := pipeline.Run(ctx, source.Read(ctx, []string{corpus}, source.Options{}),
		pipeline.Config{Extractor: ex, Sketcher: sk, Store: st, Analyze: analyze.New(m).Analyze})
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.Articles(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	byOrigin := map[string]model.Article{}
	for _, a := range list {
		rel, err := filepath.Rel(corpus, a.Origin)
		if err != nil {
			t.Fatal(err)
		}
		byOrigin[filepath.ToSlash(rel)] = a
	}
	return byOrigin, sum, st
}

// TestDemoEntities scores entity resolution on the demo corpus against its
// hand-written gold (testdata/demo/entities.json). docs/quality.md keeps
// the number; this test guards it against regressions.
func TestDemoEntities(t *testing.T) {
	got, _, st := ingestDemoStore(t)
	gold, err := coref.ReadGold("testdata/demo/entities.json")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	analysed := map[string]coref.Analysed{}
	for origin, a := range got {
		ann, ok, err := st.Annotations(ctx, a.ID)
		if err != nil || !ok {
			t.Fatalf("%s: annotations %v %v", origin, ok, err)
		}
		analysed[origin] = coref.Analysed{Text: a.Text, Annotations: ann}
	}
	res := coref.Score(gold, analysed)
	t.Logf("B-cubed P %.3f R %.3f F1 %.3f over %d gold mentions (%d found); splits %v; merges %v",
		res.Precision, res.Recall, res.F1, res.GoldMentions, res.Detected, res.Splits, res.Merges)
	if len(res.MissingArticles) > 0 {
		t.Errorf("articles not analysed: %v", res.MissingArticles)
	}
	if res.F1 < 0.91 || res.Precision < 0.95 {
		t.Errorf("B-cubed F1 %.3f, precision %.3f: below the 0.91 / 0.95 guarded (0.924 / 0.964 measured) when this test was written", res.F1, res.Precision)
	}
	// The spellings of the foreign minister are one entity.
	list, err := st.Entities(ctx, store.EntityFilter{Query: "Varen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || len(list[0].Aliases) < 3 {
		t.Errorf("Dmitri / Dmitry Varenko / Varenco: %+v", list)
	}
}

func readTruth(t *testing.T) []truthArticle {
	t.Helper()
	b, err := os.ReadFile("testdata/demo/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Articles []truthArticle `json:"articles"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	return truth.Articles
}

// TestDemoCorpusGroundTruth checks ingestion of the demo corpus against its
// hand-written ground truth: every article stored once, with its title,
// canonical URL, publication time (value, reliability and source),
// language, outlet and copy link.
func TestDemoCorpusGroundTruth(t *testing.T) {
	got, sum := ingestDemo(t)
	truth := readTruth(t)
	if sum.Failed != 0 {
		t.Errorf("failures: %v", sum.Failures)
	}
	if len(got) != len(truth) {
		t.Errorf("stored %d articles, truth has %d (summary %+v)", len(got), len(truth), sum)
	}
	idOf := map[string]string{}
	for origin, a := range got {
		idOf[origin] = a.ID
	}
	for _, tr := range truth {
		a, ok := got[tr.Origin]
		if !ok {
			t.Errorf("%s: not stored", tr.Origin)
			continue
		}
		check := func(field, got, want string) {
			if got != want {
				t.Errorf("%s: %s = %q, want %q", tr.Origin, field, got, want)
			}
		}
		check("title", a.Title, tr.Title)
		check("url", a.URL, tr.URL)
		check("language", a.Language, tr.Language)
		if a.Published.Source == model.FromInferred {
			// Inferred from the text (TestDemoInferredDates checks it);
			// the truth records only what the article states.
			a.Published = model.Published{}
		}
		check("published_reliability", string(reliability(a.Published)), tr.PublishedReliability)
		check("published_source", string(a.Published.Source), tr.PublishedSource)
		if tr.Published != "" {
			want := parseTruthTime(t, tr.Published)
			if !a.Published.Time.Equal(want) {
				t.Errorf("%s: published = %v, want %v", tr.Origin, a.Published.Time, want)
			}
		}
		// The outlet is checked where the article names it; otherwise
		// Storywire falls back to the URL's host or leaves it empty.
		if a.Outlet != "" && !strings.Contains(a.Outlet, ".") {
			check("outlet", a.Outlet, tr.Outlet)
		}
		wantCopy := ""
		if tr.CopyOf != "" {
			wantCopy = idOf[tr.CopyOf]
		}
		check("copy_of", a.CopyOf, wantCopy)
	}
}

func reliability(p model.Published) model.Reliability {
	if !p.Known() {
		return model.Unknown
	}
	return p.Reliability
}

func parseTruthTime(t *testing.T, s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			return v.UTC()
		}
	}
	t.Fatalf("truth time %q: unknown form", s)
	return time.Time{}
}

// TestDemoInferredDates checks the publication dates inferred for the demo
// articles that state none against the dates of the events they report
// (truth.json): a report comes out on the day of its event or the day
// after. Articles whose text gives no usable date stay unknown.
func TestDemoInferredDates(t *testing.T) {
	got, _ := ingestDemo(t)
	b, err := os.ReadFile("testdata/demo/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Events []struct {
			ID   string `json:"id"`
			Date string `json:"date"`
		} `json:"events"`
		Articles []truthArticle `json:"articles"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	eventDate := map[string]string{}
	for _, e := range truth.Events {
		eventDate[e.ID] = e.Date
	}
	inferred := 0
	for _, tr := range truth.Articles {
		a := got[tr.Origin]
		if tr.Published != "" || a.Published.Source != model.FromInferred {
			continue
		}
		inferred++
		ev, _ := time.Parse("2006-01-02", eventDate[tr.Event])
		d := a.Published.Time
		if d.Before(ev) || d.After(ev.AddDate(0, 0, 1)) {
			t.Errorf("%s: inferred %s, but it reports %s of %s", tr.Origin, d.Format("2006-01-02"), tr.Event, eventDate[tr.Event])
		}
	}
	t.Logf("%d undated articles given an inferred date", inferred)
	// Of the five undated articles only the rate rise names its date in
	// its text ("July 25", a Thursday, "on Thursday"); the mine collapse's
	// date is in a photo caption, which cleanup removes.
	if inferred < 1 {
		t.Error("the rate-rise article's date was not inferred")
	}
}
