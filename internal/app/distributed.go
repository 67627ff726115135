package app

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/extract"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/queue"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store/postgres"
)

// The distributed mode (docs/scaling.md) is another driver of the same
// use cases: processes that read items (serve --nats, ingest --nats)
// publish them to a NATS JetStream queue (Enqueue); workers take them,
// extract, analyse and store them as ingest does (RunWorker); one
// clusterer, the holder of the store's clusterer lease, gives the stored
// articles their stories (RunClusterer). The CLI and the server reach
// NATS through these names only.

// Queue is a connection to the work queue of the distributed mode.
type Queue = queue.Queue

// QueueOptions configure a Queue (names, acknowledgement wait, attempts,
// duplicate window).
type QueueOptions = queue.Options

// QueueStatus is what the queue holds.
type QueueStatus = queue.Status

// QueueFailure records an item that could not be ingested.
type QueueFailure = queue.Failure

// DialQueue connects to the NATS server at url and makes the queue's
// streams when they are missing.
func DialQueue(ctx context.Context, url string, o QueueOptions) (*Queue, error) {
	return queue.Dial(ctx, url, o)
}

// shared reports whether the store is one that several processes reach
// at once (PostgreSQL), as the distributed mode needs.
func (a *App) shared() bool {
	_, ok := a.st.(*postgres.DB)
	return ok
}

// QueueSummary counts what a publish to the queue did.
type QueueSummary struct {
	// Queued items were taken by JetStream; AlreadyQueued were the same
	// as an item it took within its duplicate window, and dropped.
	Queued, AlreadyQueued int
	// ByReference counts the queued items too large for one message,
	// queued as their URL for a worker to fetch.
	ByReference int
	// Failed items were not queued: Failures says why.
	Failed   int
	Failures []IngestResult
	Elapsed  time.Duration
}

// Enqueue publishes items to the queue for the workers, each with the
// overrides of o (Outlet, Published); the rest of o is the workers'
// business. Items that could not be read are counted as failed, with
// their reasons; an item too large for one message is queued as its URL
// when it has one, and failed otherwise. An error from the queue itself
// (NATS gone) stops the run: it is a *StoppedError, returned with the
// summary of what was queued.
func Enqueue(ctx context.Context, q *Queue, items iter.Seq[source.Item], o IngestOptions) (QueueSummary, error) {
	start := time.Now()
	var sum QueueSummary
	if err := checkOverrides(o); err != nil {
		return sum, err
	}
	fail := func(origin string, err error) {
		sum.Failed++
		sum.Failures = append(sum.Failures, IngestResult{Origin: origin, Outcome: pipeline.Failed, Err: err})
	}
	for it := range items {
		origin := it.Origin
		if origin == "" {
			origin = it.Doc.Origin
		}
		if it.Err != nil {
			fail(origin, it.Err)
			continue
		}
		j := queue.Job{Origin: origin, Doc: it.Doc, Outlet: o.Outlet, Published: o.Published}
		dup, err := q.Publish(ctx, j)
		if errors.Is(err, queue.ErrTooLarge) {
			if u := documentURL(it.Doc); u != "" {
				dup, err = q.Publish(ctx, queue.Job{Origin: origin, URL: u, Outlet: o.Outlet, Published: o.Published})
				if err == nil {
					sum.ByReference++
				}
			}
		}
		switch {
		case errors.Is(err, queue.ErrTooLarge):
			fail(origin, fmt.Errorf("%w: raise the server's max_payload (up to 64 MB), or ingest it without --nats", err))
		case err != nil:
			sum.Elapsed = time.Since(start)
			return sum, &StoppedError{Err: err}
		case dup:
			sum.AlreadyQueued++
		default:
			sum.Queued++
		}
	}
	sum.Elapsed = time.Since(start)
	if err := ctx.Err(); err != nil {
		return sum, &StoppedError{Err: err}
	}
	return sum, nil
}

// EnqueueInputs publishes what ingest would read from inputs, in order:
// the local files, directories and standard input are read here and
// their items queued; a URL is queued as it is, for a worker to fetch and
// read (an article, or a feed and its items).
func EnqueueInputs(ctx context.Context, q *Queue, inputs []string, o IngestOptions) (QueueSummary, error) {
	start := time.Now()
	var sum QueueSummary
	if err := checkOverrides(o); err != nil {
		return sum, err
	}
	add := func(s QueueSummary) {
		sum.Queued += s.Queued
		sum.AlreadyQueued += s.AlreadyQueued
		sum.ByReference += s.ByReference
		sum.Failed += s.Failed
		sum.Failures = append(sum.Failures, s.Failures...)
	}
	for len(inputs) > 0 {
		if in := inputs[0]; isHTTP(in) {
			inputs = inputs[1:]
			dup, err := q.Publish(ctx, queue.Job{Origin: in, URL: in, Outlet: o.Outlet, Published: o.Published})
			if err != nil {
				sum.Elapsed = time.Since(start)
				return sum, &StoppedError{Err: err}
			}
			add(QueueSummary{Queued: btoi(!dup), AlreadyQueued: btoi(dup)})
			continue
		}
		// Local inputs in a row are read together, as ingest reads them
		// (a folder or an OPML list met twice is read once).
		n := 1
		for n < len(inputs) && !isHTTP(inputs[n]) {
			n++
		}
		local := inputs[:n]
		inputs = inputs[n:]
		s, err := Enqueue(ctx, q, source.Read(ctx, local, source.Options{MaxFileSize: o.MaxSize, Stdin: o.Stdin}), o)
		add(s)
		if err != nil {
			sum.Elapsed = time.Since(start)
			return sum, err
		}
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// checkOverrides refuses overrides a worker could not use, before
// anything is queued with them.
func checkOverrides(o IngestOptions) error {
	if o.Published == "" {
		return nil
	}
	if _, err := extract.New(extract.Options{Published: o.Published}); err != nil {
		return invalidf("%v", err)
	}
	return nil
}

// documentURL is where a document can be fetched again: its container's
// URL for it, or its origin when that is one.
func documentURL(d model.RawDocument) string {
	for _, u := range []string{d.Meta.URL, d.Origin} {
		if isHTTP(u) {
			return u
		}
	}
	return ""
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isHTTP(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}
