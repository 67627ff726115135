package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/model"
)

func (a *cli) feedsCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "feeds",
		Short: "Follow feeds: subscribe, list with their health, import and export OPML, poll",
		Long: `Feeds are subscriptions that storywire polls on a schedule (storywire serve
polls them in the background; storywire feeds poll does it once). Each feed is
polled every --interval (15 minutes by default) with a conditional GET; a feed
that fails is tried again later and later, at most a day apart, and never
given up. New items are ingested like storywire ingest does.`,
	}
	c.AddCommand(a.feedsAddCommand(), a.feedsListCommand(), a.feedsRemoveCommand(),
		a.feedsImportCommand(), a.feedsExportCommand(), a.feedsPollCommand())
	return c
}

func (a *cli) feedsAddCommand() *cobra.Command {
	var interval time.Duration
	c := &cobra.Command{
		Use:   "add URL",
		Short: "Subscribe to a feed (RSS, Atom or JSON Feed)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			sw, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer sw.Close()
			f, err := sw.AddFeed(ctx, args[0], interval)
			if err != nil {
				return err
			}
			if a.json {
				return writeJSON(a.env.Stdout, view.NewFeed(f))
			}
			fmt.Fprintf(a.env.Stdout, "feed %d: %s, polled every %s (%s feeds poll reads it now)\n", f.ID, f.URL, shortDuration(f.Interval), a.program())
			return nil
		},
	}
	c.Flags().DurationVar(&interval, "interval", 0, "time between polls, e.g. 30m or 2h (default 15m)")
	a.addJSONFlag(c)
	return c
}

func (a *cli) feedsListCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "list",
		Short: "List the feeds with their health: last success, failing since and the last error, items seen, articles added",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var list []model.Feed
			err := a.withExisting(ctx, func(sw *app.App) (err error) {
				list, err = sw.Feeds(ctx)
				return err
			})
			if err != nil {
				return err
			}
			if a.json {
				return writeJSON(a.env.Stdout, view.NewFeeds(list))
			}
			if len(list) == 0 {
				fmt.Fprintf(a.env.Stdout, "no feeds yet: %s feeds add URL, or %s feeds import FILE.opml\n", a.program(), a.program())
				return nil
			}
			printFeeds(a.env.Stdout, list, time.Now())
			return nil
		},
	}
	a.addJSONFlag(c)
	return c
}

func printFeeds(w io.Writer, list []model.Feed, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFEED\tEVERY\tLAST SUCCESS\tNEXT POLL\tITEMS\tADDED\tSTATUS")
	for _, f := range list {
		name := f.URL
		if f.Title != "" {
			name = f.Title + " <" + f.URL + ">"
		}
		status := "ok"
		switch {
		case f.Failing():
			status = fmt.Sprintf("failing since %s (%d in a row): %s", ago(now, f.FailingSince), f.Failures, f.LastError)
		case f.LastPoll.IsZero():
			status = "not polled yet"
		}
		fmt.Fprintf(tw, "%d\t%s\t%v\t%s\t%s\t%d\t%d\t%s\n", f.ID, name, shortDuration(f.Interval),
			ago(now, f.LastSuccess), until(now, f.NextPoll), f.ItemsSeen, f.ArticlesAdded, status)
	}
	tw.Flush()
}

// ago says how long before now t was, coarsely; "never" for zero.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return shortDuration(now.Sub(t)) + " ago"
}

func until(now, t time.Time) string {
	if !t.After(now) {
		return "due"
	}
	return "in " + shortDuration(t.Sub(now))
}

// shortDuration writes a duration as people read it: "45s", "15m",
// "2h30m", "26h".
func shortDuration(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	s := d.Round(time.Minute).String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (a *cli) feedsRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Stop following a feed (its articles stay)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			id, err := feedID(args[0])
			if err != nil {
				return err
			}
			return a.withExisting(ctx, func(sw *app.App) error {
				if err := sw.RemoveFeed(ctx, id); err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "feed %d removed; its articles stay\n", id)
				return nil
			})
		},
	}
}

func feedID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("feed id %q: give the number storywire feeds list shows", s)
	}
	return id, nil
}

