package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/server"
	"github.com/storywire/storywire/internal/server/servertest"
)

// benchArticles is the size of the generated store; the goal is
// stated for 100,000 (set STORYWIRE_BENCH_ARTICLES to measure it).
const benchArticles = 10_000

// BenchmarkAPIStories measures GET /api/v1/stories (the first page) and
// GET /api/v1/stories/{id} (a story drawn uniformly, or mostly recent
// ones) on a generated store, with 64 clients at once: p50 and p99
// latency in milliseconds and requests per second, as the issue asks.
func BenchmarkAPIStories(b *testing.B) {
	n := benchArticles
	if v := os.Getenv("STORYWIRE_BENCH_ARTICLES"); v != "" {
		fmt.Sscan(v, &n)
	}
	ctx := context.Background()
	sw := benchStore(b, n)
	defer sw.Close()
	list, err := sw.Stories(ctx, app.StoriesOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.Summary.ID
	}
	b.Logf("%d articles in %d stories", n, len(ids))
	s, err := server.New(sw, server.Options{Logger: servertest.Quiet()})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Load(ctx); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	for _, c := range []struct {
		name string
		path func(r *rand.Rand) string
	}{
		{"list", func(*rand.Rand) string { return "/api/v1/stories" }},
		{"list-full", func(*rand.Rand) string { return "/api/v1/stories?view=full" }},
		{"story", func(r *rand.Rand) string { return fmt.Sprintf("/api/v1/stories/%d", ids[r.IntN(len(ids))]) }},
		// Readers read the news: most requests are for recent stories. A
		// Zipf law over the stories, newest first (ids is in that order).
		{"story-recent", func(r *rand.Rand) string {
			z := rand.NewZipf(r, 1.1, 1, uint64(len(ids)-1))
			return fmt.Sprintf("/api/v1/stories/%d", ids[z.Uint64()])
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			const clients = 64
			lat := make([][]time.Duration, clients)
			var next atomic.Int64
			var wg sync.WaitGroup
			// Each client connects first (a request for /healthz), as a
			// load generator opens its connections before it measures:
			// 64 connections accepted at once are not what is measured.
			var connected, start sync.WaitGroup
			connected.Add(clients)
			start.Add(1)
			for w := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := rand.New(rand.NewPCG(uint64(w), 1))
					resp, err := client.Get(ts.URL + "/healthz")
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
					connected.Done()
					start.Wait()
					for next.Add(1) <= int64(b.N) {
						start := time.Now()
						resp, err := client.Get(ts.URL + c.path(r))
						if err != nil {
							b.Error(err)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							b.Errorf("%s: %d", c.path(r), resp.StatusCode)
							return
						}
						lat[w] = append(lat[w], time.Since(start))
					}
				}()
			}
			connected.Wait()
			b.ResetTimer()
			start.Done()
			wg.Wait()
			b.StopTimer()
			all := slices.Concat(lat...)
			slices.Sort(all)
			if len(all) == 0 {
				return
			}
			ms := func(q float64) float64 {
				return float64(all[min(len(all)-1, int(q*float64(len(all))))].Microseconds()) / 1000
			}
			b.ReportMetric(ms(0.50), "p50-ms")
			b.ReportMetric(ms(0.99), "p99-ms")
			b.ReportMetric(float64(len(all))/b.Elapsed().Seconds(), "req/s")
		})
	}
}

