// Package quote finds reported speech in article text: direct quotes in
// any of the quotation-mark conventions outlets use, and indirect speech
// ("X said that …", "according to X, …"), each with its speaker resolved
// to one of the article's entities where the text allows, and the verb or
// phrase that attributes it.
//
// It works on the output of the entity stage (sentences, mentions, local
// entities) and reads the text around each quote with a handful of
// attribution frames, the ones that cover nearly all news writing:
//
//	"…," she said.          "…," said X, the spokeswoman.
//	X told reporters: "…"   "…," X, the minister, added.
//	"…", according to X.    X called the move "a provocation".
//
// A speaker that is a pronoun goes to the nearest earlier person (or
// organisation for "it") that fits; a role noun ("the spokeswoman", "the
// ministry") to the entity the article gave that role or name.
package quote

import (
	"sort"
	"strings"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/text/token"
)

// Find returns the quotes of text in order of their start. ann holds the
// entity stage's sentences and mentions of the same text; with none, the
// quotes are still found but speakers are only the words the text uses.
func Find(text string, ann model.Annotations) []model.Quote {
	return FindIn(text, token.Tokenize(text), ann)
}

// FindIn is Find over the text's tokens as token.Tokenize gives them, for
// a caller that has them already.
func FindIn(text string, toks []token.Token, ann model.Annotations) []model.Quote {
	d := newDoc(text, toks, ann)
	quotes := d.direct()
	quotes = append(quotes, d.indirect()...)
	sort.SliceStable(quotes, func(i, j int) bool { return quotes[i].Start < quotes[j].Start })
	for i := range quotes {
		quotes[i].Text = text[quotes[i].Start:quotes[i].End]
	}
	if quotes == nil {
		quotes = []model.Quote{}
	}
	return quotes
}

// doc is a text prepared for reading attributions.
type doc struct {
	text  string
	ann   model.Annotations
	paras []span
	toks  []token.Token
	low   []string // lower-cased tokens, curly apostrophes folded
	// mention[i] is the mention covering token i, or -1.
	mention []int
	// sentOf[i] is the sentence of token i.
	sentOf []int
	sents  []rng // sentence token ranges [start, end)
	// quoted marks tokens inside direct quotes: their mentions are not
	// speakers, and indirect speech is not looked for inside them.
	quoted []bool
	// named marks the tokens of quotes that are names or titles, marks
	// included.
	named  []bool
	groups []group
	gender []byte   // per local entity: 'm', 'f' or 0
	names  []string // per local entity: the name to report a speaker by
	person []bool   // per mention: it names a person
	// personEnt marks the local entities with a mention naming a person.
	personEnt []bool
	given     map[string]bool
	places    map[string]bool
}

// group is one direct quote: one or more pieces (a quote over several
// paragraphs has one piece per paragraph).
type group struct {
	pieces []piece
	open   int // the first opening mark
	close  int // after the last piece's closing mark
	closed bool
	// token indexes: the opening mark's token, and the first token after
	// the quote.
	tOpen, tAfter int
}

