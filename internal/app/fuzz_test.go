package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/source"
)

// fuzzExts are the names a fuzzed body is ingested under, so each reader
// of internal/source gets it; "" leaves the kind to sniffing.
var fuzzExts = []string{".txt", ".html", ".json", ".jsonl", ".xml", ".opml", ""}

// fuzzTimeLimit bounds one input's ingest. The inputs are small; one that
// takes this long has found a loop or a quadratic path.
const fuzzTimeLimit = 30 * time.Second

// FuzzIngest feeds bytes through the whole ingest path (source, extract,
// analyze, copies, store, cluster) into a new store and checks that each
// input ends, in bounded time and without a panic, as stored articles that
// read back or as errors that name the input. The seeds (real pages,
// feeds, JSON and broken bytes) run in every go test; go test -fuzz
// FuzzIngest mutates them.
func FuzzIngest(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed.ext, seed.body)
	}
	f.Fuzz(func(t *testing.T, ext uint8, body []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "input"+fuzzExts[int(ext)%len(fuzzExts)])
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), fuzzTimeLimit)
		defer cancel()
		sw, err := Open(ctx, filepath.Join(dir, "s.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer sw.Close()

		var results []IngestResult
		// No fetcher: a URL in the input fails as an item, it is never
		// fetched.
		items := source.Read(ctx, []string{path}, source.Options{})
		start := time.Now()
		_, err = sw.IngestItems(ctx, items, IngestOptions{Workers: 1, Progress: func(r IngestResult) { results = append(results, r) }})
		if took := time.Since(start); err != nil {
			if ctx.Err() != nil {
				t.Fatalf("ingest of %d bytes as %s did not end within %s", len(body), filepath.Base(path), took.Round(time.Second))
			}
			t.Fatalf("the run stopped: %v", err)
		}
		for _, r := range results {
			switch r.Outcome {
			case pipeline.Failed:
				// The summary prints the error alone: it must name the item.
				if r.Err == nil || r.Origin == "" || !strings.Contains(r.Err.Error(), r.Origin) {
					t.Errorf("failure of %q without an error naming it: %v", r.Origin, r.Err)
				}
			case pipeline.Added, pipeline.Copy:
				a, err := sw.Article(ctx, r.ID)
				if err != nil {
					t.Fatalf("article %s reported stored: %v", r.ID, err)
				}
				if a.Title == "" && a.Text == "" {
					t.Errorf("article %s stored empty", r.ID)
				}
				if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Text) || !utf8.ValidString(a.Outlet) {
					t.Errorf("article %s stored invalid UTF-8", r.ID)
				}
			}
		}
	})
}

type fuzzSeed struct {
	ext  uint8
	body []byte
}

// fuzzSeeds are a few pages, feeds and exports of the demo corpus, two
// pages of the extraction benchmark when the shared data is there, and
// small hostile inputs.
func fuzzSeeds(f *testing.F) []fuzzSeed {
	ext := func(name string) uint8 {
		for i, e := range fuzzExts {
			if e != "" && strings.HasSuffix(name, e) {
				return uint8(i)
			}
		}
		return uint8(len(fuzzExts) - 1)
	}
	var seeds []fuzzSeed
	demo := filepath.Join("..", "..", "testdata", "demo", "corpus")
	for _, name := range []string{
		"html/klaxon-bridge.html", "txt/courier-fr-bridge-cp1252.txt", "txt/state-herald-fishermen-cp1251.txt",
		"feeds/wire.rss", "feeds/vbc.atom",
	} {
		body, err := os.ReadFile(filepath.Join(demo, name))
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, fuzzSeed{ext(name), body})
	}
	// The export is long: its first records are enough.
	if body, err := os.ReadFile(filepath.Join(demo, "export.jsonl")); err == nil {
		lines := bytes.SplitAfter(body, []byte("\n"))
		seeds = append(seeds, fuzzSeed{ext(".jsonl"), bytes.Join(lines[:min(3, len(lines))], nil)})
	}
	pages, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "extraction", "html", "*.html.gz"))
	for _, p := range pages[:min(2, len(pages))] {
		if body, err := gunzip(p); err == nil {
			// A page's head and first paragraphs: whole pages make each
			// mutation slow to run under the fuzzer's instrumentation.
			seeds = append(seeds, fuzzSeed{ext(".html"), body[:min(len(body), 24<<10)]})
		}
	}
	for _, s := range []struct{ ext, body string }{
		{".json", `[{"title":"Port reopens","text":"The port reopened on Tuesday after a strike.","published":"2024-03-05","outlet":"Wire"},{"title":""}]`},
		{".opml", `<opml version="2.0"><body><outline text="Me" xmlUrl="input.opml"/><outline text="Web" xmlUrl="https://example.com/feed"/></body></opml>`},
		{".txt", "Caf\xc3\xa9 reopens\n\nThe caf\xc3\xa9 reopened \x93today\x94 after a fire.\x1b]0;t\x07"},
		{".html", "<html><body>" + strings.Repeat("<div>", 600) + "<p>Deep text of the page.</p></body></html>"},
		{"", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
	} {
		seeds = append(seeds, fuzzSeed{ext(s.ext), []byte(s.body)})
	}
	return seeds
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}
