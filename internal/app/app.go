// Package app holds Storywire's use cases: ingesting, re-analysing and
// re-clustering, correcting stories, and the read side (stories,
// entities, timelines, quotes, comparisons, search, export). Each takes a
// context and plain options and returns plain values; it prints nothing.
// The command line, and any server, is a thin layer over it: flags or a
// request in, an App method, text or JSON out.
//
// An App owns an open store: Open creates the database when there is
// none, OpenExisting refuses to (a read should not leave an empty
// database behind).
package app

import (
	"context"
	"errors"
	"sync"

	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/store"
)

// ErrNoDatabase is returned by OpenExisting when there is no database at
// the path (for PostgreSQL: no database, or none with Storywire's schema).
var ErrNoDatabase = errors.New("no database")

// App runs the use cases over one store. Its methods are safe for
// concurrent use: the store serialises writes, and the use cases that
// cluster (ingest, corrections, recluster) take turns.
type App struct {
	st store.Store
	// mu makes the use cases that cluster take turns, and guards
	// resident.
	mu sync.Mutex
	// keep is set by KeepClusterer: a long-running process holds the
	// clusterer in memory (resident) rather than rebuilding it from the
	// store for each ingest. resident is nil until first needed, and
	// again after anything that changed the stories behind its back.
	keep     bool
	resident *cluster.Clusterer
	// onStories, when set (OnStories), hears of the stories each ingest
	// created or grew.
	onStories func([]StoryEvent)
	// views caches the story views listings build.
	views *storyCache
}

// Open opens the database at path (an SQLite file, or a PostgreSQL
// database when path is a postgres:// URL: see open.go), creating it when
// there is none.
func Open(ctx context.Context, path string) (*App, error) {
	st, err := openStore(ctx, path, true)
	if err != nil {
		return nil, err
	}
	return New(st), nil
}

// OpenExisting opens the database at path; an error wrapping
// ErrNoDatabase when there is none.
func OpenExisting(ctx context.Context, path string) (*App, error) {
	st, err := openStore(ctx, path, false)
	if err != nil {
		return nil, err
	}
	return New(st), nil
}

// New runs the use cases over an open store, which the App then owns.
func New(st store.Store) *App { return &App{st: st, views: newStoryCache()} }

// Close closes the store.
func (a *App) Close() error { return a.st.Close() }

// LoadNERModel loads a named-entity model file, or the built-in model
// when path is empty.
func LoadNERModel(path string) (*ner.Model, error) {
	if path == "" {
		return ner.Builtin()
	}
	return ner.Load(path)
}
