package cluster

import "time"

// storyTable holds the stories in memory and the story each article is
// in. A story leaves it when it is merged into another, loses its last
// article, or is evicted.
type storyTable struct {
	byID  map[int64]*story
	next  int64            // the id of the next new story
	ofDoc map[string]int64 // article -> story
	clock time.Time        // the latest publication time seen
}

func newStoryTable() storyTable {
	return storyTable{byID: map[int64]*story{}, next: 1, ofDoc: map[string]int64{}}
}

// get returns a story in memory, or nil.
func (t *storyTable) get(id int64) *story { return t.byID[id] }

// open starts a story with the next id.
func (t *storyTable) open() *story {
	s := newStory(t.next)
	t.next++
	t.byID[s.id] = s
	return s
}

// ensure returns the story with the given id, starting it if it is not
// in memory, and keeps new ids above it: Restore replays stored stories
// with their ids.
func (t *storyTable) ensure(id int64) *story {
	s := t.byID[id]
	if s == nil {
		s = newStory(id)
		t.byID[id] = s
	}
	if id >= t.next {
		t.next = id + 1
	}
	return s
}

// observe moves the clock to an article's publication time when it is
// the latest yet.
func (t *storyTable) observe(when time.Time) {
	if !when.IsZero() && when.After(t.clock) {
		t.clock = when
	}
}

// merge moves story from's articles and state into story to.
func (t *storyTable) merge(to, from int64, sc scratch) {
	into, f := t.byID[to], t.byID[from]
	for _, a := range f.articles {
		t.ofDoc[a] = to
	}
	into.absorb(f, sc)
	delete(t.byID, from)
	f.release()
	f.into = into
}

// dropEmpty lets go of a story its last article left.
func (t *storyTable) dropEmpty(s *story) {
	if len(s.articles) == 0 {
		delete(t.byID, s.id)
		s.release()
	}
}

// evict drops stories that have been quiet for twice the dormancy period
// (by publication time) or, for undated streams, for evictAfterDocs
// articles, so memory is bounded by the active window. docs is the
// number of articles seen.
func (t *storyTable) evict(docs int, dormancy time.Duration) {
	for id, s := range t.byID {
		quiet := !t.clock.IsZero() && !s.last.IsZero() && t.clock.Sub(s.last) > 2*dormancy
		if quiet || docs-s.seen > evictAfterDocs {
			delete(t.byID, id)
			for _, a := range s.articles {
				delete(t.ofDoc, a)
			}
			s.release()
		}
	}
}

// evictAfterDocs is how many articles a story may go without a new one
// before it leaves memory when time cannot tell.
const evictAfterDocs = 200000
