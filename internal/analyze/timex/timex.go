// Package timex finds time expressions in English news text and
// normalises them to TimeML TIMEX3 values, resolving relative ones ("on
// Thursday", "yesterday", "later this week", "two years ago") against an
// anchor: the article's publication time.
//
// It is a hand-written grammar over tokens, in the manner of HeidelTime
// and SUTime: each pattern knows its extent, its type (DATE, TIME,
// DURATION, SET) and how to compute its value. Where an expression could
// point either way in time (a bare weekday, a month without a year), the
// tense of its clause decides: future markers ("will", "next", "is due
// to") send it forward, past verbs ("said", "filed") back, and with
// neither a news report speaks of the past, except that a date without a
// year takes the nearest such date.
package timex

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/text/token"
)

// Find returns the time expressions of text. anchor is the publication
// time; when it is zero, relative expressions get values with unknown
// parts ("XXXX-XX-XX") and absolute ones are still resolved.
func Find(text string, anchor time.Time) []model.TimeRef {
	return FindIn(text, token.Sentences(text), anchor)
}

// FindIn is Find over the text's sentences as token.Sentences gives them,
// for a caller that has them already.
func FindIn(text string, sents []token.Sentence, anchor time.Time) []model.TimeRef {
	var out []model.TimeRef
	f := &finder{}
	for _, s := range sents {
		out = f.findSentence(out, text, s, anchor)
	}
	return out
}

type tok struct {
	text, lower string
	start, end  int
	lineEnd     bool // the last token of its line
}

type finder struct {
	toks   []tok
	anchor time.Time // day precision, UTC; zero if unknown
	// tenses are the sentence's verbs that place it in time, in order;
	// future is the tense of the expression being matched (futureAt).
	tenses []tense
	future bool
	// clauseFrom and clauseTo bound each token's clause, and line numbers
	// the sentence's lines, made once so that a sentence of any length
	// costs linear time to scan.
	clauseFrom, clauseTo, line []int
	futureLines                map[int]bool // lines with a future verb, made when first asked
}

// tense is a word at token i that marks its clause as about the future
// ("will", "is due to") or the past ("said", "was", "closed").
type tense struct {
	i      int
	future bool
	weak   bool // "next": a sign of the future, not a verb's tense
}

// result is a matched expression: tokens [i, i+n).
type result struct {
	n     int
	ref   model.TimeRef
	valid bool
}

// findSentence appends the expressions of sentence s to out.
func (f *finder) findSentence(out []model.TimeRef, text string, s token.Sentence, anchor time.Time) []model.TimeRef {
	f.reset(text, s, anchor)
	f.scan(func(i int, r result) {
		ref := r.ref
		ref.Start, ref.End = f.toks[i].start, f.toks[i+r.n-1].end
		ref.Text = text[ref.Start:ref.End]
		if ref.Anchor == "relative" {
			ref.Anchor = ""
			if !f.anchor.IsZero() {
				ref.Anchor = f.anchor.Format("2006-01-02") + " (publication)"
			}
		}
		out = append(out, ref)
	})
	return out
}

