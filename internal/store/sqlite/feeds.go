package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

const feedColumns = `id, url, title, interval, added, next_poll, last_poll, last_success,
	last_error, last_error_at, failing_since, failures, items_seen, articles_added`

func scanFeed(s scanner) (model.Feed, error) {
	var f model.Feed
	var interval, added, next int64
	var lastPoll, lastSuccess, lastErrorAt, failingSince sql.NullInt64
	err := s.Scan(&f.ID, &f.URL, &f.Title, &interval, &added, &next, &lastPoll, &lastSuccess,
		&f.LastError, &lastErrorAt, &failingSince, &f.Failures, &f.ItemsSeen, &f.ArticlesAdded)
	if err != nil {
		return f, err
	}
	f.Interval = time.Duration(interval)
	f.Added, f.NextPoll = nanosUTC(added), nanosUTC(next)
	f.LastPoll, f.LastSuccess = nullTime(lastPoll), nullTime(lastSuccess)
	f.LastErrorAt, f.FailingSince = nullTime(lastErrorAt), nullTime(failingSince)
	return f, nil
}

func nullTime(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return nanosUTC(n.Int64)
}

// AddFeed subscribes to a feed.
func (db *DB) AddFeed(ctx context.Context, f model.Feed) (model.Feed, error) {
	row := db.w.QueryRowContext(ctx, `INSERT INTO feeds(url, title, interval, added, next_poll) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(url) DO NOTHING RETURNING id`,
		f.URL, f.Title, int64(f.Interval), f.Added.UTC().UnixNano(), f.NextPoll.UTC().UnixNano())
	err := row.Scan(&f.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("store: add feed %s: %w", f.URL, store.ErrExists)
	}
	if err != nil {
		return f, fmt.Errorf("store: add feed %s: %w", f.URL, err)
	}
	return db.Feed(ctx, f.ID)
}

// Feed returns one subscription.
func (db *DB) Feed(ctx context.Context, id int64) (model.Feed, error) {
	f, err := scanFeed(db.r.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("store: feed %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("store: feed %d: %w", id, err)
	}
	return f, nil
}

// Feeds returns every subscription by ID.
func (db *DB) Feeds(ctx context.Context) ([]model.Feed, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list feeds: %w", err)
	}
	defer rows.Close()
	var out []model.Feed
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list feeds: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list feeds: %w", err)
	}
	return out, nil
}

// RemoveFeed ends a subscription; its items go with it (ON DELETE CASCADE).
func (db *DB) RemoveFeed(ctx context.Context, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: remove feed %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: remove feed %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// maxVars keeps an IN list under SQLite's limit on bound variables.
const maxVars = 500

// FeedItemsSeen returns which keys the feed has listed before.
func (db *DB) FeedItemsSeen(ctx context.Context, id int64, keys []string) (map[string]bool, error) {
	seen := map[string]bool{}
	for len(keys) > 0 {
		n := min(len(keys), maxVars)
		args := []any{id}
		for _, k := range keys[:n] {
			args = append(args, k)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT key FROM feed_items WHERE feed_id = ? AND key IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: items seen in feed %d: %w", id, err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: items seen in feed %d: %w", id, err)
			}
			seen[k] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: items seen in feed %d: %w", id, err)
		}
		keys = keys[n:]
	}
	return seen, nil
}

// RecordFeedPoll stores a poll's outcome in one transaction.
func (db *DB) RecordFeedPoll(ctx context.Context, id int64, p store.FeedPoll) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: record poll of feed %d: %w", id, err)
	}
	defer tx.Rollback()
	at := p.At.UTC().UnixNano()
	var res sql.Result
	if p.Err == "" {
		res, err = tx.ExecContext(ctx, `UPDATE feeds SET next_poll = ?, last_poll = ?, last_success = ?,
			failing_since = NULL, failures = 0, title = CASE WHEN ? <> '' THEN ? ELSE title END,
			items_seen = items_seen + ?, articles_added = articles_added + ? WHERE id = ?`,
			p.Next.UTC().UnixNano(), at, at, p.Title, p.Title, p.NewItems, p.Added, id)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE feeds SET next_poll = ?, last_poll = ?, last_error = ?, last_error_at = ?,
			failing_since = COALESCE(failing_since, ?), failures = failures + 1,
			items_seen = items_seen + ?, articles_added = articles_added + ? WHERE id = ?`,
			p.Next.UTC().UnixNano(), at, p.Err, at, at, p.NewItems, p.Added, id)
	}
	if err != nil {
		return fmt.Errorf("store: record poll of feed %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: record poll of feed %d: %w", id, store.ErrNotFound)
	}
	if len(p.Items) > 0 {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO feed_items(feed_id, key, last_seen) VALUES (?, ?, ?)
			ON CONFLICT(feed_id, key) DO UPDATE SET last_seen = excluded.last_seen`)
		if err != nil {
			return fmt.Errorf("store: record items of feed %d: %w", id, err)
		}
		defer stmt.Close()
		for _, k := range p.Items {
			if _, err := stmt.ExecContext(ctx, id, k, at); err != nil {
				return fmt.Errorf("store: record items of feed %d: %w", id, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM feed_items WHERE feed_id = ? AND last_seen < ?`,
			id, p.At.Add(-store.ForgetItemsAfter).UTC().UnixNano()); err != nil {
			return fmt.Errorf("store: forget old items of feed %d: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: record poll of feed %d: %w", id, err)
	}
	return nil
}
