package compareeval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/compare"
)

func gold() Gold {
	return Gold{Stories: []Story{{
		Event: "e",
		Articles: []Article{{Origin: "a.txt", Outlet: "A"}, {Origin: "b.txt", Outlet: "B"},
			{Origin: "c.txt", Outlet: "C", CopyOf: "a.txt"}},
		Claims: []Claim{
			{ID: "shared", Evidence: map[string]string{"a.txt": "bridge opened", "b.txt": "bridge was unveiled"}},
			{ID: "only-a", Evidence: map[string]string{"a.txt": "It cost 410"}},
			{ID: "only-b", Evidence: map[string]string{"b.txt": "Ferry skipper"}},
		},
		Numbers: []Number{{Kind: "conflicting", A: NumberRef{"a.txt", "12 dead"}, B: NumberRef{"b.txt", "19 dead"}}},
		Framing: []Framing{{Terms: []string{"opened", "unveiled", "inaugurated"}}},
	}}}
}

func report(id, text string, start int) compare.Report {
	return compare.Report{Article: id, Text: text, Start: start}
}

func TestScore(t *testing.T) {
	c := compare.Comparison{
		Articles: []compare.Article{{ID: "1", Origin: "a.txt"}, {ID: "2", Origin: "b.txt"}, {ID: "3", Origin: "c.txt", CopyOf: "1"}},
		Claims: []compare.Claim{
			// Right: the shared claim aligned.
			{Label: compare.ByAll, Reports: []compare.Report{report("1", "The bridge opened on Friday.", 0), report("2", "The bridge was unveiled on Friday.", 0)}},
			// Wrong: two unique claims aligned as one.
			{Label: compare.ByAll, Reports: []compare.Report{report("1", "It cost 410 million euros.", 30), report("2", "Ferry skipper Karl Brandt was angry.", 40)}},
		},
		Numbers: []compare.NumberDiff{
			{Kind: compare.Conflicting, A: compare.NumberReport{Article: "2", Text: "19 dead"}, B: compare.NumberReport{Article: "1", Text: "12 dead"}},
			{Kind: compare.Conflicting, A: compare.NumberReport{Article: "1", Text: "410 million"}, B: compare.NumberReport{Article: "2", Text: "350 million"}},
		},
		Framing: []compare.FramingPair{{Terms: [2]string{"opened", "unveiled"}}, {Terms: [2]string{"cost", "skipper"}}},
	}
	r := Score(gold(), []compare.Comparison{c})
	if r.Matched != 1 {
		t.Fatalf("matched %d stories", r.Matched)
	}
	if r.Shared.TP != 2 || r.Shared.FP != 2 || r.Shared.FN != 0 {
		t.Errorf("shared: %+v", r.Shared)
	}
	if r.Unique.TP != 0 || r.Unique.FN != 2 {
		t.Errorf("unique: %+v", r.Unique)
	}
	if r.Pairs.TP != 1 || r.Pairs.FP != 1 || r.Pairs.FN != 0 {
		t.Errorf("pairs: %+v", r.Pairs)
	}
	if r.Conflicts.TP != 1 || r.Conflicts.FP != 1 || r.Conflicts.FN != 0 {
		t.Errorf("conflicts: %+v", r.Conflicts)
	}
	if r.Framing.TP != 1 || r.Framing.FP != 1 || r.Framing.FN != 2 {
		t.Errorf("framing: %+v", r.Framing)
	}
}

func TestUnlocatedAndUnmatched(t *testing.T) {
	r := Score(gold(), nil)
	if r.Matched != 0 || r.Shared.FN != 2 || r.Unique.FN != 2 || len(r.Unlocated) != 4 || r.Conflicts.FN != 1 {
		t.Errorf("no comparison: %+v", r)
	}
}

func TestTermMatch(t *testing.T) {
	for _, c := range []struct {
		pred, gold string
		want       bool
	}{{"called off", "called off trade", true}, {"calls off", "called off", true}, {"pulled", "called off", false}, {"rebels", "rebel", true}} {
		if got := termMatch(c.pred, c.gold); got != c.want {
			t.Errorf("termMatch(%q, %q) = %v", c.pred, c.gold, got)
		}
	}
}

func TestReadGold(t *testing.T) {
	g, err := ReadGold(filepath.Join("..", "..", "..", "testdata", "compare", "demo-gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Stories) != 10 {
		t.Errorf("%d stories in the demo gold", len(g.Stories))
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"stories":[{"event":"x","articles":[],"claims":[{"id":"c","evidence":{"nowhere.txt":"x"}}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadGold(bad); err == nil || !strings.Contains(err.Error(), "nowhere.txt") {
		t.Error("evidence from an article not in the story is accepted")
	}
}
