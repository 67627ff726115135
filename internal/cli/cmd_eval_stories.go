package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/eval/storyeval"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func (a *app) evalStoriesCommand() *cobra.Command {
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

func (a *app) runEvalStories(ctx context.Context, data, corpus string, errs, titles bool, shuffles int) error {
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
	var docs []cluster.Doc
	var origins []string
	if titles {
		docs, origins, err = a.evalHeadlines(ctx, dir, base, inputs)
	} else {
		docs, origins, err = a.evalArticles(ctx, dir, base, inputs)
	}
	if err != nil {
		return err
	}
	run := func(docs []cluster.Doc, origins []string, cfg cluster.Config, plain bool) map[string]int64 {
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
	baseline := func(docs []cluster.Doc, origins []string) (storyeval.Result, float64) {
		best, bestT := storyeval.Result{}, 0.0
		for t := 0.05; t < 0.9; t += 0.025 {
			cfg := cluster.Default()
			cfg.Threshold, cfg.UndatedThreshold, cfg.TextWeight = t, t, 1
			if r := storyeval.Score(gold, run(docs, origins, cfg, true)); r.BCubedF > best.BCubedF {
				best, bestT = r, t
			}
		}
		return best, bestT
	}
	w := a.env.Stdout
	pred := run(docs, origins, cluster.Default(), false)
	res := storyeval.Score(gold, pred)
	what := "articles"
	if titles {
		what = "headline-only items"
	}
	fmt.Fprintf(w, "Stories against %s (%d %s clustered, %d gold articles not found)\n\n", data, len(docs), what, res.Missing)
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
	best, bestT := baseline(docs, origins)
	var ours, plain []storyeval.Result
	var thresholds []string
	for seed := range shuffles {
		d, o := shuffled(docs, origins, uint64(seed+1))
		ours = append(ours, storyeval.Score(gold, run(d, o, cluster.Default(), false)))
		r, t := baseline(d, o)
		plain = append(plain, r)
		thresholds = append(thresholds, fmt.Sprintf("%.3f", t))
	}
	order := fmt.Sprintf("mean of %d shuffled", shuffles)
	if shuffles > 0 {
		m := storyeval.MeanOf(ours)
		row("storywire", order+fmt.Sprintf(" (F1 %.3f–%.3f)", m.MinF, m.MaxF), m)
	}
	row("storywire", "file", storyeval.MeanOf([]storyeval.Result{res}))
	if shuffles > 0 {
		m := storyeval.MeanOf(plain)
		row(fmt.Sprintf("baseline: TF-IDF cosine, threshold tuned per order (%s)", strings.Join(thresholds, ", ")),
			order+fmt.Sprintf(" (F1 %.3f–%.3f)", m.MinF, m.MaxF), m)
	}
	row(fmt.Sprintf("baseline: TF-IDF cosine, threshold %.3f tuned here", bestT), "file", storyeval.MeanOf([]storyeval.Result{best}))
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

// evalHeadlines ingests inputs, then ingests again what a feed of
// headlines would carry of each article (its title, outlet and publication
// time, without text, URL or ID) into a second store, and returns the
// clustering view of those headline-only items with the origins of the
// articles they stand for.
func (a *app) evalHeadlines(ctx context.Context, dir, base string, inputs []string) ([]cluster.Doc, []string, error) {
	st, err := a.evalStore(ctx, filepath.Join(dir, "full"), inputs, "")
	if err != nil {
		return nil, nil, err
	}
	var lines bytes.Buffer
	var from []string
	err = st.EachArticle(ctx, store.Filter{}, func(art model.Article) error {
		item := map[string]any{"title": art.Title}
		if art.Outlet != "" {
			item["outlet"] = art.Outlet
		}
		if p := art.Published.Format(); p != "" {
			item["published"] = p
		}
		b, err := json.Marshal(item)
		if err != nil {
			return err
		}
		lines.Write(append(b, '\n'))
		from = append(from, relOrigin(base, art.Origin))
		return nil
	})
	st.Close()
	if err != nil {
		return nil, nil, err
	}
	sub := filepath.Join(dir, "headlines")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(sub, "headlines.jsonl")
	if err := os.WriteFile(path, lines.Bytes(), 0o644); err != nil {
		return nil, nil, err
	}
	docs, origins, err := a.evalArticles(ctx, sub, "", []string{path})
	if err != nil {
		return nil, nil, err
	}
	for i, o := range origins {
		// "headlines.jsonl:N" stands for the Nth article listed.
		if _, n, ok := strings.Cut(filepath.Base(o), ":"); ok {
			if k, err := strconv.Atoi(n); err == nil && k >= 1 && k <= len(from) {
				origins[i] = from[k-1]
			}
		}
	}
	return docs, origins, nil
}

// shuffled returns the docs (with their origins) in a random order fixed
// by seed, then put in clustering order: the dated ones oldest first, the
// undated ones in the shuffled order they now come in.
func shuffled(docs []cluster.Doc, origins []string, seed uint64) ([]cluster.Doc, []string) {
	perm := rand.New(rand.NewPCG(seed, 0x5eed)).Perm(len(docs))
	d := make([]cluster.Doc, len(docs))
	for i, p := range perm {
		d[i] = docs[p]
	}
	out, o := make([]cluster.Doc, len(docs)), make([]string, len(docs))
	for i, k := range cluster.PublicationOrder(d) {
		out[i], o[i] = d[k], origins[perm[k]]
	}
	return out, o
}

// meanCount prints a mean count: whole when it is one.
func meanCount(x float64) string {
	if x == float64(int(x)) {
		return fmt.Sprint(int(x))
	}
	return fmt.Sprintf("%.1f", x)
}
