package app

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"sync"
	"time"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/extract"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/queue"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store/postgres"
)

// WorkerOptions configure a worker (RunWorker). The zero value takes 100
// jobs at a time, two batches at once, with the built-in model.
type WorkerOptions struct {
	// Ingest holds the worker's ingest settings: downloads (AllowPrivate,
	// MaxSize, Timeout, UserAgent), Languages, Workers (extraction in
	// parallel within a batch), NoAnalyze, NERModel. Outlet and
	// Published are ignored: each job carries its own.
	Ingest IngestOptions
	// Batch is how many jobs are taken, stored in one transaction and
	// acknowledged together; DefaultWorkerBatch when 0.
	Batch int
	// Concurrency is how many batches are worked on at once, so that one
	// is extracted while another is written; 2 when 0.
	Concurrency int
	Logger      *slog.Logger // slog.Default() when nil
	// OnBatch, when set, is told of every batch once it is acknowledged.
	OnBatch func(WorkerBatch)
}

// DefaultWorkerBatch is WorkerOptions.Batch's default: large enough that
// a transaction's cost is shared, small enough that a crash redoes
// little and a batch takes about a second.
const DefaultWorkerBatch = 100

// WorkerBatch is what a worker did with one batch of jobs.
type WorkerBatch struct {
	Jobs    int
	Summary IngestSummary
	// Failed counts the jobs given up: unreadable, or delivered more
	// times than the queue's attempts (they are recorded as failures,
	// with the items that failed to extract).
	Failed int
}

// A job that lost a race with another worker is run again after
// conflictRetry (then twice that, ...), the other's transaction
// committed by then, conflictTries times in all before it goes back to
// the queue: the race is no fault of the job's, so it does not spend the
// queue's attempts unless it goes on.
const (
	conflictRetry = 500 * time.Millisecond
	conflictTries = 4
)

// storeRetry bounds the wait between two tries of a batch whose store
// writes failed (the database unreachable): it doubles from a second.
const storeRetry = time.Minute

