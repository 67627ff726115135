package app

import (
	"context"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/storywire/storywire/internal/feeds"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
)

// FeedPollResult is what one poll of one feed did.
type FeedPollResult = feeds.Result

// FeedOptions configure feed polling. Ingest's download settings
// (AllowPrivate, Timeout, MaxSize, UserAgent) apply to the feeds and the
// pages of their items, the rest to the ingest of their new items; the
// zero value polls with the defaults and refuses private addresses.
type FeedOptions struct {
	Ingest  IngestOptions
	PerHost int // requests at a time to one host; 2 when 0
	Global  int // requests at a time in all; 8 when 0
	// OnPoll, when set, is called after every poll (logs, metrics).
	OnPoll func(FeedPollResult)
	Logger *slog.Logger
	Now    func() time.Time // the clock; time.Now when nil
	// Queue, when set, takes the new items instead of this process
	// (the distributed mode): they are published for the workers, and a
	// poll counts them as added once JetStream holds them.
	Queue *Queue
}

// AddFeed subscribes to the feed at rawURL, polled every interval (15
// minutes when 0) and first at the next poll. A URL already subscribed
// is an error wrapping store.ErrExists.
func (a *App) AddFeed(ctx context.Context, rawURL string, interval time.Duration) (model.Feed, error) {
	u, err := feedURL(rawURL)
	if err != nil {
		return model.Feed{}, err
	}
	if interval == 0 {
		interval = feeds.DefaultInterval
	}
	if interval < feeds.MinInterval {
		return model.Feed{}, invalidf("feed %s: interval %v is shorter than %v: poll less often", u, interval, feeds.MinInterval)
	}
	now := time.Now().UTC()
	f, err := a.st.AddFeed(ctx, model.Feed{URL: u, Interval: interval, Added: now, NextPoll: now})
	if errors.Is(err, store.ErrExists) {
		return model.Feed{}, existsf("feed %s is already subscribed (storywire feeds list shows it): %w", u, err)
	}
	return f, err
}

// feedURL checks a feed address: absolute http(s) with a host (an
// ErrInvalid error otherwise). Whether
// the host is private is decided when it is fetched, where a name is
// resolved.
func feedURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", invalidf("feed %q: not an http(s) URL: give the feed's full address, such as https://example.com/rss", raw)
	}
	return u.String(), nil
}

// Feeds returns every subscription with its health, by ID.
func (a *App) Feeds(ctx context.Context) ([]model.Feed, error) {
	return a.st.Feeds(ctx)
}

// Feed returns one subscription; an unknown id is an error wrapping
// store.ErrNotFound.
func (a *App) Feed(ctx context.Context, id int64) (model.Feed, error) {
	f, err := a.st.Feed(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return f, notFoundf("no feed %d: storywire feeds list shows the subscriptions: %w", id, err)
	}
	return f, err
}

// RemoveFeed ends a subscription; the articles read from it stay. An
// unknown id is an error wrapping store.ErrNotFound.
func (a *App) RemoveFeed(ctx context.Context, id int64) error {
	err := a.st.RemoveFeed(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return notFoundf("no feed %d: storywire feeds list shows the subscriptions: %w", id, err)
	}
	return err
}

// OPMLImport is what ImportOPML did.
type OPMLImport struct {
	Added    []model.Feed
	Existing []string // URLs already subscribed
	Failed   []error  // entries that could not be added, each naming its URL
}

// ImportOPML subscribes to every feed an OPML file lists, each polled
// every interval (15 minutes when 0). Feeds already subscribed are left
// as they are; a bad entry is reported and the others are added.
func (a *App) ImportOPML(ctx context.Context, r io.Reader, interval time.Duration) (OPMLImport, error) {
	list, err := feeds.ReadOPML(r)
	if err != nil {
		return OPMLImport{}, err
	}
	var out OPMLImport
	for _, o := range list {
		f, err := a.AddFeed(ctx, o.URL, interval)
		switch {
		case errors.Is(err, store.ErrExists):
			out.Existing = append(out.Existing, o.URL)
		case err != nil && ctx.Err() != nil:
			return out, err
		case err != nil:
			out.Failed = append(out.Failed, err)
		default:
			out.Added = append(out.Added, f)
		}
	}
	return out, nil
}

