package eval

import (
	"math"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	var s ChunkScore
	// gold: PER(0-2) LOC(3) ; pred: PER(0-2) ORG(3)
	if err := s.ScoreTags(strings.Fields("B-PER I-PER O B-LOC"), strings.Fields("B-PER I-PER O B-ORG")); err != nil {
		t.Fatal(err)
	}
	// gold: ORG(0-1); pred: ORG(0) only: a partial span is wrong
	s.ScoreTags(strings.Fields("B-ORG I-ORG"), strings.Fields("B-ORG O"))
	if s.Overall != (Counts{TP: 1, FP: 2, FN: 2}) {
		t.Fatalf("overall %+v", s.Overall)
	}
	if s.ByType["PER"] != (Counts{TP: 1}) || s.ByType["LOC"] != (Counts{FN: 1}) || s.ByType["ORG"] != (Counts{FP: 2, FN: 1}) {
		t.Errorf("by type %+v", s.ByType)
	}
	if p, r, f := s.Overall.Precision(), s.Overall.Recall(), s.Overall.F1(); math.Abs(p-1.0/3) > 1e-9 || math.Abs(r-1.0/3) > 1e-9 || math.Abs(f-1.0/3) > 1e-9 {
		t.Errorf("P %v R %v F %v", p, r, f)
	}
	if err := s.ScoreTags([]string{"O"}, nil); err == nil {
		t.Error("length mismatch accepted")
	}
	if !strings.Contains(s.Table(), "| **overall** | 33.33 | 33.33 | 33.33 | 3 | 3 |") {
		t.Errorf("table:\n%s", s.Table())
	}
	var empty Counts
	if empty.F1() != 0 || empty.Precision() != 0 {
		t.Error("empty counts not 0")
	}
}