// RunWorker takes jobs from the queue until ctx is done: it reads each
// as ingest reads an item (fetching a URL job), extracts, analyses and
// stores the batch as ingest does (copies, entities, one transaction),
// tells the clusterer which articles are stored, and only then
// acknowledges the jobs. A job is done at least once: a worker that dies
// holding jobs leaves them to be redone after the queue's AckWait, and
// the store keeps an article once however often it comes. Items that
// fail to extract are recorded as failures with their reasons; a job
// delivered again (its worker died) is redone alone, so that one that
// kills its worker takes no other down with it, and one delivered more
// times than the queue's attempts is recorded as failed and dropped.
// When the store cannot be written the batch is kept and tried again.
// When ctx is done the batches in hand are finished and acknowledged
// before RunWorker returns nil.
//
// The workers need a database every process reaches: PostgreSQL.
func (a *App) RunWorker(ctx context.Context, q *Queue, o WorkerOptions) error {
	if !a.shared() {
		return errors.New("worker: the distributed mode needs a PostgreSQL database every worker reaches: give --db postgres://... (or STORYWIRE_DB)")
	}
	if o.Batch <= 0 {
		o.Batch = DefaultWorkerBatch
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 2
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	w, err := a.newWorker(ctx, q, o)
	if err != nil {
		return err
	}
	jobs, err := q.Workers(ctx)
	if err != nil {
		return err
	}
	o.Logger.Info("worker ready", "queue", q.Where(), "batch", o.Batch, "concurrency", o.Concurrency)
	var wg sync.WaitGroup
	errs := make(chan error, o.Concurrency)
	for range o.Concurrency {
		wg.Go(func() {
			if err := w.loop(ctx, jobs); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// worker is one process's worker state, shared by its batch loops.
type worker struct {
	a        *App
	q        *Queue
	o        WorkerOptions
	log      *slog.Logger
	analyze  func(string, model.Published) model.Annotations
	sketcher *copies.Sketcher

	mu         sync.Mutex
	extractors map[queue.Overrides]*extract.Extractor
	linesRead  time.Time
	siteLines  map[string]map[uint64]bool
}

// siteLinesAge is how long a worker uses the site lines it read before
// reading them again: they change slowly, and reading them costs a scan.
const siteLinesAge = 5 * time.Minute

func (a *App) newWorker(ctx context.Context, q *Queue, o WorkerOptions) (*worker, error) {
	w := &worker{a: a, q: q, o: o, log: o.Logger, extractors: map[queue.Overrides]*extract.Extractor{}}
	sk, err := copies.NewSketcher(copies.DefaultParams())
	if err != nil {
		return nil, err
	}
	w.sketcher = sk
	if !o.Ingest.NoAnalyze {
		m, err := LoadNERModel(o.Ingest.NERModel)
		if err != nil {
			return nil, err
		}
		w.analyze = analyze.New(m).Analyze
	}
	// The overrides and languages are checked now, not at the first job.
	if _, err := w.extractor(ctx, queue.Overrides{}); err != nil {
		return nil, err
	}
	return w, nil
}

// extractor returns the extractor for jobs with overrides ov, made anew
// when the site lines are read again.
func (w *worker) extractor(ctx context.Context, ov queue.Overrides) (*extract.Extractor, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if time.Since(w.linesRead) > siteLinesAge {
		lines, err := w.a.st.SiteLines(ctx, siteRepeats)
		if err != nil {
			return nil, err
		}
		w.siteLines, w.linesRead = lines, time.Now()
		clear(w.extractors)
	}
	if ex, ok := w.extractors[ov]; ok {
		return ex, nil
	}
	ex, err := extract.New(extract.Options{Outlet: ov.Outlet, Published: ov.Published, Languages: w.o.Ingest.Languages, SiteLines: w.siteLines})
	if err != nil {
		return nil, err
	}
	w.extractors[ov] = ex
	return ex, nil
}

// fetchWait is how long a fetch waits for jobs before looking again (and
// at ctx).
const fetchWait = 5 * time.Second

// loop takes batches until ctx is done.
func (w *worker) loop(ctx context.Context, jobs *queue.Workers) error {
	wait := time.Second
	for ctx.Err() == nil {
		ds, err := jobs.Fetch(ctx, w.o.Batch, fetchWait)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			w.log.Warn("cannot fetch jobs; trying again", "error", err, "in", wait)
			sleep(ctx, wait)
			wait = min(2*wait, storeRetry)
			continue
		}
		wait = time.Second
		if len(ds) == 0 {
			continue
		}
		if err := w.batch(ctx, ds); err != nil {
			return err
		}
	}
	return nil
}

// batch works on the deliveries in hand until they are acknowledged (or,
// when ctx ends while the store is down, given back).
func (w *worker) batch(ctx context.Context, ds []*queue.Delivery) error {
	// The batch is finished even when ctx ends meanwhile: its jobs are in
	// hand, and a stop should not make another worker redo them.
	work := context.WithoutCancel(ctx)
	stop := w.keepWorking(ds)
	defer stop()
	start := time.Now()
	report := WorkerBatch{Jobs: len(ds)}

	// Runs of first deliveries with the same overrides go through the
	// pipeline together; a job delivered again goes alone.
	var runs [][]*queue.Delivery
	maxAttempts := w.q.Options().Attempts
	for _, d := range ds {
		switch {
		case d.Err != nil:
			report.Failed++
			w.give(work, d, fmt.Sprintf("not a job a worker can read: %v", d.Err))
		case d.Attempt() > maxAttempts:
			report.Failed++
			w.give(work, d, fmt.Sprintf("delivered %d times and never finished: it may stop the worker that takes it (a crash, memory) or take longer than the queue's acknowledgement wait", d.Attempt()-1))
		case d.Attempt() > 1 || len(runs) == 0 || runs[len(runs)-1][0].Attempt() > 1 || runs[len(runs)-1][0].Job.Overrides() != d.Job.Overrides():
			runs = append(runs, []*queue.Delivery{d})
		default:
			runs[len(runs)-1] = append(runs[len(runs)-1], d)
		}
	}
	for _, run := range runs {
		sum, err := w.run(ctx, work, run)
		report.Summary.Added += sum.Added
		report.Summary.Copies += sum.Copies
		report.Summary.Duplicates += sum.Duplicates
		report.Summary.Failed += sum.Failed
		report.Summary.Failures = append(report.Summary.Failures, sum.Failures...)
		report.Summary.Stages = report.Summary.Stages.Add(sum.Stages)
		if err != nil {
			return err
		}
	}
	if err := w.q.Flush(work); err != nil {
		// The acknowledgements may not have reached the server: the jobs
		// then come again, and are found stored.
		w.log.Warn("acknowledgements not confirmed", "error", err)
	}
	report.Summary.Elapsed = time.Since(start)
	s := report.Summary
	var stages []any
	for _, st := range s.Stages.List() {
		if st.Took > 0 {
			stages = append(stages, slog.Duration(st.Name, st.Took.Round(time.Millisecond)))
		}
	}
	w.log.Info("batch stored", "jobs", report.Jobs, "added", s.Added, "copies", s.Copies, "duplicates", s.Duplicates,
		"failed", s.Failed+report.Failed, "took", s.Elapsed.Round(time.Millisecond), slog.Group("stages", stages...))
	if w.o.OnBatch != nil {
		w.o.OnBatch(report)
	}
	return nil
}

// give records a job as failed and drops it; if even that fails, the job
// is left to come again.
func (w *worker) give(ctx context.Context, d *queue.Delivery, reason string) {
	w.log.Warn("job failed", "origin", d.Job.Origin, "attempt", d.Attempt(), "reason", reason)
	if err := d.Fail(ctx, reason); err != nil {
		w.log.Warn("the failure could not be recorded; the job will come again", "origin", d.Job.Origin, "error", err)
	}
}

// run ingests one run of deliveries, then tells the clusterer and
// acknowledges. The jobs whose item lost a race with another worker
// (postgres.Conflict) are run again after a moment, here, a few times,
// before they are given back to the queue. It returns an error only when
// it cannot go on at all.
func (w *worker) run(ctx, work context.Context, ds []*queue.Delivery) (IngestSummary, error) {
	var sum IngestSummary
	for try := 1; ; try++ {
		in, ok := w.store(ctx, work, ds)
		sum.Added += in.sum.Added
		sum.Copies += in.sum.Copies
		sum.Duplicates += in.sum.Duplicates
		sum.Failed += in.sum.Failed
		sum.Failures = append(sum.Failures, in.sum.Failures...)
		sum.Stages = sum.Stages.Add(in.sum.Stages)
		if !ok {
			return sum, nil
		}
		for _, f := range in.failures {
			if err := w.q.RecordFailure(work, f); err != nil {
				w.log.Warn("a failure could not be recorded", "origin", f.Origin, "reason", f.Reason, "error", err)
			}
		}
		var again []*queue.Delivery
		for i, d := range ds {
			if in.again[i] {
				again = append(again, d)
				continue
			}
			if err := d.Ack(); err != nil {
				w.log.Warn("cannot acknowledge a job; it will come again", "origin", d.Job.Origin, "error", err)
			}
		}
		if len(again) == 0 {
			return sum, nil
		}
		for _, d := range again {
			w.log.Info("another worker stored the same article (or its entities) at the same moment; trying the job again", "origin", d.Job.Origin, "try", try)
		}
		if try == conflictTries || ctx.Err() != nil {
			for _, d := range again {
				_ = d.Retry(conflictRetry)
			}
			return sum, nil
		}
		sleep(ctx, time.Duration(try)*conflictRetry)
		ds = again
	}
}

// store ingests the deliveries and tells the clusterer what is stored,
// trying again while the store or the queue fails; ok is false when ctx
// ended meanwhile and the deliveries were given back.
func (w *worker) store(ctx, work context.Context, ds []*queue.Delivery) (in ingested, ok bool) {
	wait := time.Second
	for {
		var err error
		in, err = w.ingest(work, ds)
		if err == nil {
			err = w.q.PublishStored(work, in.stored)
		}
		if err == nil {
			return in, true
		}
		if ctx.Err() != nil {
			// Stopping while the store or the queue fails: the jobs go back
			// for another worker (or this one, restarted).
			for _, d := range ds {
				_ = d.Retry(0)
			}
			return in, false
		}
		w.log.Warn("batch not stored; trying again", "jobs", len(ds), "error", err, "in", wait)
		sleep(ctx, wait)
		wait = min(2*wait, storeRetry)
	}
}

// ingested is what a run of the pipeline over deliveries did.
type ingested struct {
	sum IngestSummary
	// stored are the ids of the articles stored: new ones, copies, and
	// the stored articles duplicates were found to be.
	stored   []queue.StoredArticle
	failures []queue.Failure // items that failed, to record
	// again are the deliveries whose item lost a race with another
	// worker storing the same article (postgres.Conflict): given back, to
	// be found stored a moment later.
	again map[int]bool
}

// ingest runs the pipeline over the deliveries' items.
func (w *worker) ingest(ctx context.Context, ds []*queue.Delivery) (ingested, error) {
	ex, err := w.extractor(ctx, ds[0].Job.Overrides())
	if err != nil {
		return ingested{}, err
	}
	var (
		mu      sync.Mutex
		owner   []int         // the delivery of each item, in the order read
		order   []queue.Order // and its place in the order of publication
		results []IngestResult
	)
	items := func(yield func(source.Item) bool) {
		for i, d := range ds {
			k := 0
			for it := range w.items(ctx, d.Job) {
				mu.Lock()
				owner = append(owner, i)
				order = append(order, queue.Order{Job: d.Seq(), Item: k})
				mu.Unlock()
				k++
				if !yield(it) {
					return
				}
			}
		}
	}
	sum, err := pipeline.Run(ctx, iter.Seq[source.Item](items), pipeline.Config{
		Analyze:   w.analyze,
		Extractor: ex,
		Sketcher:  w.sketcher,
		Store:     turns{w.a.st},
		Workers:   w.o.Ingest.Workers,
		OnResult:  func(r IngestResult) { results = append(results, r) },
	})
	out := ingested{sum: sum, again: map[int]bool{}}
	if err != nil {
		return out, err
	}
	mu.Lock()
	defer mu.Unlock()
	failed := map[int][]queue.Failure{} // by delivery
	for k, r := range results {
		i := -1
		if k < len(owner) {
			i = owner[k]
		}
		switch r.Outcome {
		case pipeline.Added, pipeline.Copy, pipeline.Duplicate:
			sa := queue.StoredArticle{ID: r.ID}
			if k < len(order) {
				sa.Order = order[k]
			}
			out.stored = append(out.stored, sa)
		case pipeline.Failed:
			if i >= 0 && postgres.Conflict(r.Err) {
				out.again[i] = true
				continue
			}
			f := queue.Failure{Origin: r.Origin, Reason: r.Err.Error(), At: time.Now().UTC()}
			if i >= 0 {
				f.Attempts = ds[i].Attempt()
			}
			failed[i] = append(failed[i], f)
		}
	}
	// A job given back is redone whole: its failures come again then.
	for i := -1; i < len(ds); i++ {
		if !out.again[i] {
			out.failures = append(out.failures, failed[i]...)
		}
	}
	return out, nil
}

// items yields what a job holds: its document, or what its URL gives.
func (w *worker) items(ctx context.Context, j queue.Job) iter.Seq[source.Item] {
	if j.URL == "" {
		return func(yield func(source.Item) bool) { yield(source.Item{Origin: j.Origin, Doc: j.Doc}) }
	}
	return source.Read(ctx, []string{j.URL}, source.Options{
		MaxFileSize: w.o.Ingest.MaxSize,
		Fetcher:     w.a.fetcher(w.o.Ingest),
		FeedStates:  w.a.st,
	})
}

// keepWorking tells JetStream, every third of its acknowledgement wait,
// that the deliveries are still being worked on, until the returned
// function is called.
func (w *worker) keepWorking(ds []*queue.Delivery) (stop func()) {
	return beat(w.q.Options().AckWait/3, func() {
		for _, d := range ds {
			_ = d.Working()
		}
	})
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
