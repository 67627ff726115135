package quote

import (
	"strings"

	"github.com/storywire/storywire/internal/model"
)

// indirect finds reported speech without quotation marks, sentence by
// sentence:
//
//	X said (that) CLAUSE.         X told reporters (that) CLAUSE.
//	According to X, CLAUSE.       CLAUSE, according to X.
//	CLAUSE, X said.               …, saying (that) CLAUSE.
//
// A sentence whose reported clause holds quoted words is left to the
// direct quote, as is any speech inside quotation marks.
func (d *doc) indirect() []model.Quote {
	var out []model.Quote
	for _, s := range d.sents {
		if s.b <= s.a {
			continue
		}
		out = append(out, d.indirectIn(s.a, s.b)...)
	}
	return out
}

func (d *doc) indirectIn(a, b int) []model.Quote {
	// The sentence without its final punctuation.
	for b > a && (isSentenceEnd(d.low[b-1]) || isMark(d.toks[b-1].Text) && !d.quoted[b-1]) {
		b--
	}
	if b-a < 3 {
		return nil
	}
	firstQuoted := b
	for i := a; i < b; i++ {
		if d.quoted[i] {
			firstQuoted = i
			break
		}
	}
	mk := func(ca, cb int, sp speaker) []model.Quote {
		for cb > ca && (d.low[cb-1] == "," || d.low[cb-1] == ";") {
			cb--
		}
		ca = d.pastDateline(ca, cb)
		if cb-ca < 2 || !sp.ok() {
			return nil
		}
		q := model.Quote{Start: d.toks[ca].Start, End: d.toks[cb-1].End, Kind: "indirect", Entity: -1}
		if sp.name != "" {
			q.Speaker, q.SpeakerSpan, q.Entity = sp.name, sp.span, sp.entity
		}
		q.Cue = sp.cue
		return []model.Quote{q}
	}
	if firstQuoted < b {
		// A sentence with a direct quote in it is the quote's, but for a
		// coordinated report before it: "said A and that B "…"".
		return d.beforeQuoted(a, firstQuoted)
	}
	// According to X, CLAUSE.
	if d.low[a] == "according" && a+1 < b && d.low[a+1] == "to" {
		c := a + 2
		for c < b && d.low[c] != "," {
			c++
		}
		if c < b {
			np := d.npAfter(a+2, c)
			return mk(c+1, b, d.resolve(np, rng{}, "according to", a))
		}
		return nil
	}
	// As X noted, CLAUSE.
	if d.low[a] == "as" {
		for v := a + 1; v < b && v < a+10; v++ {
			if d.low[v] == "," {
				break
			}
			if indirectVerbs[d.low[v]] && v+1 < b && d.low[v+1] == "," {
				np, app := d.subjectBefore(v, a+1)
				if np.a < np.b {
					return mk(v+2, b, d.resolve(np, app, d.low[v], v))
				}
			}
		}
	}
	// CLAUSE, according to X. / CLAUSE, X said (on Tuesday). A trailing
	// adverbial after the attribution ("…, the minister said on Monday,
	// despite warnings …") is set aside first.
	e := b
	for n := 0; n < 2; n++ {
		c := d.lastComma(a+2, e)
		if c < 0 || c+1 >= e || !trailingAdverbial[d.low[c+1]] {
			break
		}
		e = c
	}
	for c := a + 3; c+2 < e; c++ {
		if d.low[c] == "," && d.low[c+1] == "according" && d.low[c+2] == "to" {
			np := d.npAfter(c+3, e)
			if np.a < np.b {
				return mk(a, c, d.resolve(np, d.appositionAfter(np.b, e), "according to", c+1))
			}
		}
	}
	if c := d.lastComma(a+2, e); c >= 0 {
		if q, ok := d.trailingSpeaker(a, c, e); ok {
			return mk(a, q.end, q.sp)
		}
	}
	// X said (that) CLAUSE; X told Y (that) CLAUSE; …, saying CLAUSE.
	for v := a; v < b-1; v++ {
		w := d.low[v]
		if isCapitalized(d.toks[v].Text) && v > a {
			continue
		}
		part := participles[w] && v > a && d.low[v-1] == ","
		if !indirectVerbs[w] && !part {
			continue
		}
		c := v + 1
		if w == "told" || w == "tells" || w == "tell" || w == "informed" || w == "assured" || w == "warned" && d.low[c] != "that" && !bareClauseStart(d.low[c]) {
			// The hearer: told reporters, told the Klaxon, told me.
			if objectPronouns[d.low[c]] {
				c++
			} else {
				np := d.npAfter(c, b)
				if np.a >= np.b {
					continue
				}
				c = np.b
			}
			for heard := c; c < b && (timeWords[d.low[c]] || d.low[c] == "on" || d.low[c] == "in" || d.low[c] == "at") && c < heard+3; {
				c++
			}
		}
		// Adverbials between the verb and the clause: "said on Tuesday
		// that", "said in a statement that".
		if c < b && d.low[c] != "that" {
			for k := c; k < b && k < c+6; k++ {
				if d.low[k] == "that" && (d.low[c] == "on" || d.low[c] == "in" || d.low[c] == "at" || d.low[c] == "late" || d.low[c] == "earlier" || timeWords[d.low[c]]) {
					c = k
					break
				}
			}
		}
		that := c < b && d.low[c] == "that"
		if that {
			c++
		} else if !bareThat[w] && !part || c >= b || !(bareClauseStart(d.low[c]) || d.clauseAhead(c, b)) {
			continue
		}
		var sp speaker
		if part {
			np, app := d.sentenceSubject(a, v)
			if np.a >= np.b {
				continue
			}
			sp = d.resolve(np, app, w, v)
		} else {
			np, app := d.subjectBefore(v, a)
			if np.a >= np.b {
				if !d.coordinated(v, a) {
					continue
				}
				np, app = d.sentenceSubject(a, v)
				if np.a >= np.b {
					continue
				}
			}
			sp = d.resolve(np, app, d.cueAt(v), v)
		}
		end := b
		// Stop at a following attribution: "…, according to X" is not part
		// of the clause.
		for k := c; k < b-2; k++ {
			if d.low[k] == "," && d.low[k+1] == "according" && d.low[k+2] == "to" {
				end = k
				break
			}
		}
		return mk(c, end, sp)
	}
	return nil
}

