package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/eval/storyeval"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/store"
)

// StoriesOptions configure the story evaluation.
type StoriesOptions struct {
	// Data is the gold file: ECB+-style JSON Lines (ingested itself) or
	// a truth.json naming each article's event by origin.
	Data string
	// Corpus holds the articles a truth.json names; "" or "demo": the
	// built-in demo corpus.
	Corpus string
	// Titles clusters headline-only items: each article's title, outlet
	// and publication time, without its text.
	Titles bool
	// Shuffles is how many shuffled orders (fixed seeds) to score beside
	// the file's order.
	Shuffles int
}

// StoriesReport holds Storywire's and the baseline's scores.
type StoriesReport struct {
	Clustered int              // articles (or headline items) clustered
	File      storyeval.Result // Storywire in the file's order
	// Mixed are the stories of the file's order that mix events or hold
	// part of one.
	Mixed    []storyeval.Mix
	Shuffled []storyeval.Result // Storywire, one per shuffled order
	// The baseline: single-pass TF-IDF cosine clustering with its
	// threshold tuned on the data, per order.
	Baseline           storyeval.Result
	BaselineThreshold  float64
	BaselineShuffled   []storyeval.Result
	BaselineThresholds []float64
}

// Stories clusters a gold corpus as ingest does and scores the stories
// against the gold events, beside a plain baseline.
func Stories(ctx context.Context, o StoriesOptions) (StoriesReport, error) {
	dir, err := os.MkdirTemp("", "storywire-eval-")
	if err != nil {
		return StoriesReport{}, err
	}
	defer os.RemoveAll(dir)
	var gold storyeval.Gold
	var in []string
	base := ""
	if strings.HasSuffix(o.Data, ".jsonl") {
		if gold, err = storyeval.ReadECB(o.Data); err != nil {
			return StoriesReport{}, err
		}
		in = []string{o.Data}
	} else {
		if gold, err = storyeval.ReadTruth(o.Data); err != nil {
			return StoriesReport{}, err
		}
		corpus := o.Corpus
		if corpus == "" || corpus == "demo" {
			if corpus, err = app.WriteDemoCorpus(dir); err != nil {
				return StoriesReport{}, err
			}
		}
		in, base = []string{corpus}, corpus
	}
	var docs []cluster.Doc
	var origins []string
	if o.Titles {
		docs, origins, err = headlines(ctx, dir, base, in)
	} else {
		docs, origins, err = articles(ctx, dir, base, in)
	}
	if err != nil {
		return StoriesReport{}, err
	}
	run := func(docs []cluster.Doc, origins []string, cfg cluster.Config, plain bool) map[string]int64 {
		c := cluster.New(cfg)
		in := docs
		if plain {
			in = make([]cluster.Doc, len(docs))
			for i, d := range docs {
				in[i] = cluster.Doc{ID: d.ID, Title: d.Title, Text: d.Text}
			}
		}
		// Settled as ingest does; the baseline is single-pass. Nothing is
		// stored, so the driver cannot fail.
		_ = pipeline.Driver{Clusterer: c, SinglePass: plain}.Run(ctx, in)
		pred := map[string]int64{}
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
	pred := run(docs, origins, cluster.Default(), false)
	rep := StoriesReport{Clustered: len(docs), File: storyeval.Score(gold, pred), Mixed: storyeval.Errors(gold, pred)}
	rep.Baseline, rep.BaselineThreshold = baseline(docs, origins)
	for seed := range o.Shuffles {
		d, o := shuffled(docs, origins, uint64(seed+1))
		rep.Shuffled = append(rep.Shuffled, storyeval.Score(gold, run(d, o, cluster.Default(), false)))
		r, t := baseline(d, o)
		rep.BaselineShuffled = append(rep.BaselineShuffled, r)
		rep.BaselineThresholds = append(rep.BaselineThresholds, t)
	}
	return rep, nil
}

// articles ingests inputs into a temporary store and returns the
// clustering view of every article, in clustering order, with its origin
// relative to base.
func articles(ctx context.Context, dir, base string, inputs []string) ([]cluster.Doc, []string, error) {
	a, err := ingest(ctx, dir, inputs, "")
	if err != nil {
		return nil, nil, err
	}
	defer a.Close()
	docs, origins, err := a.ClusterDocs(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i, o := range origins {
		origins[i] = relOrigin(base, o)
	}
	return docs, origins, nil
}

// headlines ingests inputs, then ingests again what a feed of headlines
// would carry of each article (its title, outlet and publication time,
// without text, URL or ID) into a second store, and returns the
// clustering view of those headline-only items with the origins of the
// articles they stand for.
func headlines(ctx context.Context, dir, base string, inputs []string) ([]cluster.Doc, []string, error) {
	a, err := ingest(ctx, filepath.Join(dir, "full"), inputs, "")
	if err != nil {
		return nil, nil, err
	}
	var lines bytes.Buffer
	var from []string
	err = a.Export(ctx, store.Filter{}, func(art model.Article) error {
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
	a.Close()
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
	docs, origins, err := articles(ctx, sub, "", []string{path})
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
