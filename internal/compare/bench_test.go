package compare

import (
	"fmt"
	"testing"

	"github.com/storywire/storywire/internal/stories"
)

// benchStory makes a story of n articles from ten outlets, each article
// twelve sentences drawn from a pool of claims in rotating wordings, with
// figures that vary between outlets, quotes, and one copy in ten.
func benchStory(n int) []stories.Input {
	subjects := []string{"Veldora", "Norland", "the foreign ministry", "the port authority", "the union", "Arkon Mining", "the central bank", "the mayor"}
	verbs := []string{"said", "announced", "confirmed", "insisted", "claimed", "warned"}
	objects := []string{"the talks would resume in Ostrel", "%d dock workers had walked out", "the toll rose to %d miners",
		"sanctions hit %d people and firms", "the bridge cost %d million euros", "rain would continue for %d days",
		"%d ships were waiting at anchor", "the rebels had seized %d villages", "inflation reached %d percent in June"}
	var in []stories.Input
	for i := 0; i < n; i++ {
		var sents []string
		for k := 0; k < 12; k++ {
			o := objects[(i+k*5)%len(objects)]
			if k%len(objects) == 0 {
				o = objects[k%len(objects)]
			}
			if containsVerb(o) {
				o = fmt.Sprintf(o, 10+(i*7+k*3)%40)
			}
			sents = append(sents, fmt.Sprintf("On Monday %s %s that %s after a long night of talks in the capital.",
				subjects[(i+k)%len(subjects)], verbs[(i*3+k)%len(verbs)], o))
		}
		a := art(fmt.Sprintf("a%02d", i), fmt.Sprintf("Outlet %d", i%10), i%24, sents,
			[2]string{"Anya Kovalenko", "talks would resume in Ostrel"})
		if i%10 == 9 {
			a.Article.CopyOf = "a00"
		}
		in = append(in, a)
	}
	return in
}

func containsVerb(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 'd' {
			return true
		}
	}
	return false
}

func BenchmarkCompare(b *testing.B) {
	in := benchStory(50)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(1, in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
