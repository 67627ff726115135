package runner

import (
	"context"
	"os"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/compare"
	"github.com/storywire/storywire/internal/eval/compareeval"
	"github.com/storywire/storywire/internal/eval/coref"
	"github.com/storywire/storywire/internal/eval/quoteeval"
	"github.com/storywire/storywire/internal/model"
)

// Quotes scores quote detection and attribution against the gold file
// data, whose articles are relative to corpus ("demo": the built-in demo
// corpus; "": the gold file's directory).
func Quotes(ctx context.Context, data, corpus, nerModel string) (quoteeval.Result, error) {
	gold, err := quoteeval.ReadGold(data)
	if err != nil {
		return quoteeval.Result{}, err
	}
	dir, err := os.MkdirTemp("", "storywire-eval-")
	if err != nil {
		return quoteeval.Result{}, err
	}
	defer os.RemoveAll(dir)
	corpus, in, err := inputs(dir, data, corpus, quoteeval.Articles(gold))
	if err != nil {
		return quoteeval.Result{}, err
	}
	a, err := ingest(ctx, dir, in, nerModel)
	if err != nil {
		return quoteeval.Result{}, err
	}
	defer a.Close()
	got := map[string]quoteeval.Analysed{}
	err = eachAnalysed(ctx, a, corpus, func(origin string, art model.Article, ann model.Annotations) error {
		got[origin] = quoteeval.Analysed{Text: art.Text, Quotes: ann.Quotes}
		return nil
	})
	if err != nil {
		return quoteeval.Result{}, err
	}
	return quoteeval.Score(gold, got), nil
}

// Entities scores entity resolution against the gold file data, whose
// articles are in corpus ("": the built-in demo corpus).
func Entities(ctx context.Context, data, corpus, nerModel string) (coref.Result, error) {
	gold, err := coref.ReadGold(data)
	if err != nil {
		return coref.Result{}, err
	}
	dir, err := os.MkdirTemp("", "storywire-eval-")
	if err != nil {
		return coref.Result{}, err
	}
	defer os.RemoveAll(dir)
	if corpus == "" {
		if corpus, err = app.WriteDemoCorpus(dir); err != nil {
			return coref.Result{}, err
		}
	}
	a, err := ingest(ctx, dir, []string{corpus}, nerModel)
	if err != nil {
		return coref.Result{}, err
	}
	defer a.Close()
	got := map[string]coref.Analysed{}
	err = eachAnalysed(ctx, a, corpus, func(origin string, art model.Article, ann model.Annotations) error {
		got[origin] = coref.Analysed{Text: art.Text, Annotations: ann}
		return nil
	})
	if err != nil {
		return coref.Result{}, err
	}
	return coref.Score(gold, got), nil
}

// Compare compares every story the corpus makes and scores the
// comparisons against the gold file data (corpus as for Quotes).
func Compare(ctx context.Context, data, corpus string) (compareeval.Result, error) {
	gold, err := compareeval.ReadGold(data)
	if err != nil {
		return compareeval.Result{}, err
	}
	dir, err := os.MkdirTemp("", "storywire-eval-")
	if err != nil {
		return compareeval.Result{}, err
	}
	defer os.RemoveAll(dir)
	corpus, in, err := inputs(dir, data, corpus, compareeval.Articles(gold))
	if err != nil {
		return compareeval.Result{}, err
	}
	a, err := ingest(ctx, dir, in, "")
	if err != nil {
		return compareeval.Result{}, err
	}
	defer a.Close()
	cs, err := a.CompareAll(ctx, compare.Options{})
	if err != nil {
		return compareeval.Result{}, err
	}
	// Origins relative to the corpus, as gold files name articles.
	for _, c := range cs {
		for i := range c.Articles {
			c.Articles[i].Origin = relOrigin(corpus, c.Articles[i].Origin)
		}
	}
	return compareeval.Score(gold, cs), nil
}
