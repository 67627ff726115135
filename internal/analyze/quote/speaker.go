package quote

import (
	"strings"
	"sync"

	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/model"
)

// givenNames is the lexicon's given names, lower case, built on first use.
var givenNames = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, n := range lexicon.GivenNames() {
		m[strings.ToLower(n)] = true
	}
	return m
})

// maxNP is the longest noun phrase read as a speaker, in tokens.
const maxNP = 9

// npWord reports whether token i can be part of a speaker's noun phrase.
func (d *doc) npWord(i int) bool {
	w := d.low[i]
	if d.mention[i] >= 0 {
		return true
	}
	if isPossessive(w) {
		return true
	}
	if isMark(d.toks[i].Text) || isSentenceEnd(w) || w == "," || w == ":" || w == ";" || w == "(" || w == ")" {
		return false
	}
	if determiners[w] || w == "the" {
		return true
	}
	if boundaries[w] || speechVerbs[w] || auxiliaries[w] || timeWords[w] {
		return pronouns[w] || w == "it" || w == "they"
	}
	return isWord(d.toks[i].Text) || isNumberWord(w)
}

// commaLike reports whether a token sets off an apposition: a comma or
// a dash.
func commaLike(w string) bool {
	return w == "," || w == "-" || w == "–" || w == "—" || w == "--"
}

func isNumberWord(w string) bool {
	return w != "" && w[0] >= '0' && w[0] <= '9'
}

// subjectBefore returns the subject of the verb at token v, reading back
// no further than lo, and an apposition next to it when there is one:
// `the chief inspector, Henrik Vass, told` gives "the chief inspector" and
// "Henrik Vass"; `Sanna Rask, whose husband died, said` gives "Sanna Rask".
func (d *doc) subjectBefore(v, lo int) (np, app rng) {
	j := v - 1
	for j >= lo && (auxiliaries[d.low[j]] && !pronouns[d.low[j]] || isAdverb(d.low[j])) {
		j--
	}
	// "X said on Tuesday" reads forwards; "X on Tuesday said" is rare
	// enough to leave.
	if j < lo {
		return rng{}, rng{}
	}
	// `Ana Roos, who had said …`: the speaker is the relative's antecedent.
	if d.low[j] == "who" && j-2 >= lo && commaLike(d.low[j-1]) {
		k := j - 2
		for k > lo && timeWords[d.low[k]] {
			k-- // "unveiled by Mayor Ana Roos yesterday, who said"
		}
		np = d.npEndingAt(k, lo)
		if np.a < np.b {
			return np, rng{}
		}
	}
	if commaLike(d.low[j]) {
		// An apposition or a relative clause between commas or dashes.
		// A nickname in quotation marks may sit in the apposition:
		// `Ana Roos - known as "the Hammer" - said`.
		k := j - 1
		for k >= lo && d.low[k] != d.low[j] && !isSentenceEnd(d.low[k]) && (!d.quoted[k] || j-k <= maxNP) {
			k--
		}
		if k < lo || d.low[k] != d.low[j] {
			return rng{}, rng{}
		}
		seg := rng{k + 1, j}
		head := d.npEndingAt(k-1, lo)
		if head.a >= head.b {
			return rng{}, rng{}
		}
		if w := d.low[seg.a]; w == "who" || w == "whose" || w == "which" || w == "whom" || w == "where" {
			seg = rng{}
		} else if seg.b-seg.a > maxNP+3 {
			return rng{}, rng{}
		}
		// `Kerry Bast, 34, who …, told`, `Sen. Ana Roos, a Republican
		// from Calder, where …, said`: the phrase next to the verb is an
		// age or a description; the name is one apposition further back.
		if _, ok := d.personIn(head); !ok {
			if name := d.nameBefore(head.a, lo); name.a < name.b {
				return name, rng{head.a, j}
			}
		}
		return head, seg
	}
	np = d.npEndingAt(j, lo)
	return np, rng{}
}