func newDoc(text string, toks []token.Token, ann model.Annotations) *doc {
	d := &doc{text: text, ann: ann, paras: paragraphs(text)}
	d.toks = toks
	d.low = make([]string, len(d.toks))
	for i, t := range d.toks {
		d.low[i] = canon(t.Text)
	}
	d.mention = make([]int, len(d.toks))
	for i := range d.mention {
		d.mention[i] = -1
	}
	for mi, m := range ann.Mentions {
		for i := d.tokAt(m.Start); i < len(d.toks) && d.toks[i].Start < m.End; i++ {
			d.mention[i] = mi
		}
	}
	d.sentOf = make([]int, len(d.toks))
	sentSpans := ann.Sentences
	if len(sentSpans) == 0 {
		for _, s := range token.Sentences(text) {
			sentSpans = append(sentSpans, model.TextSpan{Start: s.Start, End: s.End})
		}
	}
	for si, s := range sentSpans {
		a, b := d.tokAt(s.Start), d.tokAt(s.End)
		d.sents = append(d.sents, rng{a, b})
		for i := a; i < b; i++ {
			d.sentOf[i] = si
		}
	}
	d.quoted = make([]bool, len(d.toks))
	pieces := scanMarks(text, d.paras)
	for i := 0; i < len(pieces); {
		j := i
		for j < len(pieces) && pieces[j].group == pieces[i].group {
			j++
		}
		g := group{pieces: pieces[i:j], open: pieces[i].open, close: pieces[j-1].close, closed: pieces[j-1].closed}
		g.tOpen = d.tokAt(g.open)
		g.tAfter = d.tokAt(g.close)
		for _, p := range g.pieces {
			for k := d.tokAt(p.start); k < len(d.toks) && d.toks[k].Start < p.end; k++ {
				d.quoted[k] = true
			}
		}
		d.groups = append(d.groups, g)
		d.cutUnclosed(len(d.groups) - 1)
		i = j
	}
	d.given = givenNames()
	d.person = d.persons()
	d.names = d.displayNames()
	d.gender = d.genders()
	d.splitSpeakers()
	return d
}

// splitSpeakers splits a quote that runs on into the next paragraph when
// that paragraph's words carry their own attribution to someone else:
// `"A," X said. "B.` then `"C," said Y.` is X's words and then Y's, not
// one quote of Y's — a closing mark left out, or a reporter's habit of
// leaving it open, must not hand a paragraph to the next speaker.
func (d *doc) splitSpeakers() {
	for gi := 0; gi < len(d.groups); gi++ {
		g := d.groups[gi]
		n := len(g.pieces)
		if n < 2 {
			continue
		}
		last := g.pieces[n-1]
		tail := group{pieces: g.pieces[n-1:], open: last.open, close: last.close, closed: last.closed,
			tOpen: d.tokAt(last.open), tAfter: d.tokAt(last.close)}
		after := d.attributeAfter(tail, false)
		if !after.ok() {
			continue
		}
		head := group{pieces: g.pieces[:n-1], open: g.open, close: g.pieces[n-2].close, closed: false,
			tOpen: g.tOpen, tAfter: d.tokAt(g.pieces[n-2].close)}
		first := d.attributeBefore(head.tOpen, d.beforeStart(head), false)
		if !first.ok() && gi > 0 {
			pg := d.groups[gi-1]
			if paraOf(d.paras, pg.close-1) == paraOf(d.paras, g.open) && d.onlyAttributionBetween(pg.close, g.open) {
				first = d.attributeAfter(pg, false)
			}
		}
		if !first.ok() || sameSpeaker(first, after) {
			continue
		}
		d.groups = append(d.groups[:gi], append([]group{head, tail}, d.groups[gi+1:]...)...)
		gi++
	}
}

// sameSpeaker reports whether two attributions name one speaker.
func sameSpeaker(a, b speaker) bool {
	if a.entity >= 0 || b.entity >= 0 {
		return a.entity == b.entity
	}
	return FoldSpeaker(a.name) == FoldSpeaker(b.name)
}

// tokAt returns the index of the first token starting at or after byte
// offset off.
func (d *doc) tokAt(off int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= off })
}

// paraEnd returns the byte offset where the paragraph holding off ends.
func (d *doc) paraEnd(off int) int {
	if len(d.paras) == 0 {
		return len(d.text)
	}
	return d.paras[paraOf(d.paras, off)].end
}

func (d *doc) paraStart(off int) int {
	if len(d.paras) == 0 {
		return 0
	}
	return d.paras[paraOf(d.paras, off)].start
}

// speaker is an attribution: who and by what cue.
type speaker struct {
	name   string
	span   *model.TextSpan
	entity int
	cue    string
	at     int // the cue's token, for ordering and pronoun look-back
	// label marks a speaker named by a line's label (`Name, Outlet: "…"`),
	// the one attribution without a cue.
	label bool
}

// ok reports whether an attribution was found: every one has a cue or a
// label.
func (s speaker) ok() bool { return s.cue != "" || s.label }