// reset prepares f for matching in a sentence, reusing its memory;
// expressions resolve against anchor's day (none when it is zero).
func (f *finder) reset(text string, s token.Sentence, anchor time.Time) {
	*f = finder{toks: f.toks[:0], tenses: f.tenses[:0], clauseFrom: f.clauseFrom[:0], clauseTo: f.clauseTo[:0], line: f.line[:0]}
	if !anchor.IsZero() {
		y, m, d := anchor.UTC().Date()
		f.anchor = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	for k, t := range s.Tokens {
		f.toks = append(f.toks, tok{text: t.Text, lower: strings.ToLower(t.Text), start: t.Start, end: t.End})
		// A line break ends a clause: a dateline or a headline runs into
		// the next line when it has no full stop.
		if k > 0 && s.Tokens[k-1].End <= t.Start && t.Start <= len(text) && strings.Contains(text[s.Tokens[k-1].End:t.Start], "\n") {
			f.toks[k-1].lineEnd = true
		}
	}
	f.tenses = f.tenseMarkers(f.tenses)
	n := len(f.toks)
	f.clauseFrom, f.clauseTo, f.line = grow(f.clauseFrom, n), grow(f.clauseTo, n), grow(f.line, n)
	for i := range n {
		f.clauseFrom[i] = i
		if i > 0 && !clauseBreak(f.toks[i-1].lower) && !f.toks[i-1].lineEnd {
			f.clauseFrom[i] = f.clauseFrom[i-1]
		}
		if i > 0 {
			f.line[i] = f.line[i-1]
			if f.toks[i-1].lineEnd {
				f.line[i]++
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		f.clauseTo[i] = i
		if i+1 < n && !clauseBreak(f.toks[i+1].lower) && !f.toks[i].lineEnd {
			f.clauseTo[i] = f.clauseTo[i+1]
		}
	}
}

// grow returns s with n zeros, in its own memory when it has room.
func grow(s []int, n int) []int {
	s = slices.Grow(s[:0], n)[:n]
	clear(s)
	return s
}

// scan calls fn with each expression of the sentence, left to right, the
// longest match at each start.
func (f *finder) scan(fn func(i int, r result)) {
	for i := 0; i < len(f.toks); {
		if !f.canStart(i) {
			i++
			continue
		}
		r := f.match(i)
		if !r.valid {
			i++
			continue
		}
		fn(i, r)
		i += r.n
	}
}

// tenseMarkers lists the words of the sentence that say whether a clause
// speaks of the future or the past.
func (f *finder) tenseMarkers(out []tense) []tense {
	for i, t := range f.toks {
		switch t.lower {
		case "will", "'ll", "shall", "upcoming", "scheduled":
			out = append(out, tense{i: i, future: true})
			continue
		case "next":
			// "the next round opens in May"; "next May" is a direction
			// the pattern reads itself.
			_, isMonth := month(f.word(i + 1))
			_, isDay := weekday(f.word(i + 1))
			if !isMonth && !isDay && f.word(i+1) != "to" { // "next to" is a place
				out = append(out, tense{i: i, future: true, weak: true})
				continue
			}
		case "due", "set", "expected", "going", "plans", "plan", "planned":
			if f.word(i+1) == "to" {
				out = append(out, tense{i: i, future: true})
				continue
			}
		}
		if f.pastVerb(i) {
			out = append(out, tense{i: i})
		}
	}
	return out
}

// pastVerb reports whether token i is a verb in the past tense: a common
// irregular one, or a lower-case word in -ed that is not a participle
// after "be", "to" or a modal ("will be held", "to be closed") or before
// "by" ("shares tendered by holders").
func (f *finder) pastVerb(i int) bool {
	w := f.toks[i].lower
	if !isLowerWord(f.toks[i].text) {
		return false
	}
	if !pastWords[w] && (len(w) < 5 || !strings.HasSuffix(w, "ed") || notPastEd[w]) {
		return false
	}
	if !pastWords[w] && f.word(i+1) == "by" {
		return false // a passive participle: "shares tendered by holders"
	}
	for k := i - 1; k >= i-2 && k >= 0; k-- {
		switch f.toks[k].lower {
		case "be", "being", "to", "will", "would", "could", "should", "may", "might", "must", "can", "shall", "'ll":
			return false
		}
	}
	return true
}

// pastWords are past-tense forms that do not end in -ed.
var pastWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`was were had did said told took made came went began fell rose won lost met
		held left saw gave got became sent spent paid led struck found thought brought bought sold wrote spoke
		chose ran flew grew knew drew broke stood sat kept felt meant built shot fought caught taught sought
		ate fled hung lay oversaw rode sank sang slid spun swore threw tore underwent withdrew woke wore overtook`) {
		m[w] = true
	}
	return m
}()

// notPastEd are words in -ed that are seldom a past-tense verb, or that
// mark the future ("scheduled", "expected").
var notPastEd = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`scheduled expected planned proposed indeed hundred united limited speed
		need needed seed feed breed exceed proceed succeed bed red shed embed so-called`) {
		m[w] = true
	}
	return m
}()

