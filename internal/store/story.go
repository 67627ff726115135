package store

import (
	"context"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// Assignment is where clustering put one article, and why (the
// candidates with their scores, matched terms and entities, time gaps,
// the threshold), as stored: the story and reason are the current ones
// (a correction may have moved the article since it was explained).
type Assignment struct {
	model.Assignment
	// Seq orders assignments: clustering replays them in this order. Zero
	// on Assign takes the next one.
	Seq int64
}

// Correction is a user's fix to the stories, kept across re-clustering.
type Correction struct {
	Seq     int64
	Kind    model.CorrectionKind
	Article string
	Other   string
	Created time.Time
}

// ClusterState is the clusterer's state saved in the store (a
// cluster.Snapshot) so that start-up need not replay every assignment.
type ClusterState struct {
	// Seq is the last assignment the state replays: the assignments after
	// it are replayed on top.
	Seq int64
	// Version is the cluster.SnapshotVersion of Data.
	Version int
	Data    []byte
	// Token names the watch (WatchClusterState) the state was saved
	// under.
	Token int64
}

// StorySummary describes a story for listings.
type StorySummary struct {
	ID        int64
	Articles  int
	Outlets   int
	FirstSeen time.Time // earliest known publication; zero when none
	LastSeen  time.Time
	// Undated counts its articles with no known publication time.
	Undated int
}

// StoryFilter selects stories. Zero fields do not filter.
type StoryFilter struct {
	Since      time.Time // last seen at or after
	Until      time.Time // last seen before (stories with no dated article excluded)
	Entity     int64     // stories with an article naming this entity
	Outlet     string    // stories with an article from this outlet (as Filter.Outlet)
	Query      string    // stories with an article matching this full-text query (as Search)
	MinOutlets int
	// Largest orders by article count instead of by last seen.
	Largest bool
	Limit   int
	// After, when set, lists only the stories that come after this one in
	// the most-recently-seen order (not with Largest): a page's last
	// story, so a listing can be read page by page while stories are
	// added without skipping or repeating one.
	After *StoryKey
}

// StoryKey is a story's place in the most-recently-seen order: its last
// seen time (zero when none of its articles is dated: those come last)
// and its id (higher first among equal times).
type StoryKey struct {
	LastSeen time.Time
	ID       int64
}

// StoryTx is the story side of a write transaction.
type StoryTx interface {
	// Assign records an article's story (replacing an earlier one).
	Assign(ctx context.Context, a Assignment) error
	// LinkStories records that two stories are related (the stronger link
	// is kept).
	LinkStories(ctx context.Context, a, b int64, strength float64) error
	// MergeStory moves every article of story from into story into, and
	// its related links with them.
	MergeStory(ctx context.Context, from, into int64) error
	// ClearStories forgets every assignment and link (before clustering
	// again); corrections stay.
	ClearStories(ctx context.Context) error
	// AddCorrection stores a correction.
	AddCorrection(ctx context.Context, c Correction) error
	// WatchClusterState starts the making of a new clusterer state from
	// the assignments stored now: it returns the last assignment's Seq and
	// a token. From then on the store drops the saved state (keeping none)
	// as soon as anything changes that a replay of the assignments up to
	// that Seq reads: such an assignment added, moved or removed, or the
	// article or annotations of an assigned article changed. The state
	// saved before stays readable until then.
	WatchClusterState(ctx context.Context) (seq, token int64, err error)
	// SaveClusterState saves a state made under the watch with token;
	// saved is false, and nothing is written, when the watch has ended
	// (something it covers changed, or another watch began).
	SaveClusterState(ctx context.Context, token int64, s ClusterState) (saved bool, err error)
}

// StoryReader is the story side of the read API.
type StoryReader interface {
	// Stories lists stories, most recently seen (or largest) first.
	Stories(ctx context.Context, f StoryFilter) ([]StorySummary, error)
	// Story describes one story (ErrNotFound wrapped when absent).
	Story(ctx context.Context, id int64) (StorySummary, error)
	// StoryArticles returns a story's articles, oldest first (undated ones
	// last, in ingest order).
	StoryArticles(ctx context.Context, id int64) ([]model.Article, error)
	// StoryArticlesAnnotated returns a story's articles as StoryArticles
	// does, each with its annotations (empty when it has none), in one
	// read.
	StoryArticlesAnnotated(ctx context.Context, id int64) ([]model.Article, []model.Annotations, error)
	// StoryArticlesOutlined returns a story's articles as StoryArticles
	// does, each with the outline of its annotations (empty when it has
	// none), in one read: the sentences, entities and times that a
	// story's view reads, without the mentions, quotes and quantities
	// (decoding those was half the cost of building a view).
	StoryArticlesOutlined(ctx context.Context, id int64) ([]model.Article, []model.Annotations, error)
	// AssignmentOf returns an article's assignment; ok is false when it
	// has none.
	AssignmentOf(ctx context.Context, articleID string) (a Assignment, ok bool, err error)
	// EachAssignment calls fn for every assignment in Seq order.
	EachAssignment(ctx context.Context, fn func(Assignment) error) error
	// EachAssignedArticle calls fn for every assignment with a Seq after
	// after (0: all), in Seq order, with its article and what clustering
	// reads of its annotations (DecodeClustering; empty when it was not
	// analysed), to rebuild the clusterer in one query.
	EachAssignedArticle(ctx context.Context, after int64, fn func(a Assignment, art model.Article, ann model.Annotations) error) error
	// RelatedStories returns the stories linked to id, strongest first.
	RelatedStories(ctx context.Context, id int64) ([]model.StoryLink, error)
	// Corrections returns every correction in the order made.
	Corrections(ctx context.Context) ([]Correction, error)
	// ClusterState returns the saved clusterer state, with the token of
	// the watch that is on (Token 0: none); ok is false when no state is
	// saved, or a change it covers has dropped it.
	ClusterState(ctx context.Context) (s ClusterState, ok bool, err error)
}
