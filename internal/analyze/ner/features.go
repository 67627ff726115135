package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Features are hashed: a template id mixed with the hashes of the strings it
// reads. No feature string is ever built, so extracting the ~80 features of
// a token allocates nothing; two features colliding in 64 bits is too rare
// to matter.

// Template ids. Their values are part of the model format: append, never
// renumber.
const (
	fBias uint64 = iota + 1
	fLower
	fWord
	fLowerPrev
	fLowerNext
	fLowerPrev2
	fLowerNext2
	fShape
	fShapePrev
	fShapeNext
	fShapeWindow
	fPrefix
	fSuffix
	fBigramPrev
	fBigramNext
	fTagPrev
	fTagPrev2
	fTagPrevLower
	fTagPrevShape
	fClass
	fClassPrev
	fClassNext
	fGaz
	fGazCap
	fGazPrev
	fGazNext
	fFirst
	fCapsSentence
	fHist
	fHistMajor
	fLength
	fShortShape
	fTagPrevShapeNext
	fLowerPrevShape
	fNextLowerShape
	fHistO
	fFirst1
	fFirstPrev
	fFirstNext
	fFirstShape
	fFirstWindow
	fDoc
	fDocMajor
	fDocAgree
	fTrigram
)

func mix(a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ b
	x ^= x >> 31
	x *= 0xD6E8FEB86659FD93
	x ^= x >> 29
	return x
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

var (
	hashStart = hashString("\x00<s>")
	hashEnd   = hashString("\x00</s>")
)

// tokenInfo is what the feature templates read about one token, computed
// once per token.
type tokenInfo struct {
	lower, word, shape, short uint64
	prefix, suffix            [4]uint64
	nAffix                    int
	trigrams                  []uint64
	classes                   []uint16
	gaz                       []gazHit
	capital                   bool // starts with an upper-case letter
	length                    uint64
}

// gazHit says token is at position pos ('B','I','L','U') of a phrase in
// gazetteer list.
type gazHit struct {
	list uint8
	pos  byte
}

// sentenceInfo is the per-sentence precomputation.
type sentenceInfo struct {
	toks     []tokenInfo
	lowers   []string
	allCaps  bool
	nonLatin bool
	// first holds the labels the first-pass model gave the sentence, and
	// doc what it said about the whole document, when the model has a
	// first pass.
	first []int
	doc   *docView
}

// docView is what the first pass said about a whole document: for each
// lower-cased word written with a capital, how often it was tagged with
// each type anywhere in the document. A name tagged PER in one sentence
// ("Takuya Takagi scored") is likely PER in another that is harder to read
// (a team list, a headline in capitals).
type docView struct {
	counts map[string][]uint16
}

func (d *docView) build(ls labelSet, doc [][]string, labels [][]int) {
	if d.counts == nil {
		d.counts = make(map[string][]uint16)
	}
	clear(d.counts)
	for s, words := range doc {
		for i, w := range words {
			_, t := ls.parts(labels[s][i])
			if t < 0 || !startsUpper(w) {
				continue
			}
			lw := strings.ToLower(w)
			c := d.counts[lw]
			if c == nil {
				c = make([]uint16, len(ls.types))
				d.counts[lw] = c
			}
			if c[t] < 65535 {
				c[t]++
			}
		}
	}
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func (m *Model) prepare(words []string, si *sentenceInfo) {
	n := len(words)
	if cap(si.toks) < n {
		si.toks = make([]tokenInfo, n)
		si.lowers = make([]string, n)
	}
	si.toks = si.toks[:n]
	si.lowers = si.lowers[:n]
	si.first, si.doc = nil, nil
	upper, letters, latin := 0, 0, 0
	for i, w := range words {
		lw := strings.ToLower(w)
		si.lowers[i] = lw
		t := &si.toks[i]
		*t = tokenInfo{classes: t.classes[:0], gaz: t.gaz[:0], trigrams: t.trigrams[:0]}
		if m.trigrams && len(lw) > 3 {
			padded := "^" + lw + "$"
			for k := 0; k+3 <= len(padded); k++ {
				t.trigrams = append(t.trigrams, hashString(padded[k:k+3]))
			}
		}
		t.word = hashString(w)
		t.lower = hashString(lw)
		sh, short := shapes(w)
		t.shape, t.short = sh, short
		t.nAffix = 0
		if utf8.RuneCountInString(lw) > 1 {
			for k := 1; k <= 4; k++ {
				if k >= len(lw) {
					break
				}
				t.prefix[k-1] = hashString(lw[:k]) + uint64(k)
				t.suffix[k-1] = hashString(lw[len(lw)-k:]) + uint64(k)
				t.nAffix = k
			}
		}
		r, _ := utf8.DecodeRuneInString(w)
		t.capital = unicode.IsUpper(r)
		l := len(w)
		if l > 12 {
			l = 12
		}
		t.length = uint64(l)
		if cls, ok := m.classes.lookup(w); ok {
			t.classes = append(t.classes, cls...)
		}
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
				if r < 0x250 {
					latin++
				}
			}
		}
	}
	si.allCaps = letters >= 4 && upper*10 >= letters*9
	si.nonLatin = letters > 0 && latin*2 < letters
	m.gazetteer.annotate(si)
}

