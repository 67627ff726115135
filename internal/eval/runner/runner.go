// Package runner runs Storywire's evaluations end to end: it ingests a
// gold corpus into a temporary store through app, as storywire ingest
// does, reads back what the analysis and clustering made of it, and
// scores that with the eval packages. It returns results; the command
// line prints them.
package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
)

// ingest ingests inputs into a fresh database in dir, analysing every
// article as storywire ingest does, and returns it open. Items that fail
// to ingest are not an error here: the scores count what is missing.
func ingest(ctx context.Context, dir string, inputs []string, nerModel string) (*app.App, error) {
	a, err := app.Open(ctx, filepath.Join(dir, "eval.db"))
	if err != nil {
		return nil, err
	}
	if _, err := a.Ingest(ctx, inputs, app.IngestOptions{MaxSize: 20 << 20, NERModel: nerModel}); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// eachAnalysed calls fn for every analysed article with its annotations
// and its origin relative to base (slash-separated), as gold files name
// articles.
func eachAnalysed(ctx context.Context, a *app.App, base string, fn func(origin string, art model.Article, ann model.Annotations) error) error {
	return a.EachAnalysed(ctx, func(art model.Article, ann model.Annotations) error {
		return fn(relOrigin(base, art.Origin), art, ann)
	})
}

// relOrigin writes an origin relative to base when it lies under it.
func relOrigin(base, origin string) string {
	if base != "" {
		if rel, err := filepath.Rel(base, origin); err == nil {
			origin = rel
		}
	}
	return filepath.ToSlash(origin)
}

// inputs resolves the articles a gold file names: with corpus "demo",
// the built-in demo corpus written under dir; otherwise each article
// (a path relative to corpus, by default the gold file's directory),
// checked to exist. It returns the corpus directory and the inputs.
func inputs(dir, data, corpus string, articles []string) (string, []string, error) {
	if corpus == "demo" {
		corpus, err := app.WriteDemoCorpus(dir)
		return corpus, []string{corpus}, err
	}
	if corpus == "" {
		corpus = filepath.Dir(data)
	}
	var in []string
	for _, art := range articles {
		p := filepath.Join(corpus, filepath.FromSlash(art))
		if _, err := os.Stat(p); err != nil {
			return "", nil, fmt.Errorf("gold article %s: %w (pass --corpus DIR the articles are relative to, or --corpus demo)", art, err)
		}
		in = append(in, p)
	}
	return corpus, in, nil
}
