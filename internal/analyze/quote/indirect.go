package quote

import "github.com/storywire/storywire/internal/model"

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
	for i := a; i < b; i++ {
		if d.quoted[i] {
			return nil // a sentence with a direct quote in it
		}
	}
	mk := func(ca, cb int, sp speaker) []model.Quote {
		for cb > ca && (d.low[cb-1] == "," || d.low[cb-1] == ";") {
			cb--
		}
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
	// CLAUSE, according to X. / CLAUSE, X said (on Tuesday).
	for c := b - 1; c > a+2; c-- {
		if d.low[c] != "," {
			continue
		}
		if c+2 < b && d.low[c+1] == "according" && d.low[c+2] == "to" {
			np := d.npAfter(c+3, b)
			if np.a < np.b {
				return mk(a, c, d.resolve(np, rng{}, "according to", c+1))
			}
		}
		for v := c + 1; v < b && v < c+9; v++ {
			w := d.low[v]
			if !speechVerbs[w] || isCapitalized(d.toks[v].Text) {
				continue
			}
			np, app := d.subjectBefore(v, c+1)
			if np.a != c+1 || np.a >= np.b {
				if v == c+1 { // CLAUSE, said X.
					np = d.npAfter(v+1, b)
					if np.a < np.b && !pronouns[d.low[np.a]] && d.tail(np.b, b) {
						return mk(a, c, d.resolve(np, d.appositionAfter(np.b, b), w, v))
					}
				}
				break
			}
			if d.tail(v+1, b) {
				return mk(a, c, d.resolve(np, app, d.cueAt(v), v))
			}
			break
		}
		break
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
			// The hearer: told reporters, told the Klaxon.
			np := d.npAfter(c, b)
			if np.a >= np.b {
				continue
			}
			c = np.b
			for c < b && (timeWords[d.low[c]] || d.low[c] == "on" || d.low[c] == "in" || d.low[c] == "at") && c < np.b+3 {
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
	for k := c + 1; k < b && k <= c+3; k++ {
		if finite[d.low[k]] {
			return true
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
