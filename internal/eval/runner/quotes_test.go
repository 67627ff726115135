package runner

import (
	"context"
	"strings"
	"testing"
)

// TestDemoQuotes checks the demo corpus's quotes against its gold file:
// nearly all direct quotes found, and their speakers right at the level
// docs/quality.md reports.
func TestDemoQuotes(t *testing.T) {
	res, err := Quotes(context.Background(), "../../../testdata/quotes/demo-gold.jsonl", "demo", "")
	if err != nil {
		t.Fatal(err)
	}
	direct := res.Rows[0]
	if direct.Name != "direct" {
		t.Fatalf("first row %q", direct.Name)
	}
	if f := direct.Detection.F1(); f < 0.95 {
		t.Errorf("direct quote detection F1 %.3f, want ≥ 0.95\n%s", f, strings.Join(res.Errors, "\n"))
	}
	if f := direct.Strict.F1(); f < 0.90 {
		t.Errorf("direct quote attribution F1 %.3f, want ≥ 0.90\n%s", f, strings.Join(res.Errors, "\n"))
	}
	if len(res.Missing) > 0 || len(res.Unlocated) > 0 {
		t.Errorf("missing articles %v, unlocated gold %v", res.Missing, res.Unlocated)
	}
}
