package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/server"
	"github.com/storywire/storywire/internal/server/servertest"
	"github.com/storywire/storywire/internal/store"
)

// benchArticles is the size of the generated store; the goal is
// stated for 100,000 (set STORYWIRE_BENCH_ARTICLES to measure it).
const benchArticles = 10_000

// BenchmarkPages measures the server's time to make each page (the
// handler, called in the process: no network) on a generated store, one
// request at a time: p50 and p99 in milliseconds, and the page's weight
// (its HTML, mean and largest, in KB).
//
//   - stories: the stories page, first page of 20;
//   - stories-older: the second page (a cursor);
//   - story: a random story's page, mostly seen for the first time
//     (its comparison made);
//   - story-again: one of 20 stories, seen again and again;
//   - article: a random article's page, annotated.
func BenchmarkPages(b *testing.B) {
	n := benchArticles
	if v := os.Getenv("STORYWIRE_BENCH_ARTICLES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			b.Fatalf("STORYWIRE_BENCH_ARTICLES=%q: give a number of articles, 100 or more", v)
		}
	}
	ctx := context.Background()
	dir := b.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	if err := writeCoverage(corpus, n); err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(ctx, filepath.Join(dir, "sw.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	start := time.Now()
	if sum, err := a.Ingest(ctx, []string{corpus}, app.IngestOptions{MaxSize: 1 << 30}); err != nil || sum.Failed > 0 {
		b.Fatalf("ingest: %v, %+v", err, sum)
	}
	list, err := a.Stories(ctx, app.StoriesOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.Summary.ID
	}
	arts, err := a.Articles(ctx, store.Filter{Limit: 2000})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d articles in %d stories, ingested in %v", n, len(ids), time.Since(start).Round(time.Second))
	s, err := server.New(a, server.Options{Logger: servertest.Quiet()})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Load(ctx); err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	// The second page's address, as the first page links it.
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/", nil))
	older := between(first.Body.String(), `<a href="/?`, `" rel="next">`)
	if older == "" {
		b.Fatal("the stories page links no older page")
	}
	older = "/?" + strings.ReplaceAll(older, "&amp;", "&")

	for _, c := range []struct {
		name string
		path func(r *rand.Rand) string
	}{
		{"stories", func(*rand.Rand) string { return "/" }},
		{"stories-older", func(*rand.Rand) string { return older }},
		{"story", func(r *rand.Rand) string { return fmt.Sprintf("/stories/%d", ids[r.IntN(len(ids))]) }},
		{"story-again", func(r *rand.Rand) string { return fmt.Sprintf("/stories/%d", ids[r.IntN(min(20, len(ids)))]) }},
		{"article", func(r *rand.Rand) string { return "/articles/" + arts[r.IntN(len(arts))].ID }},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(20, 20))
			lat := make([]time.Duration, 0, b.N)
			var total, largest int
			b.ResetTimer()
			for range b.N {
				req := httptest.NewRequest(http.MethodGet, c.path(r), nil)
				rec := httptest.NewRecorder()
				t0 := time.Now()
				h.ServeHTTP(rec, req)
				lat = append(lat, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", req.URL, rec.Code)
				}
				total += rec.Body.Len()
				largest = max(largest, rec.Body.Len())
			}
			b.StopTimer()
			slices.Sort(lat)
			ms := func(q float64) float64 {
				return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(ms(0.50), "p50-ms")
			b.ReportMetric(ms(0.99), "p99-ms")
			b.ReportMetric(float64(total)/float64(b.N)/1024, "KB/page")
			b.ReportMetric(float64(largest)/1024, "max-KB")
		})
	}
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

// writeCoverage writes n generated articles as JSON Lines: events of
// three to eight reports from different outlets, each with its own
// words, people and place, a quote and a figure each outlet words its
// own way, published over two years, so each story has something to
// compare.
func writeCoverage(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := rand.New(rand.NewPCG(20, 20))
	syl := []string{"ka", "lo", "mer", "dan", "vi", "sto", "rel", "an", "to", "bre", "gal", "os", "tin", "ur", "pe", "zan"}
	word := func() string {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		return b.String()
	}
	upper := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	outlets := []string{"Meridian Wire", "Harbour Times", "Kostrava Courier", "State Herald", "VBC News", "Daily Klaxon", "Ledger Business", "Port Gazette"}
	verbs := []string{"said", "told reporters", "warned", "insisted"}
	figures := []func(int) string{
		func(k int) string { return strconv.Itoa(k) },
		func(k int) string { return "more than " + strconv.Itoa(k-k%10) },
		func(k int) string { return "nearly " + strconv.Itoa(k+10-k%10) },
		func(k int) string { return "about " + strconv.Itoa(k) },
	}
	enc := json.NewEncoder(f)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for written := 0; written < n; {
		words := make([]string, 10)
		for i := range words {
			words[i] = word()
		}
		person := upper(word()) + " " + upper(word())
		place := upper(word())
		count := 12 + r.IntN(80)
		quote := fmt.Sprintf("We will %s the %s before the %s", words[2], words[3], words[4])
		day := start.Add(time.Duration(r.IntN(730*24)) * time.Hour)
		for k := range 3 + r.IntN(6) {
			if written == n {
				break
			}
			var text strings.Builder
			fmt.Fprintf(&text, "%s officials in %s %s %s %s %s on Monday, affecting %s %s. ", upper(words[0]), place, words[1], words[5], words[6],
				words[7], figures[k%len(figures)](count), words[8])
			fmt.Fprintf(&text, "\"%s,\" %s %s. ", quote, person, verbs[k%len(verbs)])
			for range 4 {
				fmt.Fprintf(&text, "The %s of %s %s the %s in %s, %s %s. ", words[r.IntN(10)], words[r.IntN(10)], words[r.IntN(10)],
					words[r.IntN(10)], place, person, verbs[r.IntN(len(verbs))])
			}
			err := enc.Encode(map[string]string{
				"title":     fmt.Sprintf("%s %s %s in %s", person, words[0], words[1+r.IntN(3)], place),
				"outlet":    outlets[k%len(outlets)],
				"url":       fmt.Sprintf("https://news%d.example/%d", k, written),
				"published": day.Add(time.Duration(r.IntN(36)) * time.Hour).Format(time.RFC3339),
				"text":      text.String(),
			})
			if err != nil {
				return err
			}
			written++
		}
	}
	return f.Close()
}
