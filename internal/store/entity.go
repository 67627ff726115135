package store

import (
	"context"

	"github.com/storywire/storywire/internal/model"
)

// EntityArticle is an article that mentions an entity.
type EntityArticle struct {
	Article model.Article
	Count   int
}

// EntityFilter selects entities. Zero fields do not filter.
type EntityFilter struct {
	Type  string // PER, ORG, LOC, MISC
	Query string // a name or alias, or part of one, case-insensitive
	Limit int
}

// EntityTx is the entity side of a write transaction.
type EntityTx interface {
	// EntityCandidates returns the entities holding any of keys, with
	// their aliases and keys, and each distinct role and affiliation once
	// (Role.Role and Role.Affiliation only): what matching compares. An
	// entity's roles with their articles grow with every article naming
	// it; its distinct roles hardly do.
	EntityCandidates(ctx context.Context, keys []string) ([]model.Entity, error)
	// CreateEntity stores a new entity (ID, counts and lists ignored) and
	// returns its id.
	CreateEntity(ctx context.Context, e model.Entity) (int64, error)
	// AddEntityKeys adds lookup keys to an entity.
	AddEntityKeys(ctx context.Context, id int64, keys []string) error
	// SetAnnotations stores an article's annotations; their local entities
	// carry the canonical ids they were resolved to, whose aliases, roles,
	// mention counts and names are updated. Annotations stored before for
	// the article are replaced.
	SetAnnotations(ctx context.Context, articleID string, ann model.Annotations) error
	// ClearEntities forgets every annotation and entity (before analysing
	// all articles again).
	ClearEntities(ctx context.Context) error
}

// EntityReader is the entity side of the read API.
type EntityReader interface {
	// Annotations returns an article's annotations; ok is false when it
	// was not analysed.
	Annotations(ctx context.Context, articleID string) (ann model.Annotations, ok bool, err error)
	// EachAnnotated calls fn for every article matching f, in the order of
	// EachArticle, with its annotations (ok false when it was not
	// analysed): one query, where Annotations per article is one each.
	EachAnnotated(ctx context.Context, f Filter, fn func(art model.Article, ann model.Annotations, ok bool) error) error
	// Entities lists entities, most mentioned first.
	Entities(ctx context.Context, f EntityFilter) ([]model.Entity, error)
	// Entity returns one entity with its aliases and roles (ErrNotFound
	// wrapped when absent).
	Entity(ctx context.Context, id int64) (model.Entity, error)
	// EntityArticles returns the articles that mention an entity, newest
	// first.
	EntityArticles(ctx context.Context, id int64, limit int) ([]EntityArticle, error)
}
