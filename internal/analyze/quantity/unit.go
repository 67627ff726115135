package quantity

import "strings"

// Units: what an amount counts or measures, written right after it
// ("30km", "per cent", "45-year-old") or as the noun phrase it counts
// ("27 individuals and companies"), and the marks around it that bound
// it ("300+", "or more").

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
