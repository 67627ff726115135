package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/source"
)

// words is the vocabulary generated articles are drawn from: news-like, so
// cleanup and language identification do realistic work.
var words = strings.Fields(`the minister said on tuesday that talks with the
neighbouring government would resume next month after officials from both
sides met in the capital to discuss trade sanctions border crossings and the
release of detained sailors a spokesman for the ministry told reporters the
delegation expected progress while opposition leaders accused the cabinet of
hiding the cost of the agreement from parliament analysts warned that prices
of grain and fuel could rise again if the port strike continued into the
winter and the central bank kept interest rates unchanged at its meeting`)

// genText returns a deterministic article of about n words in paragraphs.
func genText(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, seed*7919+1))
	var b strings.Builder
	fmt.Fprintf(&b, "Officials meet over plan %d\n\n", seed)
	for i := 1; i <= n; i++ {
		w := words[r.IntN(len(words))]
		if i%15 == 1 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		switch {
		case i%60 == 0:
			b.WriteString(".\n\n")
		case i%15 == 0:
			b.WriteString(". ")
		default:
			b.WriteByte(' ')
		}
	}
	b.WriteString(".\n")
	return b.String()
}

func genHTML(seed uint64, n int) string {
	text := genText(seed, n)
	paras := strings.Split(strings.TrimSpace(text), "\n\n")
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><title>%s | The Daily Bench</title>
<meta property="og:site_name" content="The Daily Bench">
<meta property="article:published_time" content="2024-03-%02dT09:30:00+02:00">
<link rel="canonical" href="https://bench.example/news/%d"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="share">Share on Facebook Share on X</div><article><h1>%s</h1><p class="byline">By Jane Roe</p>`,
		paras[0], seed%28+1, seed, paras[0])
	for _, p := range paras[1:] {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString(`</article><aside><h2>Related stories</h2><ul><li><a href="/a">Other news</a></li></ul></aside>
<footer>Cookies help us deliver our services. Copyright The Daily Bench.</footer></body></html>`)
	return b.String()
}

// writeCorpus writes n generated articles into dir, returning the number of
// bytes written.
func writeCorpus(tb testing.TB, dir string, n int, html bool) int64 {
	tb.Helper()
	var total int64
	for i := range n {
		var body, name string
		if html {
			body, name = genHTML(uint64(i), 350), fmt.Sprintf("a%06d.html", i)
		} else {
			body, name = genText(uint64(i), 350), fmt.Sprintf("a%06d.txt", i)
		}
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(len(body))
	}
	return total
}

// benchIngest ingests a corpus of n files into a fresh store per iteration
// and reports articles per second. watch, when not nil, is called before
// each run and returns the run's OnResult hook and a function reporting
// what it saw once the run is done (outside the timer).
func benchIngest(b *testing.B, n int, html bool, watch func() (func(Result), func())) {
	benchIngestWith(b, n, html, watch, nil)
}

// benchIngestWith is benchIngest with an analysis stage (nil: none).
func benchIngestWith(b *testing.B, n int, html bool, watch func() (func(Result), func()), analyze func(string, model.Published) model.Annotations) {
	dir := b.TempDir()
	b.SetBytes(writeCorpus(b, dir, n, html))
	// One extractor for all iterations, as one ingest command has: its
	// language models load once, lazily (the first iteration pays it).
	warm := newTestConfig(b, filepath.Join(b.TempDir(), "warm.db"))
	warm.Store.Close()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		cfg := newTestConfig(b, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		cfg.Extractor, cfg.BatchSize, cfg.Analyze = warm.Extractor, batchSize(), analyze
		report := func() {}
		if watch != nil {
			cfg.OnResult, report = watch()
		}
		b.StartTimer()
		sum, err := Run(context.Background(), source.Read(context.Background(), []string{dir}, source.Options{}), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Added+sum.Copies != n {
			b.Fatalf("stored %d of %d: %+v", sum.Added+sum.Copies, n, sum.Failures)
		}
		b.StopTimer()
		cfg.Store.Close()
		report()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

func BenchmarkIngestText(b *testing.B) { benchIngest(b, 2000, false, nil) }
func BenchmarkIngestHTML(b *testing.B) { benchIngest(b, 1000, true, nil) }

// BenchmarkIngestTextAnalyzed is BenchmarkIngestText with the analysis
// stage on: tagging on the workers, entity resolution and annotation
// storage in the writer. Story clustering, which `storywire ingest` also
// runs, is left out; internal/cluster measures it on its own.
func BenchmarkIngestTextAnalyzed(b *testing.B) {
	m, err := ner.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	benchIngestWith(b, 2000, false, nil, analyze.New(m).Analyze)
}

// BenchmarkIngest100k ingests 100,000 generated plain-text articles once;
// run it alone (-bench Ingest100k -benchtime 1x) to read peak RSS.
//
// Besides the overall rate it reports the rate and the resident memory over
// the first and the last 10,000 articles, which is what "flat" means: the
// cost of an article and the memory held do not grow with the store.
func BenchmarkIngest100k(b *testing.B) {
	if testing.Short() {
		b.Skip("long benchmark")
	}
	const n, window = 100_000, 10_000
	benchIngest(b, n, false, func() (func(Result), func()) {
		var marks []time.Time
		var rss []float64
		done := 0
		observe := func(Result) {
			if done++; done%window == 0 || done == 1 {
				marks = append(marks, time.Now())
				rss = append(rss, currentRSSMB())
			}
		}
		report := func() {
			last := len(marks) - 1
			b.ReportMetric(float64(window-1)/marks[1].Sub(marks[0]).Seconds(), "first-10k-articles/s")
			b.ReportMetric(float64(window)/marks[last].Sub(marks[last-1]).Seconds(), "last-10k-articles/s")
			b.ReportMetric(rss[1], "RSS-at-10k-MB")
			b.ReportMetric(rss[last], "RSS-at-100k-MB")
		}
		return observe, report
	})
}

// batchSize is the batch the benchmarks write with: the default, or
// STORYWIRE_BENCH_BATCH to compare others.
func batchSize() int {
	n, _ := strconv.Atoi(os.Getenv("STORYWIRE_BENCH_BATCH"))
	return n // 0: DefaultBatchSize
}

// currentRSSMB is the process's resident set size now, in MiB.
func currentRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(f[1], 64)
	return pages * float64(os.Getpagesize()) / (1 << 20)
}

// peakRSSMB is the process's peak resident set size so far, in MiB.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}
