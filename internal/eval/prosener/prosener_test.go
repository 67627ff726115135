//go:build prose

package prosener

import (
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/storywire/storywire/internal/corpus/conll"
	"github.com/storywire/storywire/internal/eval"
)

// conllTest is the CoNLL-2003 test set, relative to this directory.
const conllTest = "../../../../shared/data/ner/conll2003/test.txt"

var (
	taggerOnce sync.Once
	taggerVal  *Tagger
	taggerErr  error
)

func tagger(tb testing.TB) *Tagger {
	tb.Helper()
	taggerOnce.Do(func() { taggerVal, taggerErr = New() })
	if taggerErr != nil {
		tb.Fatal(taggerErr)
	}
	return taggerVal
}

// readTest reads the CoNLL-2003 test set, skipping if it is not there.
func readTest(tb testing.TB) []conll.Sentence {
	tb.Helper()
	sents, err := conll.ReadFile(conllTest)
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("no CoNLL-2003 test set: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return sents
}

// checkShape fails unless tags has one valid IOB2 CoNLL tag per word.
func checkShape(t *testing.T, words, tags []string) {
	t.Helper()
	if len(tags) != len(words) {
		t.Fatalf("%d tags for %d words: %q", len(tags), len(words), tags)
	}
	valid := map[string]bool{"PER": true, "LOC": true, "ORG": true, "MISC": true}
	for i, tag := range tags {
		if tag == "O" {
			continue
		}
		prefix, typ, ok := strings.Cut(tag, "-")
		if !ok || !valid[typ] || (prefix != "B" && prefix != "I") {
			t.Errorf("word %d %q: bad tag %q", i, words[i], tag)
			continue
		}
		if prefix == "I" && (i == 0 || tags[i-1] == "O" || tags[i-1][2:] != typ) {
			t.Errorf("word %d %q: %q does not continue %q (IOB2)", i, words[i], tag, tags[max(i-1, 0)])
		}
	}
}

// covered reports whether some entity of type typ covers word i.
func covered(tags []string, i int, typ string) bool {
	return tags[i] == "B-"+typ || tags[i] == "I-"+typ
}

func TestTag(t *testing.T) {
	tg := tagger(t)
	for _, tc := range []struct {
		text string
		// Words some PER or LOC entity must cover (prose finds these);
		// -1 for none.
		per, loc int
	}{
		{"Foreign Minister Sergei Lavrov met Antony Blinken in Geneva .", 3, 8},
		{"Angela Merkel visited Paris on Monday .", 1, 3},
		{"Germany 's Volkswagen said on Tuesday that it would cut 5,000 jobs .", -1, -1},
		{"“ We will not give up , ” Obama told reporters in Washington ( Reuters ) .", -1, -1},
		{"U.S. officials said they didn't know .", -1, -1},
		{"BRUSSELS 1996-08-22", -1, -1},
	} {
		words := strings.Fields(tc.text)
		tags := tg.Tag(words)
		t.Logf("%s\n\t%s", tc.text, strings.Join(tags, " "))
		checkShape(t, words, tags)
		if tc.per >= 0 && !covered(tags, tc.per, "PER") {
			t.Errorf("%q: %q is not in a PER entity: %q", tc.text, words[tc.per], tags)
		}
		if tc.loc >= 0 && !covered(tags, tc.loc, "LOC") {
			t.Errorf("%q: %q is not in a LOC entity: %q", tc.text, words[tc.loc], tags)
		}
	}
	for _, words := range [][]string{nil, {}, {""}, {"", " ", ""}, {"Paris", "", "France", "."}} {
		tags := tg.Tag(words)
		t.Logf("%q\n\t%s", words, strings.Join(tags, " "))
		checkShape(t, words, tags)
	}
}

// TestTagPlacesEntities checks that Tag finds every entity prose's
// Document.Entities returns, in order, at a range that reads as the
// entity's text, on a few sentences and the CoNLL-2003 test set.
func TestTagPlacesEntities(t *testing.T) {
	tg := tagger(t)
	sents := [][]string{
		strings.Fields("Foreign Minister Sergei Lavrov met Antony Blinken in Geneva ."),
		strings.Fields("Angela Merkel visited Paris on Monday ."),
		strings.Fields("The European Commission and Microsoft Corp. met in Brussels , Belgium"),
		strings.Fields("Lavrov's visit to Paris and Parisians in Paris"),
	}
	if _, err := conll.ReadFile(conllTest); err == nil {
		for _, s := range readTest(t) {
			sents = append(sents, s.Words())
		}
	}
	noSpace := func(s string) string {
		return strings.Join(strings.Fields(s), "")
	}
	var ents, dropped, offToken, noWord int
	for _, words := range sents {
		r := tg.run(words)
		if r.ents == nil {
			continue
		}
		ents += len(r.ents)
		dropped += r.dropped
		if r.dropped > 0 {
			t.Errorf("%q: %d of prose's entities not found: %+v, found %+v", words, r.dropped, r.ents, r.spans)
			continue
		}
		if len(r.spans) != len(r.ents) {
			t.Fatalf("%q: %d entities, %d spans, none dropped", words, len(r.ents), len(r.spans))
		}
		for i, sp := range r.spans {
			e := r.ents[i]
			if got := noSpace(r.text[sp.start:sp.end]); got != noSpace(e.Text) || sp.label != e.Label {
				t.Errorf("%q: entity %d %+v placed at %q (%s)", words, i, e, r.text[sp.start:sp.end], sp.label)
			}
			if i > 0 && sp.start < r.spans[i-1].end {
				t.Errorf("%q: entity %d %+v overlaps the one before", words, i, e)
			}
			if r.text[sp.start:sp.end] != e.Text {
				offToken++ // matched with whitespace ignored
			}
			tags := make([]string, len(words))
			spread(tags, r.spans[i:i+1], r.wordOffs)
			if strings.Join(tags, "") == "" {
				noWord++
			}
		}
	}
	t.Logf("%d sentences: prose returned %d entities, %d not found; %d matched only with whitespace ignored; %d cover no whole word",
		len(sents), ents, dropped, offToken, noWord)
}

// TestLocate checks the search for entity text in the sentence text.
func TestLocate(t *testing.T) {
	// Token boundaries as prose would have them for "Lavrov's visit to
	// USA and US ." ("Lavrov's" split into "Lavrov" "'s").
	const text = "Lavrov's visit to USA and US ."
	starts := map[int]bool{0: true, 6: true, 9: true, 15: true, 18: true, 22: true, 26: true, 29: true}
	ends := map[int]bool{6: true, 8: true, 14: true, 17: true, 21: true, 25: true, 28: true, 30: true}
	aligned := func(s, e int) bool { return starts[s] && ends[e] }
	for _, tc := range []struct {
		ent  string
		from int
		want string // "" if not found
	}{
		{"visit to", 0, "visit to"},
		{"Lavrov 's", 0, "Lavrov's"}, // prose's join of a split word
		{"Lavrov", 0, "Lavrov"},
		{"visit  to", 0, "visit to"},
		{"US", 0, "US"}, // the aligned "US", not the start of "USA"
		{"US", 29, ""},
		{"S", 0, "S"}, // no aligned match: the first one
		{"Paris", 0, ""},
		{"", 0, ""},
		{" ", 0, ""},
		{".", 30, ""},
		{".", 31, ""},
	} {
		s, e, ok := locate(text, tc.ent, tc.from, aligned)
		got := ""
		if ok {
			got = text[s:e]
		}
		if got != tc.want || (ok && s < tc.from) {
			t.Errorf("locate(%q, from %d) = %d, %d, %v (%q), want %q", tc.ent, tc.from, s, e, ok, got, tc.want)
		}
		if tc.ent == "US" && tc.from == 0 && s != 26 {
			t.Errorf("locate(%q) = %d, want 26", tc.ent, s)
		}
	}
}

// TestSpread checks the mapping of entities' character ranges onto words.
func TestSpread(t *testing.T) {
	// "Lavrov's visit to New York"
	wordOffs := [][2]int{{0, 8}, {9, 14}, {15, 17}, {18, 21}, {22, 26}}
	for _, tc := range []struct {
		spans []span
		want  string
	}{
		{nil, "O O O O O"},
		// An entity on part of a word leaves it O.
		{[]span{{0, 6, "PERSON"}}, "O O O O O"},
		{[]span{{0, 8, "PERSON"}}, "B-PER O O O O"},
		{[]span{{18, 26, "GPE"}}, "O O O B-LOC I-LOC"},
		{[]span{{0, 8, "PERSON"}, {18, 21, "ORG"}, {22, 26, "WORK_OF_ART"}}, "B-PER O O B-ORG B-MISC"},
		{[]span{{6, 14, "ORGANIZATION"}}, "O B-ORG O O O"},
		{[]span{{15, 26, "LOCATION"}}, "O O B-LOC I-LOC I-LOC"},
	} {
		tags := make([]string, len(wordOffs))
		for i := range tags {
			tags[i] = "O"
		}
		spread(tags, tc.spans, wordOffs)
		if got := strings.Join(tags, " "); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.spans, got, tc.want)
		}
	}
	// An empty word splits an entity.
	tags := []string{"O", "O", "O"}
	spread(tags, []span{{0, 12, "GPE"}}, [][2]int{{0, 5}, {6, 6}, {7, 12}})
	if got := strings.Join(tags, " "); got != "B-LOC O B-LOC" {
		t.Errorf("empty word: got %q", got)
	}
}

