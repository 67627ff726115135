package pipeline

import (
	"os"
	"runtime"
	"testing"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/eval/storyeval"
	"github.com/storywire/storywire/internal/model"
)

// BenchmarkClusterQueueMemory measures what a full clustering queue holds
// in memory: clusterQueue articles' annotations (what clustering reads of
// them, cluster.Needed) and tokens, waiting for their stories. The articles are ECB+ development news (about 550 words
// each), analysed as ingest does; the heap they hold is scaled to a full
// queue.
func BenchmarkClusterQueueMemory(b *testing.B) {
	if _, err := os.Stat(storyeval.ECBDev); err != nil {
		b.Skip("ECB+ data not found: ", err)
	}
	rs, err := storyeval.ReadArticles(storyeval.ECBDev)
	if err != nil {
		b.Fatal(err)
	}
	arts := make([]model.Article, len(rs))
	for i, r := range rs {
		arts[i] = model.Article{ID: r.ID, Title: r.Title, Text: r.Text, Language: "en"}
	}
	m, err := ner.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	an := analyze.New(m)
	tk := cluster.NewTokenizer(cluster.Default())
	var perArticle float64
	for b.Loop() {
		before := heapInUse()
		queue := make([]queued, 0, len(arts))
		for _, a := range arts {
			ann := an.Analyze(a.Text, a.Published)
			toks := tk.Tokenize(cluster.FromArticle(a, ann))
			needed := cluster.Needed(ann)
			queue = append(queue, queued{id: a.ID, ann: &needed, tokens: toks})
		}
		after := heapInUse()
		perArticle = float64(after-before) / float64(len(queue))
		runtime.KeepAlive(queue)
	}
	b.ReportMetric(perArticle/1024, "KB/article")
	b.ReportMetric(perArticle*clusterQueue/(1<<20), "MB/full-queue")
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}
