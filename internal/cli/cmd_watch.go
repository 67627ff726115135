package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
)

func (a *cli) watchCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "watch",
		Short: "Standing questions: a webhook message when a matching story appears or grows",
		Long: `A watch sends one JSON message (a POST) to its webhook when a story that
matches it appears, and again whenever more outlets report that story.
Matching: every word of --query in the story's title or summary, --entity
among its entities, at least --min-outlets outlets. Messages are sent at
the end of each ingest (and as the server takes articles in), retried with
backoff; each attempt is logged (storywire watch log ID).`,
	}
	c.AddCommand(a.watchAddCommand(), a.watchListCommand(), a.watchRemoveCommand(), a.watchLogCommand())
	return c
}

func (a *cli) watchAddCommand() *cobra.Command {
	var w model.Watch
	c := &cobra.Command{
		Use:   "add --webhook URL [--query Q] [--entity E] [--min-outlets N]",
		Short: "Add a watch",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sw, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer sw.Close()
			added, err := sw.AddWatch(cmd.Context(), w)
			if err != nil {
				return err
			}
			if a.json {
				return writeJSON(a.env.Stdout, added)
			}
			fmt.Fprintf(a.env.Stdout, "Watch %d added: %s\n", added.ID, describeWatch(added))
			return nil
		},
	}
	c.Flags().StringVar(&w.Webhook, "webhook", "", "URL that receives each message as a JSON POST (required)")
	c.Flags().StringVar(&w.Query, "query", "", "words that must all be in the story's title or summary")
	c.Flags().StringVar(&w.Entity, "entity", "", "a person, organisation or place among the story's entities")
	c.Flags().IntVar(&w.MinOutlets, "min-outlets", 0, "only stories reported by at least this many outlets")
	c.MarkFlagRequired("webhook")
	a.addJSONFlag(c)
	return c
}

func (a *cli) watchListCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "list",
		Short: "List the watches",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runWatchList(cmd.Context())
		},
	}
	a.addJSONFlag(c)
	return c
}

func (a *cli) runWatchList(ctx context.Context) error {
	var ws []model.Watch
	err := a.withExisting(ctx, func(sw *app.App) (err error) {
		ws, err = sw.Watches(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if a.json {
		if ws == nil {
			ws = []model.Watch{}
		}
		return writeJSON(a.env.Stdout, ws)
	}
	if len(ws) == 0 {
		fmt.Fprintln(a.env.Stdout, "No watches. Add one with storywire watch add --webhook URL --query WORDS")
		return nil
	}
	for _, w := range ws {
		fmt.Fprintf(a.env.Stdout, "%d  %s\n", w.ID, describeWatch(w))
	}
	return nil
}

func (a *cli) watchRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove a watch",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := watchID(args[0])
			if err != nil {
				return err
			}
			return a.withExisting(cmd.Context(), func(sw *app.App) error {
				if err := sw.RemoveWatch(cmd.Context(), id); err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "Watch %d removed.\n", id)
				return nil
			})
		},
	}
}

func (a *cli) watchLogCommand() *cobra.Command {
	var limit int
	c := &cobra.Command{
		Use:   "log ID",
		Short: "A watch's latest delivery attempts, newest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := watchID(args[0])
			if err != nil {
				return err
			}
			var ds []model.Delivery
			err = a.withExisting(cmd.Context(), func(sw *app.App) error {
				ds, err = sw.Deliveries(cmd.Context(), id, limit)
				return err
			})
			if err != nil {
				return err
			}
			if a.json {
				if ds == nil {
					ds = []model.Delivery{}
				}
				return writeJSON(a.env.Stdout, ds)
			}
			if len(ds) == 0 {
				fmt.Fprintf(a.env.Stdout, "Watch %d has sent nothing yet.\n", id)
			}
			for _, d := range ds {
				result := "delivered"
				if !d.Delivered {
					result = "failed: " + d.Error
				}
				fmt.Fprintf(a.env.Stdout, "%s  story %d (%s)  attempt %d  %s\n", d.At.Format(time.RFC3339), d.Story, d.Event, d.Attempt, result)
			}
			return nil
		},
	}
	c.Flags().IntVar(&limit, "limit", 20, "at most this many attempts (0: all)")
	a.addJSONFlag(c)
	return c
}

func watchID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a watch id: list them with storywire watch list", s)
	}
	return id, nil
}

func describeWatch(w model.Watch) string {
	s := ""
	if w.Query != "" {
		s += fmt.Sprintf("query %q, ", w.Query)
	}
	if w.Entity != "" {
		s += fmt.Sprintf("entity %q, ", w.Entity)
	}
	if w.MinOutlets > 0 {
		s += fmt.Sprintf("at least %d outlets, ", w.MinOutlets)
	}
	return s + "to " + w.Webhook
}
