package copies

import (
	"strings"
	"testing"
)

const wireStory = `The government of Veldora suspended trade talks with its northern neighbour on Monday, a day before negotiators were due to meet in the border town of Ostrel, the foreign ministry said.

Foreign Minister Anya Kovalenko told reporters in the capital that the talks could not go ahead "while our fishermen remain in detention". Eleven crew members of two trawlers have been held since February.

The talks, the first in three years, were meant to settle tariffs on grain and timber that have doubled since 2022. Officials on both sides had spoken of a possible agreement by the summer.

The neighbouring government did not respond to a request for comment. Its state broadcaster called the decision a provocation and said the fishermen had entered closed waters.

Exporters in the port city of Kostrava said the delay would cost them millions. Shipping volumes fell by a fifth last year, according to the port authority.

A new date for the talks has not been set, the ministry said.`

const independentReport = `Veldora has pulled out of planned trade negotiations with its northern neighbour, citing the detention of eleven fishermen, in a move that exporters warned would hurt the country's struggling ports.

Speaking in the capital, Anya Kovalenko, who leads the foreign ministry, said her government would not sit down in Ostrel until the crews of the two trawlers were freed. They were seized in February.

Tariffs on timber and grain have doubled since 2022, and the meeting had raised hopes of a deal before summer. No new date was given.

In Kostrava, business owners described the cancellation as a blow after a year in which shipping fell by about 20 percent.`

func sketcher(t testing.TB) *Sketcher {
	t.Helper()
	s, err := NewSketcher(DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func shareBand(a, b []uint64) bool {
	for i := range a {
		if a[i] == b[i] {
			return true
		}
	}
	return false
}

func TestSyndicatedCopyIsSimilar(t *testing.T) {
	s := sketcher(t)
	paras := strings.Split(wireStory, "\n\n")
	cp := "(Wire) Our partners at the agency report:\n\n" + strings.Join(paras[:len(paras)-1], "\n\n")
	a, b := s.Sketch(wireStory), s.Sketch(cp)
	sim := Similarity(a.Signature, b.Signature)
	if sim < Threshold {
		t.Errorf("copy similarity %.2f < threshold %.2f", sim, Threshold)
	}
	if !shareBand(a.Bands, b.Bands) {
		t.Error("copy shares no band with its original: it would never be a candidate")
	}
}

func TestIndependentReportIsNotACopy(t *testing.T) {
	s := sketcher(t)
	sim := Similarity(s.Sketch(wireStory).Signature, s.Sketch(independentReport).Signature)
	if sim >= 0.3 {
		t.Errorf("independent report similarity %.2f, want < 0.3", sim)
	}
}

func TestIdenticalAndDeterministic(t *testing.T) {
	a := sketcher(t).Sketch(wireStory)
	b := sketcher(t).Sketch(wireStory)
	if Similarity(a.Signature, b.Signature) != 1 {
		t.Fatal("identical texts: similarity != 1")
	}
	for i := range a.Bands {
		if a.Bands[i] != b.Bands[i] {
			t.Fatalf("band %d differs between two sketchers with the same params", i)
		}
	}
	if len(a.Signature) != 128 || len(a.Bands) != 32 {
		t.Fatalf("lengths %d/%d", len(a.Signature), len(a.Bands))
	}
}

func TestBandKeysIncludeBandNumber(t *testing.T) {
	// A text with a constant signature would give equal band values in
	// every band; the keys must still differ by band.
	sk := sketcher(t).Sketch("")
	seen := map[uint64]bool{}
	for _, k := range sk.Bands {
		if seen[k] {
			t.Fatal("two bands share a key")
		}
		seen[k] = true
	}
}

func TestShortText(t *testing.T) {
	s := sketcher(t)
	a, b := s.Sketch("Talks off"), s.Sketch("talks off!")
	if Similarity(a.Signature, b.Signature) != 1 {
		t.Error("short texts differing only in case and punctuation should match")
	}
	if Similarity(a.Signature, s.Sketch("Talks on").Signature) == 1 {
		t.Error("different short texts match")
	}
}

func TestSimilarityOfMismatchedSignatures(t *testing.T) {
	if Similarity([]uint32{1, 2}, []uint32{1}) != 0 || Similarity(nil, nil) != 0 {
		t.Fatal("mismatched or empty signatures must score 0")
	}
}

func TestContentHash(t *testing.T) {
	a := "He said: “We will not  go.”\n\nThe end."
	b := "he said: \"We will not go.\" The end."
	if ContentHash(a) != ContentHash(b) {
		t.Errorf("re-formatted copies hash differently:\n%q\n%q", Normalize(a), Normalize(b))
	}
	if ContentHash(a) == ContentHash("He said: we will go.") {
		t.Error("different texts hash the same")
	}
}

func TestNewSketcherRejectsBadParams(t *testing.T) {
	if _, err := NewSketcher(Params{Shingle: 5, Hashes: 100, Bands: 32}); err == nil {
		t.Fatal("want an error when Hashes is not divisible by Bands")
	}
}

func FuzzSketch(f *testing.F) {
	f.Add(wireStory)
	f.Add("")
	f.Add("a")
	s := sketcher(f)
	f.Fuzz(func(t *testing.T, text string) {
		sk := s.Sketch(text)
		if len(sk.Signature) != 128 || len(sk.Bands) != 32 {
			t.Fatalf("lengths %d/%d", len(sk.Signature), len(sk.Bands))
		}
		if Similarity(sk.Signature, s.Sketch(text).Signature) != 1 {
			t.Fatal("not deterministic")
		}
	})
}

func BenchmarkSketch(b *testing.B) {
	s := sketcher(b)
	text := wireStory + "\n\n" + independentReport
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.Sketch(text)
	}
}