// nameBefore returns the noun phrase holding a person's name that ends
// at the comma before token a (within a few words: "Sen. Ana Roos, a
// Republican from Calder"), or an empty range.
func (d *doc) nameBefore(a, lo int) rng {
	c := a - 1
	for c >= lo && a-c <= maxNP && !commaLike(d.low[c]) {
		if isSentenceEnd(d.low[c]) || d.quoted[c] || isMark(d.toks[c].Text) || speechVerbs[d.low[c]] {
			return rng{}
		}
		c--
	}
	if c-1 < lo || !commaLike(d.low[c]) {
		return rng{}
	}
	np := d.npEndingAt(c-1, lo)
	if _, ok := d.personIn(np); ok {
		return np
	}
	return rng{}
}

// npEndingAt reads a noun phrase back from token j, with a
// post-modifier when its head is a common noun: "people close to him",
// "analysts at Nordbank", "pals of the PM".
func (d *doc) npEndingAt(j, lo int) rng {
	// "Sen. Ana Roos (R-Calder) said": a bracketed party and state
	// after the name.
	if j >= lo && d.low[j] == ")" {
		k := j - 1
		for k >= lo && j-k <= 6 && d.low[k] != "(" {
			k--
		}
		if k > lo && d.low[k] == "(" {
			j = k - 1
		}
	}
	// "a strategist close to her": an object pronoun ends a post-modifier.
	objEnd := j > lo && linkers[d.low[j-1]] && objectPronouns[d.low[j]]
	if j < lo || !objEnd && (!d.npWord(j) || determiners[d.low[j]] && !pronouns[d.low[j]]) {
		return rng{}
	}
	if pronouns[d.low[j]] {
		return rng{j, j + 1}
	}
	a := j
	for a-1 >= lo && j-a+1 < maxNP+3 {
		w := d.low[a-1]
		if linkers[w] && a-2 >= lo && (d.modifiable(a-2) || d.placeOfPerson(a-1)) {
			a--
			continue
		}
		if leadWords[w] && isCapitalized(d.toks[a-1].Text) && d.mention[a-1] < 0 {
			break // "Even Rep. Ana Roos said": "Even" is not part of her name
		}
		if !d.npWord(a-1) || pronouns[w] || j-a+1 >= maxNP && !linkers[d.low[a]] {
			break
		}
		if d.mention[a] >= 0 && d.mention[a-1] < 0 && !isCapitalized(d.toks[a-1].Text) && !determiners[w] && w != "the" &&
			!lexicon.IsTitleWord(w) && !lexicon.IsTitleModifier(w) && !personNouns[w] && !isPossessive(w) {
			break
		}
		a--
	}
	return rng{a, j + 1}
}

// placeOfPerson reports whether token i is the "of" or "from" between a
// person's name and their place: "Rep. Ana Roos of Calder".
func (d *doc) placeOfPerson(i int) bool {
	if i < 1 || i+1 >= len(d.toks) || d.low[i] != "of" && d.low[i] != "from" {
		return false
	}
	before, after := d.mention[i-1], d.mention[i+1]
	return before >= 0 && d.person[before] && after >= 0 && !d.person[after]
}

// leadWords open a sentence without being part of its subject: "Even
// the speaker's allies …", "Now Roos says …".
var leadWords = set(`even now also still yet so and but then meanwhile indeed however only just
	already instead later earlier recently today again`)

var objectPronouns = set(`her him them us me`)

// linkers join a post-modifier to a speaker's head noun.
var linkers = set(`of at to with for from in close familiar near`)

// modifiable reports whether token i is a head noun a post-modifier can
// follow: a person or group noun, or an adjective that takes one
// ("close to", "familiar with").
func (d *doc) modifiable(i int) bool {
	w := d.low[i]
	if d.mention[i] >= 0 || isCapitalized(d.toks[i].Text) && i > 0 && !isSentenceEnd(d.low[i-1]) {
		return false
	}
	return personNouns[w] || groupNouns[w] || w == "close" || w == "familiar" || w == "head" || w == "pals" ||
		strings.HasSuffix(w, "s") && len(w) > 3 && !boundaries[w] && !speechVerbs[w]
}