// futureAt reports whether the expression at token i is about the future.
// The verb of its own clause decides: the nearest marker before it in the
// clause ("filed in May", "will reopen in May"), else the nearest after it
// ("in May, the plant will reopen"), else the sentence's next one. A
// sentence with no marker is a report of the past.
func (f *finder) futureAt(i int) bool {
	if len(f.tenses) == 0 {
		return false
	}
	from, to := f.clauseFrom[i], f.clauseTo[i]
	// The tenses are in token order: the nearest before i and after it.
	next, _ := slices.BinarySearchFunc(f.tenses, i+1, func(t tense, j int) int { return t.i - j })
	prev := next - 1
	if prev >= 0 && f.tenses[prev].i == i {
		prev--
	}
	switch {
	case prev >= 0 && f.tenses[prev].i >= from:
		return f.tenses[prev].future
	case next < len(f.tenses) && f.tenses[next].i <= to:
		return f.tenses[next].future
	}
	// Outside its clause, only on its own line: the first tense after it
	// there, else the line's last.
	if next < len(f.tenses) && f.line[f.tenses[next].i] == f.line[i] {
		return f.tenses[next].future
	}
	if last := next - 1; last >= 0 && f.line[f.tenses[last].i] == f.line[i] {
		return f.tenses[last].future
	}
	return false
}

// futureLine reports whether the line of the sentence that token i is on
// has a future verb anywhere ("will", "is due to"). Inference, which needs
// dates it can trust to be past, skips such lines whole; a line break
// still ends one (a dateline runs into the next line when it has no full
// stop).
func (f *finder) futureLine(i int) bool {
	if f.futureLines == nil {
		f.futureLines = map[int]bool{}
		for _, t := range f.tenses {
			if t.future && !t.weak {
				f.futureLines[f.line[t.i]] = true
			}
		}
	}
	return f.futureLines[f.line[i]]
}

// clauseBreak reports whether a token ends a clause: punctuation, or a
// word that opens a new one.
func clauseBreak(w string) bool {
	switch w {
	case ",", ";", ":", "(", ")", "—", "–", "--", "that", "which", "who", "whom", "whose", "because", "but",
		"while", "although", "though", "whereas":
		return true
	}
	return false
}

func (f *finder) word(i int) string {
	if i < 0 || i >= len(f.toks) {
		return ""
	}
	return f.toks[i].lower
}

// match tries every pattern at token i and keeps the longest.
func (f *finder) match(i int) result {
	f.future = f.futureAt(i)
	var best result
	for _, p := range []func(int) result{
		f.fullDate, f.monthYear, f.yearOnly, f.decade, f.isoDate,
		f.relativeDay, f.weekdayRef, f.relativePeriod, f.ago, f.duration, f.set,
		f.clock, f.partOfDay, f.vague, f.quarter, f.season, f.monthAlone, f.spelledYear, f.holiday,
	} {
		if r := p(i); r.valid && r.n > best.n {
			best = r
		}
	}
	// A modifier before the expression belongs to it: "early December",
	// "late last July", "the past several months" are handled by the
	// patterns; "mid-" is part of the token.
	return best
}

func ok(n int, typ, value, gran string) result {
	return result{n: n, valid: true, ref: model.TimeRef{Type: typ, Value: value, Granularity: gran}}
}

// rel marks a result as computed from the anchor.
func rel(r result) result {
	r.ref.Anchor = "relative"
	return r
}

