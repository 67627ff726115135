package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	storywire "github.com/storywire/storywire"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/eval/storyeval"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func (a *app) evalStoriesCommand() *cobra.Command {
	var data, corpus string
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
			return a.runEvalStories(cmd.Context(), data, corpus)
		},
	}
	c.Flags().StringVar(&data, "data", "", "gold file (required)")
	c.Flags().StringVar(&corpus, "corpus", "", `directory of the articles a truth.json names, or "demo" (the default)`)
	return c
}

// evalArticles ingests inputs into a temporary store and returns the
// clustering view of every article, in clustering order, keyed by origin
// relative to base.
func (a *app) evalArticles(ctx context.Context, dir, base string, inputs []string) ([]cluster.Doc, []string, error) {
	sub := &app{env: Env{Stdin: a.env.Stdin, Stdout: io.Discard, Stderr: a.env.Stderr, Getenv: a.env.Getenv}, dbPath: filepath.Join(dir, "eval.db")}
	err := sub.runIngest(ctx, ingestOptions{quiet: true, maxSize: 20 << 20}, inputs)
	var partial partialError
	if err != nil && !asPartial(err, &partial) {
		return nil, nil, err
	}
	st, err := sub.openExistingStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	docs, origins, err := clusterDocs(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	for i, o := range origins {
		if base != "" {
			if rel, err := filepath.Rel(base, o); err == nil {
				o = rel
			}
		}
		origins[i] = filepath.ToSlash(o)
	}
	return docs, origins, nil
}

// clusterDocs reads every analysed article in clustering order: by
// publication time, oldest first, then the undated ones in ingest order.
func clusterDocs(ctx context.Context, st store.Store) ([]cluster.Doc, []string, error) {
	var dated, undated []cluster.Doc
	var datedO, undatedO []string
	err := st.EachArticle(ctx, store.Filter{}, func(art model.Article) error {
		ann, _, err := st.Annotations(ctx, art.ID)
		if err != nil {
			return err
		}
		d := cluster.FromArticle(art, ann)
		if art.Published.Known() {
			dated, datedO = append(dated, d), append(datedO, art.Origin)
		} else {
			undated, undatedO = append(undated, d), append(undatedO, art.Origin)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// The store lists dated articles newest first; clustering goes oldest
	// first, with an article known only to the day placed at noon, the
	// middle of the day it could have appeared in (sort is stable, so
	// ties keep ingest order).
	slices.Reverse(dated)
	slices.Reverse(datedO)
	idx := make([]int, len(dated))
	for i := range idx {
		idx[i] = i
	}
	key := func(d cluster.Doc) time.Time {
		if d.DayOnly {
			return d.Published.Add(12 * time.Hour)
		}
		return d.Published
	}
	sort.SliceStable(idx, func(i, j int) bool { return key(dated[idx[i]]).Before(key(dated[idx[j]])) })
	docs := make([]cluster.Doc, 0, len(dated)+len(undated))
	origins := make([]string, 0, len(dated)+len(undated))
	for _, i := range idx {
		docs, origins = append(docs, dated[i]), append(origins, datedO[i])
	}
	return append(docs, undated...), append(origins, undatedO...), nil
}

func (a *app) runEvalStories(ctx context.Context, data, corpus string) error {
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
			corpus = filepath.Join(dir, "corpus")
			if err := writeFS(corpus, storywire.DemoCorpus()); err != nil {
				return fmt.Errorf("write the demo corpus: %w", err)
			}
		}
		inputs, base = []string{corpus}, corpus
	}
	docs, origins, err := a.evalArticles(ctx, dir, base, inputs)
	if err != nil {
		return err
	}
	run := func(cfg cluster.Config, plain bool) storyeval.Result {
		c := cluster.New(cfg)
		pred := map[string]int64{}
		for _, d := range docs {
			if plain {
				d = cluster.Doc{ID: d.ID, Title: d.Title, Text: d.Text}
			}
			c.Add(d)
		}
		for i, d := range docs {
			pred[origins[i]], _ = c.StoryOf(d.ID) // after any merges
		}
		return storyeval.Score(gold, pred)
	}
	w := a.env.Stdout
	fmt.Fprintf(w, "Stories against %s (%d articles clustered, %d gold articles not found)\n\n", data, len(docs), 0)
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
	res := run(cluster.Default(), false)
	row("storywire", res)
	best, bestT := storyeval.Result{}, 0.0
	for t := 0.05; t < 0.9; t += 0.025 {
		cfg := cluster.Default()
		cfg.Threshold, cfg.TextWeight = t, 1
		if r := run(cfg, true); r.BCubedF > best.BCubedF {
			best, bestT = r, t
		}
	}
	row(fmt.Sprintf("baseline: TF-IDF cosine, threshold %.3f tuned here", bestT), best)
	if res.Missing > 0 {
		fmt.Fprintf(w, "\n%d gold articles were not ingested (each counted as a story of its own)\n", res.Missing)
	}
	return nil
}
