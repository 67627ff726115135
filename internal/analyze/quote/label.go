package quote

import (
	"strings"

	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/model"
)

// maxLabel is the longest label read before a quote, in tokens:
// `Sen. Nadia Ferrante (F-Brightwater), Senate majority leader:`.
const maxLabel = 24

// labelSpeaker reads the label of a line that is a name and a colon
// before the quote and nothing else: `Name, Outlet: "…"`, `Name, title:
// "…"`, `Name (R-State): "…"`, `Outlet's Name: "…"` — panels, reaction
// lists and interviews set speech out this way, with no verb. The label
// must open its paragraph and hold no verb, so `She then warned the
// board: "…"` stays with the verb frames.
func (d *doc) labelSpeaker(g group) speaker {
	none := speaker{entity: -1}
	colon := g.tOpen - 1
	if colon < 0 || d.low[colon] != ":" {
		return none
	}
	lo := d.tokAt(d.paraStart(g.open))
	if colon <= lo || colon-lo > maxLabel {
		return none
	}
	for i := lo; i < colon; i++ {
		w := d.low[i]
		if d.quoted[i] || isMark(d.toks[i].Text) || d.mention[i] < 0 && !isCapitalized(d.toks[i].Text) &&
			(speechVerbs[w] || participles[w] || opinionVerbs[w] || auxiliaries[w] || pronouns[w] || strings.HasSuffix(w, "ed")) {
			return none
		}
	}
	// The first person named; failing that, an organisation that opens
	// the label (`Clean Capitol: "…"`).
	org := -1
	for i := lo; i < colon; i++ {
		mi := d.mention[i]
		if mi < 0 {
			continue
		}
		if d.person[mi] {
			return d.labelFrom(d.fromMention(speaker{entity: -1, at: colon}, mi))
		}
		if org < 0 && i == lo && d.ann.Mentions[mi].Type == model.Organization {
			org = mi
		}
	}
	if org >= 0 {
		return d.labelFrom(d.fromMention(speaker{entity: -1, at: colon}, org))
	}
	// No name the tagger found: two or three capitalised words before the
	// first comma read as one (`Gareth Olin: "…"`), after an owner
	// (`Clean Capitol's Fran Doyle:`) and titles (`President Ana Roos:`).
	for i := lo; i < colon && i < lo+4; i++ {
		if isPossessive(d.low[i]) {
			lo = i + 1
			break
		}
	}
	end := lo
	for end < colon && d.low[end] != "," && d.low[end] != "(" {
		if lexicon.IsTitleWord(d.toks[end].Text) {
			lo = end + 1 // "Tarrow Gov. Lena Park:"
		}
		end++
	}
	if n := end - lo; n < 2 || n > 3 {
		return none
	}
	for i := lo; i < end; i++ {
		if !isCapitalized(d.toks[i].Text) || !isWord(d.toks[i].Text) {
			return none
		}
	}
	sp := speaker{entity: -1, at: colon, label: true}
	sp.span = &model.TextSpan{Start: d.toks[lo].Start, End: d.toks[end-1].End}
	sp.name = d.text[sp.span.Start:sp.span.End]
	return sp
}

func (d *doc) labelFrom(sp speaker) speaker {
	sp.label = true
	return sp
}
