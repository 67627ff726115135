package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/eval/storyeval"
)

func (a *app) evalStoriesCommand() *cobra.Command {
	var data, corpus string
	var errs bool
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
from --corpus (default: the built-in demo corpus).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold data: pass --data FILE (ECB+ JSON Lines, or testdata/demo/truth.json)")
			}
			return a.runEvalStories(cmd.Context(), data, corpus, errs)
		},
	}
	c.Flags().StringVar(&data, "data", "", "gold file (required)")
	c.Flags().StringVar(&corpus, "corpus", "", `directory of the articles a truth.json names, or "demo" (the default)`)
	c.Flags().BoolVar(&errs, "errors", false, "also list each story that mixes events or holds only part of one, with the events' shares")
	return c
}

// evalArticles ingests inputs into a temporary store and returns the
// clustering view of every article, in clustering order, with its origin
// relative to base.
func (a *app) evalArticles(ctx context.Context, dir, base string, inputs []string) ([]cluster.Doc, []string, error) {
	st, err := a.evalStore(ctx, dir, inputs, "")
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	docs, origins, err := clusterDocs(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	for i, o := range origins {
		origins[i] = relOrigin(base, o)
	}
	return docs, origins, nil
}

func (a *app) runEvalStories(ctx context.Context, data, corpus string, errs bool) error {
	dir, err := os.MkdirTemp("", "storywire-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var gold storyeval.Gold
	var inputs []string
	base := ""
	if strings.HasSuffix(data, ".jsonl") {
		if gold, err = storyeval.ReadECB(data); err != nil {
			return err
		}
		inputs = []string{data}
	} else {
		if gold, err = storyeval.ReadTruth(data); err != nil {
			return err
		}
		if corpus == "" || corpus == "demo" {
			if corpus, err = writeDemoCorpus(dir); err != nil {
				return err
			}
		}
		inputs, base = []string{corpus}, corpus
	}
	docs, origins, err := a.evalArticles(ctx, dir, base, inputs)
	if err != nil {
		return err
	}
	run := func(cfg cluster.Config, plain bool) map[string]int64 {
		c := cluster.New(cfg)
		pred := map[string]int64{}
		in := docs
		if plain {
			in = make([]cluster.Doc, len(docs))
			for i, d := range docs {
				in[i] = cluster.Doc{ID: d.ID, Title: d.Title, Text: d.Text}
			}
		}
		for d := range c.Ahead(ctx, in) {
			c.Add(d)
			if !plain && c.SettleDue() {
				c.Settle()
			}
		}
		if !plain {
			c.Settle() // as ingest does at the end of a run; the baseline is single-pass
		}
		for i, d := range docs {
			pred[origins[i]], _ = c.StoryOf(d.ID) // after any merges
		}
		return pred
	}
	w := a.env.Stdout
	pred := run(cluster.Default(), false)
	res := storyeval.Score(gold, pred)
	fmt.Fprintf(w, "Stories against %s (%d articles clustered, %d gold articles not found)\n\n", data, len(docs), res.Missing)
	fmt.Fprintln(w, "| system | B-cubed P | R | F1 | pairwise P | R | F1 | stories | events | topics merged |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	row := func(name string, r storyeval.Result) {
		merged := "-"
		if r.Topics > 0 {
			merged = fmt.Sprintf("%d of %d", r.MergedTopics, r.Topics)
		}
		fmt.Fprintf(w, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %d | %d | %s |\n", name,
			r.BCubedP, r.BCubedR, r.BCubedF, r.PairP, r.PairR, r.PairF, r.Stories, r.Events, merged)
	}
	row("storywire", res)
	best, bestT := storyeval.Result{}, 0.0
	for t := 0.05; t < 0.9; t += 0.025 {
		cfg := cluster.Default()
		cfg.Threshold, cfg.UndatedThreshold, cfg.TextWeight = t, t, 1
		if r := storyeval.Score(gold, run(cfg, true)); r.BCubedF > best.BCubedF {
			best, bestT = r, t
		}
	}
	row(fmt.Sprintf("baseline: TF-IDF cosine, threshold %.3f tuned here", bestT), best)
	if res.Missing > 0 {
		fmt.Fprintln(w, "\nGold articles not found were not stored (duplicates of stored ones are skipped at ingest); each counts as a story of its own.")
	}
	if errs {
		fmt.Fprintln(w, "\nStories that mix events or hold part of one (event: articles here / articles of the event):")
		for _, m := range storyeval.Errors(gold, pred) {
			fmt.Fprintf(w, "  story %s:", m.Story)
			for _, e := range m.Events {
				fmt.Fprintf(w, " %s %d/%d", e.Event, e.In, e.Of)
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}
