package cli

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/store"
)

// Corrections name articles, not stories, so they survive re-clustering:
// "these two belong together" and "these two are apart". Each command
// also moves the articles at once.

func (a *app) storyMergeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "merge A B",
		Short: "Merge story B into story A",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fixStories(cmd.Context(), func(ctx context.Context, st store.Store, tx store.Tx) (string, error) {
				from, err := storyMembers(ctx, st, args[1])
				if err != nil {
					return "", err
				}
				into, err := storyMembers(ctx, st, args[0])
				if err != nil {
					return "", err
				}
				if into.id == from.id {
					return "", fmt.Errorf("story %d cannot be merged into itself", into.id)
				}
				for _, art := range from.articles {
					if err := correct(ctx, st, tx, "join", art, into.articles[0], into.id); err != nil {
						return "", err
					}
				}
				return fmt.Sprintf("merged story %d into story %d (%d articles moved)", from.id, into.id, len(from.articles)), nil
			})
		},
	}
}

func (a *app) storySplitCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "split A ARTICLE...",
		Short: "Split the given articles out of story A into a new story",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fixStories(cmd.Context(), func(ctx context.Context, st store.Store, tx store.Tx) (string, error) {
				s, err := storyMembers(ctx, st, args[0])
				if err != nil {
					return "", err
				}
				out := args[1:]
				var rest []string
				for _, art := range s.articles {
					if !slices.Contains(out, art) {
						rest = append(rest, art)
					}
				}
				for _, art := range out {
					if !slices.Contains(s.articles, art) {
						return "", fmt.Errorf("article %s is not in story %d: see storywire story %d", art, s.id, s.id)
					}
				}
				if len(rest) == 0 {
					return "", fmt.Errorf("splitting every article out of story %d would leave it empty: name fewer articles", s.id)
				}
				next, err := nextStoryID(ctx, st)
				if err != nil {
					return "", err
				}
				for i, art := range out {
					if err := tx.AddCorrection(ctx, store.Correction{Kind: "apart", Article: art, Other: rest[0], Created: time.Now()}); err != nil {
						return "", err
					}
					other := out[0]
					if i == 0 {
						other = art
					}
					if err := correct(ctx, st, tx, "join", art, other, next); err != nil {
						return "", err
					}
				}
				return fmt.Sprintf("split %d article(s) out of story %d into story %d", len(out), s.id, next), nil
			})
		},
	}
}

func (a *app) storyMoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "move ARTICLE B",
		Short: "Move an article into story B",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fixStories(cmd.Context(), func(ctx context.Context, st store.Store, tx store.Tx) (string, error) {
				art := args[0]
				into, err := storyMembers(ctx, st, args[1])
				if err != nil {
					return "", err
				}
				as, ok, err := st.AssignmentOf(ctx, art)
				if err != nil {
					return "", err
				}
				if !ok {
					if _, err := findArticle(ctx, st, art); err != nil {
						return "", err
					}
				}
				if ok && as.Story == into.id {
					return fmt.Sprintf("article %s is already in story %d", art, into.id), nil
				}
				if ok {
					old, err := storyMembers(ctx, st, fmt.Sprint(as.Story))
					if err != nil {
						return "", err
					}
					for _, o := range old.articles {
						if o != art {
							if err := tx.AddCorrection(ctx, store.Correction{Kind: "apart", Article: art, Other: o, Created: time.Now()}); err != nil {
								return "", err
							}
							break
						}
					}
				}
				if err := correct(ctx, st, tx, "join", art, into.articles[0], into.id); err != nil {
					return "", err
				}
				return fmt.Sprintf("moved article %s into story %d", art, into.id), nil
			})
		},
	}
}

// fixStories runs a correction in one transaction and prints what it did.
func (a *app) fixStories(ctx context.Context, fn func(context.Context, store.Store, store.Tx) (string, error)) error {
	st, err := a.openExistingStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var msg string
	err = st.Write(ctx, func(tx store.Tx) error {
		var err error
		msg, err = fn(ctx, st, tx)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(a.env.Stdout, msg+"; the correction is kept when stories are rebuilt (storywire recluster)")
	return nil
}

type members struct {
	id       int64
	articles []string // oldest first
}

func storyMembers(ctx context.Context, st store.Store, ref string) (members, error) {
	id, err := parseStoryID(ref)
	if err != nil {
		return members{}, err
	}
	in, err := storyInputs(ctx, st, nil, id, false) // only the members are needed, not their outlets' names
	if err != nil {
		return members{}, err
	}
	m := members{id: id}
	for _, x := range in {
		m.articles = append(m.articles, x.Article.ID)
	}
	return m, nil
}

// correct records that art belongs with other and moves it to story.
func correct(ctx context.Context, st store.Store, tx store.Tx, kind, art, other string, story int64) error {
	if art != other {
		if err := tx.AddCorrection(ctx, store.Correction{Kind: kind, Article: art, Other: other, Created: time.Now()}); err != nil {
			return err
		}
	}
	as, _, err := st.AssignmentOf(ctx, art)
	if err != nil {
		return err
	}
	return tx.Assign(ctx, store.Assignment{Article: art, Story: story, Reason: "correction", Explanation: as.Explanation})
}

// nextStoryID is one more than the largest story id in use.
func nextStoryID(ctx context.Context, st store.Store) (int64, error) {
	var max int64
	err := st.EachAssignment(ctx, func(a store.Assignment) error {
		if a.Story > max {
			max = a.Story
		}
		return nil
	})
	return max + 1, err
}
