//go:build prose

// Package prosener runs the named-entity recogniser of jdkato/prose v2
// (github.com/jdkato/prose/v2, MIT) over pre-tokenised sentences and
// returns CoNLL-2003 IOB2 tags, as a baseline for our own tagger.
//
// The package is built only with the "prose" build tag, so the default
// binary and "go test ./..." do not link prose's embedded model:
//
//	go test -tags prose ./internal/eval/prosener/ -run . -v
//
// # Labels
//
// prose v2.0.0's model labels entities with ACE-style types (the counts are
// the entities it finds in the CoNLL-2003 test set), mapped to CoNLL types:
//
//	PERSON       → PER   (1588)
//	GPE          → LOC   (2992)
//	LOCATION     → LOC     (48)
//	GSP          → LOC     (14; geo-socio-political, as GPE)
//	ORGANIZATION → ORG    (118)
//	ORG          → ORG   (not emitted by v2.0.0; mapped in case)
//	anything else → MISC (FACILITY, 8)
//
// prose has no MISC type (nationalities, events, works, ...), so on
// CoNLL-2003 its MISC recall is 0 by construction, bar a FACILITY that
// happens to match a MISC entity.
//
// # Entities and alignment
//
// Tag gives prose the words joined by single spaces, with sentence
// segmentation off and tokenization, POS tagging and NER on, and takes the
// entities prose's Document.Entities returns. Those carry only text and a
// label, the text being the entity's prose tokens joined by single spaces,
// so Tag finds each one in the text it gave prose: in document order, from
// a cursor that starts at the beginning and moves to the end of each match,
// ignoring whitespace between the entity's tokens (prose splits some words,
// as "Lavrov's" into "Lavrov" "'s", whose join "Lavrov 's" is not in the
// text). Of the matches after the cursor the first one that starts and ends
// on prose's token boundaries is taken, else the first one; an entity with
// no match is dropped and counted (see Tagger.Dropped; none are on the
// CoNLL-2003 test set).
//
// A located entity is a character range; a word gets the entity's type if
// the range covers the whole word (B- on the first such word, I- on the
// rest). A word that an entity covers only in part (prose split it and the
// entity stops inside it) gets O, as do empty words (which split the entity
// in two).
package prosener

import (
	"fmt"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	prose "github.com/jdkato/prose/v2"
)

// Tagger tags sentences with prose's default English model, loaded once.
// Tag only reads the model, so a Tagger may be shared between goroutines.
type Tagger struct {
	model   *prose.Model
	dropped atomic.Int64
}

// New loads prose's embedded model (a few hundred milliseconds). prose
// would otherwise load it again for every document; Tag passes it with
// prose.UsingModel.
func New() (t *Tagger, err error) {
	defer func() {
		// prose panics (through its checkError) if an embedded asset fails
		// to decode.
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("prosener: loading prose's model: %v", r)
		}
	}()
	// prose.Model's fields are unexported: the only way to its default
	// model is a document made without one.
	doc, err := prose.NewDocument("", prose.WithSegmentation(false))
	if err != nil {
		return nil, fmt.Errorf("prosener: loading prose's model: %w", err)
	}
	if doc.Model == nil {
		return nil, fmt.Errorf("prosener: prose returned no model")
	}
	return &Tagger{model: doc.Model}, nil
}

// Dropped returns how many of prose's entities Tag has dropped so far
// because it could not find their text in the sentence.
func (t *Tagger) Dropped() int64 { return t.dropped.Load() }

// Tag returns one CoNLL IOB2 tag (O, B-PER, I-LOC, ...) per word.
func (t *Tagger) Tag(words []string) []string {
	tags := make([]string, len(words))
	for i := range tags {
		tags[i] = "O"
	}
	r := t.run(words)
	t.dropped.Add(int64(r.dropped))
	spread(tags, r.spans, r.wordOffs)
	return tags
}

// span is an entity located in the text: a half-open byte range.
type span struct {
	start, end int
	label      string // prose's label: PERSON, GPE, ORGANIZATION, ...
}

// result is what run finds for one sentence.
type result struct {
	text     string
	wordOffs [][2]int       // each word's byte range in text
	ents     []prose.Entity // prose's entities; nil if there was nothing to tag
	spans    []span         // the entities found in text, in order
	dropped  int            // entities not found
}

// spread writes each span's CoNLL type onto the words it covers whole,
// wordOffs being the words' byte ranges. Empty words stay O and so split an
// entity, to keep the tags valid IOB2.
func spread(tags []string, spans []span, wordOffs [][2]int) {
	for _, e := range spans {
		typ := conllType(e.label)
		prev := -2 // the last word tagged with this entity
		for w, wo := range wordOffs {
			if wo[0] == wo[1] || wo[0] < e.start || wo[1] > e.end {
				continue
			}
			if w == prev+1 {
				tags[w] = "I-" + typ
			} else {
				// The entity's first word, or its first after an empty
				// word, which stays O.
				tags[w] = "B-" + typ
			}
			prev = w
		}
	}
}

