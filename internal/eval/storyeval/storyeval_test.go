package storyeval

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	// Two events of one topic, four articles; the system puts a3 with the
	// first event and leaves a4 out.
	g := Gold{
		Event: map[string]string{"a1": "e1", "a2": "e1", "a3": "e2", "a4": "e2"},
		Topic: map[string]string{"e1": "t", "e2": "t"},
	}
	r := Score(g, map[string]int64{"a1": 1, "a2": 1, "a3": 1})
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	// B-cubed precision: a1, a2: 2/3 each; a3: 1/3; a4 (alone): 1.
	// Recall: a1, a2: 1; a3, a4: 1/2.
	if !near(r.BCubedP, (2.0/3+2.0/3+1.0/3+1)/4) || !near(r.BCubedR, 0.75) {
		t.Errorf("B-cubed P %v R %v", r.BCubedP, r.BCubedR)
	}
	// Pairs: the story claims 3 ordered pairs each way (6), 2 right; gold
	// has 4 (a1-a2, a3-a4 both ways).
	if !near(r.PairP, 2.0/6) || !near(r.PairR, 2.0/4) {
		t.Errorf("pairwise P %v R %v", r.PairP, r.PairR)
	}
	if r.Stories != 2 || r.Events != 2 || r.Missing != 1 || r.Articles != 3 || r.Topics != 1 || r.MergedTopics != 1 {
		t.Errorf("counts %+v", r)
	}
	if perfect := Score(g, map[string]int64{"a1": 1, "a2": 1, "a3": 2, "a4": 2}); perfect.BCubedF != 1 || perfect.PairF != 1 || perfect.MergedTopics != 0 {
		t.Errorf("a perfect clustering scores %+v", perfect)
	}
}

func TestErrors(t *testing.T) {
	g := Gold{
		Event: map[string]string{"a1": "e1", "a2": "e1", "a3": "e2", "a4": "e2", "a5": "e3"},
		Topic: map[string]string{"e1": "t", "e2": "t", "e3": "u"},
	}
	// Story 1 mixes e1 and e2, a4 is missing (a story of its own); e3 is
	// exactly story 3 and is not listed.
	got := Errors(g, map[string]int64{"a1": 1, "a2": 1, "a3": 1, "a5": 3})
	if len(got) != 2 {
		t.Fatalf("want story 1 and missing a4, got %+v", got)
	}
	if got[0].Story != "1" || len(got[0].Events) != 2 || got[0].Events[0] != (EventShare{Event: "e1", Topic: "t", In: 2, Of: 2}) ||
		got[0].Events[1] != (EventShare{Event: "e2", Topic: "t", In: 1, Of: 2}) {
		t.Errorf("story 1: %+v", got[0])
	}
	if got[1].Story != "missing:a4" || got[1].Events[0] != (EventShare{Event: "e2", Topic: "t", In: 1, Of: 2}) {
		t.Errorf("missing article: %+v", got[1])
	}
}

func TestMeanOf(t *testing.T) {
	m := MeanOf([]Result{
		{BCubedF: 0.9, BCubedP: 1, Stories: 10, Events: 8, Topics: 4, MergedTopics: 1},
		{BCubedF: 0.8, BCubedP: 0.5, Stories: 11, Events: 8, Topics: 4, MergedTopics: 2},
	})
	if math.Abs(m.BCubedF-0.85) > 1e-9 || m.BCubedP != 0.75 || m.Stories != 10.5 || m.MergedTopics != 1.5 ||
		m.MinF != 0.8 || m.MaxF != 0.9 || m.Events != 8 || m.Topics != 4 {
		t.Errorf("mean: %+v", m)
	}
}