// beforeQuoted finds the report in a sentence [a, q) whose quoted words
// start at q, when a coordinated "and that" sets the quoted clause apart
// from an unquoted one before it.
func (d *doc) beforeQuoted(a, q int) []model.Quote {
	for k := q - 1; k > a+3; k-- {
		if d.low[k] == "that" && d.low[k-1] == "and" {
			return d.indirectIn(a, k-1)
		}
	}
	return nil
}

// attributed is a speaker at the end of a reported clause that ends at
// token end.
type attributed struct {
	sp  speaker
	end int
}

// trailingSpeaker reads the attribution after the last comma c of a
// sentence [a, e): "CLAUSE, X said (on Tuesday)", "CLAUSE, X told
// reporters at the ministry", "CLAUSE, said X", and "CLAUSE, their union,
// the Food Workers' Union, said this week".
func (d *doc) trailingSpeaker(a, c, e int) (attributed, bool) {
	for v := c + 1; v < e && v < c+9; v++ {
		w := d.low[v]
		if !speechVerbs[w] || isCapitalized(d.toks[v].Text) {
			continue
		}
		after := v + 1
		if hearerVerbs[w] {
			if h := d.npAfter(after, e); h.a < h.b && !timeWords[d.low[h.a]] {
				after = h.b // the hearer: "told reporters at the ministry"
			}
		}
		np, app := d.subjectBefore(v, c+1)
		if np.a < np.b && np.a > c+1 && d.describes(c+1, np.a) {
			np.a = c + 1 // "grid operator Valgrid said"
		}
		if np.a == c+1 && np.a < np.b {
			if d.tail(after, e) {
				return attributed{d.resolve(np, app, d.cueAt(v), v), c}, true
			}
			return attributed{}, false
		}
		if v != c+1 {
			return attributed{}, false
		}
		if d.tail(after, e) {
			// The subject and its apposition both lie between commas.
			np, app := d.subjectBefore(v, a+1)
			if np.a-1 > a+2 && np.a < np.b && d.low[np.a-1] == "," {
				return attributed{d.resolve(np, app, d.cueAt(v), v), np.a - 1}, true
			}
			return attributed{}, false
		}
		// CLAUSE, said X.
		np = d.npAfter(v+1, e)
		if np.a < np.b && !pronouns[d.low[np.a]] && d.tail(np.b, e) {
			return attributed{d.resolve(np, d.appositionAfter(np.b, e), w, v), c}, true
		}
		return attributed{}, false
	}
	return attributed{}, false
}