// shapes returns hashes of a word's shape ("Xxxxx" capped at 6 runs of the
// same class) and its short shape (runs collapsed: "Xx", "X.X.", "d-d").
func shapes(w string) (uint64, uint64) {
	var buf [24]byte
	var sbuf [12]byte
	n, sn := 0, 0
	var last byte
	run := 0
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < 128:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			run++
		} else {
			run = 1
			if sn < len(sbuf) {
				sbuf[sn] = c
				sn++
			}
		}
		last = c
		if run <= 4 && n < len(buf) {
			buf[n] = c
			n++
		}
	}
	return hashString(string(buf[:n])), hashString(string(sbuf[:sn])) ^ 0x5bd1e995
}

// history counts, per lower-cased word, the labels the tagger gave the same
// word earlier in the document: the "extended prediction history" of
// Ratinov and Roth (2009). A surname tagged PER in its first, unambiguous
// mention ("Prime Minister Jane Fell") helps its later bare mentions
// ("Fell said") and all-capital headlines.
type history struct {
	counts map[string][]uint16 // lower-cased word -> count per type, then O
}

func (h *history) reset() {
	if h.counts == nil {
		h.counts = make(map[string][]uint16)
	}
	clear(h.counts)
}

func (h *history) add(ls labelSet, lower string, label int) {
	c := h.counts[lower]
	if c == nil {
		c = make([]uint16, len(ls.types)+1)
		h.counts[lower] = c
	}
	_, t := ls.parts(label)
	if t < 0 {
		t = len(ls.types)
	}
	if c[t] < 65535 {
		c[t]++
	}
}

// features appends the hashed features of token i given the labels of the
// two tokens before it: the token's own (wordFeatures), then its
// context's (contextFeatures).
//
// With hideWord, the features that name the token itself are left out: in
// training this is done at random, so the model cannot lean on memorised
// words alone and must learn the context, shape, gazetteer and class
// evidence that still works on names it has never seen.
func (m *Model) features(out []uint64, si *sentenceInfo, i int, prev, prev2 int, h *history, hideWord bool) []uint64 {
	out = wordFeatures(out, &si.toks[i], si.allCaps, hideWord)
	return m.contextFeatures(out, si, i, prev, prev2, h, hideWord)
}

// wordFeatures appends the features that read nothing but the token and
// whether its sentence is in capitals, so a word's score from them is the
// same wherever it is (the tagger keeps it: wordScores).
func wordFeatures(out []uint64, t *tokenInfo, allCaps, hideWord bool) []uint64 {
	caps := uint64(0)
	if allCaps {
		caps = 1
	}
	if !hideWord {
		out = append(out, mix(fLower, t.lower), mix(fWord, t.word))
		if allCaps {
			out = append(out, mix(fCapsSentence, t.lower))
		}
	}
	out = append(out,
		fBias,
		mix(fShape, t.shape),
		mix(fShortShape, t.short^caps),
		mix(mix(fLength, t.length), t.short),
	)
	for _, g := range t.trigrams {
		out = append(out, mix(fTrigram, g))
	}
	for k := 0; k < t.nAffix; k++ {
		out = append(out, mix(fPrefix, t.prefix[k]), mix(fSuffix, t.suffix[k]))
	}
	for lvl, c := range t.classes {
		out = append(out, mix(mix(fClass, uint64(lvl)), uint64(c)))
	}
	return out
}

