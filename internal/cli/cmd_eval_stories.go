package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/eval/runner"
	"github.com/storywire/storywire/internal/eval/storyeval"
)

func (a *cli) evalStoriesCommand() *cobra.Command {
	var data, corpus string
	var errs, titles bool
	var shuffles int
	c := &cobra.Command{
		Use:   "stories --data FILE [--corpus DIR|demo]",
		Short: "Score story clustering against gold event labels (B-cubed and pairwise P/R/F1)",
		Long: `Ingest articles into a fresh temporary database, analyse them, cluster them
into stories, and score the stories against gold event labels: B-cubed and
pairwise precision, recall and F1 over articles, and the number of stories
against the number of events. A plain baseline runs on the same articles:
single-pass TF-IDF cosine clustering with its threshold tuned on the data.

--data is either a JSON Lines file of articles each with an "event" (and
optionally "topic") field, which is ingested itself (ECB+ as in
../shared/data/ecbplus/ecbplus-dev.jsonl), or a truth.json naming each
article's event by origin (testdata/demo/truth.json), whose articles are read
from --corpus (default: the built-in demo corpus).

Undated articles are clustered in the order they came in, and a gold file
may list each event's articles together (ECB+ does), which no real pile or
stream does and which flatters online clustering. So both systems are
also run on --shuffles orders of the same articles (fixed seeds: the same
orders every time), dated ones still oldest first, and their mean is
reported beside the file's order.

--titles clusters headline-only items instead: each article is ingested,
then only its title, outlet and publication time are ingested again (as a
feed of headlines carries them) and clustered.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold data: pass --data FILE (ECB+ JSON Lines, or testdata/demo/truth.json)")
			}
			if shuffles < 0 {
				return fmt.Errorf("--shuffles %d: pass 0 or more orders", shuffles)
			}
			return a.runEvalStories(cmd.Context(), data, corpus, errs, titles, shuffles)
		},
	}
	c.Flags().StringVar(&data, "data", "", "gold file (required)")
	c.Flags().StringVar(&corpus, "corpus", "", `directory of the articles a truth.json names, or "demo" (the default)`)
	c.Flags().BoolVar(&errs, "errors", false, "also list each story that mixes events or holds only part of one, with the events' shares (in the file's order)")
	c.Flags().BoolVar(&titles, "titles", false, "cluster headline-only items: each article's title, outlet and publication time, without its text")
	c.Flags().IntVar(&shuffles, "shuffles", 5, "also score this many shuffled orders of the articles and report their mean (0: the file's order only)")
	return c
}

func (a *cli) runEvalStories(ctx context.Context, data, corpus string, errs, titles bool, shuffles int) error {
	rep, err := runner.Stories(ctx, runner.StoriesOptions{Data: data, Corpus: corpus, Titles: titles, Shuffles: shuffles})
	if err != nil {
		return err
	}
	w := a.env.Stdout
	res := rep.File
	what := "articles"
	if titles {
		what = "headline-only items"
	}
	fmt.Fprintf(w, "Stories against %s (%d %s clustered, %d gold articles not found)\n\n", data, rep.Clustered, what, res.Missing)
	fmt.Fprintln(w, "| system | order | B-cubed P | R | F1 | pairwise P | R | F1 | stories | events | topics merged |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	row := func(name, order string, r storyeval.Mean) {
		merged := "-"
		if r.Topics > 0 {
			merged = fmt.Sprintf("%s of %d", meanCount(r.MergedTopics), r.Topics)
		}
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %d | %s |\n", name, order,
			r.BCubedP, r.BCubedR, r.BCubedF, r.PairP, r.PairR, r.PairF, meanCount(r.Stories), r.Events, merged)
	}
	order := fmt.Sprintf("mean of %d shuffled", shuffles)
	if shuffles > 0 {
		m := storyeval.MeanOf(rep.Shuffled)
		row("storywire", order+fmt.Sprintf(" (F1 %.3f–%.3f)", m.MinF, m.MaxF), m)
	}
	row("storywire", "file", storyeval.MeanOf([]storyeval.Result{res}))
	if shuffles > 0 {
		var thresholds []string
		for _, t := range rep.BaselineThresholds {
			thresholds = append(thresholds, fmt.Sprintf("%.3f", t))
		}
		m := storyeval.MeanOf(rep.BaselineShuffled)
		row(fmt.Sprintf("baseline: TF-IDF cosine, threshold tuned per order (%s)", strings.Join(thresholds, ", ")),
			order+fmt.Sprintf(" (F1 %.3f–%.3f)", m.MinF, m.MaxF), m)
	}
	row(fmt.Sprintf("baseline: TF-IDF cosine, threshold %.3f tuned here", rep.BaselineThreshold), "file", storyeval.MeanOf([]storyeval.Result{rep.Baseline}))
	if res.Missing > 0 {
		fmt.Fprintln(w, "\nGold articles not found were not stored (duplicates of stored ones are skipped at ingest); each counts as a story of its own.")
	}
	if errs {
		fmt.Fprintln(w, "\nStories that mix events or hold part of one (event: articles here / articles of the event):")
		for _, m := range rep.Mixed {
			fmt.Fprintf(w, "  story %s:", m.Story)
			for _, e := range m.Events {
				fmt.Fprintf(w, " %s %d/%d", e.Event, e.In, e.Of)
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

// meanCount prints a mean count: whole when it is one.
func meanCount(x float64) string {
	if x == float64(int(x)) {
		return fmt.Sprint(int(x))
	}
	return fmt.Sprintf("%.1f", x)
}