// npAfter reads a noun phrase forward from token i, up to end: a name, a
// pronoun, or words up to a comma or a word that ends a phrase, with a
// post-modifier ("the head of security").
func (d *doc) npAfter(i, end int) rng {
	if i >= end {
		return rng{}
	}
	if pronouns[d.low[i]] {
		return rng{i, i + 1}
	}
	b := i
	for b < end && b-i < maxNP+3 && !(b > i && pronouns[d.low[b]]) {
		w := d.low[b]
		if b > i && linkers[w] && w != "in" && d.modifiable(b-1) && b+1 < end && d.npWord(b+1) {
			b++
			continue
		}
		if !d.npWord(b) || b > i && (timeWords[w] || w == "on" || w == "in") || b-i >= maxNP {
			break
		}
		if b > i && d.mention[b-1] >= 0 && d.mention[b] < 0 && !isPossessive(w) && !isCapitalized(d.toks[b].Text) && !personNouns[w] && !groupNouns[w] &&
			!(b+1 < end && personNouns[d.low[b+1]]) {
			break
		}
		b++
	}
	return rng{i, b}
}

// appositionAfter returns `, the ministry's spokeswoman` after a name.
func (d *doc) appositionAfter(b, end int) rng {
	if b >= end || d.low[b] != "," {
		return rng{}
	}
	a := b + 1
	e := a
	for e < end && e-a < maxNP && d.npWord(e) {
		e++
	}
	return rng{a, e}
}

// sentenceSubject returns the subject of the sentence that starts at lo
// (for a participle or a coordinated verb at v): its first noun phrase,
// after a fronted phrase ended by a comma.
func (d *doc) sentenceSubject(lo, v int) (np, app rng) {
	i := lo
	if i+2 < v && d.turnLabel(i) {
		i += 2 // "ADEYINKA: But the minister … told": the reader, not the subject
	}
	// Skip a fronted adverbial: "When he finally emerged, he mumbled",
	// "Afterwards, a strategist …", and a site's lead-in label ("Driving
	// the news: X signed …").
	if i < v && (fronting[d.low[i]] || strings.HasSuffix(d.low[i], "ing") || isAdverb(d.low[i]) && i+1 < v && d.low[i+1] == ",") {
		for i < v && d.low[i] != "," && d.low[i] != ":" {
			i++
		}
		i++
	} else if c := d.labelColon(i, v); c >= 0 {
		i = c + 1
	}
	for i < v && (d.low[i] == "and" || d.low[i] == "but" || auxiliaries[d.low[i]] || leadWords[d.low[i]] && d.mention[i] < 0) {
		i++
	}
	if i >= v {
		return rng{}, rng{}
	}
	if pronouns[d.low[i]] {
		return rng{i, i + 1}, rng{}
	}
	b := i
	for b < v && b-i < maxNP && d.npWord(b) {
		if b > i && d.isVerbWithObject(b) {
			break // "Unions welcomed the vote but said …"
		}
		if b-i >= 2 && d.allCapitalized(i, b) && !isCapitalized(d.toks[b].Text) && !personNouns[d.low[b]] && !groupNouns[d.low[b]] && !isPossessive(d.low[b]) {
			break // "President Ana Roos waded in": a name, then its verb
		}
		if b > i && d.mention[b-1] >= 0 && d.mention[b] < 0 && !isPossessive(d.low[b]) && !isCapitalized(d.toks[b].Text) && !personNouns[d.low[b]] && !groupNouns[d.low[b]] {
			break
		}
		b++
	}
	if b == i {
		return rng{}, rng{}
	}
	if b < v && d.low[b] == "," {
		app = d.appositionAfter(b, v)
	}
	return rng{i, b}, app
}

// isVerbWithObject reports whether token i reads as a past-tense verb
// taking an object: a lower-case -ed word before an article or
// possessive ("welcomed the vote"), which no noun phrase holds.
func (d *doc) isVerbWithObject(i int) bool {
	w := d.low[i]
	if i+1 >= len(d.low) || isCapitalized(d.toks[i].Text) || !strings.HasSuffix(w, "ed") || len(w) < 5 {
		return false
	}
	n := d.low[i+1]
	return determiners[n] || n == "the" || n == "his" || n == "her" || n == "their" || n == "its"
}

