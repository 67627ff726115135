package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

const feedColumns = `id, url, title, interval, added, next_poll, last_poll, last_success,
	last_error, last_error_at, failing_since, failures, items_seen, articles_added`

func scanFeed(row pgx.Row) (model.Feed, error) {
	var f model.Feed
	var interval, added, next int64
	var lastPoll, lastSuccess, lastErrorAt, failingSince *int64
	err := row.Scan(&f.ID, &f.URL, &f.Title, &interval, &added, &next, &lastPoll, &lastSuccess,
		&f.LastError, &lastErrorAt, &failingSince, &f.Failures, &f.ItemsSeen, &f.ArticlesAdded)
	if err != nil {
		return f, err
	}
	f.Interval = time.Duration(interval)
	f.Added, f.NextPoll = nanosUTC(added), nanosUTC(next)
	f.LastPoll, f.LastSuccess = nullNanos(lastPoll), nullNanos(lastSuccess)
	f.LastErrorAt, f.FailingSince = nullNanos(lastErrorAt), nullNanos(failingSince)
	return f, nil
}

// AddFeed subscribes to a feed.
func (db *DB) AddFeed(ctx context.Context, f model.Feed) (model.Feed, error) {
	err := db.retryWrite(ctx, func() error {
		return db.pool.QueryRow(ctx, `INSERT INTO feeds (url, title, interval, added, next_poll) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (url) DO NOTHING RETURNING id`,
			f.URL, f.Title, int64(f.Interval), f.Added.UTC().UnixNano(), f.NextPoll.UTC().UnixNano()).Scan(&f.ID)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("store: add feed %s: %w", f.URL, store.ErrExists)
	}
	if err != nil {
		return f, db.errorf(err, "add feed "+f.URL)
	}
	return db.Feed(ctx, f.ID)
}

// Feed returns one subscription.
func (db *DB) Feed(ctx context.Context, id int64) (model.Feed, error) {
	var f model.Feed
	err := db.retry(ctx, func() (err error) {
		f, err = scanFeed(db.pool.QueryRow(ctx, `SELECT `+feedColumns+` FROM feeds WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("store: feed %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, db.errorf(err, fmt.Sprintf("feed %d", id))
	}
	return f, nil
}

// Feeds returns every subscription by ID.
func (db *DB) Feeds(ctx context.Context) ([]model.Feed, error) {
	var out []model.Feed
	err := db.stream(ctx, "list feeds", `SELECT `+feedColumns+` FROM feeds ORDER BY id`, nil, func(rows pgx.Rows) error {
		f, err := scanFeed(rows)
		if err != nil {
			return scanError("list feeds", err)
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// RemoveFeed ends a subscription; its items go with it (ON DELETE CASCADE).
func (db *DB) RemoveFeed(ctx context.Context, id int64) error {
	var n int64
	err := db.retryWrite(ctx, func() error {
		tag, err := db.pool.Exec(ctx, `DELETE FROM feeds WHERE id = $1`, id)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return db.errorf(err, fmt.Sprintf("remove feed %d", id))
	}
	if n == 0 {
		return fmt.Errorf("store: remove feed %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// FeedItemsSeen returns which keys the feed has listed before.
func (db *DB) FeedItemsSeen(ctx context.Context, id int64, keys []string) (map[string]bool, error) {
	seen := map[string]bool{}
	what := fmt.Sprintf("items seen in feed %d", id)
	err := db.stream(ctx, what, `SELECT key FROM feed_items WHERE feed_id = $1 AND key = ANY($2)`, []any{id, keys},
		func(rows pgx.Rows) error {
			var k string
			if err := rows.Scan(&k); err != nil {
				return scanError(what, err)
			}
			seen[k] = true
			return nil
		})
	if err != nil {
		return nil, err
	}
	return seen, nil
}

// RecordFeedPoll stores a poll's outcome in one transaction.
func (db *DB) RecordFeedPoll(ctx context.Context, id int64, p store.FeedPoll) error {
	at := p.At.UTC().UnixNano()
	// A failure extends the run of failures, a success ends it.
	update := `UPDATE feeds SET next_poll = $1, last_poll = $2, last_success = $2,
		failing_since = NULL, failures = 0, title = CASE WHEN $3 <> '' THEN $3 ELSE title END,
		items_seen = items_seen + $4, articles_added = articles_added + $5 WHERE id = $6`
	text := p.Title
	if p.Err != "" {
		update = `UPDATE feeds SET next_poll = $1, last_poll = $2, last_error = $3, last_error_at = $2,
			failing_since = coalesce(failing_since, $2), failures = failures + 1,
			items_seen = items_seen + $4, articles_added = articles_added + $5 WHERE id = $6`
		text = p.Err
	}
	return db.inTx(ctx, fmt.Sprintf("record poll of feed %d", id), func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, update, p.Next.UTC().UnixNano(), at, text, p.NewItems, p.Added, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: record poll of feed %d: %w", id, store.ErrNotFound)
		}
		if len(p.Items) == 0 {
			return nil
		}
		// DISTINCT: one statement cannot update a row twice.
		if _, err := tx.Exec(ctx, `INSERT INTO feed_items (feed_id, key, last_seen)
			SELECT $1, k, $3 FROM (SELECT DISTINCT unnest($2::text[]) AS k) d
			ON CONFLICT (feed_id, key) DO UPDATE SET last_seen = excluded.last_seen`, id, p.Items, at); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM feed_items WHERE feed_id = $1 AND last_seen < $2`,
			id, p.At.Add(-store.ForgetItemsAfter).UTC().UnixNano())
		return err
	})
}
