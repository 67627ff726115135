package quantity

import "math"

// Ranges: the upper end of "20 to 30", "between 2 and 3 million", and
// fractions written as "one in three".

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
