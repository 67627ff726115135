package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/extract"
	"github.com/storywire/storywire/internal/extract/lang"
	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
)

// IngestResult is what happened to one ingested item.
type IngestResult = pipeline.Result

// IngestSummary counts the outcomes of an ingest run and keeps its
// failures.
type IngestSummary = pipeline.Summary

// IngestStages is where an ingest's time went (pipeline.Stages).
type IngestStages = pipeline.Stages

// IngestOptions configure an ingest run. The zero value reads files
// without size limit, analyses with the built-in model and clusters.
type IngestOptions struct {
	Outlet       string   // outlet for every article read (overrides the source's)
	Published    string   // publication time for every article read
	AllowPrivate bool     // allow fetching from private addresses
	MaxSize      int64    // largest file or download, in bytes
	Languages    []string // ISO 639-1 codes to tell apart
	Workers      int      // articles extracted in parallel; 0: the number of CPUs
	Timeout      time.Duration
	NoAnalyze    bool   // store articles without analysing them
	NERModel     string // named-entity model file; "": the built-in model
	UserAgent    string // sent with every download
	Stdin        io.Reader
	// Progress, when set, is called for every item in source order once
	// it is stored (or has failed).
	Progress func(IngestResult)
	// Watch configures the messages watches send about the run's stories.
	Watch WatchOptions
}

// siteRepeats is how many stored pages of a site must carry a line for it
// to be the site's furniture: a line on three pages is the site's, not a
// story's (a wire story a site runs twice repeats its lines on two).
const siteRepeats = 3

// the store's FeedState methods make it the source's FeedStates.
var _ source.FeedStates = store.Store(nil)

// StoppedError reports that an ingest run stopped part way (the store
// could not be written, or ctx is done); everything its summary counts is
// stored, and running the same inputs again finishes the job.
type StoppedError struct{ Err error }

func (e *StoppedError) Error() string { return "ingest stopped: " + e.Err.Error() }

func (e *StoppedError) Unwrap() error { return e.Err }

// Ingest reads every article in inputs (paths, URLs, "-" for Stdin),
// extracts, analyses and stores it, and assigns it to a story. An error
// before the run starts comes alone; one that stopped the run is a
// *StoppedError, returned with the summary of what was done.
func (a *App) Ingest(ctx context.Context, inputs []string, o IngestOptions) (IngestSummary, error) {
	items := source.Read(ctx, inputs, source.Options{
		MaxFileSize: o.MaxSize,
		Fetcher:     a.fetcher(o),
		FeedStates:  a.st,
		Stdin:       o.Stdin,
	})
	return a.IngestItems(ctx, items, o)
}

// IngestItems is Ingest over items already read (a request's body, a
// feed's new entries). Runs take turns; each first gives a story to any
// stored article an interrupted run left without one. Once the run's
// articles are in their stories, the watches they match send their
// messages (see CheckWatches).
func (a *App) IngestItems(ctx context.Context, items iter.Seq[source.Item], o IngestOptions) (IngestSummary, error) {
	var stored []string
	progress := o.Progress
	o.Progress = func(r IngestResult) {
		if r.Outcome == pipeline.Added || r.Outcome == pipeline.Copy {
			stored = append(stored, r.ID)
		}
		if progress != nil {
			progress(r)
		}
	}
	sum, err := a.ingestItems(ctx, items, o)
	if len(stored) > 0 {
		a.views.reset()
	}
	if a.onStories != nil && len(stored) > 0 {
		// What is committed is told even when the run stopped part way;
		// the events are read from the store, not the clusterer. A
		// failure to describe them is not the ingest's.
		if events, everr := a.storyEvents(context.WithoutCancel(ctx), stored); everr == nil && len(events) > 0 {
			a.onStories(events)
		}
	}
	if o.Watch.Later != nil {
		o.Watch.Later(stored)
	} else if _, werr := a.CheckWatches(ctx, stored, o.Watch); werr != nil {
		err = errors.Join(err, fmt.Errorf("the run's articles are stored, but its watch messages could not all be checked: %w", werr))
	}
	return sum, err
}

