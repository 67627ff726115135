package store

import (
	"context"

	"github.com/storywire/storywire/internal/model"
)

// WatchTx is the watch side of a write transaction.
type WatchTx interface {
	// AddWatch stores a watch and returns its id (w.ID is ignored).
	AddWatch(ctx context.Context, w model.Watch) (int64, error)
	// RemoveWatch deletes a watch with what it has sent; ErrNotFound
	// wrapped when there is none.
	RemoveWatch(ctx context.Context, id int64) error
	// SetWatchHit remembers that a watch's message for story was sent when
	// the story had outlets outlets.
	SetWatchHit(ctx context.Context, watch, story int64, outlets int) error
	// AddDelivery logs one attempt to send a watch's message.
	AddDelivery(ctx context.Context, d model.Delivery) error
}

// WatchReader is the watch side of the read API.
type WatchReader interface {
	// Watches lists the watches, oldest first.
	Watches(ctx context.Context) ([]model.Watch, error)
	// WatchHits returns, for each story a watch has sent a message about,
	// the story's outlets at the time.
	WatchHits(ctx context.Context, watch int64) (map[int64]int, error)
	// Deliveries returns a watch's latest delivery attempts, newest first
	// (at most limit; all when limit is 0).
	Deliveries(ctx context.Context, watch int64, limit int) ([]model.Delivery, error)
}