// direct reads each quote's attribution.
func (d *doc) direct() []model.Quote {
	// Names and titles in quotation marks ("the Bulldog") are words of
	// the writer's sentence: a frame may run across them.
	d.named = make([]bool, len(d.toks))
	for _, g := range d.groups {
		if before := d.beforeStart(g); d.isPartial(g, before) && d.notSpeech(g, before) {
			for k := g.tOpen; k <= g.tAfter && k < len(d.toks); k++ {
				d.named[k] = true
			}
		}
	}
	var out []model.Quote
	prev := speaker{entity: -1} // the last attribution, for quotes that continue it
	prevClose, prevPara := -1, -1
	slogan := false
	for gi := range d.groups {
		g := d.groups[gi]
		para := paraOf(d.paras, g.open)
		before := d.beforeStart(g)
		// Banners, placards and chants: words in quotation marks that
		// nobody in particular said.
		if d.isSlogan(g, slogan) {
			slogan = true
			out = append(out, d.newQuote(g, false, speaker{entity: -1}))
			prev = speaker{entity: -1}
			continue
		}
		slogan = false
		partial := d.isPartial(g, before)
		if partial && d.notSpeech(g, before) {
			continue
		}
		sp := d.attributeAfter(g, partial)
		if !sp.ok() {
			sp = d.attributeBefore(g.tOpen, before, partial)
		}
		if !sp.ok() && !partial {
			sp = d.labelSpeaker(g)
		}
		if !sp.ok() && !partial {
			// "A," she said. "B." — a quote that opens a sentence of its
			// own right after an attributed one goes on with its speaker;
			// so does a paragraph that is only a quote after a paragraph
			// that ended with its speaker's quote or a colon.
			if prev.ok() && prevPara == para && (d.onlyAttributionBetween(prevClose, g.open) || d.attributionBetween(prev, prevClose, g.open)) {
				sp = prev
			} else if para > 0 && g.open == d.paras[para].start {
				if pe := d.paras[para-1].end; strings.HasSuffix(d.text[:pe], ":") {
					colon := d.tokAt(pe - 1)
					sp = d.attributeBefore(colon, d.clauseStart(colon), false)
				} else if prev.ok() && prevPara == para-1 && d.quoteEndsPara(gi-1) {
					sp = prev
				}
			}
		}
		if !sp.ok() && partial && prev.ok() && d.sameSentence(prevClose, g.open) {
			// `said it was "A" and that the rest was "B"`: a second quoted
			// phrase of the same report.
			sp = prev
		}
		if !sp.ok() && partial {
			// A quoted phrase in the writer's sentence with no frame we
			// read (`One of them, X, said it had "…"`) is still someone's
			// words — scare quotes, names and titles were set aside above.
			// It keeps the paragraph's last speaker, or none.
			if prev.ok() && prevPara == para {
				sp = prev
			}
		}
		q := d.newQuote(g, partial, sp)
		if q.Start >= q.End {
			continue
		}
		out = append(out, q)
		if sp.ok() {
			prev = sp
		} else {
			prev = speaker{entity: -1}
		}
		prevClose, prevPara = g.close, paraOf(d.paras, g.close-1)
	}
	return out
}

func (d *doc) newQuote(g group, partial bool, sp speaker) model.Quote {
	q := model.Quote{
		Start:   g.pieces[0].start,
		End:     g.pieces[len(g.pieces)-1].end,
		Kind:    "direct",
		Partial: partial,
		Entity:  -1,
	}
	q.Start, q.End = d.trimQuote(q.Start, q.End)
	if sp.ok() {
		q.Speaker, q.SpeakerSpan, q.Entity, q.Cue = sp.name, sp.span, sp.entity, sp.cue
	}
	return q
}

// isNamed reports whether token i belongs to a quoted name or title.
func (d *doc) isNamed(i int) bool { return i < len(d.named) && d.named[i] }

// objectAfterLinker reports whether token i is an object pronoun after a
// linker ("close to her"), not a determiner ("her statement").
func (d *doc) objectAfterLinker(i int) bool {
	return i > 0 && objectPronouns[d.low[i]] && linkers[d.low[i-1]]
}