// prefixLen counts modifier tokens at i that belong to the extent of a
// date: "early", "late", "mid", "the end of", "the beginning of".
func (f *finder) prefixLen(i int) int {
	switch f.word(i) {
	case "early", "late", "mid", "mid-", "earlier", "later":
		return 1
	}
	return 0
}

// fullDate: [Weekday ,] Month Day [,] [Year] | [Weekday ,] Day Month [Year].
func (f *finder) fullDate(i int) result {
	j := i + f.prefixLen(i)
	var wds []time.Weekday
	if wd, ok := weekday(f.word(j)); ok {
		wds = []time.Weekday{wd}
		j++
		if f.word(j) == "," {
			j++
		}
	}
	if m, okm := month(f.word(j)); okm && f.monthWord(j) {
		if d, okd := dayOfMonth(f.word(j + 1)); okd {
			k := j + 2
			if y, oky := f.yearAfter(k); oky > 0 {
				return dateResult(k+oky-i, y, m, d)
			}
			if f.word(k) == "," && f.word(k+1) != "" {
				if y, oky := f.yearAfter(k + 1); oky > 0 {
					return dateResult(k+1+oky-i, y, m, d)
				}
			}
			return f.yearless(k-i, m, d, wds)
		}
	}
	if d, okd := dayOfMonth(f.word(j)); okd && j+1 < len(f.toks) {
		if m, okm := month(f.word(j + 1)); okm && f.monthWord(j+1) {
			k := j + 2
			if y, oky := f.yearAfter(k); oky > 0 {
				return dateResult(k+oky-i, y, m, d)
			}
			return f.yearless(k-i, m, d, wds)
		}
	}
	return result{}
}

// monthWord rejects "may" the verb and "march" the noun written in lower
// case, and abbreviations not followed by a period or number.
func (f *finder) monthWord(i int) bool {
	t := strings.TrimPrefix(f.toks[i].text, "mid-")
	return t != "" && t[0] >= 'A' && t[0] <= 'Z'
}

// yearAfter reads a year at token k ("2014", "2014,"); n is 1 or 0.
func (f *finder) yearAfter(k int) (int, int) {
	if y, ok := year(f.word(k)); ok {
		return y, 1
	}
	return 0, 0
}