// describes reports whether tokens [a, b) are a short lower-case
// description before a name ("grid operator", "the state operator").
func (d *doc) describes(a, b int) bool {
	if b-a > 3 {
		return false
	}
	for i := a; i < b; i++ {
		if isCapitalized(d.toks[i].Text) || !d.npWord(i) || speechVerbs[d.low[i]] {
			return false
		}
	}
	return true
}

// pastDateline returns where a clause starting at a begins once a wire
// dateline is skipped ("SALTREACH, Valmarra (TPA) — About …"): a dash
// within the first words, after a bracketed agency or a capitalised
// place.
func (d *doc) pastDateline(a, b int) int {
	if a >= b || !isCapitalized(d.toks[a].Text) {
		return a
	}
	for k := a + 1; k < b-1 && k <= a+8; k++ {
		t := d.toks[k].Text
		if t == "—" || t == "–" || t == "-" && d.toks[k-1].End < d.toks[k].Start {
			if d.low[k-1] == ")" || d.toks[a].Text == strings.ToUpper(d.toks[a].Text) {
				return k + 1
			}
			return a
		}
		if isSentenceEnd(d.low[k]) || d.quoted[k] {
			return a
		}
	}
	return a
}

// lastComma returns the last comma in tokens (a, e), or -1.
func (d *doc) lastComma(a, e int) int {
	for c := e - 1; c > a; c-- {
		if d.low[c] == "," {
			return c
		}
	}
	return -1
}

// hearerVerbs take the hearer as an object before the reported clause.
var hearerVerbs = set(`told tells tell informed assured`)

// trailingAdverbial words open a phrase that may follow an attribution
// at the end of a sentence.
var trailingAdverbial = set(`despite amid as while although though after before adding citing
	because since without`)

// tail reports whether the tokens from i to b are what may follow an
// attribution at the end of a sentence: a time ("on Tuesday"), a place or
// channel ("in a statement", "told reporters"), not a reported clause.
func (d *doc) tail(i, b int) bool {
	if i >= b {
		return true
	}
	return b-i <= 6 && (tailStarts[d.low[i]] || timeWords[d.low[i]])
}

var tailStarts = set(`on in at to told , late earlier last this yesterday today tonight when after
	before as during from while according adding citing`)

// clauseAhead reports whether a clause starts at c: a name or a short
// noun phrase, then a finite verb ("Lind raised", "members had", "staff
// shortages are").
func (d *doc) clauseAhead(c, b int) bool {
	if d.mention[c] >= 0 && d.canSpeak(d.mention[c]) {
		mi := d.mention[c]
		k := c
		for k < b && d.mention[k] == mi {
			k++
		}
		return k < b && !isSentenceEnd(d.low[k]) && d.low[k] != ","
	}
	// The subject may carry a post-modifier: "crews from three other
	// regions have been sent".
	limit := c + 3
	for k := c + 1; k < b && k <= limit; k++ {
		if finite[d.low[k]] {
			return true
		}
		if linkers[d.low[k]] && k+1 < b && d.npWord(k+1) && limit == c+3 {
			limit = k + 4
			continue
		}
		if !d.npWord(k) {
			return false
		}
	}
	return false
}

var finite = set(`had has have was were is are would will could can might may should did does
	must shall`)

// bareClauseStart reports whether a word can open a reported clause that
// has no "that": a subject (the talks, it, Norland).
func bareClauseStart(w string) bool {
	if w == "" {
		return false
	}
	if determiners[w] || w == "the" || pronouns[w] || w == "it" || w == "there" || w == "they" || w == "we" || w == "his" || w == "her" || w == "their" || w == "its" {
		return true
	}
	return false
}