// sameSentence reports whether byte offsets a < b are in one sentence
// of one paragraph, with no speech verb between them.
func (d *doc) sameSentence(a, b int) bool {
	if a < 0 || b < a || paraOf(d.paras, a) != paraOf(d.paras, b) {
		return false
	}
	for i := d.tokAt(a); i < d.tokAt(b); i++ {
		if isSentenceEnd(d.low[i]) && !d.quoted[i] || speechVerbs[d.low[i]] {
			return false
		}
	}
	return true
}

// cutUnclosed ends a quote that was opened and never closed where its
// attribution plainly starts (`"They said that …, he said, before …`), so
// it does not run to the end of its paragraph.
func (d *doc) cutUnclosed(gi int) {
	g := &d.groups[gi]
	if g.closed || len(g.pieces) != 1 {
		return
	}
	p := &g.pieces[0]
	a, b := d.tokAt(p.start), d.tokAt(p.end)
	for k := a + 1; k+1 < b; k++ {
		if d.low[k] != "," {
			continue
		}
		n := d.low[k+1]
		if speechVerbs[n] || pronouns[n] && k+2 < b && speechVerbs[d.low[k+2]] {
			p.end = d.toks[k].Start
			p.close, g.close, g.tAfter = p.end, p.end, k
			g.closed = true
			for i := k; i < b; i++ {
				d.quoted[i] = false
			}
			return
		}
	}
}

// clauseStart returns the first token of the sentence holding token i.
func (d *doc) clauseStart(i int) int {
	lo := d.tokAt(d.paraStart(d.toks[min(i, len(d.toks)-1)].Start))
	for k := i - 1; k >= lo; k-- {
		if isSentenceEnd(d.low[k]) || d.quoted[k] || isMark(d.toks[k].Text) {
			return k + 1
		}
	}
	return lo
}

// isSlogan reports whether a quote is the words of a banner, placard or
// chant: `banners reading "…"`, `chants of "…"`, and the next quote after
// one joined by "and".
func (d *doc) isSlogan(g group, afterSlogan bool) bool {
	if g.tOpen == 0 {
		return false
	}
	w := d.low[g.tOpen-1]
	switch w {
	case "simply", "only", "just":
		// `One read simply "…"`.
		if g.tOpen > 1 {
			switch d.low[g.tOpen-2] {
			case "reading", "read", "reads":
				return true
			}
		}
	case "reading", "read", "reads", "saying":
		if w == "saying" {
			return g.tOpen > 1 && (d.low[g.tOpen-2] == "banners" || d.low[g.tOpen-2] == "banner" || d.low[g.tOpen-2] == "placards" || d.low[g.tOpen-2] == "placard" || d.low[g.tOpen-2] == "signs")
		}
		return true
	case "of":
		if g.tOpen > 1 {
			switch d.low[g.tOpen-2] {
			case "chants", "chant", "cries", "shouts", "slogan", "slogans", "banner", "banners":
				return true
			}
		}
	case "and", "or", ",":
		return afterSlogan
	}
	return false
}

// trimQuote drops a comma (or a dash) that only leads into the attribution
// from the end of quoted words: "…," she said.
func (d *doc) trimQuote(a, b int) (int, int) {
	for b > a {
		r := runeBefore(d.text, b)
		if r == ',' || r == ';' || isDash(r) || isSpace(r) {
			b -= len(string(r))
			continue
		}
		break
	}
	return a, b
}

// beforeStart returns the first token of the clause a quote sits in: after
// the previous sentence end, quote or paragraph start.
func (d *doc) beforeStart(g group) int {
	lo := d.tokAt(d.paraStart(g.open))
	for i := g.tOpen - 1; i >= lo; i-- {
		if d.isNamed(i) {
			continue
		}
		if d.quoted[i] || isMark(d.toks[i].Text) {
			return i + 1
		}
		if isSentenceEnd(d.low[i]) {
			return i + 1
		}
	}
	return lo
}

