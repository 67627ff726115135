package store

import (
	"context"
	"errors"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// ErrExists is returned (wrapped) when adding something that is already
// stored, such as a feed URL already subscribed.
var ErrExists = errors.New("already exists")

// FeedStore keeps feed subscriptions and their health.
type FeedStore interface {
	// AddFeed subscribes to f.URL with f's interval, added time and first
	// NextPoll, and returns the feed with its ID. A URL already
	// subscribed is an error wrapping ErrExists.
	AddFeed(ctx context.Context, f model.Feed) (model.Feed, error)
	// Feed returns one subscription, or an error wrapping ErrNotFound.
	Feed(ctx context.Context, id int64) (model.Feed, error)
	// Feeds returns every subscription, by ID.
	Feeds(ctx context.Context) ([]model.Feed, error)
	// RemoveFeed ends a subscription and forgets its items (the articles
	// stay); an error wrapping ErrNotFound when there is none.
	RemoveFeed(ctx context.Context, id int64) error
	// FeedItemsSeen returns which of keys the feed has listed before.
	FeedItemsSeen(ctx context.Context, id int64, keys []string) (map[string]bool, error)
	// RecordFeedPoll stores the outcome of one poll in one transaction: the
	// schedule, the health (a failure extends the run of failures, a
	// success ends it), the counters, and p.Items as seen. An error
	// wrapping ErrNotFound when the feed was removed meanwhile.
	RecordFeedPoll(ctx context.Context, id int64, p FeedPoll) error
}

// FeedPoll is the outcome of one poll of a subscribed feed.
type FeedPoll struct {
	At   time.Time
	Next time.Time // when to poll again
	// Err is the failure's message; "" for a success (a 304 included).
	Err string
	// Title is the feed's title when it was read; "" keeps the old one.
	Title string
	// Items are the keys of the items the feed listed, remembered as seen
	// (with At as when); items not listed for ForgetItemsAfter are
	// forgotten.
	Items []string
	// NewItems counts the items not seen before and Added the articles
	// they stored; both are added to the feed's counters.
	NewItems int
	Added    int
}

// ForgetItemsAfter is how long a feed's item is remembered once the feed
// no longer lists it: far longer than any feed keeps an item, so an item
// is not ingested twice, and short enough that the table stays small.
const ForgetItemsAfter = 90 * 24 * time.Hour
