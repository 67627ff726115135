package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/app/view"
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
		return writeJSON(a.env.Stdout, view.NewQuotes(groups))
	}
	w := a.env.Stdout
	if len(groups) == 0 {
		fmt.Fprintln(w, "No quotes. Articles are analysed as they are ingested; run storywire analyze --all for ones ingested with --no-analyze.")
		return nil
	}
	for n, qg := range groups {
		g := view.NewQuote(qg)
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
		for i, r := range g.Articles {
			date := shortPublished(qg.Reports[i].Article.Published)
			line := fmt.Sprintf("    %-16s  %-16s  %-22s  %s", r.Article, orDash(date), truncate(orDash(r.Outlet), 22), orDash(r.Cue))
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
