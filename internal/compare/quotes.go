package compare

import (
	"sort"
	"strings"

	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/model"
)

// QuoteGroup is one quote (the same words, matched despite wording and
// punctuation differences) with the outlets that carry it.
type QuoteGroup struct {
	Text     string        `json:"text"` // the fullest wording
	Speaker  string        `json:"speaker,omitempty"`
	Outlets  []string      `json:"outlets"`
	First    string        `json:"first_outlet,omitempty"` // outlet of the earliest dated article carrying it
	Reported []QuoteReport `json:"reported"`
}

// QuoteReport is one article's wording of a quote.
type QuoteReport struct {
	Article string   `json:"article"`
	Outlet  string   `json:"outlet"`
	Speaker string   `json:"speaker,omitempty"`
	Text    string   `json:"text"`
	Copies  []string `json:"copies,omitempty"`
}

// Kinds of quote differences.
const (
	OtherSpeaker = "different speakers" // the same words given to different people
	OtherWords   = "different words"    // one speaker, one claim, different words
)

// QuoteDiff is a quote reported differently by two outlets.
type QuoteDiff struct {
	Kind string      `json:"kind"`
	A    QuoteReport `json:"a"`
	B    QuoteReport `json:"b"`
}

// OutletVoices is whom one outlet quotes, grouped by the side they speak
// for.
type OutletVoices struct {
	Outlet string  `json:"outlet"`
	Quotes int     `json:"quotes"`
	Sides  []Side  `json:"sides"`
	Voices []Voice `json:"voices"`
}

// Side is an affiliation (a country, an organisation) and how many quotes
// an outlet gives to people speaking for it. "(unaffiliated)" holds
// speakers the entities give no affiliation.
type Side struct {
	Name   string `json:"name"`
	Quotes int    `json:"quotes"`
}

// Voice is one speaker as one outlet quotes them.
type Voice struct {
	Speaker string `json:"speaker"`
	Role    string `json:"role,omitempty"`
	Side    string `json:"side"`
	Quotes  int    `json:"quotes"`
}

type reportedQuote struct {
	u       *unit // nil for a quote outside any unit
	d       *doc
	q       model.Quote
	entity  int64    // the speaker's canonical entity, 0 when unresolved
	name    string   // the speaker's name: the entity's story-wide name when resolved
	speaker string   // name folded
	words   []string // the quote's words as quote.Words makes them
	content []string // words without function words, for oneQuote
}

// quoteAnalysis groups the direct quotes of independent articles across
// outlets and finds the quotes told differently. Copies' quotes are
// shown with the original's.
func quoteAnalysis(docs []*doc, units []*unit, claimOf map[*unit]int) ([]QuoteGroup, []QuoteDiff) {
	unitAt := map[*doc][]*unit{}
	for _, u := range units {
		unitAt[u.doc] = append(unitAt[u.doc], u)
	}
	names := canonicalNames(docs)
	var rs []reportedQuote
	for _, d := range docs {
		if d.original != nil {
			continue
		}
		for _, q := range d.ann.Quotes {
			if q.Kind != "direct" {
				continue
			}
			var in *unit
			for _, u := range unitAt[d] {
				if q.Start < u.end && q.End > u.start {
					in = u
					break
				}
			}
			sp := q.Speaker
			words := quote.Words(q.Text)
			id := speakerEntity(d.ann, q)
			if n, ok := names[id]; ok && id != 0 {
				sp = n
			}
			rs = append(rs, reportedQuote{u: in, d: d, q: q, entity: id, name: sp, speaker: quote.FoldSpeaker(sp), words: words, content: contentWords(words)})
		}
	}
	in := make([]quote.Reported, len(rs))
	for i, r := range rs {
		in[i] = quote.Reported{Text: r.q.Text, Speaker: r.speaker}
	}
	var groups []QuoteGroup
	for _, g := range quote.Group(in) {
		qg := QuoteGroup{}
		outlets := map[string]bool{}
		var first *doc
		for _, k := range g {
			r := rs[k]
			outlets[r.d.outlet] = true
			if len(r.q.Text) > len(qg.Text) {
				qg.Text = r.q.Text
			}
			if qg.Speaker == "" || len(r.name) > len(qg.Speaker) {
				qg.Speaker = r.name
			}
			if r.d.art.Published.Known() && (first == nil || r.d.order < first.order) {
				first = r.d
			}
			qg.Reported = append(qg.Reported, quoteReport(r))
		}
		if first != nil {
			qg.First = first.outlet
		}
		qg.Outlets = sortedKeys(outlets)
		groups = append(groups, qg)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if len(groups[i].Outlets) != len(groups[j].Outlets) {
			return len(groups[i].Outlets) > len(groups[j].Outlets)
		}
		return groups[i].Text < groups[j].Text
	})
	return groups, quoteDiffs(rs, claimOf)
}

