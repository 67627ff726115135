package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJSONLinesLimitIsPerRecord: --max-size bounds each record of a JSON
// Lines file, so an export larger than the limit reads back whole, and a
// record above it is named.
func TestJSONLinesLimitIsPerRecord(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, `{"title":"Report %d","text":"%s"}`+"\n", i, strings.Repeat("word ", 100))
	}
	path := filepath.Join(dir, "export.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	limit := int64(1 << 10) // one record fits; the file is 25 times larger
	var docs, fails int
	for it := range Read(context.Background(), []string{path}, Options{MaxFileSize: limit}) {
		if it.Err != nil {
			fails++
			t.Errorf("%s: %v", it.Origin, it.Err)
			continue
		}
		docs++
	}
	if docs != 50 || fails != 0 {
		t.Errorf("read %d records and %d failures, want 50 and 0", docs, fails)
	}
	big := filepath.Join(dir, "big.jsonl")
	os.WriteFile(big, []byte(`{"title":"Small","text":"fits"}`+"\n"+`{"title":"Big","text":"`+strings.Repeat("x", 2048)+`"}`+"\n"), 0o644)
	var errs []string
	for it := range Read(context.Background(), []string{big}, Options{MaxFileSize: limit}) {
		if it.Err != nil {
			errs = append(errs, it.Err.Error())
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "big.jsonl:2") || !strings.Contains(errs[0], "--max-size") {
		t.Errorf("a record above the limit: %q", errs)
	}
}
