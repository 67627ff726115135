package app

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkIngestECBDev is the real path end to end: the 772 ECB+ dev
// articles (real news, 1.9 KB of text each on average) ingested as
// `storywire ingest` does (extraction, language, analysis, copies,
// entity resolution, clustering, settling), each time into a fresh store
// by a freshly opened App, so models load inside the timing as they do
// for a cold command.
func BenchmarkIngestECBDev(b *testing.B) {
	data := "../../../shared/data/ecbplus/ecbplus-dev.jsonl"
	ctx := context.Background()
	n := 0
	var st IngestStages
	for i := 0; b.Loop(); i++ {
		a, err := Open(ctx, filepath.Join(b.TempDir(), "s.db"))
		if err != nil {
			b.Fatal(err)
		}
		sum, err := a.Ingest(ctx, []string{data}, IngestOptions{})
		a.Close()
		if err != nil {
			b.Skipf("ECB+ dev (%s) cannot be read: %v", data, err)
		}
		n += sum.Total()
		st = st.Add(sum.Stages)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	// Where the time went, in ms per article (the workers' stages summed
	// over both workers).
	for _, s := range st.List() {
		b.ReportMetric(float64(s.Took.Microseconds())/1000/float64(n), s.Name+"-ms/art")
	}
}
