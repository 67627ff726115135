package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/extract/dates"
	"github.com/storywire/storywire/internal/store"
)

// filterFlags are the article filters shared by articles and export.
type filterFlags struct {
	outlet, since, until string
	limit                int
}

func (f *filterFlags) add(c *cobra.Command, defaultLimit int) {
	c.Flags().StringVar(&f.outlet, "outlet", "", `only articles from this outlet, by any of its names (site name, domain, feed title); "unknown": articles with no outlet`)
	c.Flags().StringVar(&f.since, "since", "", "only articles published at or after this time (e.g. 2024-03-01)")
	c.Flags().StringVar(&f.until, "until", "", "only articles published before this time")
	c.Flags().IntVar(&f.limit, "limit", defaultLimit, "at most this many articles (0: no limit)")
}

func (f filterFlags) filter() (store.Filter, error) {
	out := store.Filter{Outlet: f.outlet, Limit: f.limit}
	var err error
	if out.Since, err = parseTimeFlag("--since", f.since); err != nil {
		return out, err
	}
	if out.Until, err = parseTimeFlag("--until", f.until); err != nil {
		return out, err
	}
	if f.limit < 0 {
		return out, fmt.Errorf("--limit must be 0 or more, not %d", f.limit)
	}
	return out, nil
}

func parseTimeFlag(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	p, ok := dates.Parse(v)
	if !ok {
		return time.Time{}, fmt.Errorf("%s %q: not a date or time; use a form like 2024-03-12 or 2024-03-12T09:30:00Z", name, v)
	}
	return p.Time, nil
}

func (a *cli) articlesCommand() *cobra.Command {
	var ff filterFlags
	c := &cobra.Command{
		Use:   "articles",
		Short: "List stored articles, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runArticles(cmd.Context(), ff)
		},
	}
	ff.add(c, 50)
	a.addJSONFlag(c)
	return c
}

func (a *cli) runArticles(ctx context.Context, ff filterFlags) error {
	f, err := ff.filter()
	if err != nil {
		return err
	}
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	list, err := sw.Articles(ctx, f)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, view.NewArticles(list))
	}
	if len(list) == 0 {
		fmt.Fprintln(a.env.Stdout, "No articles match.")
		return nil
	}
	dir, err := sw.OutletDirectory(ctx)
	if err != nil {
		return err
	}
	return printArticleTable(a.env.Stdout, list, dir)
}