// run tags the words with prose and locates its entities in the text.
func (t *Tagger) run(words []string) result {
	// prose's tokenizer replaces curly quotes and "&rsquo;" before it
	// splits, so its tokens and entities are in terms of the replaced
	// text, not ours. Replacing per word first keeps both in step (no
	// replaced sequence contains a space, so per word is the same as per
	// text).
	var b strings.Builder
	var r result
	r.wordOffs = make([][2]int, len(words))
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		w = sanitizer.Replace(w)
		r.wordOffs[i] = [2]int{b.Len(), b.Len() + len(w)}
		b.WriteString(w)
	}
	r.text = b.String()
	if strings.TrimSpace(r.text) == "" {
		return r
	}
	doc, err := prose.NewDocument(r.text,
		prose.UsingModel(t.model),
		prose.WithSegmentation(false),
		prose.WithTokenization(true),
		prose.WithTagging(true),
		prose.WithExtraction(true))
	if err != nil { // prose v2.0.0 never returns one
		return r
	}
	r.ents = doc.Entities()
	if r.ents == nil {
		r.ents = []prose.Entity{}
	}
	bounds := tokenBounds(r.text, doc.Tokens())
	aligned := func(start, end int) bool {
		return bounds[start]&tokStart != 0 && bounds[end]&tokEnd != 0
	}
	cursor := 0
	for _, e := range r.ents {
		start, end, ok := locate(r.text, e.Text, cursor, aligned)
		if !ok {
			r.dropped++
			continue
		}
		r.spans = append(r.spans, span{start, end, e.Label})
		cursor = end
	}
	return r
}

// Token boundary flags, per byte offset in the text.
const (
	tokStart = 1 << iota
	tokEnd
)

// tokenBounds marks where prose's tokens start and end in text, finding
// each token's text after the previous one's. A token not found (not
// expected: prose's tokens are pieces of the text) marks nothing.
func tokenBounds(text string, toks []prose.Token) []uint8 {
	bounds := make([]uint8, len(text)+1)
	pos := 0
	for _, tok := range toks {
		if tok.Text == "" {
			continue
		}
		j := strings.Index(text[pos:], tok.Text)
		if j < 0 {
			continue
		}
		bounds[pos+j] |= tokStart
		pos += j + len(tok.Text)
		bounds[pos] |= tokEnd
	}
	return bounds
}

// locate finds entity text ent in text at or after byte from, as a
// half-open byte range. ent's space-separated pieces must appear in order
// with nothing but whitespace (or nothing) between them. Of the matches, the
// first for which aligned reports true is returned, else the first.
func locate(text, ent string, from int, aligned func(start, end int) bool) (start, end int, ok bool) {
	pieces := strings.Fields(ent)
	if len(pieces) == 0 || from > len(text) {
		return 0, 0, false
	}
	first := [2]int{-1, -1}
	for p := from; p < len(text); {
		j := strings.Index(text[p:], pieces[0])
		if j < 0 {
			break
		}
		s := p + j
		if e, ok := matchPieces(text, s+len(pieces[0]), pieces[1:]); ok {
			if aligned(s, e) {
				return s, e, true
			}
			if first[0] < 0 {
				first = [2]int{s, e}
			}
		}
		_, size := utf8.DecodeRuneInString(text[s:])
		p = s + size
	}
	if first[0] < 0 {
		return 0, 0, false
	}
	return first[0], first[1], true
}

// matchPieces matches pieces at text[i:], each after optional whitespace,
// and returns the end of the last.
func matchPieces(text string, i int, pieces []string) (int, bool) {
	for _, piece := range pieces {
		i += len(text[i:]) - len(strings.TrimLeftFunc(text[i:], unicode.IsSpace))
		if !strings.HasPrefix(text[i:], piece) {
			return 0, false
		}
		i += len(piece)
	}
	return i, true
}

// sanitizer is the replacer prose's tokenizer applies to its input.
var sanitizer = strings.NewReplacer(
	"\u201c", `"`,
	"\u201d", `"`,
	"\u2018", "'",
	"\u2019", "'",
	"&rsquo;", "'")

// conllType maps a prose entity label to a CoNLL-2003 type.
func conllType(label string) string {
	switch label {
	case "PERSON":
		return "PER"
	case "GPE", "LOCATION", "GSP":
		return "LOC"
	case "ORGANIZATION", "ORG":
		return "ORG"
	}
	return "MISC"
}
