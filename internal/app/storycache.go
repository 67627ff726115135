package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

// Bounds of a storyCache: the story heads it holds (past it, one is
// dropped for each added), the listings (past it, all are dropped), and
// how long a listing is used before the store is asked again.
const (
	maxCachedHeads    = 8192
	maxCachedListings = 256
	listingTTL        = 2 * time.Second
)

// storyCache keeps what story listings read and build, so a server's
// pages of stories cost no query while nothing changed:
//
//   - listings (the stories a filter selects, with their summaries), used
//     for listingTTL at most, so changes made by another process (the
//     command line beside a server) show within it;
//   - story heads, used only while the story's summary in the store
//     (articles, outlets, dates) is what it was when the head was built:
//     a story that grew or was corrected is built again.
//
// Every change this App makes drops both at once (reset): an ingest that
// stored articles (which also can rename an outlet everywhere), a
// correction, a recluster, a re-analysis. Whole views are not kept: they
// show the related stories and the entities' names, which change with
// other stories. What the cache gives is shared: read-only.
type storyCache struct {
	ttl time.Duration // listingTTL; tests shorten it

	mu       sync.Mutex
	gen      uint64 // bumped by reset
	heads    map[int64]cachedStory
	listings map[string]*cachedListing
}

type cachedStory struct {
	summary store.StorySummary // the story when its head was built
	view    stories.Story
}

// cachedListing is a listing read, or being read (ready open), by one
// request for all that ask for it meanwhile.
type cachedListing struct {
	ready chan struct{}
	gen   uint64
	at    time.Time
	list  []store.StorySummary
	err   error
}

func newStoryCache() *storyCache {
	return &storyCache{ttl: listingTTL, heads: map[int64]cachedStory{}, listings: map[string]*cachedListing{}}
}

// listing returns the stories f selects, from the cache or read by read
// (once for the requests that ask at the same time).
func (c *storyCache) listing(ctx context.Context, f store.StoryFilter, read func() ([]store.StorySummary, error)) ([]store.StorySummary, error) {
	key := listingKey(f)
	for {
		c.mu.Lock()
		e, ok := c.listings[key]
		if ok && e.gen == c.gen && time.Since(e.at) < c.ttl {
			c.mu.Unlock()
			select {
			case <-e.ready:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if e.err != nil {
				continue // the reader failed (its request went away, say): read again
			}
			return e.list, nil
		}
		if len(c.listings) >= maxCachedListings {
			clear(c.listings)
		}
		e = &cachedListing{ready: make(chan struct{}), gen: c.gen, at: time.Now()}
		c.listings[key] = e
		c.mu.Unlock()

		e.list, e.err = read()
		if e.err != nil {
			c.mu.Lock()
			if c.listings[key] == e {
				delete(c.listings, key)
			}
			c.mu.Unlock()
		}
		close(e.ready)
		return e.list, e.err
	}
}

// listingKey tells listings apart: every field of the filter.
func listingKey(f store.StoryFilter) string {
	after := "-"
	if f.After != nil {
		after = fmt.Sprintf("%d@%d", f.After.ID, f.After.LastSeen.UnixNano())
	}
	return fmt.Sprintf("%d|%d|%d|%q|%q|%d|%t|%d|%s", f.Since.UnixNano(), f.Until.UnixNano(), f.Entity, f.Outlet, f.Query,
		f.MinOutlets, f.Largest, f.Limit, after)
}

// head returns the head of the story s summarises, if it was built from
// the same story.
func (c *storyCache) head(s store.StorySummary) (stories.Story, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.heads[s.ID]
	if !ok || !sameSummary(e.summary, s) {
		return stories.Story{}, false
	}
	return e.view, true
}

func (c *storyCache) putHead(s store.StorySummary, v stories.Story) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.heads[s.ID]; !ok && len(c.heads) >= maxCachedHeads {
		for old := range c.heads { // map order: an arbitrary entry
			delete(c.heads, old)
			break
		}
	}
	c.heads[s.ID] = cachedStory{summary: s, view: v}
}

// reset forgets everything: the stories changed.
func (c *storyCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.heads)
	clear(c.listings)
}

func sameSummary(a, b store.StorySummary) bool {
	return a.ID == b.ID && a.Articles == b.Articles && a.Outlets == b.Outlets && a.Undated == b.Undated &&
		a.FirstSeen.Equal(b.FirstSeen) && a.LastSeen.Equal(b.LastSeen)
}
