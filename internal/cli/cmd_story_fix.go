package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
)

// The corrections (app.Merge, Split, Move) name articles, not stories, so
// they survive re-clustering; each command also moves the articles at once.

func (a *cli) storyMergeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "merge A B",
		Short: "Merge story B into story A",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fixStories(cmd.Context(), func(ctx context.Context, sw *app.App) (string, error) {
				from, err := parseStoryID(args[1])
				if err != nil {
					return "", err
				}
				into, err := parseStoryID(args[0])
				if err != nil {
					return "", err
				}
				n, err := sw.Merge(ctx, into, from)
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("merged story %d into story %d (%d articles moved)", from, into, n), nil
			})
		},
	}
}

func (a *cli) storySplitCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "split A ARTICLE...",
		Short: "Split the given articles out of story A into a new story",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fixStories(cmd.Context(), func(ctx context.Context, sw *app.App) (string, error) {
				id, err := parseStoryID(args[0])
				if err != nil {
					return "", err
				}
				next, err := sw.Split(ctx, id, args[1:])
				if err != nil {
					return "", err
				}
				return fmt.Sprintf("split %d article(s) out of story %d into story %d", len(args[1:]), id, next), nil
			})
		},
	}
}

func (a *cli) storyMoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "move ARTICLE B",
		Short: "Move an article into story B",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fixStories(cmd.Context(), func(ctx context.Context, sw *app.App) (string, error) {
				art := args[0]
				into, err := parseStoryID(args[1])
				if err != nil {
					return "", err
				}
				moved, err := sw.Move(ctx, art, into)
				if err != nil {
					return "", err
				}
				if !moved {
					return fmt.Sprintf("article %s is already in story %d", art, into), nil
				}
				return fmt.Sprintf("moved article %s into story %d", art, into), nil
			})
		},
	}
}

// fixStories runs a correction and prints what it did.
func (a *cli) fixStories(ctx context.Context, fn func(context.Context, *app.App) (string, error)) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	msg, err := fn(ctx, sw)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.env.Stdout, msg+"; the correction is kept when stories are rebuilt (storywire recluster)")
	return nil
}
