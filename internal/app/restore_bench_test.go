package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// BenchmarkRestoreClusterer measures a full replay, the start-up of every
// ingest before the clusterer's state was saved (and still the start-up
// after a correction): the clusterer rebuilt by replaying the stored
// assignments of the ECB+ development articles (analysed and clustered
// once, before the timer).
func BenchmarkRestoreClusterer(b *testing.B) {
	data := "../../../shared/data/ecbplus/ecbplus-dev.jsonl"
	if _, err := os.Stat(data); err != nil {
		b.Skip("ECB+ data not found: ", err)
	}
	ctx := context.Background()
	a, err := Open(ctx, filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	if sum, err := a.Ingest(ctx, []string{data}, IngestOptions{MaxSize: 20 << 20}); err != nil || sum.Failed > 0 {
		b.Fatalf("ingest: %v, %d failed", err, sum.Failed)
	}
	n := 0
	err = a.st.EachAssignedArticle(ctx, 0, func(store.Assignment, model.Article, model.Annotations) error {
		n++
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := a.replayAfter(ctx, cluster.New(cluster.Default()), 0, 0, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/article")
}
