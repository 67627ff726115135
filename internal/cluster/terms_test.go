package cluster

import (
	"maps"
	"testing"
)

// TestTermVectorsRemember checks that the remembering vectorizer gives
// TermVector's vectors, for texts that share words in different cases,
// possessives, numbers, stop words and non-Latin letters.
func TestTermVectorsRemember(t *testing.T) {
	texts := []string{
		"Norland's minister said the talks in Kostrava collapsed in 2024.",
		"NORLAND minister: talks collapsed; 2024 was the year. Norland's.",
		"Talks talking talked — the minister's aides don't comment. 7 a B",
		"Переговоры в Костраве сорвались, сказал министр Норланда.",
		"",
		"al-Assad's forces shelled the city's suburbs on Monday",
	}
	var tv TermVectors
	for round := range 2 {
		for _, text := range texts {
			want := TermVector(text)
			if got := tv.Of(text); !maps.Equal(got, want) {
				t.Errorf("round %d, %q: Of = %v, TermVector = %v", round, text, got, want)
			}
		}
	}
	if len(tv.memo) == 0 {
		t.Error("nothing remembered")
	}
}
