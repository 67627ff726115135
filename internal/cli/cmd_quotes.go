package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/app"
)

type quotesOptions struct {
	speaker  string
	story    int64
	indirect bool
	limit    int
}

func (a *cli) quotesCommand() *cobra.Command {
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

func (a *cli) runQuotes(ctx context.Context, o quotesOptions) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	groups, err := sw.Quotes(ctx, app.QuotesOptions{Speaker: o.speaker, Story: o.story, Indirect: o.indirect, Limit: o.limit})
	if err != nil {
		return err
	}
	if a.json {
		out := []quoteJSON{}
		for _, g := range groups {
			out = append(out, toQuoteJSON(g))
		}
		return writeJSON(a.env.Stdout, out)
	}
	w := a.env.Stdout
	if len(groups) == 0 {
		fmt.Fprintln(w, "No quotes. Articles are analysed as they are ingested; run storywire analyze --all for ones ingested with --no-analyze.")
		return nil
	}
	for n, qg := range groups {
		g := toQuoteJSON(qg)
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

func toQuoteJSON(g app.QuoteGroup) quoteJSON {
	out := quoteJSON{Text: g.Text, Kind: g.Kind, Speaker: g.Speaker, EntityID: g.EntityID}
	for _, r := range g.Reports {
		q := r.Quote
		out.Articles = append(out.Articles, quoteReportJSON{
			Article: r.Article.ID, Outlet: r.Article.Outlet, Published: nullable(r.Article.Published.Format()),
			Text: q.Text, Speaker: q.Speaker, Cue: q.Cue, Partial: q.Partial, Start: q.Start, End: q.End,
			date: shortPublished(r.Article.Published),
		})
	}
	return out
}
