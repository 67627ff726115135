// Package feeds follows subscribed feeds: it polls each on its own
// schedule the way a careful feed reader does, and hands the new items to
// an ingest function. It owns the schedule (interval with jitter, the
// floors a server sets with Retry-After, Cache-Control max-age and RSS
// ttl, exponential backoff on failure that never gives a feed up), the
// request limits (per host and in all), conditional GET, and fetching
// the full article behind a summary-only item.
//
// It is a stage: it reads feeds with internal/source and internal/fetch
// and keeps its state in the store, but it does not ingest by itself;
// the application gives it a function that does (app.IngestItems), so
// polls and other ingests take turns there.
package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
)

// Defaults for the zero Options.
const (
	DefaultInterval = 15 * time.Minute
	MaxBackoff      = 24 * time.Hour
	DefaultPerHost  = 2
	DefaultGlobal   = 8
)

// MinInterval is the shortest interval a feed may have: shorter is
// impolite to the server and useless for news.
const MinInterval = time.Minute

// jitter is the largest fraction added to a wait, so feeds added together
// (an OPML import) spread out instead of polling in lockstep.
const jitter = 0.1

// rescan is the longest Run sleeps before reading the subscriptions
// again: feeds added by another process (the CLI beside a server) are
// picked up within it.
const rescan = time.Minute

// SummaryExtra is the key of model.Article.Extra (true) on an article
// stored from a feed's summary because its page could not be read.
const SummaryExtra = "feed_summary"

// Store is what the poller keeps in the store; store.Store implements it.
type Store interface {
	Feed(ctx context.Context, id int64) (model.Feed, error)
	Feeds(ctx context.Context) ([]model.Feed, error)
	FeedItemsSeen(ctx context.Context, id int64, keys []string) (map[string]bool, error)
	RecordFeedPoll(ctx context.Context, id int64, p store.FeedPoll) error
	source.FeedStates
}

// Ingested is what an ingest function did with a poll's items.
type Ingested struct {
	Added  int // stored as new articles or as copies of stored ones
	Failed int // items that could not be stored
}

// IngestFunc stores a poll's new items, in order, and says what it
// stored. An error means the run stopped part way (the store failed, ctx
// is done): the poll then counts as failed and its items are read again
// next time, so nothing is lost; items that merely failed to extract are
// counted in Failed and not retried.
type IngestFunc func(ctx context.Context, items iter.Seq[source.Item]) (Ingested, error)

// Options configure a Poller. Store, Fetcher and Ingest are required;
// the zero value of the rest gives the defaults.
type Options struct {
	Store   Store
	Fetcher source.Fetcher // *fetch.Client; its AllowPrivate decides about private addresses
	Ingest  IngestFunc
	// Now is the clock; time.Now when nil. Tests pass a fake one.
	Now        func() time.Time
	MaxBackoff time.Duration // MaxBackoff when 0
	PerHost    int           // requests at a time to one host; DefaultPerHost when 0
	Global     int           // requests at a time in all; DefaultGlobal when 0
	// OnPoll, when set, is called after every poll with its result (for
	// logs and metrics); it must not block for long.
	OnPoll func(Result)
	Logger *slog.Logger // for Run's own trouble; discarded when nil
}

// Outcome is how a poll ended.
type Outcome string

// Outcomes of a poll.
const (
	Changed     Outcome = "changed"      // the feed was read (new items or not)
	NotModified Outcome = "not_modified" // the server answered 304
	Failed      Outcome = "failed"       // the feed could not be read or its items stored
)

// Result is what one poll of one feed did.
type Result struct {
	FeedID  int64
	URL     string
	Outcome Outcome
	Items   int // items the feed listed
	New     int // of which not seen before
	Added   int // articles stored from them
	// FullText counts summary items fetched in full from their pages, and
	// Fallbacks those stored from the feed's summary because the page
	// could not be read.
	FullText, Fallbacks int
	Failed              int // new items that could not be stored
	Err                 error
	Next                time.Time // when the feed is due again
	Elapsed             time.Duration
}

// Poller polls subscribed feeds. Its methods are safe for concurrent use;
// one feed is never polled twice at once.
type Poller struct {
	opts  Options
	limit *limiter
	wake  chan struct{}

	mu   sync.Mutex
	busy map[int64]chan struct{} // feeds being polled; closed when done
}