// contextFeatures appends the features of token i that read its
// neighbours, its position, the labels before it, the gazetteer phrases
// around it, the first pass and the document.
func (m *Model) contextFeatures(out []uint64, si *sentenceInfo, i int, prev, prev2 int, h *history, hideWord bool) []uint64 {
	toks := si.toks
	t := &toks[i]
	at := func(k int) *tokenInfo {
		if k < 0 || k >= len(toks) {
			return nil
		}
		return &toks[k]
	}
	lowerAt := func(k int) uint64 {
		switch {
		case k < 0:
			return hashStart
		case k >= len(toks):
			return hashEnd
		}
		return toks[k].lower
	}
	shapeAt := func(k int) uint64 {
		switch {
		case k < 0:
			return hashStart
		case k >= len(toks):
			return hashEnd
		}
		return toks[k].short
	}
	if !hideWord {
		out = append(out,
			mix(mix(fBigramPrev, lowerAt(i-1)), t.lower),
			mix(mix(fBigramNext, t.lower), lowerAt(i+1)),
			mix(mix(fTagPrevLower, uint64(prev+1)), t.lower),
		)
	}
	out = append(out,
		mix(fLowerPrev, lowerAt(i-1)),
		mix(fLowerNext, lowerAt(i+1)),
		mix(fLowerPrev2, lowerAt(i-2)),
		mix(fLowerNext2, lowerAt(i+2)),
		mix(fShapePrev, shapeAt(i-1)),
		mix(fShapeNext, shapeAt(i+1)),
		mix(mix(mix(fShapeWindow, shapeAt(i-1)), t.short), shapeAt(i+1)),
		mix(fTagPrev, uint64(prev+1)),
		mix(mix(fTagPrev2, uint64(prev+1)), uint64(prev2+1)),
		mix(mix(fTagPrevShape, uint64(prev+1)), t.short),
		mix(mix(mix(fTagPrevShapeNext, uint64(prev+1)), t.short), shapeAt(i+1)),
		mix(mix(fLowerPrevShape, lowerAt(i-1)), t.short),
		mix(mix(fNextLowerShape, lowerAt(i+1)), t.short),
	)
	if i == 0 {
		out = append(out, mix(fFirst, t.short))
	}
	if p := at(i - 1); p != nil {
		for lvl, c := range p.classes {
			out = append(out, mix(mix(fClassPrev, uint64(lvl)), uint64(c)))
		}
	}
	if n := at(i + 1); n != nil {
		for lvl, c := range n.classes {
			out = append(out, mix(mix(fClassNext, uint64(lvl)), uint64(c)))
		}
	}
	for _, g := range t.gaz {
		k := uint64(g.list)<<8 | uint64(g.pos)
		out = append(out, mix(fGaz, k))
		if t.capital {
			out = append(out, mix(fGazCap, k))
		}
	}
	if p := at(i - 1); p != nil {
		for _, g := range p.gaz {
			out = append(out, mix(fGazPrev, uint64(g.list)))
		}
	}
	if n := at(i + 1); n != nil {
		for _, g := range n.gaz {
			out = append(out, mix(fGazNext, uint64(g.list)))
		}
	}
	if si.first != nil {
		firstAt := func(k int) uint64 {
			if k < 0 || k >= len(si.first) {
				return 255
			}
			return uint64(si.first[k])
		}
		a := firstAt(i)
		out = append(out,
			mix(fFirst1, a),
			mix(fFirstPrev, firstAt(i-1)),
			mix(fFirstNext, firstAt(i+1)),
			mix(mix(fFirstShape, a), t.short),
			mix(mix(mix(fFirstWindow, firstAt(i-1)), a), firstAt(i+1)),
		)
		if c := si.doc.counts[si.lowers[i]]; c != nil && (t.capital || si.allCaps) {
			best, bestN := 0, uint16(0)
			for ty, n := range c {
				if n > 0 {
					out = append(out, mix(fDoc, uint64(ty)))
					if n > bestN {
						best, bestN = ty, n
					}
				}
			}
			out = append(out, mix(fDocMajor, uint64(best)), mix(mix(fDocAgree, uint64(best)), a))
		}
	}
	if h != nil && (t.capital || si.allCaps) {
		if c := h.counts[si.lowers[i]]; c != nil {
			best, bestN := -1, uint16(0)
			for ty, n := range c[:len(c)-1] {
				if n > 0 {
					out = append(out, mix(fHist, uint64(ty)))
					if n > bestN {
						best, bestN = ty, n
					}
				}
			}
			if best >= 0 {
				out = append(out, mix(fHistMajor, uint64(best)))
			} else if c[len(c)-1] > 0 {
				out = append(out, fHistO)
			}
		}
	}
	return out
}
