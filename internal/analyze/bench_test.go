package analyze

import (
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/eval/storyeval"
	"github.com/storywire/storywire/internal/model"
)

// BenchmarkAnalyze runs the whole analysis stage over the ECB+ news
// articles (../shared/data/ecbplus, real news of 2009-2014, ~770 articles)
// on every core, as ingest does, and reports articles per second.
func BenchmarkAnalyze(b *testing.B) {
	if _, err := os.Stat(storyeval.ECBDev); err != nil {
		b.Skip(err)
	}
	arts, err := storyeval.ReadArticles(storyeval.ECBDev)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for _, a := range arts {
		if a.Text != "" {
			texts = append(texts, a.Text)
		}
	}
	m, err := ner.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	a := New(m)
	pub := model.Published{Time: time.Date(2014, 3, 12, 9, 0, 0, 0, time.UTC), Reliability: model.Exact}
	var n atomic.Int64
	bytes := 0
	for _, t := range texts {
		bytes += len(t)
	}
	b.SetBytes(int64(bytes / len(texts)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			a.Analyze(texts[int(i)%len(texts)], pub)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