// fronting words open a phrase before the subject.
var fronting = set(`when while after before as in on at during speaking asked since although
	though if once later earlier meanwhile however for from with without despite afterwards
	afterward yesterday today privately publicly separately still`)

// labelColon returns the colon that ends a short lead-in label at the
// start of a sentence ("Driving the news:", "The big picture:"), or -1.
func (d *doc) labelColon(i, v int) int {
	for c := i; c < v && c < i+5; c++ {
		if d.low[c] == ":" {
			return c
		}
		if d.mention[c] >= 0 || speechVerbs[d.low[c]] {
			return -1
		}
	}
	return -1
}

// resolve turns a speaker phrase (and an apposition) into a speaker.
func (d *doc) resolve(np, app rng, cue string, at int) speaker {
	sp := speaker{entity: -1, cue: cue, at: at}
	if np.a >= np.b {
		return speaker{entity: -1}
	}
	// The head noun: before a post-modifier ("analysts at Nordbank").
	head := np.b - 1
	for k := np.a + 1; k < np.b-1; k++ {
		if linkers[d.low[k]] && d.mention[k] < 0 {
			head = k - 1
			break
		}
	}
	// A name at the head of the phrase, or in the apposition.
	if mi := d.mention[head]; mi >= 0 && d.canSpeak(mi) && !(head+1 < np.b && isPossessive(d.low[head+1])) {
		return d.fromMention(sp, mi)
	}
	if m, ok := d.personIn(app); ok && !d.agentPhrase(app) {
		return d.fromMention(sp, m)
	}
	// "The governor, Lena Park, said": a role noun's apposition is a
	// person's name whatever type the tagger gave it.
	if personNouns[d.low[head]] && d.mention[head] < 0 && app.b-app.a >= 2 && app.b-app.a <= 3 && d.allCapitalized(app.a, app.b) {
		if mi := d.mention[app.a]; mi >= 0 && d.mention[app.b-1] == mi && d.ann.Mentions[mi].Type != model.Organization {
			return d.fromMention(sp, mi)
		}
	}
	if np.b-np.a == 1 && pronouns[d.low[np.a]] {
		if desc, ok := d.describedSubject(d.low[np.a], at); ok {
			return d.resolve(desc, rng{}, cue, at)
		}
		if m, ok := d.pronoun(d.low[np.a], at); ok {
			return d.fromMention(sp, m)
		}
		return speaker{entity: -1}
	}
	hw := d.low[head]
	possessed := false
	for k := np.a; k < head; k++ {
		if isPossessive(d.low[k]) {
			possessed = true
		}
	}
	if possessed && !isCapitalized(d.toks[head].Text) && !personNouns[hw] && !institutionNouns[hw] && !groupNouns[hw] &&
		!strings.HasSuffix(hw, "man") && !strings.HasSuffix(hw, "woman") && !strings.HasSuffix(hw, "s") && !roleSuffix(hw) {
		return speaker{entity: -1} // "Ekdahl's earlier": not a speaker
	}
	plural := groupNouns[hw] || !personNouns[hw] && !institutionNouns[hw] && strings.HasSuffix(hw, "s") && !strings.HasSuffix(hw, "ss")
	bare := np.b-np.a == 1 || np.b-np.a == 2 && d.low[np.a] == "the"
	if bare && (groupNouns[hw] || institutionNouns[hw]) {
		// "police said", "the hospital said": the organisation of that
		// kind the article named ("Kostrava police", "Brask General
		// Hospital").
		if m, ok := d.namedInstitution(hw, at); ok {
			return d.fromMention(sp, m)
		}
	}
	switch {
	case head < np.b-1 || plural || possessed && !personNouns[hw] && !strings.HasSuffix(hw, "man") && !strings.HasSuffix(hw, "woman"):
		// "analysts at Nordbank", "Veldoran sociologists", "Norland's
		// foreign ministry": the phrase itself.
	default:
		if m, ok := d.roleNoun(rng{np.a, head + 1}, at); ok {
			return d.fromMention(sp, m)
		}
	}
	a := np.a
	for a < np.b-1 && (d.low[a] == "the" || d.low[a] == "a" || d.low[a] == "an" || d.low[a] == "one") {
		a++
	}
	// A name the tagger missed: no title before it ("President Ana
	// Roos"), and a lone surname in full as the text first gave it.
	if d.allCapitalized(a, np.b) {
		for a < np.b-1 && (lexicon.IsTitleWord(d.toks[a].Text) || lexicon.IsHonorific(d.toks[a].Text)) {
			a++
		}
		if a == np.b-1 && isWord(d.toks[a].Text) && !lexicon.IsTitleWord(d.toks[a].Text) {
			if full := d.givenBefore(d.toks[a].Text); full != d.toks[a].Text {
				sp.name = full
				sp.span = &model.TextSpan{Start: d.toks[a].Start, End: d.toks[a].End}
				return sp
			}
		}
	}
	sp.name = d.text[d.toks[a].Start:d.toks[np.b-1].End]
	sp.span = &model.TextSpan{Start: d.toks[a].Start, End: d.toks[np.b-1].End}
	return sp
}

