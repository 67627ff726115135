package web

import (
	"sync"
	"time"

	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

// Bounds of the UI's caches: entries kept (past it, one is dropped for
// each added), and the longest an entry is used, so that what another
// process changes without changing a story's articles (a re-analysis
// renaming an entity) shows within it.
const (
	maxCached = 4096
	cacheTTL  = 5 * time.Minute
)

// cardCache keeps the key entities of listed stories. A listing gives
// story heads (no annotations read); the entities come from the story's
// whole view, built once and kept while the story's summary (articles,
// outlets, dates) is what it was, the way app keeps heads.
type cardCache struct {
	mu sync.Mutex
	m  map[int64]cardEntry
}

type cardEntry struct {
	summary  store.StorySummary
	at       time.Time
	entities []stories.Entity
}

func newCardCache() *cardCache { return &cardCache{m: map[int64]cardEntry{}} }

func (c *cardCache) get(s store.StorySummary) ([]stories.Entity, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[s.ID]
	if !ok || !sameSummary(e.summary, s) || time.Since(e.at) > cacheTTL {
		return nil, false
	}
	return e.entities, true
}

func (c *cardCache) put(s store.StorySummary, ents []stories.Entity) {
	c.mu.Lock()
	defer c.mu.Unlock()
	makeRoom(c.m, s.ID)
	c.m[s.ID] = cardEntry{summary: s, at: time.Now(), entities: ents}
}

// clear forgets every entry: the UI corrected the stories.
func (c *cardCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}

// sameSummary says two summaries describe the story in the same state.
func sameSummary(a, b store.StorySummary) bool {
	return a.ID == b.ID && a.Articles == b.Articles && a.Outlets == b.Outlets && a.Undated == b.Undated &&
		a.FirstSeen.Equal(b.FirstSeen) && a.LastSeen.Equal(b.LastSeen)
}

// extrasCache keeps what a story page shows beside the story's view: the
// comparison and each article's explanation. Both follow from the story's
// articles, so an entry is used while the story holds the same articles
// (its fingerprint); app's story view, cached and dropped at every change
// app makes, tells which they are.
type extrasCache struct {
	mu sync.Mutex
	m  map[int64]extrasEntry
}

type extrasEntry struct {
	fingerprint string
	at          time.Time
	extras      *storyExtras
}

func newExtrasCache() *extrasCache { return &extrasCache{m: map[int64]extrasEntry{}} }

func (c *extrasCache) get(id int64, fingerprint string) (*storyExtras, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || e.fingerprint != fingerprint || time.Since(e.at) > cacheTTL {
		return nil, false
	}
	return e.extras, true
}

func (c *extrasCache) put(id int64, fingerprint string, x *storyExtras) {
	c.mu.Lock()
	defer c.mu.Unlock()
	makeRoom(c.m, id)
	c.m[id] = extrasEntry{fingerprint: fingerprint, at: time.Now(), extras: x}
}

// makeRoom drops an arbitrary entry (map order) when m is full and id is
// not in it.
func makeRoom[V any](m map[int64]V, id int64) {
	if _, ok := m[id]; ok || len(m) < maxCached {
		return
	}
	for k := range m {
		delete(m, k)
		return
	}
}
