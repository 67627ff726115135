package quantity

import (
	"math"
	"strings"

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

// amount parses a number at token k: an optional currency and sign, the
// number in digits or words, and a scale word. joined is set for the upper
// end of "20-30", which a dash attaches to the lower.
func (m *matcher) amount(k int, joined bool) (amount, status) {
	a := amount{start: k, numTok: -1, mul: 1, dash: -1}
	if unit, n := m.currencyPrefix(k); n > 0 {
		a.unit, a.ukind = unit, uCurrency
		k += n
	}
	neg := false
	if n := m.minus(k); n > 0 {
		neg = true
		k += n
	}
	a.first = k
	var st status
	switch t := m.tok(k); {
	case t.kind == kNum:
		st = m.digits(&a, k, joined)
	case t.kind == kWord && a.ukind == uNone:
		st = m.words(&a, k)
	}
	if st == stOK && neg {
		if !a.exact() {
			return a, stNo
		}
		a.set(-a.val)
		a.base = -a.base
	}
	return a, st
}

// currencyPrefix matches a currency written before a number: "$", "€",
// "US$", "USD ", "Rs.".
func (m *matcher) currencyPrefix(k int) (string, int) {
	t := m.tok(k)
	switch t.kind {
	case kSym:
		if c, ok := currencySymbols[t.r]; ok && m.tok(k+1).kind == kNum {
			return c, 1
		}
	case kWord:
		if c, ok := dollarPrefixes[m.word(k)]; ok && m.isSym(k+1, '$') && m.attached(k+1) && m.tok(k+2).kind == kNum {
			return c, 2
		}
		if t.caps && t.info != nil && t.info.class&cCode != 0 && m.tok(k+1).kind == kNum && m.tok(k+1).gap {
			return t.info.unit, 1
		}
		if m.word(k) == "Rs" {
			n := 1
			if m.isSym(k+1, '.') && m.attached(k+1) {
				n = 2
			}
			if m.tok(k+n).kind == kNum {
				return "INR", n
			}
		}
	}
	return "", 0
}

// minus matches a minus sign: "-3°C", "minus 5".
func (m *matcher) minus(k int) int {
	t := m.tok(k)
	if t.kind == kSym && (t.r == '-' || t.r == '−') && m.tok(k+1).kind == kNum && m.attached(k+1) {
		// A dash attached to a word or number on its left joins them
		// ("F-16", "20-30"); a sign stands apart.
		if p := m.tok(k - 1); t.gap || p.kind == kNone || (p.kind == kSym && isOpener(p.r)) {
			return 1
		}
	}
	if m.key(k) == "minus" && m.tok(k+1).gap && (m.tok(k+1).kind == kNum || m.has(k+1, cSmall|cTeen|cTens)) {
		return 1
	}
	return 0
}

func isOpener(r rune) bool {
	switch r {
	case '(', '[', '"', '“', '‘', '\'', '~', '≈', '«', '„':
		return true
	}
	return false
}

// digits parses a number in digits at token k, with its scale word.
func (m *matcher) digits(a *amount, k int, joined bool) status {
	t := m.tok(k)
	// A number attached to a word or another number on its left is part of
	// a name or code: "G7", "COVID-19", "F-16", "#5", "+44".
	if !t.gap && k == a.start && !joined {
		if p := m.tok(k - 1); p.kind != kSym || !isOpener(p.r) {
			a.end = m.skipJoined(k)
			return stDrop
		}
	}
	if t.num.lead0 {
		a.end = m.skipJoined(k)
		return stDrop
	}
	if n, end := m.chain(k); n >= 3 {
		a.end = end // "2024-03-12", "212-555-0100"
		return stDrop
	} else if n == 2 {
		b := &m.tok(k + 2).num
		if b.lead0 || (t.num.plainInt() && b.plainInt() && t.num.digits == 3 && b.digits == 4) {
			a.end = end // "555-1234", "2024-03"
			return stDrop
		}
		a.dash = k + 1
	}
	a.numTok = k
	a.base = t.num.value()
	a.set(a.base)
	k++
	if pow, mul, n := m.scale(k, a); n > 0 {
		a.mul = mul * pow10[pow]
		a.set(decimal(t.num.mant, int(t.num.exp)+pow) * mul)
		k += n
	}
	a.end = k
	// A number attached to letters on its right is an ordinal, decade,
	// time or name ("3rd", "1990s", "10am", "4G") unless they are a unit.
	if w := m.tok(k); w.kind == kWord && !w.gap && !m.attachedUnitAt(k) {
		a.end = m.skipJoined(k)
		return stDrop
	}
	return stOK
}

// skipJoined returns the token after the run of tokens joined to k.
func (m *matcher) skipJoined(k int) int {
	k++
	for m.attached(k) && m.tok(k).kind != kSym {
		k++
	}
	return k
}

// chain counts numbers joined by attached dashes from token k: 2 for
// "20-30", 3 for "2024-03-12". It returns the token after the chain.
func (m *matcher) chain(k int) (int, int) {
	n := 1
	for m.tok(k+1).kind == kSym && isDash(m.tok(k+1).r) && m.attached(k+1) &&
		m.tok(k+2).kind == kNum && m.attached(k+2) {
		n++
		k += 2
	}
	return n, k + 1
}

// scale matches a scale word after a number at token k: "million",
// "hundred thousand", "dozen", or an abbreviation: "bn", and "m" or "k"
// next to money or before a counted noun ("€200m", "1.5m people").
// It returns the power of ten, a further multiplier and the tokens used.
func (m *matcher) scale(k int, a *amount) (pow int, mul float64, n int) {
	t := m.tok(k)
	if t.kind != kWord || t.info == nil {
		return 0, 1, 0
	}
	info := t.info
	if info.class&cAbbr != 0 {
		if !t.gap && (!info.weak || a.ukind == uCurrency || m.currencyAt(k+1) ||
			(info.key != "b" && m.pluralAhead(k+1))) {
			return info.pow, 1, 1
		}
		if t.gap && !info.weak {
			return info.pow, 1, 1
		}
		return 0, 1, 0
	}
	if !t.gap {
		return 0, 1, 0
	}
	switch {
	case info.class&cHundred != 0:
		if n := m.tok(k + 1); n.gap && m.has(k+1, cScale) {
			return info.pow + n.info.pow, 1, 2
		}
		return info.pow, 1, 1
	case info.class&cScale != 0:
		return info.pow, 1, 1
	case info.class&cDozen != 0:
		return 0, 12, 1
	}
	return 0, 1, 0
}

// currencyAt reports whether a currency word or code follows at token k.
func (m *matcher) currencyAt(k int) bool {
	t := m.tok(k)
	return t.gap && (m.has(k, cCurrency) || (t.caps && m.has(k, cCode)))
}

// pluralAhead reports whether a counted noun phrase starts at token k.
func (m *matcher) pluralAhead(k int) bool {
	_, ok := m.pluralRun(k)
	return ok
}

// attachedUnitAt reports whether token k, attached to a number, is a unit
// or scale abbreviation rather than the tail of a name or ordinal.
func (m *matcher) attachedUnitAt(k int) bool {
	_, n := m.attachedUnit(k)
	return n > 0 || m.has(k, cAbbr)
}

// words parses a number in words at token k: "twenty-seven", "a hundred",
// "two dozen", "hundreds", "a few", "several", "half", "two-thirds".
func (m *matcher) words(a *amount, k int) status {
	t := m.tok(k)
	info := t.info
	if info == nil {
		return stNo
	}
	switch {
	case info.key == "a" || info.key == "an":
		return m.afterA(a, k)
	case info.key == "half":
		return m.half(a, k)
	case info.class&cFracWord != 0:
		a.fraction(info.n, k+1)
		return stOK
	case info.class&cPluralScale != 0:
		return m.pluralScale(a, k)
	case info.key == "several":
		return m.quantifier(a, k+1, info)
	case info.class&(cSmall|cTeen|cTens) != 0:
		return m.spelled(a, k, false)
	}
	return stNo
}

// afterA parses the amounts that start with "a": "a hundred", "a dozen",
// "a few", "a couple of", "a handful of", "a third of".
func (m *matcher) afterA(a *amount, k int) status {
	n := m.tok(k + 1)
	if !n.gap || n.kind != kWord || n.info == nil {
		return stNo
	}
	info := n.info
	switch {
	case info.class&(cHundred|cScale|cDozen) != 0:
		return m.spelled(a, k, true)
	case info.key == "few":
		return m.quantifier(a, k+2, info)
	case info.key == "couple" || info.key == "handful":
		e := k + 2
		if m.key(e) == "of" && m.has(e+1, cHundred|cScale|cDozen) {
			e++ // "a couple of hundred"
		}
		return m.quantifier(a, e, info)
	case info.class&cFrac != 0 && !info.plural && m.key(k+2) == "of":
		a.fraction(1/info.n, k+2)
		return stOK
	}
	return stNo
}

// quantifier finishes a vague count ("several", "a few") whose scale
// words, if any, start at token e: "several hundred", "a few thousand".
func (m *matcher) quantifier(a *amount, e int, info *wordInfo) status {
	lo, hi := info.lo, info.hi
	scaled := false
	for c := 0; c < 3 && m.tok(e).gap && m.has(e, cHundred|cScale|cDozen); c++ {
		mul := m.tok(e).info.n
		lo, hi = lo*mul, hi*mul
		scaled = true
		e++
	}
	if info.needOf && !scaled && m.key(e) != "of" {
		return stNo // "a couple" alone is two people, not a count
	}
	a.val, a.lo, a.hi = lo, lo, hi
	a.vague, a.approx, a.end = true, true, e
	return stOK
}

// pluralScale parses "hundreds", "tens of thousands", "scores of".
func (m *matcher) pluralScale(a *amount, k int) status {
	info := m.tok(k).info
	lo, hi := info.lo, info.hi
	e := k + 1
	if m.key(e) == "of" && m.has(e+1, cPluralScale) && m.tok(e+1).info.n > 0 {
		mul := m.tok(e + 1).info.n
		lo, hi = lo*mul, (hi+1)*mul-1
		e += 2
	} else if info.needOf && m.key(e) != "of" {
		return stNo
	}
	a.val, a.lo, a.hi = lo, lo, hi
	a.vague, a.approx, a.end = true, true, e
	return stOK
}

// half parses "half a million", "half a dozen", and "half" as a fraction
// before "of" or a determiner ("half the votes").
func (m *matcher) half(a *amount, k int) status {
	if (m.key(k+1) == "a" || m.key(k+1) == "an") && m.has(k+2, cHundred|cScale|cDozen) {
		a.set(0.5 * m.tok(k+2).info.n)
		a.spelled, a.end = true, k+3
		return stOK
	}
	if m.key(k+1) == "of" || m.has(k+1, cDet) {
		a.fraction(0.5, k+1)
		return stOK
	}
	return stNo
}

// wordPos is what the previous word of a spelled number was.
type wordPos uint8

const (
	pNone wordPos = iota
	pA
	pSmall
	pTeen
	pTens     // "twenty"
	pTensUnit // "twenty-seven", "twenty seven"
	pHundred
	pScale
	pAnd
)

// spelled parses a number in words from token k; aStart when it starts
// with "a"/"an" standing for one ("a hundred and twenty").
func (m *matcher) spelled(a *amount, k int, aStart bool) status {
	total, cur, last := 0.0, 0.0, math.Inf(1)
	prev := pNone
	e := k
	if aStart {
		cur, prev, e = 1, pA, k+1
	}
	dozen := false
loop:
	for steps := 0; steps < 16 && !dozen; steps++ {
		t := m.tok(e)
		if t.kind != kWord || t.info == nil || (e > k && !t.gap) {
			break
		}
		info := t.info
		afterNumber := prev == pSmall || prev == pTeen || prev == pTens || prev == pTensUnit
		opening := prev == pNone || prev == pHundred || prev == pScale || prev == pAnd
		switch c := info.class; {
		case c&cSmall != 0 && info.n > 0:
			switch {
			case opening:
				prev = pSmall
			case prev == pTens:
				prev = pTensUnit
			default:
				break loop
			}
			cur += info.n
		case c&cSmall != 0: // zero
			if prev != pNone {
				break loop
			}
			prev = pSmall
		case c&cTeen != 0:
			if !opening {
				break loop
			}
			cur += info.n
			prev = pTeen
		case c&cTens != 0:
			if !opening {
				break loop
			}
			cur += info.n
			prev = pTens
			if math.Mod(info.n, 10) != 0 {
				prev = pTensUnit
			}
		case c&cHundred != 0:
			if !(afterNumber || prev == pA) || prev == pTens || cur >= 100 {
				break loop
			}
			cur *= 100
			prev = pHundred
		case c&cScale != 0:
			if !(afterNumber || prev == pA || prev == pHundred) || info.n >= last {
				break loop
			}
			total += cur * info.n
			cur, last, prev = 0, info.n, pScale
		case c&cDozen != 0:
			if !(afterNumber || prev == pA) || total != 0 || cur >= 100 {
				break loop
			}
			cur *= 12
			dozen, prev = true, pSmall
		case info.key == "and":
			if (prev != pHundred && prev != pScale) || !m.has(e+1, cSmall|cTeen|cTens) || !m.tok(e+1).gap {
				break loop
			}
			prev = pAnd
		default:
			break loop
		}
		e++
	}
	if prev == pA || e == k {
		return stNo
	}
	a.spelled = true
	a.end = e
	v := total + cur
	// "two thirds of", "one third of", "three quarters": fractions.
	if n := m.tok(e); e == k+1 && n.gap && m.has(e, cFrac) && v >= 1 && v <= 10 && !aStart {
		d := n.info
		if d.n > v && ((v == 1 && !d.plural && m.key(e+1) == "of") || (v > 1 && d.plural)) {
			a.fraction(v/d.n, e+1)
			return stOK
		}
	}
	a.set(v)
	a.base = v
	a.one = e == k+1 && m.key(k) == "one"
	return stOK
}

// modifiers reads the marks right after a number that say "at least" or
// "a little more": "300+", "300-plus", "40-odd".
func (m *matcher) modifiers(a *amount) {
	if a.numTok < 0 || a.end != a.numTok+1 {
		return
	}
	k := a.end
	switch {
	case m.isSym(k, '+') && m.attached(k):
		a.post, a.end = hGE, k+1
	case m.tok(k).kind == kSym && isDash(m.tok(k).r) && m.attached(k) && m.attached(k+1):
		switch m.key(k + 1) {
		case "plus":
			a.post, a.end = hGE, k+2
		case "odd":
			a.post, a.end = hOdd, k+2
		}
	}
}

// tightUnit reads a unit written right after the number: a symbol, an
// abbreviation, a unit or currency word ("%", "km", "per cent", "euros",
// "-year-old").
func (m *matcher) tightUnit(a *amount) {
	if a.ukind != uNone {
		return
	}
	k := a.end
	t := m.tok(k)
	switch t.kind {
	case kSym:
		switch t.r {
		case '%', '％':
			a.unit, a.ukind, a.end = "percent", uPercent, k+1
		case '℃':
			a.unit, a.ukind, a.end = "°C", uMeasure, k+1
		case '℉':
			a.unit, a.ukind, a.end = "°F", uMeasure, k+1
		case '°', 'º':
			a.unit, a.ukind, a.end = "degrees", uMeasure, k+1
			if m.attached(k + 1) {
				switch m.word(k + 1) {
				case "C":
					a.unit, a.end = "°C", k+2
				case "F":
					a.unit, a.end = "°F", k+2
				}
			}
		default:
			if isDash(t.r) && m.attached(k) && m.attached(k+1) {
				m.hyphenUnit(a, k+1)
			}
		}
	case kWord:
		if !t.gap {
			if unit, n := m.attachedUnit(k); n > 0 {
				a.unit, a.ukind, a.end = unit, uMeasure, k+n
			}
			return
		}
		m.wordUnit(a, k)
	}
}

// attachedUnit matches a unit attached to a number: "30km", "5C", "100m",
// "90km/h". It returns the unit and the tokens used.
func (m *matcher) attachedUnit(k int) (string, int) {
	t := m.tok(k)
	if t.kind != kWord || t.info == nil || t.info.class&cUnit == 0 || t.info.attach&aAttached == 0 {
		return "", 0
	}
	w := m.word(k)
	info := t.info
	if (info.upper && w != strings.ToUpper(w)) || (info.lower && w != strings.ToLower(w)) {
		return "", 0
	}
	if info.key == "km" && m.isSym(k+1, '/') && m.attached(k+1) && m.attached(k+2) && m.key(k+2) == "" && m.word(k+2) == "h" {
		return "km/h", 3
	}
	if info.unit != "" {
		return info.unit, 1
	}
	return w, 1
}

// wordUnit reads a unit word after a space: "percent", "per cent",
// "percentage points", "euros", "USD", "US dollars", "km", "degrees
// Celsius", "square kilometres".
func (m *matcher) wordUnit(a *amount, k int) {
	t := m.tok(k)
	info := t.info
	if n := m.usAt(k); n > 0 && (m.key(k+n) == "dollar" || m.key(k+n) == "dollars") && m.tok(k+n).gap {
		a.unit, a.ukind, a.end = "USD", uCurrency, k+n+1
		return
	}
	if info == nil {
		return
	}
	switch {
	case info.class&cPercent != 0:
		a.unit, a.ukind, a.end = "percent", uPercent, k+1
	case info.key == "per" && m.key(k+1) == "cent":
		a.unit, a.ukind, a.end = "percent", uPercent, k+2
	case info.key == "percentage" && (m.key(k+1) == "point" || m.key(k+1) == "points"):
		a.unit, a.ukind, a.end = "percentage points", uMeasure, k+2
	case info.class&cCurrency != 0:
		a.unit, a.ukind, a.end = info.unit, uCurrency, k+1
		if m.key(k+1) == "sterling" {
			a.end++
		}
	case t.caps && info.class&cCode != 0:
		a.unit, a.ukind, a.end = info.unit, uCurrency, k+1
	case info.key == "square" || info.key == "sq" || info.key == "cubic":
		if m.has(k+1, cUnit) && m.tok(k+1).gap {
			a.unit, a.ukind, a.end = m.phrase(k, k+2), uMeasure, k+2
		}
	case info.class&cUnit != 0 && info.attach&aGap != 0:
		a.unit, a.ukind, a.end = m.word(k), uMeasure, k+1
		if info.unit != "" {
			a.unit = info.unit
		}
		if info.key == "degree" || info.key == "degrees" {
			switch w := m.tok(k + 1); {
			case !w.gap:
			case m.key(k+1) == "celsius" || m.key(k+1) == "centigrade" || m.word(k+1) == "C":
				a.unit, a.end = "°C", k+2
			case m.key(k+1) == "fahrenheit" || m.word(k+1) == "F":
				a.unit, a.end = "°F", k+2
			}
		}
	}
}

// usAt matches "US" or "U.S." at token k, returning its length in tokens.
func (m *matcher) usAt(k int) int {
	switch {
	case m.word(k) == "US":
		return 1
	case m.word(k) == "U" && m.isSym(k+1, '.') && m.attached(k+1) && m.word(k+2) == "S" && m.attached(k+2) &&
		m.isSym(k+3, '.') && m.attached(k+3):
		return 4
	}
	return 0
}

// hyphenUnit reads the word a hyphen joins to a number: "45-year-old",
// "a 10-year sentence", "a 27-member bloc".
func (m *matcher) hyphenUnit(a *amount, k int) {
	t := m.tok(k)
	if t.kind != kWord {
		return
	}
	info := t.info
	switch {
	case info != nil && info.class&cAgeSuffix != 0:
		a.unit, a.ukind, a.end = info.unit, uAge, k+1
	case info != nil && info.key == "strong":
		a.end = k + 1 // "a 1,000-strong force": the force is not counted in forces
	case info != nil && info.class&cUnit != 0:
		a.unit, a.ukind, a.end = m.word(k), uMeasure, k+1
		if info.unit != "" {
			a.unit = info.unit
		}
	case !t.upper && (info == nil || info.class&(cStop|cNumber|cFrac|cClock) == 0):
		a.unit, a.ukind, a.end = m.word(k), uNoun, k+1
	}
}

// rangeAfter reads the upper end of a range after a: "20 to 30",
// "two or three", "20 – 30"; with want set, only after that word
// ("between 20 and 30", "from 20 to 30").
func (m *matcher) rangeAfter(a *amount, want string) bool {
	if !a.exact() || a.post != hNone {
		return false
	}
	k := a.end
	t := m.tok(k)
	spacedDash := t.kind == kSym && (isDash(t.r) || t.r == '—') && t.gap && m.tok(k+1).gap
	switch want {
	case "":
		if m.key(k) != "to" && m.key(k) != "or" && !spacedDash {
			return false
		}
	case "to":
		if m.key(k) != "to" && !spacedDash {
			return false
		}
	default:
		if m.key(k) != want {
			return false
		}
	}
	return m.rangeTo(a, k+1, want == "and")
}

// rangeTo reads the upper end of a range at token k. A scale word on the
// upper end carries over to the lower when the lower is the smaller number
// ("between 2 and 3 million" is [2e6, 3e6]; "500 to 3 million" is not).
func (m *matcher) rangeTo(a *amount, k int, between bool) bool {
	if !a.exact() {
		return false
	}
	b, st := m.amount(k, !m.tok(k).gap)
	if st != stOK || !b.exact() {
		return false
	}
	m.tightUnit(&b)
	lo := a.val
	if a.mul == 1 && b.mul != 1 && a.base < b.base {
		lo = a.base * b.mul
		a.mul = b.mul
	}
	hi := b.val
	if !(hi > lo) || (!between && lo > 0 && hi > 100*lo) || (m.yearLike(&b) && !m.yearLike(a)) {
		return false
	}
	switch {
	case a.unit == "":
		a.unit, a.ukind = b.unit, b.ukind
	case b.unit != "" && !SameUnit(a.unit, b.unit):
		return false
	}
	a.val, a.lo, a.hi = lo, lo, hi
	a.end, a.ranged, a.approx = b.end, true, true
	return true
}

// yearLike reports whether a is a bare four-digit number that could be a
// year: 1000 to 2100, digits only, no unit.
func (m *matcher) yearLike(a *amount) bool {
	if a.numTok < 0 || a.mul != 1 || a.ukind != uNone {
		return false
	}
	n := &m.tok(a.numTok).num
	return n.plainInt() && n.digits == 4 && a.base >= 1000 && a.base <= 2100
}

// fractionIn reads "one in three", "1 in 5", "one out of every four".
func (m *matcher) fractionIn(a *amount) {
	if !a.exact() || a.ukind != uNone || a.val < 1 || a.val > 10 || a.val != math.Trunc(a.val) {
		return
	}
	k := a.end
	switch {
	case m.key(k) == "in":
		k++
	case m.key(k) == "out" && m.key(k+1) == "of":
		k += 2
	default:
		return
	}
	if m.key(k) == "every" {
		k++
	}
	d, st := m.amount(k, false)
	if st != stOK || !d.exact() || d.ukind != uNone || d.val <= a.val || d.val > 1000 || d.val != math.Trunc(d.val) {
		return
	}
	if m.tightUnit(&d); d.ukind != uNone {
		return // "1 in 30 days"
	}
	a.fraction(a.val/d.val, d.end)
}

// nounUnit reads the counted noun phrase after an amount that has no
// unit yet: "27 individuals and companies", "hundreds of civilians",
// "one person".
func (m *matcher) nounUnit(a *amount) {
	if a.ukind != uNone {
		return
	}
	k := a.end
	if a.vague && m.key(k) == "of" {
		e := k + 1
		if m.has(e, cDet) && m.tok(e).gap {
			e++
		}
		if m.currencyAt(e) {
			a.unit, a.ukind, a.end = m.tok(e).info.unit, uCurrency, e+1
			return
		}
		if end, ok := m.nounPhrase(e, false); ok {
			a.unit, a.ukind, a.end = m.phrase(e, end), uNoun, end
		}
		return
	}
	end, ok := m.nounPhrase(k, a.val == 1 && a.exact())
	if !ok {
		return
	}
	if a.numTok >= 0 && m.tok(a.numTok).num.dot3 && a.mul == 1 {
		// "1.500 people": thousands, since people come whole.
		n := &m.tok(a.numTok).num
		a.set(decimal(n.mant, 0))
		a.base = a.val
	}
	a.unit, a.ukind, a.end = m.phrase(k, end), uNoun, end
}

// maxModifiers is how many words may stand between a number and its noun.
const maxModifiers = 3

// nounPhrase finds the counted noun phrase from token k: up to three
// modifiers and a plural head ("new consulates", "police officers"),
// optionally coordinated with a second ("individuals and companies").
// With singular set (after "one" or "1") a singular head will do.
func (m *matcher) nounPhrase(k int, singular bool) (int, bool) {
	if e, ok := m.pluralRun(k); ok {
		c := m.tok(e)
		if c.gap && (m.key(e) == "and" || m.key(e) == "or" || (c.kind == kSym && c.r == '&')) {
			if e2, ok := m.pluralRun(e + 1); ok {
				return e2, true
			}
		}
		return e, true
	}
	if !singular {
		return k, false
	}
	e := k
	for e-k < 2 && m.content(e) {
		e++
	}
	for e > k && m.verbish(e-1) {
		e--
	}
	return e, e > k
}

// pluralRun matches modifiers and a plural head from token k, and up to
// two more plural nouns of a compound ("gas stations").
func (m *matcher) pluralRun(k int) (int, bool) {
	for e := k; e <= k+maxModifiers && m.content(e); e++ {
		if m.plural(e) {
			e++
			for n := 0; n < 2 && m.content(e) && m.plural(e); n++ {
				e++
			}
			return e, true
		}
	}
	return k, false
}

// content reports whether token k can be part of a noun phrase.
func (m *matcher) content(k int) bool {
	t := m.tok(k)
	if t.kind != kWord || !t.gap {
		return false
	}
	if t.info == nil {
		return true
	}
	c := t.info.class
	if c&cMonth != 0 && t.upper {
		return false
	}
	return c&(cStop|cNumber|cClock|cHedge) == 0 || c&cPlural != 0
}

// plural reports whether token k looks like a plural noun: a known one,
// or a word ending in -s but not -ss, -us, -is or -'s.
func (m *matcher) plural(k int) bool {
	t := m.tok(k)
	if t.info != nil {
		if t.info.class&cPlural != 0 {
			return true
		}
		if t.info.class&cStop != 0 {
			return false
		}
	}
	w := m.text[t.start:t.end]
	n := len(w)
	if n < 3 || w[n-1] != 's' {
		return false
	}
	switch p := w[n-2] | 0x20; {
	case p == 's' || p == 'u' || p == 'i':
		return false
	case p < 'a' || p > 'z':
		return false // "Israel's", "Israel’s"
	}
	return true
}

// verbish reports whether token k looks like a verb or adverb rather than
// a singular head noun: "one person killed", "one recently".
func (m *matcher) verbish(k int) bool {
	w := m.word(k)
	return len(w) >= 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ly"))
}

// phrase returns the text of tokens [k, end) with runs of space, line
// breaks included, written as one space.
func (m *matcher) phrase(k, end int) string {
	s := m.text[m.tok(k).start:m.tok(end-1).end]
	clean := true
	for x := k + 1; x < end && clean; x++ {
		if between := m.text[m.tok(x-1).end:m.tok(x).start]; between != "" && between != " " {
			clean = false
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for x := k; x < end; x++ {
		if x > k && m.tok(x).gap {
			b.WriteByte(' ')
		}
		t := m.tok(x)
		b.WriteString(m.text[t.start:t.end])
	}
	return b.String()
}

// postfix reads a hedge after the amount: "300 or more", "30 or so".
func (m *matcher) postfix(a *amount) {
	k := a.end
	if m.key(k) != "or" || a.post != hNone {
		return
	}
	if h, ok := postfixHedges[m.key(k+1)]; ok && m.tok(k+1).gap {
		a.post, a.end = h, k+2
	}
}

// reject reports whether a number is not an amount after all: a year,
// day of the month, label, time of day, telephone fragment, the pronoun
// "one", or a spelled number inside a name ("the Group of Seven").
func (m *matcher) reject(i int, hedged bool, a *amount) bool {
	if a.spelled && !a.ranged && m.tok(a.first).upper && !m.sentenceStart(a.first) {
		return true
	}
	if a.one && !a.ranged && a.ukind != uFraction {
		if a.ukind == uNone || m.has(a.first-1, cOneBlock) || m.has(a.first+1, cOneIdiom) {
			return true
		}
	}
	if a.numTok < 0 || a.mul != 1 || a.ukind == uCurrency || a.ukind == uPercent || a.ukind == uFraction || a.val < 0 {
		return false
	}
	n := &m.tok(a.numTok).num
	plain := n.plainInt()
	v := a.base
	if m.yearLike(a) && a.ukind == uNone {
		return true
	}
	if plain && n.digits == 4 && v >= 1800 && v <= 2100 &&
		(m.has(i-1, cTimePrep) || m.has(a.numTok-1, cDet|cOneBlock) || m.has(a.end-1, cYearNoun)) {
		return true // "in 2000 troops were sent", "the 2000 protests", "2019 elections"
	}
	if plain && v >= 1 && v <= 31 && n.digits <= 2 &&
		(m.monthBefore(a.numTok) || m.month(a.numTok+1) || (a.ukind == uNone && m.month(a.end))) {
		return true
	}
	if m.labelBefore(a.numTok) {
		return true
	}
	if a.ukind != uNone {
		return false
	}
	if plain && m.nameBefore(a.numTok) {
		return true // "Boeing 737", "Apollo 11"
	}
	if m.clockAfter(a.end) {
		return true
	}
	if !hedged && !a.ranged {
		next := a.end
		if m.isSym(next, ')') && m.attached(next) {
			next++
		}
		if m.tok(next).kind == kNum || (m.tok(a.numTok-1).kind == kNum && m.tok(a.numTok).gap) {
			return true // "+44 20 7946 0958"
		}
	}
	return false
}

// month reports whether token k is a capitalised month name.
func (m *matcher) month(k int) bool {
	return m.has(k, cMonth) && m.tok(k).upper && m.tok(k).gap
}

// monthBefore reports whether a month name, maybe abbreviated with a full
// stop, comes right before token k: "March 17", "Feb. 27".
func (m *matcher) monthBefore(k int) bool {
	p := k - 1
	if m.isSym(p, '.') {
		p--
	}
	return m.has(p, cMonth) && m.tok(p).upper
}

// labelBefore reports whether a label comes right before token k:
// "Article 5", "No. 10", "page 4".
func (m *matcher) labelBefore(k int) bool {
	p := k - 1
	dotted := m.isSym(p, '.') && m.attached(p)
	if dotted {
		p--
	}
	if !m.has(p, cLabel) {
		return false
	}
	if m.key(p) == "no" || m.key(p) == "number" {
		return dotted || m.tok(p).upper
	}
	return true
}

// nameBefore reports whether a capitalised word that does not open a
// sentence comes right before token k: "Boeing 737", "Windows 10".
func (m *matcher) nameBefore(k int) bool {
	p := m.tok(k - 1)
	if p.kind != kWord || !p.upper || !m.tok(k).gap || m.sentenceStart(k-1) {
		return false
	}
	return p.info == nil || p.info.class&(cStop|cHedge|cStart|cMonth|cTimePrep) == 0
}

// clockAfter reports whether a time-of-day word follows at token k:
// "10 am", "10 a.m.", "1500 GMT".
func (m *matcher) clockAfter(k int) bool {
	if m.has(k, cClock) {
		return true
	}
	w := m.word(k)
	return (w == "a" || w == "p" || w == "A" || w == "P") && m.isSym(k+1, '.') && m.attached(k+1) &&
		(m.word(k+2) == "m" || m.word(k+2) == "M") && m.attached(k+2)
}

// sentenceStart reports whether token k opens a sentence, line or quote.
func (m *matcher) sentenceStart(k int) bool {
	t := m.tok(k)
	if t.nl {
		return true
	}
	p := m.tok(k - 1)
	if p.kind == kNone {
		return true
	}
	if p.kind != kSym {
		return false
	}
	switch p.r {
	case '.', '!', '?', ':', ';', '"', '“', '”', '‘', '\'', '(', '[', '—', '–', '-', '•', '«':
		return true
	}
	return false
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
