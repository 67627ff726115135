package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

// Bounds of a storyCache: the story heads it holds (past it, one is
// dropped for each added), the listings (past it, all are dropped), and
// how long a listing is used before the store is asked again.
const (
	maxCachedHeads    = 8192
	maxCachedViews    = 4096
	maxCachedListings = 256
	listingTTL        = 2 * time.Second
)

// storyCache keeps what story listings read and build, so a server's
// pages of stories cost no query while nothing changed:
//
//   - listings (the stories a filter selects, with their summaries), used
//     for listingTTL at most, so changes made by another process (the
//     command line beside a server) show within it;
//
//   - story heads, used only while the story's summary in the store
//     (articles, outlets, dates) is what it was when the head was built:
//     a story that grew or was corrected is built again;
//
//   - whole story views (StoryView), the titles of the related stories
//     they show, and the outlet directory they and the heads are built
//     with, used for listingTTL at most too: a view shows the related
//     stories' titles and the outlets' names, which change with other
//     stories, so only its age tells whether another process could have
//     changed it (a view counts as old as the oldest thing it was built
//     from).
//
// Every change this App makes drops everything at once (reset): an
// ingest that stored articles (which also can rename an outlet
// everywhere), a correction, a recluster, a re-analysis. What is read
// while a change is made is not kept past it: each entry carries the
// generation it was read in, taken before reading. What the cache gives
// is shared: read-only.
type storyCache struct {
	ttl time.Duration // listingTTL; tests shorten it

	mu       sync.Mutex
	gen      uint64 // bumped by reset
	heads    map[int64]cachedStory
	listings map[string]*cachedListing
	views    map[int64]cachedView
	titles   map[int64]cachedView // related stories' titles (only Title set)
	dir      *cachedDirectory
}

// cachedView is a whole view, built in generation gen from what was read
// at or after at.
type cachedView struct {
	gen  uint64
	at   time.Time
	view stories.Story
}

// cachedDirectory is the outlet directory, read (or being read: ready
// open) in generation gen at at.
type cachedDirectory struct {
	ready chan struct{}
	gen   uint64
	at    time.Time
	dir   model.OutletDirectory
	err   error
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
	return &storyCache{ttl: listingTTL, heads: map[int64]cachedStory{}, listings: map[string]*cachedListing{},
		views: map[int64]cachedView{}, titles: map[int64]cachedView{}}
}

// begin returns the generation and the time to build an entry with,
// taken before anything is read for it.
func (c *storyCache) begin() (uint64, time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, time.Now()
}

// fresh tells whether an entry read in generation gen at at may still be
// used.
func (c *storyCache) fresh(gen uint64, at time.Time) bool {
	return gen == c.gen && time.Since(at) < c.ttl
}

// view returns story id's whole view when one is kept and fresh.
func (c *storyCache) view(id int64) (stories.Story, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.views[id]
	if !ok || !c.fresh(e.gen, e.at) {
		return stories.Story{}, false
	}
	return e.view, true
}

// putView keeps story id's whole view, built in generation gen from what
// was read at or after at; not when the stories changed meanwhile.
func (c *storyCache) putView(id int64, gen uint64, at time.Time, v stories.Story) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	c.bound(c.views, id)
	c.views[id] = cachedView{gen: gen, at: at, view: v}
}

// title returns story id's title kept for related stories, with when
// what it was built from was read.
func (c *storyCache) title(id int64) (string, time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.titles[id]
	if !ok || !c.fresh(e.gen, e.at) {
		return "", time.Time{}, false
	}
	return e.view.Title, e.at, true
}

// putTitle keeps story id's title, built in generation gen from what was
// read at or after at.
func (c *storyCache) putTitle(id int64, gen uint64, at time.Time, title string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	c.bound(c.titles, id)
	c.titles[id] = cachedView{gen: gen, at: at, view: stories.Story{Title: title}}
}

// bound makes room in m for id: stale entries go first, then arbitrary
// ones (map order), so that it holds maxCachedViews at most.
func (c *storyCache) bound(m map[int64]cachedView, id int64) {
	if _, ok := m[id]; ok || len(m) < maxCachedViews {
		return
	}
	for old, e := range m {
		if !c.fresh(e.gen, e.at) {
			delete(m, old)
		}
	}
	for old := range m {
		if len(m) < maxCachedViews {
			break
		}
		delete(m, old)
	}
}

// directory returns the outlet directory kept, or read by read and kept,
// with when it was read. One read serves the requests that ask while it
// runs.
func (c *storyCache) directory(ctx context.Context, read func() (model.OutletDirectory, error)) (model.OutletDirectory, time.Time, error) {
	for {
		c.mu.Lock()
		d := c.dir
		if d != nil && c.fresh(d.gen, d.at) {
			c.mu.Unlock()
			select {
			case <-d.ready:
			case <-ctx.Done():
				return nil, d.at, ctx.Err()
			}
			if d.err != nil {
				continue // the reader failed (its request went away, say): read again
			}
			return d.dir, d.at, nil
		}
		d = &cachedDirectory{ready: make(chan struct{}), gen: c.gen, at: time.Now()}
		c.dir = d
		c.mu.Unlock()

		d.dir, d.err = read()
		if d.err != nil {
			c.mu.Lock()
			if c.dir == d {
				c.dir = nil
			}
			c.mu.Unlock()
		}
		close(d.ready)
		return d.dir, d.at, d.err
	}
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
	clear(c.views)
	clear(c.titles)
	c.dir = nil
}

func sameSummary(a, b store.StorySummary) bool {
	return a.ID == b.ID && a.Articles == b.Articles && a.Outlets == b.Outlets && a.Undated == b.Undated &&
		a.FirstSeen.Equal(b.FirstSeen) && a.LastSeen.Equal(b.LastSeen)
}