// canonicalNames gives each resolved entity one name across the story
// (its fullest form in the earliest article), so spelling variants of a
// speaker ("Varenko" / "Varenco") compare as one.
func canonicalNames(docs []*doc) map[int64]string {
	out := map[int64]string{}
	for _, d := range docs {
		for _, e := range d.ann.Entities {
			if e.ID != 0 {
				if _, ok := out[e.ID]; !ok {
					out[e.ID] = e.Name
				}
			}
		}
	}
	return out
}

// sideNames gives each resolved entity the name most of the story's
// articles use for it (ties to the earliest), to label the sides a place
// or organisation stands for the same way in every outlet ("Veldora",
// not "Veldoran" or "VELDORA").
func sideNames(docs []*doc) map[int64]string {
	count := map[int64]map[string]int{}
	var order []string
	first := map[string]int{}
	for _, d := range docs {
		for _, e := range d.ann.Entities {
			if e.ID == 0 {
				continue
			}
			if count[e.ID] == nil {
				count[e.ID] = map[string]int{}
			}
			count[e.ID][e.Name]++
			if _, ok := first[e.Name]; !ok {
				first[e.Name] = len(order)
				order = append(order, e.Name)
			}
		}
	}
	out := map[int64]string{}
	for id, names := range count {
		best := ""
		for n, c := range names {
			if best == "" || c > names[best] || c == names[best] && first[n] < first[best] {
				best = n
			}
		}
		out[id] = best
	}
	return out
}

// canonicalSides gives each resolved entity the first affiliation any
// article of the story states for it, so an outlet that names a minister
// without her country still files her under it.
func canonicalSides(docs []*doc, names map[int64]string) map[int64]string {
	out := map[int64]string{}
	for _, d := range docs {
		for i, e := range d.ann.Entities {
			if e.ID == 0 {
				continue
			}
			if _, ok := out[e.ID]; ok {
				continue
			}
			if _, side := speakerSide(d.ann, model.Quote{Entity: i}, nil, names); side != unaffiliated {
				out[e.ID] = side
			}
		}
	}
	return out
}

func quoteReport(r reportedQuote) QuoteReport {
	out := QuoteReport{Article: r.d.art.ID, Outlet: r.d.outlet, Speaker: r.q.Speaker, Text: r.q.Text}
	for _, c := range r.d.copies {
		out.Copies = append(out.Copies, c.art.ID)
	}
	sort.Strings(out.Copies)
	return out
}

// quoteDiffs finds the same words given to different speakers, and one
// speaker given different words within one aligned claim (a quote
// reworded, or two outlets quoting different parts of what was said).
func quoteDiffs(rs []reportedQuote, claimOf map[*unit]int) []QuoteDiff {
	var out []QuoteDiff
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			a, b := rs[i], rs[j]
			if a.d.outlet == b.d.outlet {
				continue
			}
			sim := quote.WordSimilarity(a.words, b.words)
			switch {
			case sim >= quote.SameThreshold && len(strings.Fields(a.q.Text)) >= 3 && len(strings.Fields(b.q.Text)) >= 3 &&
				a.speaker != "" && b.speaker != "" && !quote.SameSpeaker(a.speaker, b.speaker) && !sameEntity(a, b) && oneQuote(a, b):
				out = append(out, orderedDiff(OtherSpeaker, a, b))
			case sim < quote.SameThreshold && sim >= 0.25 && a.u != nil && b.u != nil && claimOf[a.u] != 0 &&
				claimOf[a.u] == claimOf[b.u] && a.speaker != "" && (quote.SameSpeaker(a.speaker, b.speaker) || sameEntity(a, b)):
				out = append(out, orderedDiff(OtherWords, a, b))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		if out[i].A.Article != out[j].A.Article {
			return out[i].A.Article < out[j].A.Article
		}
		if out[i].B.Article != out[j].B.Article {
			return out[i].B.Article < out[j].B.Article
		}
		return out[i].A.Text < out[j].A.Text
	})
	return out
}