// agentPhrase reports whether a phrase after the subject names who acts
// on it ("led by Tomasz Reinholt"), not who it is.
func (d *doc) agentPhrase(s rng) bool {
	return s.b-s.a >= 2 && strings.HasSuffix(d.low[s.a], "ed") && d.low[s.a+1] == "by"
}

// allCapitalized reports whether tokens [a, b) are all capitalised words.
func (d *doc) allCapitalized(a, b int) bool {
	for i := a; i < b; i++ {
		if !isCapitalized(d.toks[i].Text) {
			return false
		}
	}
	return a < b
}

func (d *doc) fromMention(sp speaker, mi int) speaker {
	m := d.ann.Mentions[mi]
	sp.name = m.Text
	sp.entity = -1
	if m.Entity >= 0 && m.Entity < len(d.ann.Entities) {
		sp.entity = m.Entity
		sp.name = d.names[m.Entity]
	}
	sp.span = &model.TextSpan{Start: m.Start, End: m.End}
	return sp
}

// speakerType reports whether a mention can speak: a person, an
// organisation, or a place standing for its government ("Moscow said").
func (d *doc) canSpeak(mi int) bool {
	m := d.ann.Mentions[mi]
	if d.person[mi] {
		return true // "Gov. Lena Park", whatever type the tagger gave it
	}
	switch m.Type {
	case model.Person, model.Organization:
		return true
	case model.Misc:
		// "the Labour Alliance said": a party or movement the tagger
		// called a miscellaneous name.
		return d.person[mi] || orgWords(strings.Fields(m.Text))
	case model.Location:
		return m.StandsFor != "" || d.entityCountry(m.Entity)
	}
	return false
}

func (d *doc) entityCountry(e int) bool {
	return e >= 0 && e < len(d.ann.Entities) && d.ann.Entities[e].Country != ""
}

func (d *doc) personIn(s rng) (int, bool) {
	for i := s.a; i < s.b; i++ {
		if mi := d.mention[i]; mi >= 0 && d.person[mi] {
			return mi, true
		}
	}
	return 0, false
}

