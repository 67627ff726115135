package quantity

import (
	"math"

	"github.com/storywire/storywire/internal/model"
)

// status is what amount found at a token.
type status uint8

const (
	stNo   status = iota // no amount starts here
	stOK                 // an amount
	stDrop               // a number that is not an amount ("COVID-19", "555-1234"): skip it
)

// unitKind is where an amount's unit came from.
type unitKind uint8

const (
	uNone     unitKind = iota
	uNoun              // a counted noun phrase
	uMeasure           // km, tonnes, years, °C
	uPercent           // percent
	uCurrency          // an ISO currency code
	uFraction          // "a third", "two-thirds", "one in five"
	uAge               // "aged 45", "45-year-old"
)

// amount is a quantity being parsed: tokens [start, end) and its bounds.
type amount struct {
	start, end int
	val        float64
	lo, hi     float64
	inf        bool // hi is unbounded
	loOpen     bool
	hiOpen     bool
	approx     bool
	unit       string
	ukind      unitKind

	// How it was written, for the range rules and the filters.
	first   int       // the first token of the number itself, after a currency or sign
	numTok  int       // the digit token, -1 when spelled out
	base    float64   // the number before a scale word ("1.5" of "1.5 million")
	mul     float64   // the scale word's multiplier, 1 without one
	dash    int       // the attached dash of "20-30", -1 without one
	spelled bool      // words: "twenty-seven"
	one     bool      // the bare word "one"
	vague   bool      // "hundreds", "a few": bounds by nature
	ranged  bool      // "20 to 30"
	post    hedgeKind // "300+", "or more", "40-odd"
}

func (a *amount) set(v float64) {
	a.val, a.lo, a.hi = v, v, v
}

func (a *amount) fraction(v float64, end int) {
	a.set(v)
	a.unit, a.ukind, a.end = "fraction", uFraction, end
}

// exact reports whether the amount is one stated number.
func (a *amount) exact() bool { return !a.vague && a.ukind != uFraction && !a.ranged }

// matcher finds quantities in a window of tokens.
type matcher struct {
	text    string
	toks    []token
	nothing token // what tok returns outside the window
}

func (m *matcher) tok(k int) *token {
	if k < 0 || k >= len(m.toks) {
		return &m.nothing
	}
	return &m.toks[k]
}

// has reports whether token k is a word with any of the classes c.
func (m *matcher) has(k int, c class) bool {
	t := m.tok(k)
	return t.kind == kWord && t.info != nil && t.info.class&c != 0
}

// key returns token k's vocabulary key, "" when it has none.
func (m *matcher) key(k int) string {
	t := m.tok(k)
	if t.kind != kWord || t.info == nil {
		return ""
	}
	return t.info.key
}

func (m *matcher) word(k int) string {
	t := m.tok(k)
	return m.text[t.start:t.end]
}

func (m *matcher) isSym(k int, r rune) bool {
	t := m.tok(k)
	return t.kind == kSym && t.r == r
}

// attached reports whether token k follows the previous one with no space.
func (m *matcher) attached(k int) bool {
	t := m.tok(k)
	return t.kind != kNone && !t.gap
}

func isDash(r rune) bool { return r == '-' || r == '–' || r == '‐' || r == '‑' }

// canStart is a quick test of whether a quantity may start at token i.
func (m *matcher) canStart(i int) bool {
	t := m.tok(i)
	switch t.kind {
	case kNum:
		return true
	case kSym:
		_, money := currencySymbols[t.r]
		return money || t.r == '-' || t.r == '−' || t.r == '~' || t.r == '≈'
	case kWord:
		return t.info != nil && t.info.class&cStart != 0
	}
	return false
}

