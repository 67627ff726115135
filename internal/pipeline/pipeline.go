// Package pipeline wires Storywire's stages together for ingestion:
//
//	source -> extract (+ copy sketch) -> copy detection -> store
//
// Sources are read in a defined order; extraction runs on all cores; the
// results are put back in source order and written by one writer in
// batches, one transaction per batch. Because the writer sees articles in
// source order, the same input in the same order always gives the same
// result. One bad item never stops the run: its error is recorded with the
// item and the rest goes on.
package pipeline

import (
	"context"
	"errors"
	"iter"
	"runtime"
	"time"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/extract"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
)

// Outcome says what happened to one item.
type Outcome string

// Outcomes of an item.
const (
	Added     Outcome = "added"     // stored as a new article
	Copy      Outcome = "copy"      // stored, linked to an earlier near-identical copy
	Duplicate Outcome = "duplicate" // already stored: same canonical URL or same text
	Failed    Outcome = "failed"    // not stored; Err says why
)

// Result is what happened to one item.
type Result struct {
	Origin     string
	ID         string
	Title      string
	Outcome    Outcome
	CopyOf     string  // for Copy: the original's ID; for Duplicate: the stored ID
	Similarity float64 // for Copy
	// Displaced is, for an Added article published before its copy
	// group's original, the former original: a copy of it now.
	Displaced string
	Err       error
	// Warnings are what reading the item noticed without refusing it
	// (model.Article.Warnings), each naming the item.
	Warnings []string
}

// Summary counts the outcomes of a run and keeps its failures and the
// items read with warnings.
type Summary struct {
	Added, Copies, Duplicates, Failed int
	Failures                          []Result
	Warnings                          []Result
	Elapsed                           time.Duration
	Stages                            Stages
}

// Stages is where a run's time went. The workers' stages are summed over
// the workers (so with two busy workers they add up to twice the wall
// time); the writer's are its own, one after another.
type Stages struct {
	// On the workers: reading the item into an article (HTML, cleanup,
	// language, dates), its copy sketch, its analysis (names, entities,
	// times, quotes, quantities), the clusterer's tokens.
	Extract, Sketch, Analyze, Tokenize time.Duration
	// In the writer: deciding new, duplicate or copy and inserting;
	// resolving entities across articles; storing annotations and
	// entities; the rest of the batches' transactions (site lines,
	// full-text index, commit).
	Copies, Resolve, Annotations, Commit time.Duration
	// Clustering: assigning stories (with its writes) and settling.
	Cluster, Settle time.Duration
	// WriterIdle is how long the writer waited for a batch.
	WriterIdle time.Duration
}

// Stage is one stage's time, named as List names it.
type Stage struct {
	Name string
	Took time.Duration
}

// List gives the stages in flow order.
func (s Stages) List() []Stage {
	return []Stage{
		{"extract", s.Extract}, {"sketch", s.Sketch}, {"analyze", s.Analyze}, {"tokenize", s.Tokenize},
		{"copies", s.Copies}, {"resolve", s.Resolve}, {"annotations", s.Annotations}, {"commit", s.Commit},
		{"cluster", s.Cluster}, {"settle", s.Settle}, {"writer-idle", s.WriterIdle},
	}
}

// Add sums two runs' stages.
func (s Stages) Add(o Stages) Stages {
	return Stages{
		Extract: s.Extract + o.Extract, Sketch: s.Sketch + o.Sketch, Analyze: s.Analyze + o.Analyze, Tokenize: s.Tokenize + o.Tokenize,
		Copies: s.Copies + o.Copies, Resolve: s.Resolve + o.Resolve, Annotations: s.Annotations + o.Annotations, Commit: s.Commit + o.Commit,
		Cluster: s.Cluster + o.Cluster, Settle: s.Settle + o.Settle, WriterIdle: s.WriterIdle + o.WriterIdle,
	}
}

// Total is the number of items seen.
func (s Summary) Total() int { return s.Added + s.Copies + s.Duplicates + s.Failed }

// DefaultBatchSize is the most articles written per transaction: the
// writer takes what is ready whenever it is free, so its batches grow to
// this when it is the slower side. Each commit rewrites the index pages
// its articles touched, and an article's sketch bands land on random
// pages of the band index, so larger batches share pages and keep the
// cost per article lower as the store grows (docs/benchmarks.md compares
// 200 and 1,000).
const DefaultBatchSize = 1000

// maxBatchDelay bounds how long a stored article waits for its batch.
const maxBatchDelay = time.Second

// Config holds what a run needs. Extractor, Sketcher and Store are required.
type Config struct {
	Extractor *extract.Extractor
	Sketcher  *copies.Sketcher
	Store     store.Store
	// Workers extracting in parallel; runtime.GOMAXPROCS(0) when 0.
	Workers int
	// BatchSize is the most articles written per transaction;
	// DefaultBatchSize when 0.
	BatchSize int
	// CopyThreshold is the estimated similarity from which an article is a
	// copy of a stored one; copies.Threshold when 0.
	CopyThreshold float64
	// OnResult, when set, is called for every item in source order, after
	// the item's batch is committed (so a reported item is stored).
	OnResult func(Result)
	// Analyze, when set, annotates each article's text (names, roles,
	// entities) on the workers; the writer resolves the entities across
	// articles and stores the annotations with the article.
	Analyze func(text string, published model.Published) model.Annotations
	// Cluster, when set, assigns every stored article to a story after
	// its batch is committed (the clusterer holds state that a rolled-back
	// transaction could not take back), queued articles in publication
	// order, and settles the run's stories at its end.
	Cluster *cluster.Clusterer
	// Assigned, when set, is called with each article's clustering
	// document, tokens included, as the article is handed to Cluster;
	// ingest keeps the tokens for the replay that saves the clusterer's
	// state after the run.
	Assigned func(cluster.Doc)
}

