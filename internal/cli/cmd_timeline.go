package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app/view"
)

func (a *cli) timelineCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "timeline ENTITY [ENTITY2]",
		Short: "The stories involving an entity (or two entities together), oldest first",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runTimeline(cmd.Context(), args)
		},
	}
	a.addJSONFlag(c)
	return c
}

func (a *cli) runTimeline(ctx context.Context, refs []string) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	tl, err := sw.Timeline(ctx, refs, a.json)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, view.Stories(tl.Stories))
	}
	w := a.env.Stdout
	who := tl.Names[0]
	if len(tl.Names) == 2 {
		who += " and " + tl.Names[1]
	}
	if len(tl.Stories) == 0 {
		fmt.Fprintf(w, "No stories involve %s.\n", who)
		return nil
	}
	fmt.Fprintf(w, "Stories involving %s, oldest first:\n\n", who)
	for _, e := range tl.Stories {
		v := e.View
		fmt.Fprintf(w, "%-10s  %6d  %3d articles  %s\n", dateOnly(v.FirstSeen), v.ID, e.Summary.Articles, truncate(v.Title, 70))
	}
	return nil
}