// match parses a quantity starting at token i. When there is none it
// returns the token to go on from.
func (m *matcher) match(i int) (model.Quantity, int, bool) {
	var q model.Quantity
	if !m.canStart(i) {
		return q, i + 1, false
	}
	j := i
	age := false
	if m.has(j, cAge) && m.tok(j+1).gap && (m.tok(j+1).kind == kNum || m.has(j+1, cHedge|cNumber)) {
		age, j = true, j+1
	}
	h, n := m.hedge(j)
	j += n
	a, st := m.amount(j, false)
	switch st {
	case stNo:
		return q, i + 1, false
	case stDrop:
		return q, max(a.end, i+1), false
	}
	m.modifiers(&a)
	m.tightUnit(&a)
	switch {
	case h == hBetween:
		if !m.rangeAfter(&a, "and") {
			return q, i + 1, false
		}
	case h == hFrom:
		if !m.rangeAfter(&a, "to") {
			return q, i + 1, false
		}
	case a.dash >= 0:
		if !m.rangeTo(&a, a.dash+1, false) {
			return q, max(a.dash+2, i+1), false // "3-1", "2010-11": scores, seasons
		}
	default:
		m.rangeAfter(&a, "")
	}
	m.fractionIn(&a)
	m.postfix(&a) // "300 or more people"
	m.nounUnit(&a)
	m.postfix(&a)
	if age && (a.ukind == uNone || a.ukind == uMeasure) {
		a.unit, a.ukind = "years", uAge
	}
	if m.reject(i, h != hNone, &a) {
		return q, max(a.end, i+1), false
	}
	a.hedge(h)
	a.hedge(a.post)
	return a.quantity(m.text, m.tok(i).start, m.tok(a.end-1).end), a.end, true
}

// hedge matches a hedge at token k: its kind and length in tokens.
func (m *matcher) hedge(k int) (hedgeKind, int) {
	t := m.tok(k)
	if t.kind == kSym && (t.r == '~' || t.r == '≈') {
		return hAbout, 1
	}
	if t.kind != kWord || t.info == nil {
		return hNone, 0
	}
	for _, h := range t.info.hedges {
		if m.seq(k, h.words) {
			return h.kind, len(h.words)
		}
	}
	return hNone, 0
}

// seq reports whether the tokens from k spell words.
func (m *matcher) seq(k int, words []string) bool {
	for x, w := range words {
		t := m.tok(k + x)
		if w == "." {
			if t.kind != kSym || t.r != '.' || t.gap {
				return false
			}
			continue
		}
		if t.kind != kWord || t.info == nil || t.info.key != w || (x > 0 && !t.gap) {
			return false
		}
	}
	return true
}

// hedge turns a's bounds into what the hedge allows. Lower bounds of
// "fewer than" and "up to" are 0 for positive numbers; below a negative
// one the text sets no bound, given as -MaxFloat64 (JSON has no infinity).
func (a *amount) hedge(h hedgeKind) {
	if h == hNone {
		return
	}
	a.approx = true
	switch h {
	case hGT, hGE:
		if a.ranged {
			a.lo = a.hi
		}
		a.loOpen, a.inf, a.hiOpen = h == hGT, true, false
	case hLT, hLE:
		a.hiOpen = h == hLT
		a.lo, a.loOpen = 0, false
		if a.hi <= 0 {
			a.lo = -math.MaxFloat64
		}
	case hNear:
		if a.lo >= 0 {
			a.lo -= a.lo / 10
			a.hiOpen = true
		} else {
			a.loOpen = true
			a.hi -= a.hi / 10
		}
	case hAbout:
		a.lo -= math.Abs(a.lo) / 10
		a.hi += math.Abs(a.hi) / 10
	case hOdd:
		a.hi += math.Abs(a.hi) / 4
	}
}

// quantity converts a into the model, spanning bytes [start, end).
func (a *amount) quantity(text string, start, end int) model.Quantity {
	q := model.Quantity{
		Start: start, End: end, Text: text[start:end],
		Value: a.val, Low: a.lo, LowOpen: a.loOpen,
		Unit: a.unit, Approximate: a.approx,
	}
	if !a.inf {
		hi := a.hi
		if hi < q.Low {
			q.Low, hi = hi, q.Low
		}
		q.High, q.HighOpen = &hi, a.hiOpen
	}
	return q
}
