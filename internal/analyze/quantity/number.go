package quantity

import "math"

// Numbers: an amount in digits or in words, with its currency, sign and
// scale word ("$1.5 million", "twenty-seven", "hundreds", "a third").

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
