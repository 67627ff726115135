package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/queue"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres"
)

// ClustererOptions configure the distributed clusterer (RunClusterer).
// The zero value gives the defaults below.
type ClustererOptions struct {
	// A group of stored articles is clustered once none has come for
	// Quiet, once its first has waited MaxDelay, or once MaxGroup wait:
	// an ingest run's articles come together, in publication order, as
	// they would in one process, and a trickle of feed items still finds
	// its stories within MaxDelay.
	Quiet    time.Duration
	MaxDelay time.Duration
	MaxGroup int
	// SaveEvery is how often the clusterer's state is saved in the store
	// (SaveClusterState), so that a standby taking over replays only what
	// came after.
	SaveEvery time.Duration
	// Watch configures the watch messages the groups' stories send.
	Watch  WatchOptions
	Logger *slog.Logger // slog.Default() when nil
	// OnActive, when set, is called each time this process becomes the
	// active clusterer, its stories restored.
	OnActive func()
	// OnGroup, when set, is told of every group once its stories are
	// committed.
	OnGroup func(ClusterGroup)
}

// Defaults of ClustererOptions.
const (
	DefaultClusterQuiet    = time.Second
	DefaultClusterMaxDelay = 30 * time.Second
	DefaultClusterMaxGroup = 4096
	DefaultClusterSave     = 10 * time.Minute
)

// ClusterGroup is what the clusterer did with one group of notices.
type ClusterGroup struct {
	Notices   int // stored articles it was told of
	Clustered int // of which it gave a story (the others had one)
	Took      time.Duration
}

// errLeaseLost ends a term as the active clusterer: the lease's session
// was lost, and a standby may hold it now.
var errLeaseLost = errors.New("the clusterer's lease was lost")

// RunClusterer is the one clusterer of the distributed mode. It stands by
// until it holds the store's clusterer lease (a PostgreSQL advisory lock,
// which the server frees when the holder's session ends: a standby takes
// over when the active clusterer dies); then it restores the stories
// from the saved clusterer state and the assignments after it, gives a
// story to every stored article without one, and goes on with the
// articles the workers tell it are stored: each group in publication
// order, as one ingest run would, its assignments and settling in one
// transaction, before the notices are acknowledged. It saves its state
// every SaveEvery and when it stops. It returns nil when ctx is done.
func (a *App) RunClusterer(ctx context.Context, q *Queue, o ClustererOptions) error {
	pg, ok := a.st.(*postgres.DB)
	if !ok {
		return errors.New("clusterer: the distributed mode needs a PostgreSQL database: give --db postgres://... (or STORYWIRE_DB)")
	}
	if o.Quiet <= 0 {
		o.Quiet = DefaultClusterQuiet
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultClusterMaxDelay
	}
	if o.MaxGroup <= 0 {
		o.MaxGroup = DefaultClusterMaxGroup
	}
	if o.SaveEvery <= 0 {
		o.SaveEvery = DefaultClusterSave
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	c := &clusterd{a: a, q: q, o: o, log: o.Logger}
	for ctx.Err() == nil {
		err := c.term(ctx, pg)
		if errors.Is(err, errLeaseLost) {
			c.log.Warn("lost the clusterer's lease; standing by again")
			continue
		}
		return err
	}
	return nil
}

// clusterd is the distributed clusterer's state.
type clusterd struct {
	a   *App
	q   *Queue
	o   ClustererOptions
	log *slog.Logger
	// corrections is what the clusterer knows of the stored corrections
	// (their number and the last one's Seq): other processes make them
	// (a server's merge, split or move), and the clusterer rebuilds its
	// stories when they change.
	corrections [2]int64
	// saving is set while a save of the state runs.
	saving sync.Mutex
}

// leaseCheck is how often the active clusterer checks that it still
// holds the lease (which also keeps its session from going idle).
const leaseCheck = 2 * time.Second

// term stands by for the lease and, once it holds it, clusters until ctx
// is done (nil) or the lease is lost (errLeaseLost).
func (c *clusterd) term(ctx context.Context, pg *postgres.DB) error {
	c.log.Info("clusterer standing by for the lease")
	lock, err := pg.LockClusterer(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("clusterer: %w", err)
	}
	defer func() {
		if err := lock.Release(context.WithoutCancel(ctx)); err != nil {
			c.log.Warn("releasing the clusterer's lease", "error", err)
		}
	}()
	lead, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		t := time.NewTicker(leaseCheck)
		defer t.Stop()
		for {
			select {
			case <-lead.Done():
				return
			case <-t.C:
				if !lock.Held(lead) && lead.Err() == nil {
					cancel(errLeaseLost)
					return
				}
			}
		}
	})

	start := time.Now()
	swept, err := c.restore(lead)
	if err != nil {
		return c.ended(lead, fmt.Errorf("clusterer: restore the stories: %w", err))
	}
	if len(swept) > 0 {
		// Their notices will find them clustered: the servers and the
		// watches hear of them now.
		c.tell(lead, swept)
		if _, err := c.a.CheckWatches(lead, swept, c.o.Watch); err != nil {
			c.log.Warn("the watch messages of the articles given stories at the start could not all be checked", "error", err)
		}
	}
	c.log.Info("clusterer active", "took", time.Since(start).Round(time.Millisecond))
	if c.o.OnActive != nil {
		c.o.OnActive()
	}
	cons, err := c.q.Clusterer(lead)
	if err != nil {
		return c.ended(lead, err)
	}
	err = c.lead(lead, cons, lock)
	if err == nil || lead.Err() != nil {
		// Stopped: the state saved lets the next clusterer start quickly.
		c.save(context.WithoutCancel(ctx), 2*time.Minute)
	}
	return c.ended(lead, err)
}

