package cli

import (
	"context"
	"io"
	"path/filepath"

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
	return st.EachArticle(ctx, store.Filter{}, func(art model.Article) error {
		ann, ok, err := st.Annotations(ctx, art.ID)
		if err != nil || !ok {
			return err
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