// prepared is an item after the parallel stage.
type prepared struct {
	seq     int
	origin  string
	doc     model.RawDocument // dropped once extracted
	article model.Article
	sketch  model.Sketch
	ann     *model.Annotations
	tokens  *cluster.Tokens
	err     error
}

// Run ingests items and returns the summary. Its error is non-nil only for
// a failure that stops the whole run (the store cannot be written, or ctx
// is done); everything committed before that stays committed.
func Run(ctx context.Context, items iter.Seq[source.Item], cfg Config) (Summary, error) {
	if cfg.Extractor == nil || cfg.Sketcher == nil || cfg.Store == nil {
		return Summary{}, errors.New("pipeline: Extractor, Sketcher and Store are required")
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchSize := cfg.BatchSize
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	w := &writer{cfg: cfg, threshold: cfg.CopyThreshold}
	if w.threshold <= 0 {
		w.threshold = copies.Threshold
	}
	start := time.Now()

	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Bounded in-flight items keep memory flat however far the workers run
	// ahead of a slow writer.
	inflight := make(chan struct{}, workers*64)
	work := make(chan prepared, workers*4)
	done := make(chan prepared, workers*4)

	go func() {
		defer close(work)
		seq := 0
		for it := range items {
			select {
			case inflight <- struct{}{}:
			case <-ctx.Done():
				return
			}
			p := prepared{seq: seq, origin: it.Origin, doc: it.Doc, err: it.Err}
			if p.origin == "" {
				p.origin = it.Doc.Origin
			}
			seq++
			select {
			case work <- p:
			case <-ctx.Done():
				return
			}
		}
	}()

	var ws workerStages
	finished := make(chan struct{})
	for range workers {
		go func() {
			defer func() { finished <- struct{}{} }()
			var tk *cluster.Tokenizer
			if cfg.Cluster != nil {
				tk = cfg.Cluster.Tokenizer()
			}
			for p := range work {
				if p.err == nil {
					p = cfg.prepare(p, tk, &ws)
				}
				select {
				case done <- p:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for range workers {
			<-finished
		}
		close(done)
	}()

	// The writer runs beside the reordering. It is handed what has been
	// reordered whenever it is free (group commit), at least minGroup
	// articles or whatever has waited maxBatchDelay: it works while the
	// workers do instead of after them, and its batches grow towards
	// batchSize only when it is the slower side. While a full batch waits
	// for it, the reordering waits too, so memory stays bounded.
	batches := make(chan []prepared)
	written := make(chan error, 1)
	go func() { written <- w.run(ctx, batches) }()
	writerDone := false
	// writerStopped takes the writer's result; it only ever stops early
	// on an error.
	writerStopped := func(err error) error {
		writerDone = true
		if err == nil {
			err = errors.New("pipeline: the writer stopped early")
		}
		return err
	}
	minGroup := min(batchSize, 64)

	// Reorder to source order and cut into batches.
	pending := map[int]prepared{}
	next := 0
	batch := make([]prepared, 0, batchSize)
	var runErr error
	flush := func() {
		if len(batch) == 0 || runErr != nil {
			return
		}
		select {
		case batches <- batch:
		case err := <-written:
			runErr = writerStopped(err)
		}
		batch = make([]prepared, 0, batchSize)
	}
	var batchStart time.Time
	// drain moves the articles that are next in source order into the
	// batch, up to a full one.
	drain := func() {
		for len(batch) < batchSize {
			q, ok := pending[next]
			if !ok {
				return
			}
			delete(pending, next)
			next++
			<-inflight
			if len(batch) == 0 {
				batchStart = time.Now()
			}
			batch = append(batch, q)
		}
	}
	tick := time.NewTicker(maxBatchDelay / 4)
	defer tick.Stop()
loop:
	for runErr == nil {
		// Offer the batch to the writer once it is worth a transaction;
		// take no more articles while a full one waits.
		var out chan<- []prepared
		if len(batch) >= minGroup || (len(batch) > 0 && time.Since(batchStart) >= maxBatchDelay) {
			out = batches
		}
		take := done
		if len(batch) >= batchSize {
			take = nil
		}
		select {
		case p, ok := <-take:
			if !ok {
				break loop
			}
			pending[p.seq] = p
			drain()
		case out <- batch:
			batch = make([]prepared, 0, batchSize)
			drain()
		case <-tick.C:
		case err := <-written:
			runErr = writerStopped(err)
		}
	}
	if runErr != nil {
		cancel()
	}
	for runErr == nil && len(batch) > 0 {
		flush()
		drain()
	}
	close(batches)
	if !writerDone {
		// The writer finishes the batches it was given (or stops at the
		// first that fails) before the run settles or returns.
		if err := <-written; runErr == nil {
			runErr = err
		}
	}
	if runErr == nil {
		runErr = w.settle(ctx)
	}
	if runErr != nil && parent.Err() != nil {
		// Interrupted: the articles already committed still get their
		// stories (unsettled), so the store is left as a run would leave
		// it, not with articles no story holds.
		if err := w.assign(context.WithoutCancel(parent)); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	if runErr == nil && ctx.Err() != nil {
		runErr = ctx.Err()
	}
	w.sum.Stages.Extract, w.sum.Stages.Sketch = ws.extract.get(), ws.sketch.get()
	w.sum.Stages.Analyze, w.sum.Stages.Tokenize = ws.analyze.get(), ws.tokenize.get()
	w.sum.Elapsed = time.Since(start)
	return w.sum, runErr
}
