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
	benchRealPath(b, "../../../shared/data/ecbplus/ecbplus-dev.jsonl")
}

// BenchmarkIngestRealHTML is the same over real news pages: the 91 pages
// of the extraction set (../shared/data/extraction/html, saved whole as
// .html.gz, 186 KB of HTML each on average), parsed, cut down to their
// article and analysed.
func BenchmarkIngestRealHTML(b *testing.B) {
	benchRealPath(b, "../../../shared/data/extraction/html")
}

// benchRealPath ingests data cold, as `storywire ingest` does, reporting
// articles/s and where the time went per article.
func benchRealPath(b *testing.B, data string) {
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
		if err != nil || sum.Failed == sum.Total() {
			b.Skipf("%s cannot be read: %v", data, err)
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
