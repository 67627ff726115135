package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// AddWatch stores a watch.
func (t *tx) AddWatch(ctx context.Context, w model.Watch) (int64, error) {
	created := w.Created
	if created.IsZero() {
		created = time.Now()
	}
	res, err := t.ExecContext(ctx, `INSERT INTO watches(query, entity, min_outlets, webhook, created) VALUES (?, ?, ?, ?, ?)`,
		w.Query, w.Entity, w.MinOutlets, w.Webhook, created.UTC().UnixNano())
	if err != nil {
		return 0, fmt.Errorf("store: add watch: %w", err)
	}
	return res.LastInsertId()
}

// RemoveWatch deletes a watch; its hits and deliveries go with it.
func (t *tx) RemoveWatch(ctx context.Context, id int64) error {
	res, err := t.ExecContext(ctx, `DELETE FROM watches WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: remove watch %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: remove watch %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// SetWatchHit remembers what a watch has sent about a story.
func (t *tx) SetWatchHit(ctx context.Context, watch, story int64, outlets int) error {
	_, err := t.ExecContext(ctx, `INSERT INTO watch_hits(watch_id, story_id, outlets) VALUES (?, ?, ?)
		ON CONFLICT(watch_id, story_id) DO UPDATE SET outlets = excluded.outlets`, watch, story, outlets)
	if err != nil {
		return fmt.Errorf("store: watch %d, story %d: %w", watch, story, err)
	}
	return nil
}

// AddDelivery logs one attempt to send a watch's message.
func (t *tx) AddDelivery(ctx context.Context, d model.Delivery) error {
	_, err := t.ExecContext(ctx, `INSERT INTO watch_deliveries(watch_id, story_id, event, at, attempt, status, error, delivered)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.Watch, d.Story, d.Event, d.At.UTC().UnixNano(), d.Attempt, d.Status, d.Error, d.Delivered)
	if err != nil {
		return fmt.Errorf("store: log a delivery of watch %d: %w", d.Watch, err)
	}
	return nil
}

// Watches lists the watches, oldest first.
func (db *DB) Watches(ctx context.Context) ([]model.Watch, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, query, entity, min_outlets, webhook, created FROM watches ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list watches: %w", err)
	}
	defer rows.Close()
	var out []model.Watch
	for rows.Next() {
		var w model.Watch
		var created int64
		if err := rows.Scan(&w.ID, &w.Query, &w.Entity, &w.MinOutlets, &w.Webhook, &created); err != nil {
			return nil, fmt.Errorf("store: list watches: %w", err)
		}
		w.Created = nanosUTC(created)
		out = append(out, w)
	}
	return out, rows.Err()
}

// WatchHits returns the outlets each story had when the watch last sent.
func (db *DB) WatchHits(ctx context.Context, watch int64) (map[int64]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT story_id, outlets FROM watch_hits WHERE watch_id = ?`, watch)
	if err != nil {
		return nil, fmt.Errorf("store: hits of watch %d: %w", watch, err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var story int64
		var outlets int
		if err := rows.Scan(&story, &outlets); err != nil {
			return nil, fmt.Errorf("store: hits of watch %d: %w", watch, err)
		}
		out[story] = outlets
	}
	return out, rows.Err()
}

// Deliveries returns a watch's latest delivery attempts, newest first.
func (db *DB) Deliveries(ctx context.Context, watch int64, limit int) ([]model.Delivery, error) {
	q := `SELECT watch_id, story_id, event, at, attempt, status, error, delivered FROM watch_deliveries
		WHERE watch_id = ? ORDER BY seq DESC`
	args := []any{watch}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries of watch %d: %w", watch, err)
	}
	defer rows.Close()
	var out []model.Delivery
	for rows.Next() {
		var d model.Delivery
		var at int64
		if err := rows.Scan(&d.Watch, &d.Story, &d.Event, &at, &d.Attempt, &d.Status, &d.Error, &d.Delivered); err != nil {
			return nil, fmt.Errorf("store: deliveries of watch %d: %w", watch, err)
		}
		d.At = nanosUTC(at)
		out = append(out, d)
	}
	return out, rows.Err()
}