// oneQuote reports whether two quotes alike by quote.WordSimilarity are
// versions of one quote, so that giving them to different speakers is a
// difference worth reporting: their content words must be alike too, and
// at least two shared. Function words alone make unrelated quotes look
// alike ("We will not accept this" lies inside "We will not sit at the
// table...").
func oneQuote(a, b reportedQuote) bool {
	if len(a.content) < 2 || len(b.content) < 2 {
		return false
	}
	sim := quote.WordSimilarity(a.content, b.content)
	return sim >= quote.SameThreshold && sim*float64(min(len(a.content), len(b.content))) >= 2
}

// contentWords drops function words from a quote's words.
func contentWords(words []string) []string {
	var out []string
	for _, w := range words {
		if !functionWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// sameEntity reports whether two quotes' speakers resolved to one
// canonical entity (spelling variants: "Varenco" / "Varenko").
func sameEntity(a, b reportedQuote) bool {
	return a.entity != 0 && a.entity == b.entity
}

// speakerEntity finds the canonical entity (its ID, 0 when none) of a
// quote's speaker: the entity the quote finder linked, else the entity of
// the name at the speaker's span, else the article's only entity named
// as the speaker is. The quote finder does not link every speaker it
// names, and an unlinked spelling would list one quote twice under two
// spellings that entity resolution merged.
func speakerEntity(ann model.Annotations, q model.Quote) int64 {
	if q.Entity >= 0 && q.Entity < len(ann.Entities) {
		return ann.Entities[q.Entity].ID
	}
	if sp := q.SpeakerSpan; sp != nil {
		for _, m := range ann.Mentions {
			if m.Start < sp.End && m.End > sp.Start && m.Entity >= 0 && m.Entity < len(ann.Entities) && ann.Entities[m.Entity].ID != 0 {
				return ann.Entities[m.Entity].ID
			}
		}
	}
	want := quote.FoldSpeaker(q.Speaker)
	if want == "" {
		return 0
	}
	var found int64
	for _, e := range ann.Entities {
		if e.ID == 0 || e.ID == found {
			continue
		}
		named := quote.FoldSpeaker(e.Name) == want
		for _, a := range e.Aliases {
			named = named || quote.FoldSpeaker(a) == want
		}
		if named {
			if found != 0 {
				return 0 // two entities go by this name: neither is sure
			}
			found = e.ID
		}
	}
	return found
}

func orderedDiff(kind string, a, b reportedQuote) QuoteDiff {
	x, y := quoteReport(a), quoteReport(b)
	if y.Article < x.Article {
		x, y = y, x
	}
	return QuoteDiff{Kind: kind, A: x, B: y}
}

// voices counts, per outlet, the direct and indirect quotes it gives each
// speaker, and groups speakers by the affiliation their entity carries
// (or the country a place speaking for its government stands for).
func voices(docs []*doc) []OutletVoices {
	type key struct{ outlet, speaker string }
	names := sideNames(docs)
	sides := canonicalSides(docs, names)
	perOutlet := map[string]*OutletVoices{}
	count := map[key]*Voice{}
	for _, d := range docs {
		if d.original != nil {
			continue
		}
		ov := perOutlet[d.outlet]
		if ov == nil {
			ov = &OutletVoices{Outlet: d.outlet}
			perOutlet[d.outlet] = ov
		}
		for _, q := range d.ann.Quotes {
			if q.Speaker == "" {
				continue
			}
			role, side := speakerSide(d.ann, q, sides, names)
			k := key{d.outlet, speakerName(d.ann, q, names)}
			v := count[k]
			if v == nil {
				v = &Voice{Speaker: k.speaker, Role: role, Side: side}
				count[k] = v
			}
			v.Quotes++
			ov.Quotes++
		}
	}
	for k, v := range count {
		ov := perOutlet[k.outlet]
		ov.Voices = append(ov.Voices, *v)
	}
	var out []OutletVoices
	for _, ov := range perOutlet {
		sides := map[string]int{}
		for _, v := range ov.Voices {
			sides[v.Side] += v.Quotes
		}
		for name, n := range sides {
			ov.Sides = append(ov.Sides, Side{Name: name, Quotes: n})
		}
		sort.Slice(ov.Sides, func(i, j int) bool {
			if ov.Sides[i].Quotes != ov.Sides[j].Quotes {
				return ov.Sides[i].Quotes > ov.Sides[j].Quotes
			}
			return ov.Sides[i].Name < ov.Sides[j].Name
		})
		sort.Slice(ov.Voices, func(i, j int) bool {
			if ov.Voices[i].Quotes != ov.Voices[j].Quotes {
				return ov.Voices[i].Quotes > ov.Voices[j].Quotes
			}
			return ov.Voices[i].Speaker < ov.Voices[j].Speaker
		})
		if ov.Sides == nil {
			ov.Sides = []Side{}
		}
		if ov.Voices == nil {
			ov.Voices = []Voice{}
		}
		out = append(out, *ov)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Outlet < out[j].Outlet })
	return out
}

// speakerName names a voice by its canonical entity's story-wide name
// (sideNames), so two spellings resolution merged are one voice, else by
// the article's fullest name for it, so "Kovalenko" and "Anya Kovalenko"
// in one article count as one voice.
func speakerName(ann model.Annotations, q model.Quote, names map[int64]string) string {
	if id := speakerEntity(ann, q); id != 0 {
		if n, ok := names[id]; ok {
			return n
		}
	}
	if q.Entity >= 0 && q.Entity < len(ann.Entities) {
		return ann.Entities[q.Entity].Name
	}
	return q.Speaker
}

const unaffiliated = "(unaffiliated)"

// phraseSide finds what a speaker named by a phrase rather than a person
// speaks for: the first place or organisation named inside the phrase
// ("Veldora's foreign ministry", "Veldoran officials", "a spokesman for
// Nordbank"), by its entity's name.
func phraseSide(ann model.Annotations, q model.Quote, names map[int64]string) string {
	sp := q.SpeakerSpan
	if sp == nil {
		return unaffiliated
	}
	for _, m := range ann.Mentions {
		if m.Start < sp.Start || m.End > sp.End || m.Entity < 0 || m.Entity >= len(ann.Entities) {
			continue
		}
		if m.StandsFor != "" {
			return m.StandsFor // a capital for its government
		}
		if e := ann.Entities[m.Entity]; e.Type == model.Organization || e.Type == model.Location {
			return entityName(e, names)
		}
	}
	return unaffiliated
}

// entityName is the story's name for an entity (sideNames), else the
// article's.
func entityName(e model.LocalEntity, names map[int64]string) string {
	if n, ok := names[e.ID]; ok && e.ID != 0 {
		return n
	}
	return e.Name
}

// speakerSide finds what a speaker speaks for: the entity's affiliation,
// else an affiliation or "stands for" given at one of its mentions, else
// the country of an organisation or place quoted as a speaker.
func speakerSide(ann model.Annotations, q model.Quote, canonical, names map[int64]string) (role, side string) {
	if q.Entity < 0 || q.Entity >= len(ann.Entities) {
		return "", phraseSide(ann, q, names)
	}
	e := ann.Entities[q.Entity]
	if len(e.Roles) > 0 {
		role = e.Roles[0]
	}
	if len(e.Affiliations) > 0 {
		return role, e.Affiliations[0]
	}
	if s, ok := canonical[e.ID]; ok && e.ID != 0 {
		return role, s
	}
	for _, m := range ann.Mentions {
		if m.Entity != q.Entity {
			continue
		}
		if m.Affiliation != "" {
			return role, m.Affiliation
		}
		if m.StandsFor != "" {
			return role, m.StandsFor
		}
	}
	if e.Type == model.Organization || e.Type == model.Location {
		// An organisation or a place speaking for its government speaks
		// for itself.
		return role, entityName(e, names)
	}
	return role, unaffiliated
}