// New returns a Poller.
func New(o Options) *Poller {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = MaxBackoff
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.Global <= 0 {
		o.Global = DefaultGlobal
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Poller{
		opts:  o,
		limit: newLimiter(o.PerHost, o.Global),
		wake:  make(chan struct{}, 1),
		busy:  map[int64]chan struct{}{},
	}
}

// Wake makes Run look at the subscriptions now (a feed was added or
// asked to be polled) instead of at its next due time.
func (p *Poller) Wake() {
	select {
	case p.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Run polls every feed when it is due until ctx is done, sleeping in
// between until the next due time, a Wake, or at most a minute (to see
// feeds another process added). Polls run concurrently within the
// request limits. When ctx is done it waits for the polls under way to
// stop (a stopped poll records nothing, so the feed is due again at the
// next start) and returns nil.
func (p *Poller) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	finished := make(chan time.Time, 64)
	for {
		now := p.opts.Now()
		wakeAt := now.Add(rescan)
		list, err := p.opts.Store.Feeds(ctx)
		if err != nil && ctx.Err() == nil {
			p.opts.Logger.Error("feeds: cannot read the subscriptions; trying again in a minute", "err", err)
		}
		for _, f := range list {
			if f.NextPoll.After(now) {
				wakeAt = earlier(wakeAt, f.NextPoll)
				continue
			}
			done, ok := p.tryLock(f.ID)
			if !ok {
				continue // being polled now ("poll now"); its result brings its next time
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := p.poll(ctx, f)
				p.unlock(f.ID, done)
				select {
				case finished <- r.Next:
				case <-ctx.Done():
				}
			}()
		}
		timer := time.NewTimer(max(wakeAt.Sub(now), 0))
	wait:
		for {
			select {
			case <-ctx.Done():
				timer.Stop()
				return nil
			case <-p.wake:
				break wait
			case <-timer.C:
				break wait
			case next := <-finished:
				if !next.IsZero() && next.Before(wakeAt) {
					wakeAt = next
					timer.Reset(max(wakeAt.Sub(p.opts.Now()), 0))
				}
			}
		}
		timer.Stop()
	}
}

// PollDue polls every feed that is due, at once within the request
// limits, and returns the results in feed order once all are done
// (storywire feeds poll, without a server). Feeds already being polled
// are left to that poll.
func (p *Poller) PollDue(ctx context.Context) ([]Result, error) {
	list, err := p.opts.Store.Feeds(ctx)
	if err != nil {
		return nil, fmt.Errorf("feeds: read the subscriptions: %w", err)
	}
	now := p.opts.Now()
	var due []model.Feed
	for _, f := range list {
		if !f.NextPoll.After(now) {
			due = append(due, f)
		}
	}
	out := make([]Result, len(due))
	var wg sync.WaitGroup
	for i, f := range due {
		done, ok := p.tryLock(f.ID)
		if !ok {
			out[i] = Result{FeedID: f.ID, URL: f.URL, Outcome: Failed, Err: fmt.Errorf("feed %d (%s) is being polled already", f.ID, f.URL)}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer p.unlock(f.ID, done)
			out[i] = p.poll(ctx, f)
		}()
	}
	wg.Wait()
	return out, ctx.Err()
}

// PollNow polls one feed now, whatever its schedule (a user asked),
// waiting for a poll of it already under way to end first. An unknown
// id is an error wrapping store.ErrNotFound. The poll's own failure is in
// Result.Err (and recorded as the feed's health), not the error.
func (p *Poller) PollNow(ctx context.Context, id int64) (Result, error) {
	done, err := p.lock(ctx, id)
	if err != nil {
		return Result{}, err
	}
	defer p.unlock(id, done)
	f, err := p.opts.Store.Feed(ctx, id)
	if err != nil {
		return Result{}, fmt.Errorf("feeds: poll feed %d: %w", id, err)
	}
	return p.poll(ctx, f), nil
}

func (p *Poller) tryLock(id int64) (chan struct{}, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.busy[id]; ok {
		return nil, false
	}
	done := make(chan struct{})
	p.busy[id] = done
	return done, true
}

func (p *Poller) lock(ctx context.Context, id int64) (chan struct{}, error) {
	for {
		p.mu.Lock()
		other, ok := p.busy[id]
		if !ok {
			done := make(chan struct{})
			p.busy[id] = done
			p.mu.Unlock()
			return done, nil
		}
		p.mu.Unlock()
		select {
		case <-other:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (p *Poller) unlock(id int64, done chan struct{}) {
	p.mu.Lock()
	delete(p.busy, id)
	p.mu.Unlock()
	close(done)
}

// poll polls one feed and records the outcome, unless ctx ended it: then
// nothing is recorded and the feed stays due.
func (p *Poller) poll(ctx context.Context, f model.Feed) Result {
	start := p.opts.Now()
	r, rec := p.read(ctx, f, start)
	r.FeedID, r.URL = f.ID, f.URL
	if ctx.Err() != nil {
		r.Outcome, r.Err, r.Next = Failed, ctx.Err(), time.Time{}
		return r.Result
	}
	rec.At = start
	if r.Err != nil {
		r.Outcome = Failed
		rec.Err = r.Err.Error()
		r.Next = p.next(f, start, f.Failures+1, r.floor)
		r.Err = fmt.Errorf("feed %d (%s): %w", f.ID, f.URL, r.Err)
	} else {
		r.Next = p.next(f, start, 0, r.floor)
	}
	rec.Next = r.Next
	rec.NewItems, rec.Added = r.New, r.Added
	if err := p.opts.Store.RecordFeedPoll(ctx, f.ID, rec); err != nil && !errors.Is(err, store.ErrNotFound) {
		// A feed removed while it was polled has nothing to record.
		r.Outcome = Failed
		r.Err = errors.Join(r.Err, fmt.Errorf("feeds: %w", err))
	}
	r.Elapsed = p.opts.Now().Sub(start)
	if p.opts.OnPoll != nil {
		p.opts.OnPoll(r.Result)
	}
	return r.Result
}

// polled is a Result with the floor the server set on the next poll.
type polled struct {
	Result
	floor time.Duration
}

// read fetches the feed, ingests its new items and saves its validators;
// what to record for the feed is returned beside the result.
func (p *Poller) read(ctx context.Context, f model.Feed, now time.Time) (polled, store.FeedPoll) {
	var r polled
	var rec store.FeedPoll
	req := fetch.Request{URL: f.URL}
	if st, err := p.opts.Store.FeedState(ctx, f.URL); err == nil {
		// Without the validators the poll is a full download, not a
		// failure.
		req.ETag, req.LastModified = st.ETag, st.LastModified
	}
	resp, err := p.get(ctx, req)
	if err != nil {
		var se *fetch.StatusError
		if errors.As(err, &se) {
			r.floor = se.RetryAfter
		}
		r.Err = err
		return r, rec
	}
	r.floor = max(resp.MaxAge, resp.RetryAfter)
	if resp.NotModified {
		r.Outcome = NotModified
		return r, rec
	}
	feed, err := source.ParseFeed(f.URL, resp.Body)
	if err != nil {
		r.Err = err
		return r, rec
	}
	r.floor = max(r.floor, feed.TTL)
	r.Outcome, r.Items, rec.Title = Changed, len(feed.Entries), feed.Title

	keys := make([]string, 0, len(feed.Entries))
	for _, e := range feed.Entries {
		keys = append(keys, e.Key)
	}
	seen, err := p.opts.Store.FeedItemsSeen(ctx, f.ID, keys)
	if err != nil {
		r.Err = err
		return r, rec
	}
	var fresh []source.FeedEntry
	for _, e := range feed.Entries {
		if !seen[e.Key] {
			seen[e.Key] = true // an item listed twice is ingested once
			fresh = append(fresh, e)
		}
	}
	r.New = len(fresh)
	if len(fresh) > 0 {
		docs := p.fullText(ctx, fresh, &r.Result)
		ing, err := p.opts.Ingest(ctx, func(yield func(source.Item) bool) {
			for _, d := range docs {
				if !yield(source.Item{Origin: d.Origin, Doc: d}) {
					return
				}
			}
		})
		r.Added, r.Failed = ing.Added, ing.Failed
		if err != nil {
			// Neither the items nor the validators are remembered: the
			// next poll downloads the feed and offers the items again.
			r.Err = fmt.Errorf("store its items: %w", err)
			return r, rec
		}
	}
	if resp.ETag != "" || resp.LastModified != "" {
		// Saved only now that the items are stored: a 304 must never hide
		// items that were not.
		if err := p.opts.Store.PutFeedState(ctx, model.FeedState{URL: f.URL, ETag: resp.ETag, LastModified: resp.LastModified, CheckedAt: now}); err != nil {
			p.opts.Logger.Warn("feeds: cannot save the feed's validators; its next poll downloads it in full", "feed", f.URL, "err", err)
		}
	}
	rec.Items = keys
	return r, rec
}

// fullText returns the documents to ingest for new entries: an entry that
// is only a summary is replaced by its linked page, fetched concurrently
// within the request limits; when the page cannot be read, the summary is
// kept and marked (SummaryExtra), so the item is stored with what the
// feed said rather than lost.
func (p *Poller) fullText(ctx context.Context, entries []source.FeedEntry, r *Result) []model.RawDocument {
	docs := make([]model.RawDocument, len(entries))
	full := make([]bool, len(entries))
	var wg sync.WaitGroup
	for i, e := range entries {
		docs[i] = e.Doc
		if !e.Summary {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d, ok := p.page(ctx, e.Doc); ok {
				docs[i], full[i] = d, true
				return
			}
			docs[i].Meta.Extra = withSummaryMark(e.Doc.Meta.Extra)
		}()
	}
	wg.Wait()
	for i, e := range entries {
		switch {
		case full[i]:
			r.FullText++
		case e.Summary:
			r.Fallbacks++
		}
	}
	return docs
}

// page fetches an item's page; ok is false when it is not a readable page.
func (p *Poller) page(ctx context.Context, item model.RawDocument) (model.RawDocument, bool) {
	resp, err := p.get(ctx, fetch.Request{URL: item.Meta.URL})
	if err != nil || resp.NotModified || len(strings.TrimSpace(string(resp.Body))) == 0 {
		return item, false
	}
	format := model.FormatHTML
	switch ct := resp.ContentType; {
	case ct == "text/plain":
		format = model.FormatText
	case ct != "" && !strings.Contains(ct, "html") && !strings.Contains(ct, "xml"):
		return item, false // a PDF, an image, a video: not a page to read
	}
	return model.RawDocument{Origin: item.Meta.URL, Format: format, Body: resp.Body, Charset: resp.Charset, Meta: item.Meta, FetchedAt: resp.FetchedAt}, true
}

func withSummaryMark(extra map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(extra)+1)
	for k, v := range extra {
		out[k] = v
	}
	out[SummaryExtra] = json.RawMessage("true")
	return out
}

// get fetches within the request limits.
func (p *Poller) get(ctx context.Context, req fetch.Request) (*fetch.Response, error) {
	host := req.URL
	if u, err := url.Parse(req.URL); err == nil && u.Hostname() != "" {
		host = strings.ToLower(u.Hostname())
	}
	release, err := p.limit.acquire(ctx, host)
	if err != nil {
		return nil, err
	}
	defer release()
	return p.opts.Fetcher.Get(ctx, req)
}

// next is when a feed is due again after a poll at now. A healthy feed
// waits its interval; after the n-th failure in a row it waits interval
// times 2^n, capped at MaxBackoff (or the interval when that is longer),
// so a failing feed is tried less often but always tried. A wait gets up
// to 10% jitter; the server's floor (Retry-After, max-age, ttl) is then
// respected, up to the same cap.
func (p *Poller) next(f model.Feed, now time.Time, failures int, floor time.Duration) time.Time {
	interval := f.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	limit := max(p.opts.MaxBackoff, interval)
	d := interval
	for range failures {
		if d >= limit {
			break
		}
		d *= 2
	}
	d += time.Duration(rand.Float64() * jitter * float64(d))
	if failures > 0 {
		d = min(d, limit)
	}
	d = max(d, min(floor, limit))
	return now.Add(d)
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
