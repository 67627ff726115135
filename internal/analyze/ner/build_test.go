package ner

import (
	"slices"
	"testing"
)

// TestBuildTagsWithGivenWeights builds a model as a trainer does: the
// features a Featurizer gives for "Anna" (and not for "said") get weight
// for PER. The tagger must then find Anna and only Anna, which holds only
// if the Featurizer and the Tagger read the same features.
func TestBuildTagsWithGivenWeights(t *testing.T) {
	m := New(Spec{Types: []string{"PER", "LOC"}, Created: "2000-01-01T00:00:00Z"})
	if got := m.NumLabels(); got != 9 {
		t.Fatalf("NumLabels = %d, want 9", got)
	}
	words := []string{"Anna", "said"}
	per, err := m.LabelIDs([]string{"B-PER", "O"})
	if err != nil {
		t.Fatal(err)
	}
	fz := m.NewFeaturizer()
	fz.StartDocument([][]string{words}, nil)
	fz.StartSentence(0, words)
	anna := fz.Features(nil, 0, -1, -1, false)
	said := fz.Features(nil, 1, per[0], -1, false)
	fz.EndSentence(per)
	slices.Sort(anna)
	ws := NewWeights(len(anna))
	n := 0
	for _, f := range slices.Compact(anna) {
		if !slices.Contains(said, f) {
			ws.Add(per[0], 1)
			n++
		}
		ws.End(f)
	}
	tagged := m.WithWeights(ws, 3)
	if info := tagged.Info(); info.Epochs != 3 || info.Features != n || n == 0 {
		t.Errorf("info %+v, want 3 epochs and %d features", info, n)
	}
	got := tagged.NewTagger().TagDocument([][]string{words})
	if !slices.Equal(got[0], []string{"B-PER", "O"}) {
		t.Errorf("tags %v, want [B-PER O]", got[0])
	}
	if m.NewTagger().TagDocument([][]string{words})[0][0] != "O" {
		t.Errorf("the model without weights found a name")
	}
}
