package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Entities lists the entities f selects.
func (a *App) Entities(ctx context.Context, f store.EntityFilter) ([]model.Entity, error) {
	switch strings.ToUpper(f.Type) {
	case "", "PER", "ORG", "LOC", "MISC":
	default:
		return nil, invalidf("unknown type %q: use PER, ORG, LOC or MISC", f.Type)
	}
	return a.st.Entities(ctx, f)
}

// EntityView is one entity with the articles that mention it.
type EntityView struct {
	Entity   model.Entity
	Articles []store.EntityArticle
}

// EntityView reads one entity, by id or name (see FindEntity), with the
// articles that mention it.
func (a *App) EntityView(ctx context.Context, ref string) (EntityView, error) {
	e, err := a.FindEntity(ctx, ref)
	if err != nil {
		return EntityView{}, err
	}
	arts, err := a.st.EntityArticles(ctx, e.ID, 0)
	if err != nil {
		return EntityView{}, err
	}
	return EntityView{Entity: e, Articles: arts}, nil
}

// FindEntity reads an entity by id, or by name: an exact name or alias
// first, then a part of one; several matches are an error that lists them.
func (a *App) FindEntity(ctx context.Context, ref string) (model.Entity, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		e, err := a.st.Entity(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return e, notFoundf("no entity %d: list them with storywire entities", id)
		}
		return e, err
	}
	list, err := a.st.Entities(ctx, store.EntityFilter{Query: ref})
	if err != nil {
		return model.Entity{}, err
	}
	var exact []model.Entity
	for _, e := range list {
		for _, al := range append([]model.Alias{{Text: e.Name}}, e.Aliases...) {
			if strings.EqualFold(al.Text, ref) {
				exact = append(exact, e)
				break
			}
		}
	}
	if len(exact) == 0 {
		exact = list
	}
	switch len(exact) {
	case 0:
		return model.Entity{}, notFoundf("no entity named %q: list them with storywire entities --query NAME", ref)
	case 1:
		return a.st.Entity(ctx, exact[0].ID)
	}
	var names []string
	for _, e := range exact[:min(len(exact), 10)] {
		names = append(names, fmt.Sprintf("%d %s (%s)", e.ID, e.Name, e.Type))
	}
	return model.Entity{}, invalidf("%q names %d entities; give an ID: %s", ref, len(exact), strings.Join(names, "; "))
}