func (a *cli) feedsImportCommand() *cobra.Command {
	var interval time.Duration
	c := &cobra.Command{
		Use:   "import FILE.opml",
		Short: "Subscribe to every feed of an OPML file (\"-\" for standard input)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			r := a.env.Stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				defer f.Close()
				r = f
			}
			sw, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer sw.Close()
			imp, err := sw.ImportOPML(ctx, r, interval)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			fmt.Fprintf(a.env.Stdout, "%d feeds added, %d already subscribed, %d failed\n", len(imp.Added), len(imp.Existing), len(imp.Failed))
			for _, err := range imp.Failed {
				fmt.Fprintf(a.env.Stdout, "  %v\n", err)
			}
			if len(imp.Failed) > 0 {
				return partialError{failed: len(imp.Failed)}
			}
			return nil
		},
	}
	c.Flags().DurationVar(&interval, "interval", 0, "time between polls of each feed added (default 15m)")
	return c
}

func (a *cli) feedsExportCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "Print the feeds as OPML, for another feed reader or storywire feeds import",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withExisting(ctx, func(sw *app.App) error {
				return sw.ExportOPML(ctx, a.env.Stdout)
			})
		},
	}
}

func (a *cli) feedsPollCommand() *cobra.Command {
	var o ingestOptions
	c := &cobra.Command{
		Use:   "poll [ID]",
		Short: "Poll the feeds that are due once (or one feed now) and ingest their new items",
		Long: `Poll reads every feed that is due, once, and ingests its new items; with an
ID it polls that feed now, whatever its schedule. Useful without a server
(from cron, say). Exit code 2 when a feed failed.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			return a.runFeedsPoll(cmd.Context(), o, args)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.allowPrivate, "allow-private", false, "allow feeds and pages on private, loopback and link-local addresses")
	f.Int64Var(&o.maxSize, "max-size", 20<<20, "largest download, in bytes")
	f.DurationVar(&o.timeout, "timeout", 30*time.Second, "time limit for each download")
	f.StringSliceVar(&o.languages, "languages", nil, "ISO 639-1 codes to tell apart (default en,ru,uk,de,fr,es,it,pt,ar,zh)")
	f.BoolVar(&o.noAnalyze, "no-analyze", false, "store articles without analysing them")
	a.addJSONFlag(c)
	return c
}

func (a *cli) runFeedsPoll(ctx context.Context, o ingestOptions, args []string) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	opts := app.FeedOptions{Ingest: app.IngestOptions{
		AllowPrivate: o.allowPrivate, MaxSize: o.maxSize, Timeout: o.timeout,
		Languages: o.languages, NoAnalyze: o.noAnalyze, UserAgent: userAgent(),
	}}
	var results []app.FeedPollResult
	if len(args) == 1 {
		id, err := feedID(args[0])
		if err != nil {
			return err
		}
		r, err := sw.PollFeed(ctx, id, opts)
		if err != nil {
			return err
		}
		results = []app.FeedPollResult{r}
	} else if results, err = sw.PollDueFeeds(ctx, opts); err != nil {
		return err
	}
	failed := 0
	out := make([]view.FeedPoll, 0, len(results))
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
		out = append(out, view.NewFeedPoll(r))
	}
	if a.json {
		if err := writeJSON(a.env.Stdout, out); err != nil {
			return err
		}
	} else {
		if len(results) == 0 {
			fmt.Fprintln(a.env.Stdout, "no feed is due (storywire feeds list shows when each is)")
		}
		for _, j := range out {
			switch {
			case j.Error != nil:
				fmt.Fprintf(a.env.Stdout, "feed %d %s: failed: %s\n", j.Feed, j.URL, *j.Error)
			case j.Outcome == "not_modified":
				fmt.Fprintf(a.env.Stdout, "feed %d %s: not modified\n", j.Feed, j.URL)
			default:
				fmt.Fprintf(a.env.Stdout, "feed %d %s: %d items, %d new, %d articles added", j.Feed, j.URL, j.Items, j.New, j.Added)
				if j.Fallbacks > 0 {
					fmt.Fprintf(a.env.Stdout, " (%d from the feed's summary: the page could not be read)", j.Fallbacks)
				}
				fmt.Fprintln(a.env.Stdout)
			}
		}
	}
	if failed > 0 {
		return partialError{failed: failed}
	}
	return nil
}
