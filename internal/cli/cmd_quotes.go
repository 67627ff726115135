package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

type quotesOptions struct {
	speaker  string
	story    int64
	indirect bool
	limit    int
}

func (a *app) quotesCommand() *cobra.Command {
	var o quotesOptions
	c := &cobra.Command{
		Use:   "quotes [--speaker NAME] [--story ID] [--indirect] [--limit N]",
		Short: "List who said what, with every article that carries the same quote",
		Long: `List the quotes found in the stored articles, each with its speaker and
the articles that carry it. The same words reported by several outlets, with
small differences of wording, punctuation or translation, are listed once
with all of them. Direct quotes are listed; --indirect adds reported speech.
Quotes said by more articles come first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runQuotes(cmd.Context(), o)
		},
	}
	c.Flags().StringVar(&o.speaker, "speaker", "", "only quotes by a speaker whose name contains this")
	c.Flags().Int64Var(&o.story, "story", 0, "only quotes in the articles of this story")
	c.Flags().BoolVar(&o.indirect, "indirect", false, "include indirect speech (\"X said that …\")")
	c.Flags().IntVar(&o.limit, "limit", 50, "at most this many quotes (0: all)")
	a.addJSONFlag(c)
	return c
}

type quoteJSON struct {
	Text     string            `json:"text"`
	Kind     string            `json:"kind"`
	Speaker  string            `json:"speaker"`
	EntityID int64             `json:"entity_id,omitempty"`
	Articles []quoteReportJSON `json:"articles"`
}

type quoteReportJSON struct {
	Article   string  `json:"article"`
	Outlet    string  `json:"outlet"`
	Published *string `json:"published"`
	Text      string  `json:"text"`
	Speaker   string  `json:"speaker"`
	Cue       string  `json:"cue,omitempty"`
	Partial   bool    `json:"partial,omitempty"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	date      string  // for the listing
}

type reportedQuote struct {
	art      model.Article
	q        model.Quote
	entityID int64
	aliases  []string
}

func (a *app) runQuotes(ctx context.Context, o quotesOptions) error {
	st, err := a.openExistingStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var all []reportedQuote
	each := func(fn func(model.Article, model.Annotations, bool) error) error {
		return st.EachAnnotated(ctx, store.Filter{}, fn)
	}
	if o.story != 0 {
		arts, err := st.StoryArticles(ctx, o.story)
		if err != nil {
			return err
		}
		if len(arts) == 0 {
			return fmt.Errorf("no story %d: list them with storywire stories", o.story)
		}
		each = func(fn func(model.Article, model.Annotations, bool) error) error {
			for _, a := range arts {
				ann, ok, err := st.Annotations(ctx, a.ID)
				if err != nil {
					return err
				}
				if err := fn(a, ann, ok); err != nil {
					return err
				}
			}
			return nil
		}
	}
	err = each(func(art model.Article, ann model.Annotations, ok bool) error {
		if !ok {
			return nil
		}
		for _, q := range ann.Quotes {
			if q.Kind != "direct" && !o.indirect {
				continue
			}
			r := reportedQuote{art: art, q: q}
			if q.Entity >= 0 && q.Entity < len(ann.Entities) {
				r.entityID = ann.Entities[q.Entity].ID
				r.aliases = ann.Entities[q.Entity].Aliases
			}
			if o.speaker != "" && !speakerMatches(o.speaker, r) {
				continue
			}
			all = append(all, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	reported := make([]quote.Reported, len(all))
	for i, r := range all {
		reported[i] = quote.Reported{Text: r.q.Text, Speaker: quote.FoldSpeaker(r.q.Speaker)}
	}
	groups := quote.Group(reported)
	// Most widely reported first, then in order of appearance.
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return len(groups[order[x]]) > len(groups[order[y]]) })
	if o.limit > 0 && len(order) > o.limit {
		order = order[:o.limit]
	}
	if a.json {
		out := []quoteJSON{}
		for _, gi := range order {
			out = append(out, toQuoteJSON(all, groups[gi]))
		}
		return writeJSON(a.env.Stdout, out)
	}
	w := a.env.Stdout
	if len(order) == 0 {
		fmt.Fprintln(w, "No quotes. Articles are analysed as they are ingested; run storywire analyze --all for ones ingested with --no-analyze.")
		return nil
	}
	for n, gi := range order {
		g := toQuoteJSON(all, groups[gi])
		if n > 0 {
			fmt.Fprintln(w)
		}
		speaker := g.Speaker
		if speaker == "" {
			speaker = "(speaker not named)"
		}
		kind := ""
		if g.Kind == "indirect" {
			kind = " [indirect]"
		}
		fmt.Fprintf(w, "%q%s\n  %s — %d article(s)\n", truncate(g.Text, 300), kind, speaker, len(g.Articles))
		for _, r := range g.Articles {
			line := fmt.Sprintf("    %-16s  %-16s  %-22s  %s", r.Article, orDash(r.date), truncate(orDash(r.Outlet), 22), orDash(r.Cue))
			if r.Partial {
				line += " (partial)"
			}
			if quote.Normalize(r.Text) != quote.Normalize(g.Text) {
				line += fmt.Sprintf("  %q", truncate(r.Text, 100))
			}
			fmt.Fprintln(w, line)
		}
	}
	return nil
}

func toQuoteJSON(all []reportedQuote, members []int) quoteJSON {
	// The longest report stands for the group; its speaker is the first
	// named one.
	first := all[members[0]]
	out := quoteJSON{Text: first.q.Text, Kind: first.q.Kind, Speaker: first.q.Speaker, EntityID: first.entityID}
	for _, i := range members {
		r := all[i]
		if len(r.q.Text) > len(out.Text) && !r.q.Partial {
			out.Text = r.q.Text
		}
		if out.Speaker == "" {
			out.Speaker, out.EntityID = r.q.Speaker, r.entityID
		}
		out.Articles = append(out.Articles, quoteReportJSON{
			Article: r.art.ID, Outlet: r.art.Outlet, Published: nullable(r.art.Published.Format()),
			Text: r.q.Text, Speaker: r.q.Speaker, Cue: r.q.Cue, Partial: r.q.Partial, Start: r.q.Start, End: r.q.End,
			date: shortPublished(r.art.Published),
		})
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
