package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/storywire/storywire/internal/compare"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Article reads one article, saying what to do when there is none.
func (a *App) Article(ctx context.Context, id string) (model.Article, error) {
	art, err := a.st.Article(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return art, notFoundf("no article %q: list IDs with storywire articles or storywire search", id)
	}
	return art, err
}

// ArticleView is one article with its copies and, when asked for, its
// annotations.
type ArticleView struct {
	Article     model.Article
	Copies      []model.Article
	Annotations *model.Annotations
}

// ArticleView reads one article with its copies, and with annotations
// its analysis (an error when it has none).
func (a *App) ArticleView(ctx context.Context, id string, annotations bool) (ArticleView, error) {
	art, err := a.Article(ctx, id)
	if err != nil {
		return ArticleView{}, err
	}
	cps, err := a.st.Copies(ctx, art.ID)
	if err != nil {
		return ArticleView{}, err
	}
	v := ArticleView{Article: art, Copies: cps}
	if annotations {
		x, ok, err := a.st.Annotations(ctx, art.ID)
		if err != nil {
			return ArticleView{}, err
		}
		if !ok {
			return ArticleView{}, invalidf("article %s has not been analysed: run storywire analyze %s", art.ID, art.ID)
		}
		v.Annotations = &x
	}
	return v, nil
}

// Articles lists the articles f selects, newest first.
func (a *App) Articles(ctx context.Context, f store.Filter) ([]model.Article, error) {
	return a.st.Articles(ctx, f)
}

// Export calls fn for every article f selects, newest first.
func (a *App) Export(ctx context.Context, f store.Filter, fn func(model.Article) error) error {
	return a.st.EachArticle(ctx, f, fn)
}

// EachAnalysed calls fn for every analysed article with its annotations,
// in ingest order.
func (a *App) EachAnalysed(ctx context.Context, fn func(model.Article, model.Annotations) error) error {
	return a.st.EachAnnotated(ctx, store.Filter{}, func(art model.Article, ann model.Annotations, ok bool) error {
		if !ok {
			return nil
		}
		return fn(art, ann)
	})
}

// Search runs a full-text search, best first.
func (a *App) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	hits, err := a.st.Search(ctx, query, limit)
	if errors.Is(err, store.ErrEmptyQuery) {
		return nil, invalidf("search %q: %w: give words or \"a phrase\"", query, err)
	}
	return hits, err
}

// Stats counts what the store holds.
func (a *App) Stats(ctx context.Context) (store.Stats, error) {
	return a.st.Stats(ctx)
}

// OutletDirectory names every outlet of the store one way
// (model.NewOutletDirectory).
func (a *App) OutletDirectory(ctx context.Context) (model.OutletDirectory, error) {
	seen, err := a.st.OutletNames(ctx)
	if err != nil {
		return nil, err
	}
	return model.NewOutletDirectory(seen), nil
}

// Compare compares how the outlets of story id covered it, naming them
// from the outlet directory kept in memory (as story views do), not from a
// read of every article's outlet for each comparison.
func (a *App) Compare(ctx context.Context, id int64, opt compare.Options) (compare.Comparison, error) {
	dir, _, err := a.directory(ctx)
	if err != nil {
		return compare.Comparison{}, err
	}
	return a.compareStory(ctx, dir, id, opt)
}

// CompareAll compares every story, in the store's listing order.
func (a *App) CompareAll(ctx context.Context, opt compare.Options) ([]compare.Comparison, error) {
	list, err := a.st.Stories(ctx, store.StoryFilter{})
	if err != nil {
		return nil, err
	}
	dir, err := a.OutletDirectory(ctx)
	if err != nil {
		return nil, err
	}
	var out []compare.Comparison
	for _, s := range list {
		c, err := a.compareStory(ctx, dir, s.ID, opt)
		if err != nil {
			return nil, fmt.Errorf("compare story %d: %w", s.ID, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// compareStory loads one story's articles with their annotations and
// compares them.
func (a *App) compareStory(ctx context.Context, dir model.OutletDirectory, id int64, opt compare.Options) (compare.Comparison, error) {
	in, err := a.storyInputs(ctx, dir, id, fullAnnotations)
	if err != nil {
		return compare.Comparison{}, err
	}
	return compare.Compare(id, in, opt)
}
