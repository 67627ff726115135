package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/storywire/storywire/internal/store/postgres/pgtest"
)

// BenchmarkIngestBackends ingests the 772 ECB+ dev articles as
// BenchmarkIngestECBDev does (the real path, models loaded cold), once
// into a fresh SQLite file and once into a fresh PostgreSQL database on
// the server STORYWIRE_TEST_POSTGRES names (skipped without one), in one
// process each time, so the two stores' rates can be set side by side.
func BenchmarkIngestBackends(b *testing.B) {
	data := "../../../shared/data/ecbplus/ecbplus-dev.jsonl"
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			if backend == "postgres" {
				pgtest.Server(b)
			}
			ctx := context.Background()
			n := 0
			for b.Loop() {
				db := filepath.Join(b.TempDir(), "s.db")
				if backend == "postgres" {
					b.StopTimer()
					db = pgtest.Database(b)
					b.StartTimer()
				}
				a, err := Open(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				sum, err := a.Ingest(ctx, []string{data}, IngestOptions{})
				a.Close()
				if err != nil {
					b.Skipf("ECB+ dev (%s) cannot be read: %v", data, err)
				}
				if sum.Failed > 0 {
					b.Fatalf("%d articles failed", sum.Failed)
				}
				n += sum.Total()
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