func (a *App) ingestItems(ctx context.Context, items iter.Seq[source.Item], o IngestOptions) (IngestSummary, error) {
	// The models are decoded while the store is read (site lines, the
	// clusterer's state): on a cold start they are most of the wait before
	// the first article. The language model is decoded on first use too,
	// by one worker while the other waits for it.
	var nerModel *ner.Model
	var nerErr error
	nerLoaded := make(chan struct{})
	go func() {
		defer close(nerLoaded)
		if !o.NoAnalyze {
			nerModel, nerErr = LoadNERModel(o.NERModel)
		}
	}()
	go lang.Builtin() // its error, if any, is the detector's to report
	// The lines a site repeats on the pages already stored are its
	// furniture; read once, so the run does not depend on its order.
	siteLines, err := a.st.SiteLines(ctx, siteRepeats)
	if err != nil {
		return IngestSummary{}, err
	}
	ex, err := extract.New(extract.Options{Outlet: o.Outlet, Published: o.Published, Languages: o.Languages, SiteLines: siteLines})
	if err != nil {
		return IngestSummary{}, err
	}
	sk, err := copies.NewSketcher(copies.DefaultParams())
	if err != nil {
		return IngestSummary{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	clusterer, err := a.clusterer(ctx)
	if err != nil {
		return IngestSummary{}, err
	}
	<-nerLoaded
	if nerErr != nil {
		return IngestSummary{}, nerErr
	}
	var analyzeFn func(string, model.Published) model.Annotations
	if nerModel != nil {
		analyzeFn = analyze.New(nerModel).Analyze
	}
	if _, err := a.finishUnassigned(ctx, clusterer); err != nil {
		a.storiesChanged()
		return IngestSummary{}, &StoppedError{Err: err}
	}
	// The clustering tokens of the run's articles, kept for the replay
	// that saves the clusterer's state at its end, which then need not
	// tokenize them again. Bounded: a long run keeps its first ones.
	var tokens map[string]*cluster.Tokens
	var assigned func(cluster.Doc)
	if !a.keep {
		tokens = map[string]*cluster.Tokens{}
		assigned = func(d cluster.Doc) {
			if d.Tokens != nil && len(tokens) < maxReplayTokens {
				tokens[d.ID] = d.Tokens
			}
		}
	}
	sum, err := pipeline.Run(ctx, items, pipeline.Config{
		Analyze:   analyzeFn,
		Cluster:   clusterer,
		Assigned:  assigned,
		Extractor: ex,
		Sketcher:  sk,
		Store:     turns{a.st},
		Workers:   o.Workers,
		OnResult:  o.Progress,
	})
	if err != nil {
		// What the clusterer holds may no longer be what the store does.
		a.storiesChanged()
		return sum, &StoppedError{Err: err}
	}
	if sum.Added+sum.Copies > 0 && !a.keep {
		// The next start then reads the clusterer's state instead of
		// replaying this run's assignments. It costs this run's replay
		// on top of the saved state, or a full replay when the run merged
		// stories of earlier runs (which drops the state). A process that
		// keeps its clusterer saves it itself (SaveClusterState): not after
		// every small run. Stopped here, the run is still complete: the
		// next start replays instead.
		if _, err := a.replayClusterer(ctx, false, tokens); err != nil && ctx.Err() == nil {
			return sum, fmt.Errorf("save the clusterer's state: %w", err)
		}
	}
	return sum, nil
}

// turns is a store whose write transactions take turns with every other
// ingest writer's (postgres LockIngest): the distributed workers', and
// those of ingests and servers beside them, so that a batch's decisions
// (new, duplicate or copy, which entity a name is) see the batches stored
// before it. On SQLite, whose one writer takes turns already, it changes
// nothing.
type turns struct{ store.Store }

// ingestLocker is the PostgreSQL transaction's LockIngest.
type ingestLocker interface {
	LockIngest(ctx context.Context) error
}

func (s turns) Write(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Write(ctx, func(tx store.Tx) error {
		if l, ok := tx.(ingestLocker); ok {
			if err := l.LockIngest(ctx); err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// maxReplayTokens bounds the articles whose clustering tokens an ingest
// keeps for its replay (about 8 KB each).
const maxReplayTokens = 4096

// finishUnassigned gives a story to every stored article that has none
// (a run killed between storing articles and clustering them), in
// clustering order, before anything new is added.
func (a *App) finishUnassigned(ctx context.Context, c *cluster.Clusterer) (ids []string, err error) {
	var left []cluster.Doc
	err = a.st.EachAnnotated(ctx, store.Filter{Unassigned: true}, func(art model.Article, ann model.Annotations, _ bool) error {
		left = append(left, cluster.FromArticle(art, ann))
		return nil
	})
	if err != nil || len(left) == 0 {
		return nil, err
	}
	docs := make([]cluster.Doc, 0, len(left))
	for _, i := range cluster.PublicationOrder(left) {
		docs = append(docs, left[i])
	}
	err = a.st.Write(ctx, func(tx store.Tx) error {
		return pipeline.Driver{Clusterer: c, Tx: tx}.Run(ctx, docs)
	})
	if err != nil {
		return nil, fmt.Errorf("give stories to the %d articles an earlier run left without one: %w", len(docs), err)
	}
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	return ids, nil
}

// fetcher is the HTTP client for an ingest's URLs and feeds.
func (a *App) fetcher(o IngestOptions) *fetch.Client {
	return fetch.New(fetch.Options{
		Timeout:      o.Timeout,
		MaxBytes:     o.MaxSize,
		AllowPrivate: o.AllowPrivate,
		UserAgent:    o.UserAgent,
	})
}
