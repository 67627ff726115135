package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/sqlite"
)

// BenchmarkLoadClusterer measures the start-up of every ingest: the
// clusterer rebuilt by replaying the stored assignments of the ECB+
// development articles (analysed and clustered once, before the timer).
func BenchmarkLoadClusterer(b *testing.B) {
	data := "../../../shared/data/ecbplus/ecbplus-dev.jsonl"
	if _, err := os.Stat(data); err != nil {
		b.Skip("ECB+ data not found: ", err)
	}
	db := filepath.Join(b.TempDir(), "s.db")
	if code, _, errOut := run(b, db, "", "ingest", "--quiet", data); code != ExitOK {
		b.Fatalf("ingest: %d %s", code, errOut)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	n := 0
	err = st.EachAssignedArticle(ctx, func(store.Assignment, model.Article, model.Annotations) error {
		n++
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := loadClusterer(ctx, st); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/article")
}
