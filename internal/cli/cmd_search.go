package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app/view"
)

func (a *cli) searchCommand() *cobra.Command {
	var limit int
	c := &cobra.Command{
		Use:   "search QUERY...",
		Short: `Full-text search over titles and texts (words and "quoted phrases"), best first`,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runSearch(cmd.Context(), strings.Join(args, " "), limit)
		},
	}
	c.Flags().IntVar(&limit, "limit", 20, "at most this many results")
	a.addJSONFlag(c)
	return c
}

func (a *cli) runSearch(ctx context.Context, query string, limit int) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	hits, err := sw.Search(ctx, query, limit)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, view.NewSearchHits(hits))
	}
	if len(hits) == 0 {
		fmt.Fprintf(a.env.Stdout, "No articles match %q.\n", query)
		return nil
	}
	for i, h := range hits {
		fmt.Fprintf(a.env.Stdout, "%d. %s  [%s, %s]  %s\n   %s\n\n", i+1, h.Article.Title, orDash(h.Article.Outlet),
			shortPublished(h.Article.Published), h.Article.ID, strings.Join(strings.Fields(h.Snippet), " "))
	}
	return nil
}
