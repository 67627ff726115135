package app

import (
	"context"
	"sort"
	"strings"

	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/model"
)

// QuotesOptions select quotes.
type QuotesOptions struct {
	Speaker  string // a part of the speaker's name or of one of its entity's names
	Story    int64  // only in this story's articles; 0: everywhere
	Indirect bool   // include reported speech
	Limit    int    // at most this many groups; 0: all
}

// QuoteGroup is one quote and every article that reports it.
type QuoteGroup struct {
	Text     string // the longest whole report
	Kind     string // direct or indirect
	Speaker  string // the first named speaker
	EntityID int64  // the speaker's entity, when resolved
	Reports  []QuoteReport
}

// QuoteReport is one article's report of a quote.
type QuoteReport struct {
	Article model.Article
	Quote   model.Quote
}

type reportedQuote struct {
	art      model.Article
	q        model.Quote
	entityID int64
	aliases  []string
}

// Quotes groups the quotes the stored articles report, the same words
// reported by several outlets (with small differences of wording) once,
// most widely reported first, then in order of appearance.
func (a *App) Quotes(ctx context.Context, o QuotesOptions) ([]QuoteGroup, error) {
	var all []reportedQuote
	each := func(fn func(model.Article, model.Annotations) error) error {
		return a.EachAnalysed(ctx, fn)
	}
	if o.Story != 0 {
		arts, err := a.st.StoryArticles(ctx, o.Story)
		if err != nil {
			return nil, err
		}
		if len(arts) == 0 {
			return nil, notFoundf("no story %d: list them with storywire stories", o.Story)
		}
		each = func(fn func(model.Article, model.Annotations) error) error {
			for _, art := range arts {
				ann, ok, err := a.st.Annotations(ctx, art.ID)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				if err := fn(art, ann); err != nil {
					return err
				}
			}
			return nil
		}
	}
	err := each(func(art model.Article, ann model.Annotations) error {
		for _, q := range ann.Quotes {
			if q.Kind != "direct" && !o.Indirect {
				continue
			}
			r := reportedQuote{art: art, q: q}
			if q.Entity >= 0 && q.Entity < len(ann.Entities) {
				r.entityID = ann.Entities[q.Entity].ID
				r.aliases = ann.Entities[q.Entity].Aliases
			}
			if o.Speaker != "" && !speakerMatches(o.Speaker, r) {
				continue
			}
			all = append(all, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	reported := make([]quote.Reported, len(all))
	for i, r := range all {
		reported[i] = quote.Reported{Text: r.q.Text, Speaker: quote.FoldSpeaker(r.q.Speaker)}
	}
	groups := quote.Group(reported)
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return len(groups[order[x]]) > len(groups[order[y]]) })
	if o.Limit > 0 && len(order) > o.Limit {
		order = order[:o.Limit]
	}
	out := make([]QuoteGroup, 0, len(order))
	for _, gi := range order {
		out = append(out, quoteGroup(all, groups[gi]))
	}
	return out, nil
}

func quoteGroup(all []reportedQuote, members []int) QuoteGroup {
	// The longest report stands for the group; its speaker is the first
	// named one.
	first := all[members[0]]
	out := QuoteGroup{Text: first.q.Text, Kind: first.q.Kind, Speaker: first.q.Speaker, EntityID: first.entityID}
	for _, i := range members {
		r := all[i]
		if len(r.q.Text) > len(out.Text) && !r.q.Partial {
			out.Text = r.q.Text
		}
		if out.Speaker == "" {
			out.Speaker, out.EntityID = r.q.Speaker, r.entityID
		}
		out.Reports = append(out.Reports, QuoteReport{Article: r.art, Quote: r.q})
	}
	return out
}

func speakerMatches(query string, r reportedQuote) bool {
	q := quote.FoldSpeaker(query)
	if strings.Contains(quote.FoldSpeaker(r.q.Speaker), q) {
		return true
	}
	for _, a := range r.aliases {
		if strings.Contains(quote.FoldSpeaker(a), q) {
			return true
		}
	}
	return false
}
