package quantity

// Rejection: numbers that are not amounts after all (years, days of the
// month, labels, times of day, names).

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