// benchStore opens a store of n generated articles. It is built in a
// temporary directory, or kept at STORYWIRE_BENCH_DB and reused by the
// next run with the same n: a 100,000-article store takes minutes to
// build.
func benchStore(b *testing.B, n int) *app.App {
	ctx := context.Background()
	path := os.Getenv("STORYWIRE_BENCH_DB")
	if path != "" {
		path = fmt.Sprintf("%s.%d", path, n)
		if _, err := os.Stat(path); err == nil {
			sw, err := app.OpenExisting(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			return sw
		}
	} else {
		path = filepath.Join(b.TempDir(), "sw.db")
	}
	corpus := filepath.Join(b.TempDir(), "corpus.jsonl")
	if err := writeNews(corpus, n); err != nil {
		b.Fatal(err)
	}
	// Built beside and renamed when whole, so an interrupted build is
	// not reused.
	building := path + ".building"
	os.Remove(building)
	sw, err := app.Open(ctx, building)
	if err != nil {
		b.Fatal(err)
	}
	sum, err := sw.Ingest(ctx, []string{corpus}, app.IngestOptions{MaxSize: 1 << 30})
	if cerr := sw.Close(); err == nil {
		err = cerr
	}
	if err != nil || sum.Failed > 0 {
		b.Fatalf("ingest: %v, %+v", err, sum)
	}
	if err := os.Rename(building, path); err != nil {
		b.Fatal(err)
	}
	sw, err = app.OpenExisting(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	return sw
}

// writeNews writes n generated articles as JSON Lines: events of four to
// eight articles from different outlets, each event with its own words,
// person and place, published over two years.
func writeNews(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := rand.New(rand.NewPCG(19, 19))
	syl := []string{"ka", "lo", "mer", "dan", "vi", "sto", "rel", "an", "to", "bre", "gal", "os", "tin", "ur", "pe", "zan"}
	word := func() string {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		return b.String()
	}
	title := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	outlets := []string{"Meridian Wire", "Harbour Times", "Kostrava Courier", "State Herald", "VBC News", "Klaxon", "Daily Arvena", "Port Gazette"}
	common := strings.Fields("the said on that officials minister government city council police report people week talks plan new year after before")
	enc := json.NewEncoder(f)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for written := 0; written < n; {
		words := make([]string, 12)
		for i := range words {
			words[i] = word()
		}
		person := title(word()) + " " + title(word())
		place := title(word())
		day := start.Add(time.Duration(r.IntN(730*24)) * time.Hour)
		for k := range 4 + r.IntN(5) {
			if written == n {
				break
			}
			var text strings.Builder
			for range 8 {
				fmt.Fprintf(&text, "%s %s %s %s in %s, %s %s %s %s. ", person, common[r.IntN(len(common))], words[r.IntN(12)],
					words[r.IntN(12)], place, common[r.IntN(len(common))], words[r.IntN(12)], common[r.IntN(len(common))], words[r.IntN(12)])
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

// BenchmarkAPIIngest measures ingest through POST /api/v1/articles into a
// fresh store: the generated articles of BenchmarkAPIStories (2,000 per
// op), posted as JSON Lines in bodies of 100 by 4 clients at once, with
// analysis and clustering; articles/s.
func BenchmarkAPIIngest(b *testing.B) {
	const (
		perOp   = 2000
		perBody = 100
		clients = 4
	)
	dir := b.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	if err := writeNews(corpus, perOp*b.N); err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(corpus)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSpace(string(raw)), "\n")
	var bodies []string
	for i := 0; i < len(lines); i += perBody {
		bodies = append(bodies, strings.Join(lines[i:min(i+perBody, len(lines))], ""))
	}
	sw, err := app.Open(context.Background(), filepath.Join(dir, "sw.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer sw.Close()
	ts := servertest.Serve(b, sw, server.Options{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	var next atomic.Int64
	var added atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range clients {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(bodies)); i = next.Add(1) - 1 {
				resp, err := client.Post(ts.URL+"/api/v1/articles", "application/x-ndjson", strings.NewReader(bodies[i]))
				if err != nil {
					b.Error(err)
					return
				}
				var sum struct{ Added, Copies, Failed int }
				err = json.NewDecoder(resp.Body).Decode(&sum)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || sum.Failed > 0 {
					b.Errorf("body %d: %d %+v %v", i, resp.StatusCode, sum, err)
					return
				}
				added.Add(int64(sum.Added + sum.Copies))
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if got := added.Load(); got != int64(len(lines)) {
		b.Errorf("%d of %d articles stored", got, len(lines))
	}
	b.ReportMetric(float64(len(lines))/b.Elapsed().Seconds(), "articles/s")
}