func dateResult(n, y int, m time.Month, d int) result {
	if d > daysIn(y, m) {
		return result{} // "February 30" is no date
	}
	return ok(n, "DATE", fmt.Sprintf("%04d-%02d-%02d", y, m, d), "day")
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// yearless resolves a month and day without a year: in a sentence about
// the future, the first such date from the anchor on; otherwise the last
// one up to a week after the anchor (a report looks back, but "the summit
// on March 28" may be days ahead). A weekday the text gives with it
// ("Thursday, 8 March") checks the year: the date keeps its place next to
// the anchor, but with a low confidence and a note when the weekday does
// not fit, since another year would be a jump no evidence supports.
func (f *finder) yearless(n int, m time.Month, d int, wds []time.Weekday) result {
	if f.anchor.IsZero() {
		return ok(n, "DATE", fmt.Sprintf("XXXX-%02d-%02d", m, d), "day")
	}
	var best time.Time
	for y := f.anchor.Year() - 1; y <= f.anchor.Year()+1; y++ {
		if d > daysIn(y, m) {
			continue
		}
		c := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if f.future {
			if !c.Before(f.anchor) && (best.IsZero() || c.Before(best)) {
				best = c
			}
		} else if !c.After(f.anchor.AddDate(0, 0, 7)) && (best.IsZero() || c.After(best)) {
			best = c
		}
	}
	if best.IsZero() {
		return result{}
	}
	r := rel(ok(n, "DATE", best.Format("2006-01-02"), "day"))
	r.ref.Confidence = yearFitsText
	if len(wds) > 0 {
		r.ref.Confidence = yearFits
		if best.Weekday() != wds[0] {
			r.ref.Confidence = yearGuess
			r.ref.Note = fmt.Sprintf("the text calls it a %s, but %s is a %s", wds[0], best.Format("2 January 2006"), best.Weekday())
		}
	}
	return r
}

// monthYear: [early|late|mid] Month [of] Year.
func (f *finder) monthYear(i int) result {
	j := i + f.prefixLen(i)
	m, okm := month(f.word(j))
	if !okm || !f.monthWord(j) {
		return result{}
	}
	k := j + 1
	if f.word(k) == "of" || f.word(k) == "," {
		k++
	}
	if y, ok1 := year(f.word(k)); ok1 {
		return ok(k+1-i, "DATE", fmt.Sprintf("%04d-%02d", y, m), "month")
	}
	return result{}
}

// monthAlone: a month name used as a date ("in May", "last July", "early
// December"): the most recent such month, or the next one in a sentence
// about the future; "last"/"next" force the direction.
func (f *finder) monthAlone(i int) result {
	j := i + f.prefixLen(i)
	dir, this := 0, false
	if d, okd := f.direction(j); okd {
		dir, this, j = d, f.word(j) == "this", j+1
	}
	m, okm := month(f.word(j))
	if !okm || !f.monthWord(j) || (len(f.word(j)) <= 4 && f.word(j) != "may" && f.word(j) != "june" && f.word(j) != "july" && !strings.HasSuffix(f.word(j), ".")) {
		return result{} // "Jan" without its period is more often a name
	}
	if f.word(j) == "may" && dir == 0 && j == i && !isPreposition(f.word(i-1)) {
		return result{} // "may" the verb, capitalised at a sentence start
	}
	if f.anchor.IsZero() {
		return ok(j+1-i, "DATE", fmt.Sprintf("XXXX-%02d", m), "month")
	}
	y := f.anchor.Year()
	switch {
	case this:
		// "this September": the anchor's year.
	case dir < 0 || (dir == 0 && !f.future):
		if m > f.anchor.Month() || (dir < 0 && m == f.anchor.Month()) {
			y--
		}
	default:
		if m < f.anchor.Month() || (dir > 0 && m == f.anchor.Month()) {
			y++
		}
	}
	return rel(ok(j+1-i, "DATE", fmt.Sprintf("%04d-%02d", y, m), "month"))
}

func isPreposition(w string) bool {
	switch w {
	case "in", "since", "until", "by", "from", "to", "of", "during", "before", "after", "through", "till", "between", "and", "early", "late", "mid":
		return true
	}
	return false
}

// yearOnly: a four-digit year used as a date ("in 2014", "since 2009",
// "2010's budget"), not a count ("2000 people").
func (f *finder) yearOnly(i int) result {
	j := i + f.prefixLen(i)
	if f.word(j) == "fiscal" {
		j++
	}
	y, okY := year(f.word(j))
	if !okY {
		return result{}
	}
	next := f.word(j + 1)
	afterPrep := j == i && isPreposition(f.word(i-1))
	// "its 1988 recapitalization", "the company's 1989 results", "the 1987
	// crash": a year between a determiner and a noun modifies the noun.
	modifier := j == i && determinesYear(f.word(i-1))
	if next != "" && isLowerWord(f.toks[j+1].text) && !closedClass(next) && !afterPrep && !modifier {
		return result{} // "2000 people", "1500 troops"; but "in 1992 prices rose"
	}
	r := ok(j+1-i, "DATE", fmt.Sprintf("%04d", y), "year")
	if f.word(i-1) == "since" {
		r.ref.From = fmt.Sprintf("%04d-01-01", y)
	}
	return r
}

// determinesYear reports whether a word before a year makes it a date that
// modifies the next noun rather than a count.
func determinesYear(w string) bool {
	switch w {
	case "its", "the", "his", "her", "their", "our", "'s", "’s", "this", "that", "last", "next":
		return true
	}
	return false
}

func isLowerWord(s string) bool {
	return s != "" && s[0] >= 'a' && s[0] <= 'z'
}

// closedClass words may follow a year that is a date.
func closedClass(w string) bool {
	switch w {
	case "and", "or", "to", "when", "as", "for", "in", "on", "at", "the", "a", "was", "is", "were", "are", "after",
		"before", "but", "with", "by", "from", "that", "which", "while", "until", "of", "had", "has", "have",
		"election", "elections", "season", "budget", "census", "level", "levels", "figures", "report":
		return true
	}
	return false
}

// decade: "the 1990s", "1990s", "the '90s", "mid-1990s", "the 20th century".
func (f *finder) decade(i int) result {
	j := i
	if f.word(j) == "the" {
		j++
	}
	j += f.prefixLen(j)
	w := strings.TrimPrefix(strings.TrimPrefix(f.word(j), "mid-"), "the")
	if len(w) == 5 && w[4] == 's' {
		if y, ok1 := year(w[:4]); ok1 && y%10 == 0 {
			return ok(j+1-i, "DATE", fmt.Sprintf("%03d", y/10), "decade")
		}
	}
	if (w == "'90s" || w == "'80s" || w == "'70s" || w == "'60s") && f.word(i) == "the" {
		return ok(j+1-i, "DATE", "19"+w[1:2], "decade")
	}
	if f.word(j+1) == "century" {
		if n, ok1 := ordinalNumber(w); ok1 && n > 0 && n < 30 {
			return ok(j+2-i, "DATE", fmt.Sprintf("%02d", n-1), "century")
		}
	}
	return result{}
}

func ordinalNumber(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(w, suf) {
			var n int
			if _, err := fmt.Sscanf(strings.TrimSuffix(w, suf), "%d", &n); err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

// isoDate: "2014-03-17", "2014/03/17".
func (f *finder) isoDate(i int) result {
	w := f.word(i)
	if len(w) != 10 || (w[4] != '-' && w[4] != '/') || w[7] != w[4] {
		return result{}
	}
	t, err := time.Parse("2006-01-02", strings.ReplaceAll(w, "/", "-"))
	if err != nil {
		return result{}
	}
	return ok(1, "DATE", t.Format("2006-01-02"), "day")
}

// spelledYear: "nineteen ninety-six", "the nineties", "the year two
// thousand".
func (f *finder) spelledYear(i int) result {
	j := i
	if f.word(j) == "the" {
		if f.word(j+1) == "year" {
			j++
		}
		j++
	}
	if f.word(i) == "the" && j == i+1 {
		if d, okd := spelledDecades[f.word(j)]; okd {
			return ok(2, "DATE", d, "decade")
		}
	}
	if f.word(j) == "two" && f.word(j+1) == "thousand" {
		n := 2
		y := 2000
		if v, okn := number(f.word(j + 2)); okn && v < 100 && f.word(j+2) != "a" {
			y += v
			n = 3
		}
		if j == i {
			return result{} // "two thousand" alone is a number
		}
		return ok(j+n-i, "DATE", fmt.Sprintf("%04d", y), "year")
	}
	if f.word(j) == "nineteen" {
		if v, okn := number(f.word(j + 1)); okn && v >= 10 && v < 100 {
			return ok(j+2-i, "DATE", fmt.Sprintf("19%02d", v), "year")
		}
	}
	return result{}
}

// holidays with a fixed date, and those on the nth weekday of a month (n
// negative: from the end).
var holidays = map[string]func(y int) time.Time{
	"christmas":         fixed(12, 25),
	"christmas day":     fixed(12, 25),
	"christmas eve":     fixed(12, 24),
	"new year's day":    fixed(1, 1),
	"new year's eve":    fixed(12, 31),
	"independence day":  fixed(7, 4),
	"halloween":         fixed(10, 31),
	"valentine's day":   fixed(2, 14),
	"thanksgiving":      nth(11, time.Thursday, 4),
	"thanksgiving day":  nth(11, time.Thursday, 4),
	"labor day":         nth(9, time.Monday, 1),
	"memorial day":      nth(5, time.Monday, -1),
	"boxing day":        fixed(12, 26),
	"st. patrick's day": fixed(3, 17),
}

func fixed(m time.Month, d int) func(int) time.Time {
	return func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
}

func nth(m time.Month, wd time.Weekday, n int) func(int) time.Time {
	return func(y int) time.Time {
		if n > 0 {
			t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			for t.Weekday() != wd {
				t = t.AddDate(0, 0, 1)
			}
			return t.AddDate(0, 0, 7*(n-1))
		}
		t := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
		for t.Weekday() != wd {
			t = t.AddDate(0, 0, -1)
		}
		return t
	}
}

// holiday: "Christmas", "Thanksgiving Day", "New Year's Eve" [Year]: the
// last one (or the next in a sentence about the future).
// holidayStarts are the words a holiday's name starts with, as a token
// ("valentine" of "valentine 's day") or as a word ("valentine's"): most
// capitalised words start none, and holiday need not try them.
var holidayStarts = func() map[string]bool {
	m := map[string]bool{}
	for name := range holidays {
		first, _, _ := strings.Cut(name, " ")
		m[first], m[strings.TrimSuffix(first, "'s")] = true, true
	}
	return m
}()

func (f *finder) holiday(i int) result {
	if !f.monthWord(i) || !holidayStarts[f.word(i)] {
		return result{}
	}
	var best result
	for n := 4; n >= 1; n-- {
		if i+n > len(f.toks) {
			continue
		}
		parts := make([]string, n)
		for k := range parts {
			parts[k] = f.word(i + k)
		}
		name := strings.Join(parts, " ")
		name = strings.ReplaceAll(name, " 's", "'s")
		day, okh := holidays[name]
		if !okh {
			continue
		}
		if y, oky := year(f.word(i + n)); oky {
			return ok(n+1, "DATE", dayValue(day(y)), "day")
		}
		if f.anchor.IsZero() {
			return ok(n, "DATE", "XXXX-XX-XX", "day")
		}
		y := f.anchor.Year()
		t := day(y)
		if f.future && t.Before(f.anchor) {
			t = day(y + 1)
		} else if !f.future && t.After(f.anchor.AddDate(0, 0, 7)) {
			t = day(y - 1)
		}
		best = rel(ok(n, "DATE", dayValue(t), "day"))
		break
	}
	return best
}

// canStart is a cheap test of whether any pattern can start at token i:
// a digit, a capitalised word, or one of the words expressions begin with.
// Most tokens fail it, which saves trying every pattern on them.
func (f *finder) canStart(i int) bool {
	t := f.toks[i].text
	if t == "" {
		return false
	}
	if c := t[0]; (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '\'' {
		return true
	}
	w := f.toks[i].lower
	if startWords[w] || strings.HasPrefix(w, "mid-") {
		return true
	}
	if _, ok := numberWords[w]; ok {
		return true
	}
	if _, ok := units[w]; ok {
		return true
	}
	if _, ok := ordinals[w]; ok {
		return true
	}
	if a, _, ok := strings.Cut(w, "-"); ok {
		if _, ok := numberWords[a]; ok {
			return true
		}
		if _, ok := ordinals[a]; ok {
			return true
		}
	}
	_, ok := seasons[w]
	return ok
}

var startWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the this last next past previous coming following current early late
		earlier later every each once twice today yesterday tomorrow tonight now currently nowadays presently
		recently lately previously formerly these at fiscal noon midnight midday daily weekly monthly annually
		yearly several few many some recent numerous nineteen two latest soon year-earlier year-ago`) {
		m[w] = true
	}
	return m
}()

// spelledDecades maps "the twenties" and the like to their TIMEX3 decade.
var spelledDecades = map[string]string{"twenties": "192", "thirties": "193", "forties": "194", "fifties": "195",
	"sixties": "196", "seventies": "197", "eighties": "198", "nineties": "199"}
