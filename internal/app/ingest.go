package app

import (
	"context"
	"io"
	"time"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/extract"
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
	client := fetch.New(fetch.Options{
		Timeout:      o.Timeout,
		MaxBytes:     o.MaxSize,
		AllowPrivate: o.AllowPrivate,
		UserAgent:    o.UserAgent,
	})
	items := source.Read(ctx, inputs, source.Options{
		MaxFileSize: o.MaxSize,
		Fetcher:     client,
		FeedStates:  a.st,
		Stdin:       o.Stdin,
	})
	var analyzeFn func(string, model.Published) model.Annotations
	if !o.NoAnalyze {
		m, err := LoadNERModel(o.NERModel)
		if err != nil {
			return IngestSummary{}, err
		}
		analyzeFn = analyze.New(m).Analyze
	}
	clusterer, err := a.restoreClusterer(ctx)
	if err != nil {
		return IngestSummary{}, err
	}
	sum, err := pipeline.Run(ctx, items, pipeline.Config{
		Analyze:   analyzeFn,
		Cluster:   clusterer,
		Extractor: ex,
		Sketcher:  sk,
		Store:     a.st,
		Workers:   o.Workers,
		OnResult:  o.Progress,
	})
	if err != nil {
		return sum, &StoppedError{Err: err}
	}
	return sum, nil
}
