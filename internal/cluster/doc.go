package cluster

import (
	"time"

	"github.com/storywire/storywire/internal/model"
)

// yearTrusted is the confidence an inferred date needs for its year to
// count; below it the year was chosen from a weekday alone.
const yearTrusted = 0.5

// FromArticle builds the clustering view of a stored, analysed article:
// its canonical entities (those with an ID), the absolute dates its text
// names, and its publication date unless that was inferred with low
// confidence.
//
// An inferred date counts only by its year: it is a guess from the dates
// the text mentions, often the date of an earlier event, and measuring day
// gaps from it split more stories than it joined on ECB+.
func FromArticle(a model.Article, ann model.Annotations) Doc {
	d := Doc{ID: a.ID, Title: a.Title, Text: a.Text, CopyOf: a.CopyOf, Language: a.Language, Short: a.Short}
	if a.Published.Known() {
		d.Published = a.Published.Time.UTC()
		d.DayOnly = a.Published.Reliability == model.Day
		if a.Published.Source == model.FromInferred {
			d.Inferred = true
			if ann.Published != nil && ann.Published.Confidence < yearTrusted {
				// The year itself is a guess (fixed by a weekday alone).
				d.Published, d.Inferred = time.Time{}, false
			}
		}
	}
	lead := make([]bool, len(ann.Entities))
	for _, m := range ann.Mentions {
		if m.Sentence < leadSentences && m.Entity >= 0 && m.Entity < len(lead) {
			lead[m.Entity] = true
		}
	}
	for i, e := range ann.Entities {
		if e.ID != 0 {
			d.Entities = append(d.Entities, Entity{ID: e.ID, Name: e.Name, Type: e.Type, Count: e.Mentions, Lead: lead[i]})
		}
	}
	for _, t := range ann.Times {
		if t.Type != "DATE" || t.Anchor != "" {
			continue // relative dates depend on the (maybe unknown) anchor
		}
		switch len(t.Value) {
		case 10:
			if day, err := time.Parse("2006-01-02", t.Value); err == nil {
				d.EventDates = append(d.EventDates, EventDate{Time: day})
			}
		case 4:
			if y, err := time.Parse("2006", t.Value); err == nil {
				d.EventDates = append(d.EventDates, EventDate{Time: y, YearOnly: true})
			}
		}
	}
	return d
}

// leadSentences is how many opening sentences name who an article is
// about: the headline when the text repeats it, and the lead.
const leadSentences = 1

// Needed keeps of an article's annotations only what FromArticle reads:
// its canonical entities by name, type and count, which sentence each
// mention is in, its absolute dates and its inferred publication date.
// Ingest holds thousands of articles' annotations while they wait for
// their stories, and the rest (quotes, quantities, spans, roles) is most
// of their size. FromArticle(a, Needed(ann)) is FromArticle(a, ann).
func Needed(ann model.Annotations) model.Annotations {
	out := model.Annotations{Published: ann.Published}
	out.Entities = make([]model.LocalEntity, len(ann.Entities))
	for i, e := range ann.Entities {
		out.Entities[i] = model.LocalEntity{ID: e.ID, Name: e.Name, Type: e.Type, Mentions: e.Mentions}
	}
	for _, m := range ann.Mentions {
		if m.Sentence < leadSentences && m.Entity >= 0 {
			out.Mentions = append(out.Mentions, model.Mention{Sentence: m.Sentence, Entity: m.Entity})
		}
	}
	for _, t := range ann.Times {
		if t.Type == "DATE" && t.Anchor == "" && (len(t.Value) == 10 || len(t.Value) == 4) {
			out.Times = append(out.Times, model.TimeRef{Type: t.Type, Value: t.Value})
		}
	}
	return out
}
