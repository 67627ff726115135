package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/storywire/storywire/internal/model"
)

// BenchmarkExtractPageCopies extracts the real plain-text page copies of
// ../shared/data/extraction (91 pages, whole pages with their menus and
// comments), as ingest does with text files.
func BenchmarkExtractPageCopies(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "extraction", "text")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		b.Skipf("no page copies in %s (../shared is not beside the repository)", dir)
	}
	var docs []model.RawDocument
	size := 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		size += len(body)
		docs = append(docs, model.RawDocument{Origin: f, Format: model.FormatText, Body: body})
	}
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range docs { // load the language models outside the timing
		e.Extract(d)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			e.Extract(d)
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "pages/s")
}