// isPartial reports whether a quote is built into the writer's sentence
// rather than standing as an utterance: it does not open the sentence and
// is not introduced by a colon or by "she said,".
func (d *doc) isPartial(g group, before int) bool {
	if before >= g.tOpen {
		return false
	}
	last := d.low[g.tOpen-1]
	if last == ":" {
		return false
	}
	if last == "," || isDash(runeBefore(last, len(last))) {
		// She said, "…" / — "…"
		for i := g.tOpen - 2; i >= before && i >= g.tOpen-4; i-- {
			if speechVerbs[d.low[i]] || participles[d.low[i]] {
				return false
			}
		}
		// The quote opens after a fronted phrase or clause: "In a
		// statement, "…"" is rare; a comma usually ends a clause whose
		// speaker the quote continues.
		if d.startsUpper(g) {
			return false
		}
	}
	return true
}

// startsUpper reports whether a quote's first letter is upper case.
func (d *doc) startsUpper(g group) bool {
	p := g.pieces[0]
	return isCapitalized(d.text[p.start:p.end])
}

// notSpeech reports whether a quote in the writer's sentence is a name, a
// title or a scare quote rather than someone's words: a nickname between
// the parts of a name (Dino "Dynamo" Marsh), "so-called", a short quote in
// capitals with no speech verb near it.
func (d *doc) notSpeech(g group, before int) bool {
	if g.tOpen > 0 {
		switch d.low[g.tOpen-1] {
		case "so-called", "dubbed", "nicknamed", "known", "titled", "entitled", "headlined", "marked", "read", "reading", "reads", "slogan", "banner", "placard":
			return true
		}
	}
	if d.titleCase(g) {
		return true
	}
	if g.tOpen > 1 && d.low[g.tOpen-1] == "as" && (d.low[g.tOpen-2] == "known" || d.low[g.tOpen-2] == "referred" || d.low[g.tOpen-2] == "to") {
		return true
	}
	if g.tOpen > 0 && g.tAfter < len(d.toks) && d.mention[g.tOpen-1] >= 0 && isCapitalized(d.toks[g.tAfter].Text) && d.mention[g.tAfter] >= 0 {
		return true
	}
	if g.tOpen > 0 && g.tAfter < len(d.toks) && isCapitalized(d.toks[g.tOpen-1].Text) && g.tOpen-1 > before && isCapitalized(d.toks[g.tAfter].Text) {
		return true
	}
	return false
}

// titleCase reports whether a quote reads like a name or a title: every
// word capitalised but short function words ("The Herring Fleet at
// Dawn", "the Bulldog").
func (d *doc) titleCase(g group) bool {
	p := g.pieces[0]
	if len(g.pieces) > 1 || p.end-p.start > 80 {
		return false
	}
	words := strings.Fields(d.text[p.start:p.end])
	caps := 0
	for i, w := range words {
		switch {
		case isCapitalized(w):
			caps++
		case i == 0 && (w == "the" || w == "a"), titleSmall[w]:
		default:
			return false
		}
		if r := runeBefore(w, len(w)); r == '.' || r == '!' || r == '?' || r == ',' {
			return false
		}
	}
	return caps > 0
}

var titleSmall = set(`of at in on the and a an to for from with de la von van der`)

// onlyAttributionBetween reports whether the text between two quotes in a
// paragraph is an attribution and nothing more: `"A," she said. "B."`,
// `"A," he said, "B."`.
func (d *doc) onlyAttributionBetween(a, b int) bool {
	if a < 0 || b < a {
		return false
	}
	ta, tb := d.tokAt(a), d.tokAt(b)
	if tb-ta > 14 {
		return false
	}
	verb := false
	for i := ta; i < tb; i++ {
		if speechVerbs[d.low[i]] || d.low[i] == "according" || participles[d.low[i]] {
			verb = true
		}
	}
	return verb || tb == ta
}

