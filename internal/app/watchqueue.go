package app

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// maxWatchBacklog bounds the articles a WatchQueue holds unchecked: past
// it, new ones are dropped (and logged) rather than growing without end
// while a webhook is slow.
const maxWatchBacklog = 100_000

// WatchQueue checks watches in the background, for a long-running
// process: an ingest hands it the articles it stored (set
// IngestOptions.Watch.Later to its Add) and returns without waiting for
// any webhook. One worker at a time checks everything handed in since it
// last looked, so a slow webhook holds up neither requests nor feed
// polls, and a burst of ingests costs one check per story. Checks not
// yet made when the queue closes (or the process dies) are not made:
// watch messages are best effort, the articles and stories are not.
type WatchQueue struct {
	app  *App
	opts WatchOptions
	log  *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	pending []string
	running bool
}

// NewWatchQueue returns a queue that sends watch messages with o; its
// Later is ignored. log gets one line per check (discarded when nil).
func (a *App) NewWatchQueue(o WatchOptions, log *slog.Logger) *WatchQueue {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	o.Later = nil
	ctx, cancel := context.WithCancel(context.Background())
	return &WatchQueue{app: a, opts: o, log: log, ctx: ctx, cancel: cancel}
}

// Add queues the watch check of stored articles and returns at once.
func (q *WatchQueue) Add(articles []string) {
	if len(articles) == 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.ctx.Err() != nil {
		q.log.Warn("watches: not checked, the server is stopping", "articles", len(articles))
		return
	}
	if room := maxWatchBacklog - len(q.pending); len(articles) > room {
		q.log.Warn("watches: too many articles wait for their check; dropping some", "dropped", len(articles)-room, "waiting", len(q.pending))
		articles = articles[:room]
	}
	q.pending = append(q.pending, articles...)
	if !q.running {
		q.running = true
		q.wg.Add(1)
		go q.work()
	}
}

// work checks the pending articles until there are none.
func (q *WatchQueue) work() {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		batch := q.pending
		q.pending = nil
		if len(batch) == 0 || q.ctx.Err() != nil {
			q.running = false
			q.mu.Unlock()
			if len(batch) > 0 {
				q.log.Warn("watches: not checked, the server is stopping", "articles", len(batch))
			}
			return
		}
		q.mu.Unlock()
		start := time.Now()
		n, err := q.app.CheckWatches(q.ctx, batch, q.opts)
		if err != nil {
			q.log.Error("watches: check failed", "articles", len(batch), "delivered", n, "err", err)
			continue
		}
		q.log.Info("watches checked", "articles", len(batch), "delivered", n, "took", time.Since(start).Round(time.Millisecond))
	}
}

// Close stops the queue: a message being sent is given up (its attempts
// are logged as usual) and the checks not yet made are dropped. It waits
// for the worker.
func (q *WatchQueue) Close() {
	q.cancel()
	q.wg.Wait()
}
