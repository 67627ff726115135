// Package store defines where Storywire keeps what it has ingested: the
// Store interface every backend implements, and the types it speaks. The
// embedded SQLite backend lives in store/sqlite; storetest holds the
// conformance suite every backend must pass.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// ErrNotFound is returned (wrapped) when an article or record does not exist.
var ErrNotFound = errors.New("not found")

// ErrEmptyQuery is returned by Search when the query holds no word to
// search for (only punctuation or operators).
var ErrEmptyQuery = errors.New("the query has no words to search for")

// Store is the durable home of articles. Implementations are safe for use by
// one writer and many readers at once.
//
// Writes happen only inside Write, one transaction per call: either
// everything fn did is stored or, when fn or the commit fails, nothing is.
// That is what makes an interrupted ingest leave no half-written article.
type Store interface {
	// Write runs fn in a transaction and commits when fn returns nil. An
	// error from fn rolls the transaction back and is returned unchanged.
	Write(ctx context.Context, fn func(Tx) error) error

	// Article returns the article with the given ID, or an error wrapping
	// ErrNotFound.
	Article(ctx context.Context, id string) (model.Article, error)
	// Articles returns the articles matching f: newest publication first,
	// articles with an unknown publication time last (by ingest order).
	Articles(ctx context.Context, f Filter) ([]model.Article, error)
	// EachArticle calls fn for every article matching f in the order of
	// Articles without holding them all in memory; an error from fn stops
	// the walk and is returned.
	EachArticle(ctx context.Context, f Filter, fn func(model.Article) error) error
	// Copies returns the articles stored as copies of id, earliest first.
	Copies(ctx context.Context, id string) ([]model.Article, error)
	// Search runs a full-text query over titles and texts and returns the
	// best matches first, each with a short snippet around the match.
	// The query language is words and "quoted phrases"; a query that is not
	// valid is an error that says so.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	// OutletNames returns every outlet name stored with how many articles
	// carry it (an article stored without one counts under its URL's
	// host), for model.NewOutletDirectory: one name per outlet everywhere.
	// Names that differ only in case may come back as one.
	OutletNames(ctx context.Context) (map[string]int, error)
	// SiteLines returns, by site, the keys of the lines that at least
	// minPages stored page copies of the site carry (AddSiteLines).
	SiteLines(ctx context.Context, minPages int) (map[string]map[uint64]bool, error)

	EntityReader
	StoryReader
	WatchReader

	// FeedState returns what was remembered about a feed URL for
	// conditional GET; a zero FeedState and nil error when nothing is.
	FeedState(ctx context.Context, url string) (model.FeedState, error)
	// PutFeedState remembers a feed's validators.
	PutFeedState(ctx context.Context, s model.FeedState) error

	FeedStore

	Close() error
}

// Tx is the write side of one transaction. Reads through a Tx see the
// writes made earlier in the same transaction.
type Tx interface {
	// Duplicate returns the ID of a stored article that is the same article
	// as one with this canonical URL (ignored when empty) or content hash.
	Duplicate(ctx context.Context, url, contentHash string) (id string, ok bool, err error)
	// CopyCandidates returns stored articles sharing at least one band key
	// with bands, with their signatures, so the caller can score them:
	// the MaxCopyCandidates that share the most keys, looking at no more
	// than the BandPostings latest articles under each key, so that a
	// flood of near-identical articles costs the same per article as the
	// first few did.
	CopyCandidates(ctx context.Context, bands []uint64) ([]Candidate, error)
	// Insert stores a new article and its sketch. Inserting an ID that is
	// already stored is an error.
	Insert(ctx context.Context, a model.Article, sk model.Sketch) error
	// AddSiteLines counts one more page of site for each line key.
	AddSiteLines(ctx context.Context, site string, lines []uint64) error
	// SetCopyOf records that id is a copy of copyOf (empty: an original).
	SetCopyOf(ctx context.Context, id, copyOf string, similarity float64) error
	// Reparent makes newRoot the original of oldRoot's copy group: oldRoot
	// becomes a copy of newRoot with the given similarity, and every article
	// that was a copy of oldRoot becomes a copy of newRoot (keeping its own
	// similarity). Used when an earlier-published copy arrives late.
	Reparent(ctx context.Context, oldRoot, newRoot string, similarity float64) error
	// Article reads an article as the transaction sees it (ErrNotFound
	// wrapped when absent).
	Article(ctx context.Context, id string) (model.Article, error)

	EntityTx
	StoryTx
	WatchTx
}

// The bounds of CopyCandidates. A copy links to its group's original
// through any member, so the latest members under a key stand for all.
const (
	MaxCopyCandidates = 8
	BandPostings      = 16
)

// Candidate is a stored article that may be a near-copy of a new one.
type Candidate struct {
	ID        string
	CopyOf    string
	Published model.Published
	Ingested  time.Time
	Signature []uint32
}

// Filter selects articles. Zero fields do not filter.
type Filter struct {
	Outlet string    // exact outlet name, case-insensitive
	Since  time.Time // published at or after (unknown publication times excluded)
	Until  time.Time // published before
	Limit  int       // at most this many; 0 means no limit
	// Unassigned keeps only the articles no story holds yet: those a run
	// stored but was stopped before it clustered them.
	Unassigned bool
}

// SearchHit is one full-text match.
type SearchHit struct {
	Article model.Article
	Snippet string  // text around the match, matched words marked with [ ]
	Score   float64 // higher is better
}

// Stats counts a store's content.
type Stats struct {
	Articles int
	Copies   int // articles stored as copies of another
	Outlets  int
}
