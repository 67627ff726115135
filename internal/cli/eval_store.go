package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/storywire/storywire"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// evalStore ingests inputs into a fresh database in dir, analysing every
// article as storywire ingest does, and opens it. Items that fail to
// ingest are not an error here: the scores count what is missing.
func (a *app) evalStore(ctx context.Context, dir string, inputs []string, nerModel string) (store.Store, error) {
	sub := &app{env: Env{Stdin: a.env.Stdin, Stdout: io.Discard, Stderr: a.env.Stderr, Getenv: a.env.Getenv}, dbPath: filepath.Join(dir, "eval.db")}
	err := sub.runIngest(ctx, ingestOptions{quiet: true, maxSize: 20 << 20, nerModel: nerModel}, inputs)
	var partial partialError
	if err != nil && !asPartial(err, &partial) {
		return nil, err
	}
	return sub.openExistingStore(ctx)
}

// eachAnalysed calls fn for every analysed article with its annotations
// and its origin relative to base (slash-separated), as gold files name
// articles.
func eachAnalysed(ctx context.Context, st store.Store, base string, fn func(origin string, art model.Article, ann model.Annotations) error) error {
	return st.EachAnnotated(ctx, store.Filter{}, func(art model.Article, ann model.Annotations, ok bool) error {
		if !ok {
			return nil
		}
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

// evalInputs resolves the articles a gold file names: with corpus "demo",
// the built-in demo corpus written under dir; otherwise each article
// (a path relative to corpus, by default the gold file's directory),
// checked to exist. It returns the corpus directory and the inputs.
func evalInputs(dir, data, corpus string, articles []string) (string, []string, error) {
	if corpus == "demo" {
		corpus, err := writeDemoCorpus(dir)
		return corpus, []string{corpus}, err
	}
	if corpus == "" {
		corpus = filepath.Dir(data)
	}
	var inputs []string
	for _, art := range articles {
		p := filepath.Join(corpus, filepath.FromSlash(art))
		if _, err := os.Stat(p); err != nil {
			return "", nil, fmt.Errorf("gold article %s: %w (pass --corpus DIR the articles are relative to, or --corpus demo)", art, err)
		}
		inputs = append(inputs, p)
	}
	return corpus, inputs, nil
}

// writeDemoCorpus writes the built-in demo corpus under dir and returns
// its directory.
func writeDemoCorpus(dir string) (string, error) {
	corpus := filepath.Join(dir, "corpus")
	if err := writeFS(corpus, storywire.DemoCorpus()); err != nil {
		return "", fmt.Errorf("write the demo corpus: %w", err)
	}
	return corpus, nil
}
