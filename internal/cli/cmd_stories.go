package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

type storiesOptions struct {
	since      string
	entity     string
	minOutlets int
	largest    bool
	limit      int
}

func (a *cli) storiesCommand() *cobra.Command {
	var o storiesOptions
	c := &cobra.Command{
		Use:   "stories [--since T] [--entity NAME] [--min-outlets N] [--largest] [--limit N]",
		Short: "List stories: the articles that report the same event, grouped",
		Long: `List stories, most recently seen first (--largest: most articles first), each
with its title, its dates, how many articles and outlets report it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runStories(cmd.Context(), o)
		},
	}
	c.Flags().StringVar(&o.since, "since", "", "only stories seen at or after this time (e.g. 2024-03-01)")
	c.Flags().StringVar(&o.entity, "entity", "", "only stories naming this entity (ID or name)")
	c.Flags().IntVar(&o.minOutlets, "min-outlets", 0, "only stories reported by at least this many outlets")
	c.Flags().BoolVar(&o.largest, "largest", false, "largest stories first")
	c.Flags().IntVar(&o.limit, "limit", 50, "at most this many (0: all)")
	a.addJSONFlag(c)
	return c
}

func (a *cli) runStories(ctx context.Context, o storiesOptions) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	f := store.StoryFilter{MinOutlets: o.minOutlets, Largest: o.largest, Limit: o.limit}
	if f.Since, err = parseTimeFlag("--since", o.since); err != nil {
		return err
	}
	list, err := sw.Stories(ctx, app.StoriesOptions{Filter: f, Entity: o.entity, Whole: a.json})
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, view.Stories(list))
	}
	w := a.env.Stdout
	if len(list) == 0 {
		fmt.Fprintln(w, "No stories. Articles are grouped into stories as they are ingested; run storywire recluster to build them for articles already stored.")
		return nil
	}
	fmt.Fprintf(w, "%6s  %-10s  %-10s  %8s  %7s  %s\n", "ID", "FIRST", "LAST", "ARTICLES", "OUTLETS", "TITLE")
	for _, e := range list {
		v := e.View
		fmt.Fprintf(w, "%6d  %-10s  %-10s  %8d  %7d  %s\n", v.ID, dateOnly(v.FirstSeen), dateOnly(v.LastSeen), e.Summary.Articles, len(v.Outlets), truncate(v.Title, 70))
	}
	return nil
}

func dateOnly(s *string) string {
	if s == nil {
		return "-"
	}
	return (*s)[:min(len(*s), 10)]
}

func (a *cli) storyCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "story ID",
		Short: "Show one story: title, summary, dates, entities, outlets, articles with their copies, related stories",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runStory(cmd.Context(), args[0])
		},
	}
	a.addJSONFlag(c)
	c.AddCommand(a.storyMergeCommand(), a.storySplitCommand(), a.storyMoveCommand())
	return c
}

func parseStoryID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a story id: story ids are numbers (list them with storywire stories)", s)
	}
	return id, nil
}

func (a *cli) runStory(ctx context.Context, ref string) error {
	id, err := parseStoryID(ref)
	if err != nil {
		return err
	}
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	v, err := sw.StoryView(ctx, id)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, v)
	}
	printStory(a.env.Stdout, v)
	return nil
}

func printStory(w io.Writer, v stories.Story) {
	fmt.Fprintf(w, "%s\n%s\n\n", v.Title, strings.Repeat("=", min(len([]rune(v.Title)), 78)))
	fmt.Fprintf(w, "%-12s %d\n", "Story:", v.ID)
	seen := "no dated article"
	if v.FirstSeen != nil {
		seen = dateOnly(v.FirstSeen) + " to " + dateOnly(v.LastSeen)
	}
	fmt.Fprintf(w, "%-12s %s\n", "Seen:", seen)
	if v.Inferred > 0 {
		fmt.Fprintf(w, "%-12s %d article(s) with a publication date inferred from the text (marked ~)\n", "", v.Inferred)
	}
	if len(v.Dates) > 0 {
		var ds []string
		for _, d := range v.Dates {
			ds = append(ds, fmt.Sprintf("%s (%d)", d.Date, d.Articles))
		}
		fmt.Fprintf(w, "%-12s %s\n", "Event dates:", strings.Join(ds, ", "))
	}
	var outs []string
	for _, o := range v.Outlets {
		outs = append(outs, fmt.Sprintf("%s (%d)", o.Name, o.Articles))
	}
	fmt.Fprintf(w, "%-12s %s\n", "Outlets:", strings.Join(outs, ", "))
	if len(v.Entities) > 0 {
		var es []string
		for _, e := range v.Entities {
			es = append(es, fmt.Sprintf("%s [%s] (%d)", e.Name, e.Type, e.Articles))
		}
		fmt.Fprintf(w, "%-12s %s\n", "Entities:", strings.Join(es, ", "))
	}
	if len(v.Summary) > 0 {
		fmt.Fprintln(w, "\nSummary:")
		for _, s := range v.Summary {
			fmt.Fprintf(w, "%s\n", indentWrap(s, "  - ", "    ", 78))
		}
	}
	fmt.Fprintln(w, "\nArticles:")
	for _, art := range v.Articles {
		fmt.Fprintln(w, storyArticleLine(art, "  "))
		for _, c := range art.Copies {
			fmt.Fprintln(w, storyArticleLine(c, "      copy: "))
		}
	}
	if len(v.Related) > 0 {
		fmt.Fprintln(w, "\nRelated stories:")
		for _, r := range v.Related {
			fmt.Fprintf(w, "  %6d  %.2f  %s\n", r.ID, r.Strength, r.Title)
		}
	}
}

func storyArticleLine(art stories.Article, prefix string) string {
	date := dateOnly(art.Published)
	if art.Inferred {
		date += "~"
	}
	return fmt.Sprintf("%s%s  %-11s  %-22s  %s", prefix, art.ID, date, truncate(orDash(art.Outlet), 22), truncate(art.Title, 60))
}

func indentWrap(s, first, rest string, width int) string {
	var b strings.Builder
	line := first
	for _, word := range strings.Fields(s) {
		if len(line)+len(word)+1 > width && strings.TrimSpace(line) != strings.TrimSpace(first) {
			b.WriteString(line + "\n")
			line = rest
		}
		if line != first && line != rest {
			line += " "
		}
		line += word
	}
	b.WriteString(line)
	return b.String()
}

func (a *cli) whyCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "why ARTICLE",
		Short: "Explain why an article is in its story: the candidate stories, their scores, what matched",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runWhy(cmd.Context(), args[0])
		},
	}
	a.addJSONFlag(c)
	return c
}

func (a *cli) runWhy(ctx context.Context, id string) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	why, err := sw.Why(ctx, id)
	if err != nil {
		return err
	}
	art, ex := why.Article, why.Explanation
	if a.json {
		return writeJSON(a.env.Stdout, ex)
	}
	w := a.env.Stdout
	fmt.Fprintf(w, "%s  %s\n", art.ID, art.Title)
	switch why.Reason {
	case model.ReasonNew:
		fmt.Fprintf(w, "Started story %d: no story scored %.2f, the score needed to join.\n", ex.Story, ex.Threshold)
	case model.ReasonCopy:
		fmt.Fprintf(w, "In story %d with the article it is a copy of (%s).\n", ex.Story, art.CopyOf)
	case model.ReasonCorrection:
		fmt.Fprintf(w, "In story %d by a correction (storywire story merge/split/move).\n", ex.Story)
	case model.ReasonSettle:
		fmt.Fprintf(w, "Moved from story %d to story %d once the run's later articles were in", ex.From, ex.Story)
		switch ex.Step {
		case model.StepRescore:
			fmt.Fprintf(w, ": it scored higher there, at least %.2f.\n", ex.Threshold)
		case model.StepSplit, model.StepCores:
			fmt.Fprintf(w, ": the articles of story %d fell into two groups that report different events.\n", ex.From)
		case model.StepFragment:
			fmt.Fprintf(w, ": the articles of story %d had their nearest articles in story %d, so they report its event.\n", ex.From, ex.Story)
		default: // stored before moves named their step
			fmt.Fprintln(w, ".")
		}
	default:
		fmt.Fprintf(w, "Joined story %d: it scored at least %.2f, the score needed to join.\n", ex.Story, ex.Threshold)
	}
	if len(ex.Candidates) == 0 {
		fmt.Fprintln(w, "No story shared its rarer words or its entities.")
	} else {
		fmt.Fprintln(w, "\nCandidate stories, best first (score = content × time × actors; content = words and entities):")
		for _, c := range ex.Candidates {
			gap := "undated"
			if c.GapDays >= 0 {
				gap = fmt.Sprintf("%.1f days apart", c.GapDays)
			}
			fmt.Fprintf(w, "  story %d  score %.3f = content %.3f (words %.3f, entities %.3f) × time %.3f (%s)", c.Story, c.Score, c.Content, c.Text, c.Entity, c.Time, gap)
			if c.Actors > 0 && c.Actors < 1 {
				fmt.Fprintf(w, " × actors %.3f (led by people the story's articles do not open with)", c.Actors)
			}
			if c.Dormant {
				fmt.Fprint(w, "  dormant")
			}
			fmt.Fprintln(w)
			if len(c.Terms) > 0 {
				fmt.Fprintf(w, "      words: %s\n", strings.Join(c.Terms, ", "))
			}
			if len(c.Entities) > 0 {
				fmt.Fprintf(w, "      entities: %s\n", strings.Join(c.Entities, ", "))
			}
		}
	}
	for _, r := range ex.Related {
		fmt.Fprintf(w, "Linked story %d as related (same subject, %.2f, but far apart in time).\n", r.Story, r.Strength)
	}
	return nil
}

func (a *cli) reclusterCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "recluster",
		Short: "Rebuild every story from scratch (corrections are kept and applied)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			sw, err := a.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer sw.Close()
			n, err := sw.Recluster(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.Stdout, "%d stories\n", n)
			return nil
		},
	}
}
