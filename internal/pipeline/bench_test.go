package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

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
// and reports articles per second.
func benchIngest(b *testing.B, n int, html bool) {
	dir := b.TempDir()
	size := writeCorpus(b, dir, n, html)
	b.SetBytes(size)
	// One extractor for all iterations, as one ingest command has: its
	// language models load once, lazily (the first iteration pays it).
	warm := newTestConfig(b, filepath.Join(b.TempDir(), "warm.db"))
	warm.Store.Close()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		cfg := newTestConfig(b, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		cfg.Extractor, cfg.BatchSize = warm.Extractor, 0 // the CLI's default batch
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
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

func BenchmarkIngestText(b *testing.B) { benchIngest(b, 2000, false) }
func BenchmarkIngestHTML(b *testing.B) { benchIngest(b, 1000, true) }

// BenchmarkIngest100k ingests 100,000 generated plain-text articles once;
// run it alone (-bench Ingest100k -benchtime 1x) to read peak RSS.
func BenchmarkIngest100k(b *testing.B) {
	if testing.Short() {
		b.Skip("long benchmark")
	}
	benchIngest(b, 100_000, false)
}

// peakRSSMB is the process's peak resident set size so far, in MiB.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}