// ended turns the end of a term into RunClusterer's answer: errLeaseLost
// when the lease went, nil when ctx is done.
func (c *clusterd) ended(lead context.Context, err error) error {
	if errors.Is(context.Cause(lead), errLeaseLost) {
		return errLeaseLost
	}
	if lead.Err() != nil {
		return nil
	}
	return err
}

// restore rebuilds the stories from the store (the saved state, then the
// assignments after it), then gives a story to every stored article
// without one: those told of to a clusterer that died, and any whose
// notice was lost. It returns the articles it gave a story, whose notices
// will find them clustered: the servers are told of them (tell) by the
// caller.
func (c *clusterd) restore(ctx context.Context) ([]string, error) {
	a := c.a
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keep = true
	a.storiesChanged() // a term before this one may have left it stale
	if _, err := c.correctionsChanged(ctx); err != nil {
		return nil, err
	}
	cl, err := a.clusterer(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := a.finishUnassigned(ctx, cl)
	if err != nil {
		a.storiesChanged()
		return nil, err
	}
	return ids, nil
}

// correctionsChanged reports whether the stored corrections changed
// since it was last called. The caller holds a.mu.
func (c *clusterd) correctionsChanged(ctx context.Context) (bool, error) {
	cs, err := c.a.st.Corrections(ctx)
	if err != nil {
		return false, err
	}
	now := [2]int64{int64(len(cs)), 0}
	if len(cs) > 0 {
		now[1] = cs[len(cs)-1].Seq
	}
	changed := now != c.corrections
	c.corrections = now
	return changed, nil
}

// lead clusters the notices as they come, until ctx is done.
func (c *clusterd) lead(ctx context.Context, cons *queue.Clusterer, lock *postgres.ClustererLock) error {
	var pending []*queue.Stored
	var first time.Time
	lastSave := time.Now()
	var saves sync.WaitGroup
	defer saves.Wait()
	var mu sync.Mutex // guards pending against the beat
	// The notices gathered and being clustered are held: JetStream is
	// told so, or it would give them to the clusterer again.
	stop := beat(queue.ClustererAckWait()/3, func() {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range pending {
			_ = s.Working()
		}
	})
	defer stop()
	wait := time.Second
	for ctx.Err() == nil {
		fetchFor := fetchWait
		if len(pending) > 0 {
			fetchFor = min(c.o.Quiet, c.o.MaxDelay-time.Since(first))
		}
		var got []*queue.Stored
		if fetchFor > 0 && len(pending) < c.o.MaxGroup {
			var err error
			got, err = cons.Fetch(ctx, c.o.MaxGroup-len(pending), fetchFor)
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				c.log.Warn("cannot fetch stored articles; trying again", "error", err, "in", wait)
				sleep(ctx, wait)
				wait = min(2*wait, storeRetry)
				continue
			}
			wait = time.Second
		}
		mu.Lock()
		if len(got) > 0 && len(pending) == 0 {
			first = time.Now()
		}
		pending = append(pending, got...)
		due := len(pending) > 0 && (len(got) == 0 || len(pending) >= c.o.MaxGroup || time.Since(first) >= c.o.MaxDelay)
		group := pending
		mu.Unlock()
		if due {
			if err := c.group(ctx, group, lock); err != nil {
				return err
			}
			mu.Lock()
			pending = nil
			mu.Unlock()
		}
		if time.Since(lastSave) >= c.o.SaveEvery {
			lastSave = time.Now()
			saves.Go(func() { c.save(ctx, c.o.SaveEvery) })
		}
	}
	// Stopping: what is gathered is not clustered here; its notices come
	// to the next clusterer, which also finds the articles unassigned.
	mu.Lock()
	defer mu.Unlock()
	for _, s := range pending {
		_ = s.Retry(0)
	}
	return nil
}