// TestProseCoNLL scores prose on the CoNLL-2003 test set.
func TestProseCoNLL(t *testing.T) {
	sents := readTest(t)
	tg := tagger(t)
	var s eval.ChunkScore
	tokens := 0
	dropped := tg.Dropped()
	for _, sent := range sents {
		words := sent.Words()
		tokens += len(words)
		if err := s.ScoreTags(sent.Tags(), tg.Tag(words)); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("prose v2.0.0 on CoNLL-2003 test (%d sentences, %d tokens); prose has no MISC type; %d of its entities not found in the text:\n%s",
		len(sents), tokens, tg.Dropped()-dropped, s.Table())
	if c := s.ByType["PER"]; c.TP == 0 {
		t.Errorf("prose found no person right: %+v", c)
	}
}

func BenchmarkTag(b *testing.B) {
	sents := readTest(b)
	words := make([][]string, len(sents))
	tokens := 0
	for i, s := range sents {
		words[i] = s.Words()
		tokens += len(words[i])
	}
	tg := tagger(b)
	n := 0
	for b.Loop() {
		for _, w := range words {
			tg.Tag(w)
		}
		n++
	}
	b.ReportMetric(float64(n*tokens)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(n*len(sents))/b.Elapsed().Seconds(), "sentences/s")
}
