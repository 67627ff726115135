package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/watch"
)

// WatchOptions configure how watch messages are sent.
type WatchOptions struct {
	AllowPrivate bool // allow webhooks on loopback, private and link-local addresses
	// Attempts and Backoff: tries per message and the first wait between
	// them (doubled after each); 4 and 1 s when zero.
	Attempts int
	Backoff  time.Duration
	// Later, when set, takes an ingest's stored articles instead of the
	// ingest checking their watches itself (and waiting for the
	// webhooks): a server's WatchQueue.Add.
	Later func(articles []string)
}

// AddWatch stores a watch and returns it with its id; one that asks
// nothing is an ErrInvalid error.
func (a *App) AddWatch(ctx context.Context, w model.Watch) (model.Watch, error) {
	if err := watch.Validate(w); err != nil {
		return model.Watch{}, invalidf("%w", err)
	}
	w.Created = time.Now().UTC()
	err := a.st.Write(ctx, func(tx store.Tx) error {
		id, err := tx.AddWatch(ctx, w)
		w.ID = id
		return err
	})
	return w, err
}

// Watches lists the watches, oldest first.
func (a *App) Watches(ctx context.Context) ([]model.Watch, error) { return a.st.Watches(ctx) }

// RemoveWatch deletes a watch; an unknown id is an ErrNotFound error.
func (a *App) RemoveWatch(ctx context.Context, id int64) error {
	err := a.st.Write(ctx, func(tx store.Tx) error { return tx.RemoveWatch(ctx, id) })
	if errors.Is(err, store.ErrNotFound) {
		return notFoundf("no watch %d: list them with storywire watch list: %w", id, err)
	}
	return err
}

// Deliveries returns a watch's latest delivery attempts, newest first (at
// most limit, all when 0); an unknown id is an ErrNotFound error.
func (a *App) Deliveries(ctx context.Context, id int64, limit int) ([]model.Delivery, error) {
	ws, err := a.st.Watches(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(ws, func(w model.Watch) bool { return w.ID == id }) {
		return nil, notFoundf("no watch %d: list them with storywire watch list", id)
	}
	return a.st.Deliveries(ctx, id, limit)
}

// CheckWatches sends the messages the stories of the given articles call
// for: a story that now matches a watch for the first time, or a matching
// story that more outlets report than when its last message went. Each
// attempt is logged; a message that cannot be delivered is not sent again
// for the same state of the story. It returns the messages delivered.
func (a *App) CheckWatches(ctx context.Context, articles []string, o WatchOptions) (int, error) {
	ws, err := a.st.Watches(ctx)
	if err != nil || len(ws) == 0 || len(articles) == 0 {
		return 0, err
	}
	ids, _, err := a.storiesOf(ctx, articles)
	if err != nil {
		return 0, err
	}
	dir, _, err := a.directory(ctx)
	if err != nil {
		return 0, err
	}
	sender := watch.Sender{
		Client:   fetch.New(fetch.Options{AllowPrivate: o.AllowPrivate, Timeout: 10 * time.Second}),
		Attempts: o.Attempts,
		Backoff:  o.Backoff,
	}
	delivered := 0
	// Each story is read once, whatever the number of watches.
	touched := make([]watch.Story, len(ids))
	for i, id := range ids {
		if touched[i], err = a.watchStory(ctx, dir, id); err != nil {
			return delivered, err
		}
	}
	for _, w := range ws {
		hits, err := a.st.WatchHits(ctx, w.ID)
		if err != nil {
			return delivered, err
		}
		for i, id := range ids {
			s := touched[i]
			last, sent := hits[id]
			ev, fire := watch.Event(w, s, last, sent)
			if !fire {
				continue
			}
			body, err := json.Marshal(watch.Message{Watch: w, Event: ev, Story: s})
			if err != nil {
				return delivered, err
			}
			var log []model.Delivery
			ok := sender.Send(ctx, w.Webhook, body, func(attempt, status int, err error) {
				d := model.Delivery{Watch: w.ID, Story: id, Event: ev, At: time.Now().UTC(), Attempt: attempt, Status: status, Delivered: err == nil}
				if err != nil {
					d.Error = err.Error()
				}
				log = append(log, d)
			})
			if ok {
				delivered++
			}
			err = a.st.Write(context.WithoutCancel(ctx), func(tx store.Tx) error {
				for _, d := range log {
					if err := tx.AddDelivery(ctx, d); err != nil {
						return err
					}
				}
				return tx.SetWatchHit(ctx, w.ID, id, s.Outlets)
			})
			if err != nil {
				return delivered, err
			}
		}
	}
	return delivered, nil
}

// watchStory is a story as watches see it.
func (a *App) watchStory(ctx context.Context, dir model.OutletDirectory, id int64) (watch.Story, error) {
	v, err := a.storyView(ctx, dir, id, nil)
	if err != nil {
		return watch.Story{}, err
	}
	s := watch.Story{ID: id, Title: v.Title, Articles: len(v.Articles), Outlets: len(v.Outlets)}
	for i, line := range v.Summary {
		if i > 0 {
			s.Summary += " "
		}
		s.Summary += line
	}
	for _, e := range v.Entities {
		s.Entities = append(s.Entities, e.Name)
	}
	if v.FirstSeen != nil {
		s.FirstSeen, _ = time.Parse(time.RFC3339, *v.FirstSeen)
	}
	if v.LastSeen != nil {
		s.LastSeen, _ = time.Parse(time.RFC3339, *v.LastSeen)
	}
	return s, nil
}