// candidates calls f with the mentions before token at that can be
// speakers, nearest sentence first; within a sentence, the earlier
// mention (usually the subject) first, except in the sentence of the cue
// itself, where the nearest comes first. Mentions inside quotes are
// skipped. f returns true to stop.
func (d *doc) candidates(at int, f func(mi int) bool) {
	if at >= len(d.toks) {
		at = len(d.toks) - 1
	}
	if at < 0 {
		return
	}
	seen := map[int]bool{}
	try := func(i int) bool {
		mi := d.mention[i]
		if mi < 0 || seen[mi] || d.quoted[i] || !d.canSpeak(mi) || d.turnLabel(i) {
			return false
		}
		seen[mi] = true
		return f(mi)
	}
	s := d.sentOf[at]
	lo := 0
	if s < len(d.sents) {
		lo = d.sents[s].a
	}
	for i := at - 1; i >= lo; i-- {
		if try(i) {
			return
		}
	}
	for s--; s >= 0 && s >= d.sentOf[at]-12; s-- {
		for i := d.sents[s].a; i < d.sents[s].b; i++ {
			if try(i) {
				return
			}
		}
	}
}

// describedSubject returns the subject of the paragraph's first
// sentence when it is an unnamed person ("A senior diplomat, speaking
// on condition of anonymity, was blunter.") and no one is named in the
// paragraph before the pronoun at token at: a pronoun there means that
// person, not someone named paragraphs back.
func (d *doc) describedSubject(p string, at int) (rng, bool) {
	if p != "he" && p != "she" {
		return rng{}, false
	}
	lo := d.tokAt(d.paraStart(d.toks[min(at, len(d.toks)-1)].Start))
	for i := lo; i < at; i++ {
		if mi := d.mention[i]; mi >= 0 && !d.quoted[i] && d.person[mi] {
			return rng{}, false
		}
	}
	end := lo
	for end < at && !isSentenceEnd(d.low[end]) && !d.quoted[end] && !isMark(d.toks[end].Text) {
		end++
	}
	if end >= at {
		return rng{}, false // the pronoun's own sentence: no antecedent before it
	}
	np, _ := d.sentenceSubject(lo, end)
	if np.a >= np.b {
		return rng{}, false
	}
	head := np.b - 1
	if d.mention[head] >= 0 || !personNouns[d.low[head]] {
		return rng{}, false
	}
	return np, true
}

// turnLabel reports whether token i is a transcript's speaker label
// ("ASKEW: Governor Park took …"): the voice reading the line, not a
// person it talks about.
func (d *doc) turnLabel(i int) bool {
	if i+1 >= len(d.toks) || d.low[i+1] != ":" || d.toks[i].Start != d.paraStart(d.toks[i].Start) {
		return false
	}
	t := d.toks[i].Text
	return t == strings.ToUpper(t) && t != strings.ToLower(t)
}

// pronoun resolves he, she, it, they, we, I at token at.
func (d *doc) pronoun(p string, at int) (int, bool) {
	found, ok := 0, false
	// "Asked whether Mr. Ebner …, he said": a person named in a fronted
	// clause of the pronoun's sentence is not who the pronoun means.
	skipFrom, skipTo := d.frontedClause(at)
	d.candidates(at, func(mi int) bool {
		m := d.ann.Mentions[mi]
		if m.Start >= skipFrom && m.End <= skipTo {
			return false
		}
		switch p {
		case "he", "she", "i":
			if !d.person[mi] {
				return false
			}
			g := d.genderOf(m.Entity)
			if p == "he" && g == 'f' || p == "she" && g == 'm' {
				return false
			}
		case "it", "we", "they":
			if d.person[mi] {
				if p == "we" {
					// "we" is a person speaking for a group.
					found, ok = mi, true
					return true
				}
				return false
			}
		}
		found, ok = mi, true
		return true
	})
	return found, ok
}

// frontedClause returns the byte range of a clause that opens the
// sentence of token at and ends with a comma before it ("Asked on
// Wednesday whether …,", "When the minister arrived,"), or an empty
// range.
func (d *doc) frontedClause(at int) (int, int) {
	if at >= len(d.toks) || d.sentOf[at] >= len(d.sents) {
		return 0, 0
	}
	s0 := d.sents[d.sentOf[at]].a
	w := d.low[s0]
	// Only a participle clause ("Asked whether X …,", "Speaking to X,"):
	// its own subject is the pronoun's referent, so a name in it is
	// someone else; after "When the press found X," the pronoun is often
	// X.
	if !isCapitalized(d.toks[s0].Text) || d.mention[s0] >= 0 || !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ing") {
		return 0, 0
	}
	for c := at - 1; c > s0; c-- {
		if d.low[c] == "," {
			return d.toks[s0].Start, d.toks[c].Start
		}
	}
	return 0, 0
}