// ExportOPML writes every subscription as an OPML 2.0 list, which feed
// readers (and ImportOPML) read.
func (a *App) ExportOPML(ctx context.Context, w io.Writer) error {
	list, err := a.st.Feeds(ctx)
	if err != nil {
		return err
	}
	return feeds.WriteOPML(w, list)
}

// PollFeed polls one feed now, whatever its schedule, and ingests its
// new items. An unknown id is an error wrapping store.ErrNotFound; the
// feed's own failure is in the result's Err (and in its health).
//
// It polls with a poller of its own, for a process that runs none
// (storywire feeds poll ID); a server asks its running poller instead
// (FeedPoller, then PollNow), so the request limits hold across both.
func (a *App) PollFeed(ctx context.Context, id int64, o FeedOptions) (FeedPollResult, error) {
	r, err := a.FeedPoller(o).PollNow(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, notFoundf("no feed %d: storywire feeds list shows the subscriptions: %w", id, err)
	}
	return r, err
}

// PollDueFeeds polls every feed that is due, once, and returns when all
// are done (storywire feeds poll, without a server).
func (a *App) PollDueFeeds(ctx context.Context, o FeedOptions) ([]FeedPollResult, error) {
	return a.FeedPoller(o).PollDue(ctx)
}

// FeedPoller returns the poller that follows the subscribed feeds for a
// long-running process (storywire serve): run it in the background with
// Run(ctx), which polls each feed when it is due, ingests its new items
// through IngestItems (taking turns with other ingests) and returns when
// ctx is done, after the polls under way have stopped. Use the same
// poller for the API: after AddFeed or ImportOPML call its Wake, so the
// new feeds are polled now rather than within the minute; for "poll now"
// call its PollNow(ctx, id), which shares the request limits with Run.
//
// The first ingest of a poll makes the App keep its clusterer in memory
// (KeepClusterer), as a process that polls feeds ingests again and again.
func (a *App) FeedPoller(o FeedOptions) *feeds.Poller {
	ingest := a.feedIngest(o.Ingest)
	if o.Queue != nil {
		ingest = feedEnqueue(o.Queue, o.Ingest)
	}
	return feeds.New(feeds.Options{
		Store:   a.st,
		Fetcher: a.fetcher(o.Ingest),
		Ingest:  ingest,
		Now:     o.Now,
		PerHost: o.PerHost,
		Global:  o.Global,
		OnPoll:  o.OnPoll,
		Logger:  o.Logger,
	})
}

// feedIngest is the poller's ingest: IngestItems with the clusterer kept
// resident from the first poll that brings items on.
func (a *App) feedIngest(o IngestOptions) feeds.IngestFunc {
	var mu sync.Mutex
	kept := false
	return func(ctx context.Context, items iter.Seq[source.Item]) (feeds.Ingested, error) {
		mu.Lock()
		if !kept {
			if err := a.KeepClusterer(ctx); err != nil {
				mu.Unlock()
				return feeds.Ingested{}, err // tried again at the next poll
			}
			kept = true
		}
		mu.Unlock()
		sum, err := a.IngestItems(ctx, items, o)
		return feeds.Ingested{Added: sum.Added + sum.Copies, Failed: sum.Failed}, err
	}
}

// feedEnqueue is the poller's ingest in the distributed mode: the items
// are published for the workers (Enqueue), and count as added once
// JetStream holds them (or held the same item already).
func feedEnqueue(q *Queue, o IngestOptions) feeds.IngestFunc {
	return func(ctx context.Context, items iter.Seq[source.Item]) (feeds.Ingested, error) {
		sum, err := Enqueue(ctx, q, items, o)
		return feeds.Ingested{Added: sum.Queued + sum.AlreadyQueued, Failed: sum.Failed}, err
	}
}