// attributionBetween reports whether the previous quote's attribution
// is the one sentence between it and this quote: `"A," said X, who …,
// "B."`.
func (d *doc) attributionBetween(prev speaker, a, b int) bool {
	ta, tb := d.tokAt(a), d.tokAt(b)
	if prev.at < ta || prev.at >= tb || tb-ta > 60 {
		return false
	}
	for i := ta; i < tb-1; i++ {
		if isSentenceEnd(d.low[i]) {
			return false
		}
	}
	return true
}

// quoteEndsPara reports whether group gi is followed by nothing in its
// paragraph but its attribution, or the paragraph ends with a colon.
func (d *doc) quoteEndsPara(gi int) bool {
	if gi < 0 {
		return false
	}
	g := d.groups[gi]
	end := d.paraEnd(g.close - 1)
	return d.onlyAttributionBetween(g.close, end) || strings.HasSuffix(strings.TrimSpace(d.text[g.close:end]), ":")
}

// attributeAfter reads the attribution that follows a quote:
// `, she said`, `," said X`, `, according to X`, `, X told reporters`.
func (d *doc) attributeAfter(g group, partial bool) speaker {
	none := speaker{entity: -1}
	i := g.tAfter
	end := d.tokAt(d.paraEnd(g.close - 1))
	// Punctuation between the mark and the attribution.
	comma := false
	for i < end && (d.low[i] == "," || isDash(firstRune(d.low[i])) && len(d.low[i]) <= 3) {
		comma = true
		i++
	}
	if i >= end {
		return none
	}
	if partial && !comma {
		// The writer's sentence goes on after a quoted phrase; an
		// attribution can still close it: `… "provocations" must stop,
		// the ministry said.`
		return d.trailingAttribution(i, end)
	}
	if !partial && !comma && !d.endsWithPunct(g) {
		return none
	}
	if d.low[i] == "according" && i+1 < end && d.low[i+1] == "to" {
		np := d.npAfter(i+2, end)
		if np.a < np.b {
			return d.resolve(np, d.appositionAfter(np.b, end), "according to", i)
		}
		return none
	}
	if speechVerbs[d.low[i]] {
		// `," said Sanna Rask` / `," said the minister`.
		np := d.npAfter(i+1, end)
		if np.a < np.b && d.low[np.a] != "that" {
			return d.resolve(np, d.appositionAfter(np.b, end), d.low[i], i)
		}
		return none
	}
	// `," she said` / `," the fire chief, Ana Roos, said`.
	for v := i; v < end && v < i+16; v++ {
		if isSentenceEnd(d.low[v]) || isMark(d.toks[v].Text) {
			break
		}
		if !speechVerbs[d.low[v]] || isCapitalized(d.toks[v].Text) && v > i {
			continue
		}
		np, app := d.subjectBefore(v, i)
		if np.a < np.b && (np.a == i || d.titledFrom(np, i)) {
			return d.resolve(np, app, d.cueAt(v), v)
		}
		break
	}
	return none
}

// titledFrom reports whether noun phrase np ends with a mention whose
// title, as the entity stage found it, starts at token i: `Minister of
// Foreign Affairs Dmitry Varenko`, whose "of" ends the noun phrase read
// backwards.
func (d *doc) titledFrom(np rng, i int) bool {
	m := d.mention[np.b-1]
	if m < 0 || i >= np.a {
		return false
	}
	mt := d.ann.Mentions[m]
	return mt.RoleSpan != nil && mt.RoleSpan.Start <= d.toks[i].Start && mt.RoleSpan.End <= mt.Start
}

// endsWithPunct reports whether the quoted words end with punctuation
// (`"…!" she said`), which lets an attribution follow without a comma.
func (d *doc) endsWithPunct(g group) bool {
	p := g.pieces[len(g.pieces)-1]
	r := runeBefore(d.text, p.end)
	return r == '.' || r == '!' || r == '?' || r == ',' || r == '…' || isDash(r)
}

