package app

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// The reads below serve the web UI's pages (internal/server/web): what a
// reader sees beside a story or an entity, which neither the command line
// nor the API lists on its own.

// KeptOutletDirectory is OutletDirectory from memory: the directory the
// story views are built with, read again when the stories change and
// every two seconds at most (see storyCache). Read-only.
func (a *App) KeptOutletDirectory(ctx context.Context) (model.OutletDirectory, error) {
	dir, _, err := a.directory(ctx)
	return dir, err
}

// Outlets names every outlet of the store once, as stories show them,
// sorted; from the outlet directory kept in memory.
func (a *App) Outlets(ctx context.Context) ([]string, error) {
	dir, _, err := a.directory(ctx)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(dir))
	out := make([]string, 0, len(dir))
	for _, name := range dir {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if l, r := strings.ToLower(out[i]), strings.ToLower(out[j]); l != r {
			return l < r
		}
		return out[i] < out[j]
	})
	return out, nil
}

// EntityArticles returns the latest articles (at most limit; all when 0)
// that mention entity id, newest first; an unknown id is an ErrNotFound
// error.
func (a *App) EntityArticles(ctx context.Context, id int64, limit int) ([]store.EntityArticle, error) {
	if _, err := a.st.Entity(ctx, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, notFoundf("no entity %d: list them with storywire entities", id)
		}
		return nil, err
	}
	return a.st.EntityArticles(ctx, id, limit)
}

// Alongside is an entity named in the same articles as another, and in
// how many of them.
type Alongside struct {
	ID       int64
	Name     string
	Type     string
	Articles int
}

// EntitiesAlongside counts the canonical entities named together with
// entity id in its latest articles (at most articles of them), most
// shared first, and returns the first limit. Reading only the latest
// articles bounds the work for an entity named everywhere; the counts
// are of those articles.
func (a *App) EntitiesAlongside(ctx context.Context, id int64, articles, limit int) ([]Alongside, error) {
	arts, err := a.EntityArticles(ctx, id, articles)
	if err != nil {
		return nil, err
	}
	count := map[int64]*Alongside{}
	for _, ea := range arts {
		ann, ok, err := a.st.Annotations(ctx, ea.Article.ID)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		seen := map[int64]bool{id: true}
		for _, e := range ann.Entities {
			if e.ID == 0 || seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			if count[e.ID] == nil {
				count[e.ID] = &Alongside{ID: e.ID, Name: e.Name, Type: e.Type}
			}
			count[e.ID].Articles++
		}
	}
	out := make([]Alongside, 0, len(count))
	for _, e := range count {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(x, y Alongside) int {
		if x.Articles != y.Articles {
			return y.Articles - x.Articles
		}
		return int(x.ID - y.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Assignments returns the stored assignment of each article that has one
// (why it is in its story, as Why gives it), by article id.
func (a *App) Assignments(ctx context.Context, ids []string) (map[string]store.Assignment, error) {
	out := make(map[string]store.Assignment, len(ids))
	for _, id := range ids {
		as, ok, err := a.st.AssignmentOf(ctx, id)
		if err != nil {
			return nil, err
		}
		if ok {
			out[id] = as
		}
	}
	return out, nil
}