// roleNoun resolves a phrase without a name by its head noun: a person's
// role ("the spokeswoman", "the minister") to the person given it, an
// institution ("the ministry", "the company") to the organisation it
// names.
func (d *doc) roleNoun(np rng, at int) (int, bool) {
	head := d.low[np.b-1]
	if isPossessive(head) {
		return 0, false
	}
	var words []string
	for i := np.a; i < np.b; i++ {
		if !determiners[d.low[i]] && d.low[i] != "the" {
			words = append(words, d.low[i])
		}
	}
	found, ok := 0, false
	switch {
	case personNouns[head] || strings.HasSuffix(head, "chief") || strings.HasSuffix(head, "man") || strings.HasSuffix(head, "woman"):
		key := roleKey(head)
		// A person the article gave this role.
		d.candidates(at, func(mi int) bool {
			m := d.ann.Mentions[mi]
			if !d.person[mi] {
				return false
			}
			if d.hasRole(m, key) {
				found, ok = mi, true
				return true
			}
			return false
		})
		if ok || len(words) == 0 || np.b-np.a < 2 || !(d.low[np.a] == "the") {
			return found, ok
		}
		if mi, ok := d.titledName(head, at); ok {
			return mi, true
		}
		// "the feisty ex-finance chief": a definite description of the
		// person the story is about — not one the reported words name.
		d.candidates(at, func(mi int) bool {
			if d.person[mi] && d.sentOf[d.tokAt(d.ann.Mentions[mi].Start)] != d.sentOf[at] {
				found, ok = mi, true
				return true
			}
			return false
		})
		if !ok {
			// A lead that names the person only in the next sentence: "…,
			// the economy minister said on Monday." then "Lukas Ferrand,
			// who was speaking …".
			found, ok = d.personNext(at)
		}
		return found, ok
	case institutionNouns[head] || groupNouns[head]:
		d.candidates(at, func(mi int) bool {
			m := d.ann.Mentions[mi]
			if d.person[mi] {
				return false
			}
			if strings.Contains(lower(m.Text), head) || genericInstitutions[head] && m.Type == model.Organization {
				found, ok = mi, true
				return true
			}
			return false
		})
	}
	return found, ok
}

// personNext returns the person named first in the sentence after the
// one of token at, when that sentence opens with the name.
func (d *doc) personNext(at int) (int, bool) {
	if at >= len(d.toks) {
		return 0, false
	}
	s := d.sentOf[at] + 1
	if s >= len(d.sents) {
		return 0, false
	}
	i := d.sents[s].a
	if mi := d.mention[i]; mi >= 0 && d.person[mi] && !d.quoted[i] {
		return mi, true
	}
	return 0, false
}

// titledName finds the nearest earlier person mention written right
// after the title ("President Ana Roos" for "the president"), for a
// name whose mention the entity stage gave no role.
func (d *doc) titledName(title string, at int) (int, bool) {
	for i := min(at, len(d.toks)) - 1; i > 0; i-- {
		if d.low[i-1] == title && isCapitalized(d.toks[i-1].Text) && d.mention[i] >= 0 && d.person[d.mention[i]] {
			return d.mention[i], true
		}
	}
	return 0, false
}

// hasRole reports whether a mention, or its entity, holds a role with the
// given key.
func (d *doc) hasRole(m model.Mention, key string) bool {
	match := func(role string) bool {
		for _, w := range strings.Fields(lower(role)) {
			if roleKey(w) == key || strings.HasSuffix(w, key) {
				return true
			}
		}
		return false
	}
	if match(m.Role) {
		return true
	}
	if m.Entity >= 0 && m.Entity < len(d.ann.Entities) {
		for _, r := range d.ann.Entities[m.Entity].Roles {
			if match(r) {
				return true
			}
		}
	}
	return false
}