// group clusters one group of notices, trying again while the store
// fails, then acknowledges them. It returns errLeaseLost (or ctx's end)
// when it must stop.
func (c *clusterd) group(ctx context.Context, group []*queue.Stored, lock *postgres.ClustererLock) error {
	start := time.Now()
	// In the order the items were published, whichever worker stored
	// them first: articles of one publication time (and the undated) are
	// clustered in it, as one process would.
	sorted := slices.Clone(group)
	slices.SortStableFunc(sorted, func(a, b *queue.Stored) int {
		switch {
		case a.Order.Less(b.Order):
			return -1
		case b.Order.Less(a.Order):
			return 1
		}
		return 0
	})
	ids := make([]string, 0, len(group))
	seen := map[string]bool{}
	for _, s := range sorted {
		if !seen[s.ID] {
			seen[s.ID] = true
			ids = append(ids, s.ID)
		}
	}
	wait := time.Second
	var clustered []string
	for {
		// Checked right before the write: a clusterer that lost its lease
		// must not assign beside the one that took it.
		if !lock.Held(ctx) {
			return errLeaseLost
		}
		var err error
		if clustered, err = c.cluster(ctx, ids); err == nil {
			break
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.log.Warn("group not clustered; trying again", "articles", len(ids), "error", err, "in", wait)
		sleep(ctx, wait)
		wait = min(2*wait, storeRetry)
	}
	for _, s := range group {
		if err := s.Ack(); err != nil {
			c.log.Warn("cannot acknowledge a notice; it will come again", "article", s.ID, "error", err)
		}
	}
	if err := c.q.Flush(ctx); err != nil {
		c.log.Warn("acknowledgements not confirmed", "error", err)
	}
	if len(clustered) > 0 {
		c.tell(ctx, clustered)
		if _, err := c.a.CheckWatches(ctx, clustered, c.o.Watch); err != nil {
			c.log.Warn("the group's watch messages could not all be checked", "error", err)
		}
	}
	g := ClusterGroup{Notices: len(group), Clustered: len(clustered), Took: time.Since(start)}
	c.log.Info("group clustered", "notices", g.Notices, "clustered", g.Clustered, "took", g.Took.Round(time.Millisecond))
	if c.o.OnGroup != nil {
		c.o.OnGroup(g)
	}
	return nil
}

// cluster gives the stored articles ids that have no story one, in
// publication order, settling at the end, in one transaction; then dates
// again those whose year was a guess. It returns the ids it clustered.
func (c *clusterd) cluster(ctx context.Context, ids []string) ([]string, error) {
	a := c.a
	a.mu.Lock()
	defer a.mu.Unlock()
	changed, err := c.correctionsChanged(ctx)
	if err != nil {
		return nil, err
	}
	if changed {
		c.log.Info("the corrections changed: rebuilding the stories")
		a.storiesChanged()
	}
	cl, err := a.clusterer(ctx)
	if err != nil {
		return nil, err
	}
	var docs []cluster.Doc
	var guessed []string
	for _, id := range ids {
		if _, ok, err := a.st.AssignmentOf(ctx, id); err != nil {
			return nil, err
		} else if ok {
			continue // told twice, or given a story at the start of the term
		}
		art, err := a.st.Article(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			c.log.Warn("told of an article the store does not hold", "article", id)
			continue
		}
		if err != nil {
			return nil, err
		}
		ann, _, err := a.st.Annotations(ctx, id)
		if err != nil {
			return nil, err
		}
		docs = append(docs, cluster.FromArticle(art, ann))
		if pipeline.GuessedYear(ann) {
			guessed = append(guessed, id)
		}
	}
	if len(docs) == 0 {
		return nil, nil
	}
	ordered := make([]cluster.Doc, 0, len(docs))
	for _, i := range cluster.PublicationOrder(docs) {
		ordered = append(ordered, docs[i])
	}
	err = a.st.Write(ctx, func(tx store.Tx) error {
		return pipeline.Driver{Clusterer: cl, Tx: tx}.Run(ctx, ordered)
	})
	if err != nil {
		// What the clusterer holds may no longer be what the store does.
		a.storiesChanged()
		return nil, err
	}
	a.views.reset()
	if err := pipeline.RedateFromStories(ctx, a.st, guessed); err != nil {
		c.log.Warn("articles not dated again from their stories", "error", err)
	}
	out := make([]string, len(ordered))
	for i, d := range ordered {
		out[i] = d.ID
	}
	return out, nil
}

// tell publishes the stories the group created or grew, for the servers
// that follow them (FollowStories); a failure to is logged, not the
// group's.
func (c *clusterd) tell(ctx context.Context, ids []string) {
	events, err := c.a.storyEvents(ctx, ids)
	if err == nil && len(events) > 0 {
		var b []byte
		if b, err = json.Marshal(events); err == nil {
			err = c.q.PublishEvents(b)
		}
	}
	if err != nil {
		c.log.Warn("the group's story events were not published", "error", err)
	}
}

// FollowStories makes a server that publishes to the queue (serve
// --nats) hear of the stories the distributed clusterer creates or
// grows, as it hears of its own ingests' (OnStories), until the returned
// stop is called.
func (a *App) FollowStories(q *Queue) (stop func(), err error) {
	return q.FollowEvents(func(data []byte) {
		var events []StoryEvent
		if json.Unmarshal(data, &events) != nil || len(events) == 0 {
			return
		}
		a.views.reset()
		if a.onStories != nil {
			a.onStories(events)
		}
	})
}

// save saves the clusterer's state, within limit, unless a save runs
// already.
func (c *clusterd) save(ctx context.Context, limit time.Duration) {
	if !c.saving.TryLock() {
		return
	}
	defer c.saving.Unlock()
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	start := time.Now()
	if err := c.a.SaveClusterState(ctx); err != nil {
		c.log.Warn("the clusterer's state was not saved; a standby taking over replays more", "error", err)
		return
	}
	c.log.Info("clusterer state saved", "took", time.Since(start).Round(time.Millisecond))
}

// beat calls fn every d until the returned function is called.
func beat(d time.Duration, fn func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fn()
			}
		}
	})
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}
