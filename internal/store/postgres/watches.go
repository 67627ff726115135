package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// AddWatch stores a watch.
func (t *tx) AddWatch(ctx context.Context, w model.Watch) (int64, error) {
	created := w.Created
	if created.IsZero() {
		created = time.Now()
	}
	var id int64
	if err := t.queryRow(ctx, `INSERT INTO watches (query, entity, min_outlets, webhook, created) VALUES ($1, $2, $3, $4, $5)
		RETURNING id`, w.Query, w.Entity, w.MinOutlets, w.Webhook, created.UTC().UnixNano()).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: add watch: %w", err)
	}
	return id, nil
}

// RemoveWatch deletes a watch; its hits and deliveries go with it.
func (t *tx) RemoveWatch(ctx context.Context, id int64) error {
	tag, err := t.execNow(ctx, `DELETE FROM watches WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: remove watch %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: remove watch %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// SetWatchHit remembers what a watch has sent about a story.
func (t *tx) SetWatchHit(ctx context.Context, watch, story int64, outlets int) error {
	t.exec(ctx, fmt.Sprintf("watch %d, story %d", watch, story), `INSERT INTO watch_hits (watch_id, story_id, outlets) VALUES ($1, $2, $3)
		ON CONFLICT (watch_id, story_id) DO UPDATE SET outlets = excluded.outlets`, watch, story, outlets)
	return nil
}

// AddDelivery logs one attempt to send a watch's message.
func (t *tx) AddDelivery(ctx context.Context, d model.Delivery) error {
	t.exec(ctx, fmt.Sprintf("log a delivery of watch %d", d.Watch), `INSERT INTO watch_deliveries
		(watch_id, story_id, event, at, attempt, status, error, delivered) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		d.Watch, d.Story, string(d.Event), d.At.UTC().UnixNano(), d.Attempt, d.Status, d.Error, d.Delivered)
	return nil
}

// Watches lists the watches, oldest first.
func (db *DB) Watches(ctx context.Context) ([]model.Watch, error) {
	var out []model.Watch
	err := db.stream(ctx, "list watches", `SELECT id, query, entity, min_outlets, webhook, created FROM watches ORDER BY id`, nil,
		func(rows pgx.Rows) error {
			var w model.Watch
			var created int64
			if err := rows.Scan(&w.ID, &w.Query, &w.Entity, &w.MinOutlets, &w.Webhook, &created); err != nil {
				return scanError("list watches", err)
			}
			w.Created = nanosUTC(created)
			out = append(out, w)
			return nil
		})
	return out, err
}

// WatchHits returns the outlets each story had when the watch last sent.
func (db *DB) WatchHits(ctx context.Context, watch int64) (map[int64]int, error) {
	what := fmt.Sprintf("hits of watch %d", watch)
	out := map[int64]int{}
	err := db.stream(ctx, what, `SELECT story_id, outlets FROM watch_hits WHERE watch_id = $1`, []any{watch},
		func(rows pgx.Rows) error {
			var story int64
			var outlets int
			if err := rows.Scan(&story, &outlets); err != nil {
				return scanError(what, err)
			}
			out[story] = outlets
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Deliveries returns a watch's latest delivery attempts, newest first.
func (db *DB) Deliveries(ctx context.Context, watch int64, limit int) ([]model.Delivery, error) {
	var p params
	q := `SELECT watch_id, story_id, event, at, attempt, status, error, delivered FROM watch_deliveries
		WHERE watch_id = ` + p.add(watch) + ` ORDER BY seq DESC`
	if limit > 0 {
		q += ` LIMIT ` + p.add(limit)
	}
	what := fmt.Sprintf("deliveries of watch %d", watch)
	var out []model.Delivery
	err := db.stream(ctx, what, q, p, func(rows pgx.Rows) error {
		var d model.Delivery
		var event string
		var at int64
		if err := rows.Scan(&d.Watch, &d.Story, &event, &at, &d.Attempt, &d.Status, &d.Error, &d.Delivered); err != nil {
			return scanError(what, err)
		}
		d.Event, d.At = model.WatchEvent(event), nanosUTC(at)
		out = append(out, d)
		return nil
	})
	return out, err
}
