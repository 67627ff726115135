package cli

import (
	"context"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/store"
)

func (a *app) timelineCommand() *cobra.Command {
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

func (a *app) runTimeline(ctx context.Context, refs []string) error {
	st, err := a.openExistingStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var names []string
	var sets []map[int64]store.StorySummary
	for _, ref := range refs {
		e, err := findEntity(ctx, st, ref)
		if err != nil {
			return err
		}
		names = append(names, e.Name)
		list, err := st.Stories(ctx, store.StoryFilter{Entity: e.ID})
		if err != nil {
			return err
		}
		m := map[int64]store.StorySummary{}
		for _, s := range list {
			m[s.ID] = s
		}
		sets = append(sets, m)
	}
	var both []store.StorySummary
	for id, s := range sets[0] {
		if len(sets) == 1 {
			both = append(both, s)
		} else if _, ok := sets[1][id]; ok {
			both = append(both, s)
		}
	}
	// Oldest first; undated stories last, by id.
	sort.Slice(both, func(i, j int) bool {
		fi, fj := both[i].FirstSeen, both[j].FirstSeen
		if fi.IsZero() != fj.IsZero() {
			return !fi.IsZero()
		}
		if !fi.Equal(fj) {
			return fi.Before(fj)
		}
		return both[i].ID < both[j].ID
	})
	views, err := storyViews(ctx, st, both, a.json)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, views)
	}
	w := a.env.Stdout
	who := names[0]
	if len(names) == 2 {
		who += " and " + names[1]
	}
	if len(views) == 0 {
		fmt.Fprintf(w, "No stories involve %s.\n", who)
		return nil
	}
	fmt.Fprintf(w, "Stories involving %s, oldest first:\n\n", who)
	for i, v := range views {
		fmt.Fprintf(w, "%-10s  %6d  %3d articles  %s\n", dateOnly(v.FirstSeen), v.ID, both[i].Articles, truncate(v.Title, 70))
	}
	return nil
}