// trailingAttribution finds `, NP said.` at the end of the sentence that
// starts at token i.
func (d *doc) trailingAttribution(i, end int) speaker {
	none := speaker{entity: -1}
	stop := i
	for stop < end && !isSentenceEnd(d.low[stop]) && !isMark(d.toks[stop].Text) {
		stop++
	}
	for c := stop - 1; c > i; c-- {
		if d.low[c] != "," {
			continue
		}
		if c+2 < stop && d.low[c+1] == "according" && d.low[c+2] == "to" {
			np := d.npAfter(c+3, stop)
			if np.a < np.b {
				return d.resolve(np, rng{}, "according to", c+1)
			}
		}
		for v := c + 1; v < stop && v < c+10; v++ {
			if speechVerbs[d.low[v]] && !isCapitalized(d.toks[v].Text) {
				np, app := d.subjectBefore(v, c+1)
				if np.a == c+1 && np.a < np.b {
					return d.resolve(np, app, d.cueAt(v), v)
				}
				if v == c+1 {
					np := d.npAfter(v+1, stop)
					if np.a < np.b {
						return d.resolve(np, d.appositionAfter(np.b, stop), d.low[v], v)
					}
				}
			}
		}
		break
	}
	return none
}

// cueAt returns the cue starting at verb token v, with a particle that
// belongs to it ("hit back", "pointed out").
func (d *doc) cueAt(v int) string {
	if v+1 < len(d.low) {
		switch d.low[v+1] {
		case "back", "out":
			return d.low[v] + " " + d.low[v+1]
		}
	}
	return d.low[v]
}

// attributeBefore reads the attribution in the clause before a quote:
// `X told reporters: "…"`, `she said, "…"`, `X called the move "…"`,
// `…, writing: "…"`, `According to X, "…"`.
func (d *doc) attributeBefore(tOpen, before int, partial bool) speaker {
	none := speaker{entity: -1}
	if before >= tOpen {
		return none
	}
	for v := tOpen - 1; v >= before; v-- {
		w := d.low[v]
		if d.quoted[v] && !d.isNamed(v) {
			break
		}
		if w == "according" && v+1 < tOpen && d.low[v+1] == "to" {
			np := d.npAfter(v+2, tOpen)
			if np.a < np.b {
				return d.resolve(np, rng{}, "according to", v)
			}
		}
		isVerb := speechVerbs[w] || partial && opinionVerbs[w]
		if !isVerb && !participles[w] {
			continue
		}
		if v > 0 && (isPossessive(d.low[v-1]) || determiners[d.low[v-1]] && !d.objectAfterLinker(v-1) || d.low[v-1] == "the") {
			continue // "the statement", "Ekdahl's comments"
		}
		if isCapitalized(d.toks[v].Text) && v > before {
			continue
		}
		if participles[w] || d.coordinated(v, before) {
			if np, app := d.sentenceSubject(d.sentenceStart(v), v); np.a < np.b {
				return d.resolve(np, app, w, v)
			}
			continue
		}
		if np, app := d.subjectBefore(v, before); np.a < np.b {
			return d.resolve(np, app, d.cueAt(v), v)
		}
		// Inverted: `Said the minister: "…"` is rare; try after the verb.
		if np := d.npAfter(v+1, tOpen); np.a < np.b && !partial && d.low[tOpen-1] == ":" && d.mention[np.a] >= 0 {
			return d.resolve(np, rng{}, w, v)
		}
	}
	return none
}

// sentenceStart returns the first token of the sentence holding token
// v, within its paragraph.
func (d *doc) sentenceStart(v int) int {
	lo := d.tokAt(d.paraStart(d.toks[v].Start))
	for k := v - 1; k >= lo; k-- {
		if isSentenceEnd(d.low[k]) && !d.quoted[k] {
			return k + 1
		}
	}
	return lo
}

// coordinated reports whether the verb at v shares the sentence's subject
// with an earlier verb: `… punched the air and told cheering fans:`.
func (d *doc) coordinated(v, lo int) bool {
	j := v - 1
	for j >= lo && (auxiliaries[d.low[j]] || isAdverb(d.low[j])) {
		j--
	}
	return j >= lo && (d.low[j] == "and" || d.low[j] == "but")
}

// firstRune returns the first rune of s.
func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// rng is a token range [a, b).
type rng struct{ a, b int }
