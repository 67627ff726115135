package coref

import (
	"math"
	"testing"

	"github.com/storywire/storywire/internal/model"
)

func gold() *Gold {
	g := &Gold{}
	g.Articles = append(g.Articles, struct {
		Origin   string            `json:"origin"`
		Mentions map[string]string `json:"mentions"`
	}{"a", map[string]string{"Anna Lind": "anna", "Lind": "anna", "Norland": "norland", "Bank of Norland": "bank"}})
	return g
}

const text = "Anna Lind of Norland spoke. Lind left the Bank of Norland. Lindqvist stayed."

func mk(start, end, entity int) model.Mention {
	return model.Mention{Start: start, End: end, Text: text[start:end], Entity: entity}
}

func TestOccurrences(t *testing.T) {
	occ := occurrences(text, gold().Articles[0].Mentions)
	var got []string
	for _, o := range occ {
		got = append(got, text[o.start:o.end]+"="+o.entity)
	}
	// "Norland" inside "Bank of Norland" and "Lind" inside "Lindqvist" do
	// not count.
	want := []string{"Anna Lind=anna", "Norland=norland", "Lind=anna", "Bank of Norland=bank"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestScore(t *testing.T) {
	ents := []model.LocalEntity{{ID: 1}, {ID: 2}, {ID: 3}}
	// Perfect: every gold mention found, grouped as gold says.
	perfect := model.Annotations{Entities: ents, Mentions: []model.Mention{
		mk(0, 9, 0), mk(13, 20, 1), mk(28, 32, 0), mk(42, 57, 2),
	}}
	r := Score(gold(), map[string]Analysed{"a": {Text: text, Annotations: perfect}})
	if r.F1 != 1 || r.GoldMentions != 4 || r.Detected != 4 {
		t.Fatalf("perfect: %+v", r)
	}
	// "Lind" split from "Anna Lind", the bank missed: gold clusters
	// {AL, L}, {N}, {B}; predicted {AL}, {L}, {N}, {B missed}.
	// Precision 1; recall (1/2 + 1/2 + 1 + 1) / 4 = 0.75.
	split := model.Annotations{Entities: ents, Mentions: []model.Mention{
		mk(0, 9, 0), mk(13, 20, 1), mk(28, 32, 2),
	}}
	r = Score(gold(), map[string]Analysed{"a": {Text: text, Annotations: split}})
	if r.Precision != 1 || math.Abs(r.Recall-0.75) > 1e-9 || r.Detected != 3 || len(r.Splits) != 1 {
		t.Fatalf("split: %+v", r)
	}
	// Everything merged into one entity: precision (2/4+2/4+1/4+1/4)/4.
	merged := model.Annotations{Entities: ents, Mentions: []model.Mention{
		mk(0, 9, 0), mk(13, 20, 0), mk(28, 32, 0), mk(42, 57, 0),
	}}
	r = Score(gold(), map[string]Analysed{"a": {Text: text, Annotations: merged}})
	if math.Abs(r.Precision-0.375) > 1e-9 || r.Recall != 1 || len(r.Merges) != 1 {
		t.Fatalf("merged: %+v", r)
	}
	if r := Score(gold(), nil); len(r.MissingArticles) != 1 {
		t.Fatalf("missing article not reported: %+v", r)
	}
}
