package postgres

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

const articleColumns = `id, origin, url, title, outlet, authors, language, text, published,
	published_offset, published_has_zone, published_source, published_reliability, ingested,
	content_hash, copy_of, copy_similarity, removed, extra, kind, short`

// scanArticle reads the articleColumns of a row, then any extra columns
// that follow them into extra.
func scanArticle(row pgx.Row, extra ...any) (model.Article, error) {
	var a model.Article
	var authors, removed, extraJSON string
	var published *int64
	var source, reliability string
	var ingested int64
	dest := append([]any{&a.ID, &a.Origin, &a.URL, &a.Title, &a.Outlet, &authors, &a.Language, &a.Text,
		&published, &a.Published.Offset, &a.Published.HasZone, &source, &reliability, &ingested,
		&a.ContentHash, &a.CopyOf, &a.CopySimilarity, &removed, &extraJSON, &a.Kind, &a.Short}, extra...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.Published = publishedFrom(published, a.Published.Offset, a.Published.HasZone, source, reliability)
	a.Ingested = nanosUTC(ingested)
	if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
		return a, fmt.Errorf("article %s: authors: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(removed), &a.Removed); err != nil {
		return a, fmt.Errorf("article %s: removed: %w", a.ID, err)
	}
	if extraJSON != "{}" && extraJSON != "" {
		if err := json.Unmarshal([]byte(extraJSON), &a.Extra); err != nil {
			return a, fmt.Errorf("article %s: extra: %w", a.ID, err)
		}
	}
	return a, nil
}

func publishedFrom(t *int64, offset int, hasZone bool, source, reliability string) model.Published {
	p := model.Published{Offset: offset, HasZone: hasZone, Source: model.TimeSource(source),
		Reliability: model.Reliability(reliability)}
	if t != nil {
		p.Time = nanosUTC(*t)
	}
	return p
}

func nanosUTC(n int64) time.Time { return time.Unix(0, n).UTC() }

// nullNanos reads a nullable time column: zero when NULL.
func nullNanos(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return nanosUTC(*n)
}

func encodeSignature(sig []uint32) []byte {
	b := make([]byte, 4*len(sig))
	for i, v := range sig {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}

func decodeSignature(b []byte) []uint32 {
	sig := make([]uint32, len(b)/4)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return sig
}

func prefixed(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// holdsNUL reports whether s holds a NUL byte: PostgreSQL cannot take one
// in text, and no stored text holds one (ingest refuses them), so a
// lookup of such a key finds nothing without asking.
func holdsNUL(s string) bool { return strings.IndexByte(s, 0) >= 0 }

// Article returns one article.
func (db *DB) Article(ctx context.Context, id string) (model.Article, error) {
	if holdsNUL(id) {
		return model.Article{}, fmt.Errorf("store: article %q: %w", id, store.ErrNotFound)
	}
	var a model.Article
	err := db.retry(ctx, func() (err error) {
		a, err = articleByID(ctx, db.pool, id)
		return err
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) && isConnection(err) {
		return a, db.errorf(err, fmt.Sprintf("read article %q", id))
	}
	return a, err
}

func articleByID(ctx context.Context, q querier, id string) (model.Article, error) {
	return articleFrom(q.QueryRow(ctx, articleQuery, id), id)
}

// articleQuery reads the article with the id $1.
const articleQuery = `SELECT ` + articleColumns + ` FROM articles WHERE id = $1`

// articleFrom reads the row of articleQuery.
func articleFrom(row pgx.Row, id string) (model.Article, error) {
	a, err := scanArticle(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return model.Article{}, fmt.Errorf("store: article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("store: read article %q: %w", id, err)
	}
	return a, nil
}

// params numbers a query's parameters as they are added.
type params []any

// add appends v and returns its placeholder.
func (p *params) add(v any) string {
	*p = append(*p, v)
	return fmt.Sprintf("$%d", len(*p))
}

// filterSQL builds the WHERE, ORDER and LIMIT of an article listing (the
// articles' columns unqualified, the table not aliased), adding its values to p.
func (db *DB) filterSQL(ctx context.Context, f store.Filter, p *params) (string, error) {
	var where []string
	if f.Outlet != "" {
		cond, err := db.outletCondition(ctx, f.Outlet, p)
		if err != nil {
			return "", err
		}
		where = append(where, cond)
	}
	if !f.Since.IsZero() {
		where = append(where, "published >= "+p.add(f.Since.UTC().UnixNano()))
	}
	if !f.Until.IsZero() {
		where = append(where, "published < "+p.add(f.Until.UTC().UnixNano()))
	}
	if f.Unassigned {
		where = append(where, "NOT EXISTS (SELECT 1 FROM story_articles u WHERE u.article_seq = articles.seq)")
	}
	q := ""
	if len(where) > 0 {
		q = " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY published IS NULL, published DESC, seq ASC"
	if f.Limit > 0 {
		q += " LIMIT " + p.add(f.Limit)
	}
	return q, nil
}

// outletCondition selects the articles of one outlet identity
// (model.OutletKey): the outlet names stored with that key, and articles
// without a name whose URL's host has it. The names are few (one per
// outlet spelling), so they are read and keyed here.
func (db *DB) outletCondition(ctx context.Context, outlet string, p *params) (string, error) {
	want := model.OutletKey(outlet)
	unknown := strings.EqualFold(strings.TrimSpace(outlet), model.UnknownOutlet)
	switch {
	case unknown:
		want = ""
	case want == "":
		return "false", nil // a name naming nothing ("-") selects nothing
	}
	var names, sites []string
	seen := map[string]bool{}
	err := db.eachOutlet(ctx, func(name, rawURL string) {
		if model.ArticleOutletKey(model.Article{Outlet: name, URL: rawURL}) != want {
			return
		}
		if name != "" {
			names = append(names, strings.ToLower(name))
			return
		}
		// Articles without a name are selected by their site's address,
		// not one by one: a store holds few sites and may hold many
		// addresses.
		if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
			site := likeEscaper.Replace(strings.ToLower(u.Scheme+"://"+u.Host)) + "/%"
			if !seen[site] {
				seen[site] = true
				sites = append(sites, site)
			}
		}
	})
	if err != nil {
		return "", err
	}
	var conds []string
	if len(names) > 0 {
		conds = append(conds, "lower(outlet) = ANY("+p.add(names)+")")
	}
	if len(sites) > 0 {
		conds = append(conds, "(outlet = '' AND url ILIKE ANY("+p.add(sites)+"))")
	}
	if unknown {
		conds = append(conds, "(outlet = '' AND url = '')")
	}
	if len(conds) == 0 {
		return "false", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", nil
}

// likeEscaper escapes the characters LIKE reads as patterns.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// eachOutlet calls fn with every distinct outlet name stored (one of
// each spelling that differs only in case: they are one outlet), and with
// the URL of every article stored without one (its host may name it).
func (db *DB) eachOutlet(ctx context.Context, fn func(name, url string)) error {
	type pair struct{ name, url string }
	var all []pair
	err := db.retry(ctx, func() error {
		all = all[:0]
		rows, err := db.pool.Query(ctx, `SELECT min(outlet), '' FROM articles WHERE outlet <> '' GROUP BY lower(outlet)
			UNION ALL SELECT DISTINCT '', url FROM articles WHERE outlet = '' AND url <> ''`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p pair
			if err := rows.Scan(&p.name, &p.url); err != nil {
				return err
			}
			all = append(all, p)
		}
		return rows.Err()
	})
	if err != nil {
		return db.errorf(err, "list outlets")
	}
	for _, p := range all {
		fn(p.name, p.url)
	}
	return nil
}

// stream runs a read and calls fn with each row. The read is retried on a
// transient failure only until its first row is handed over; an error
// from fn ends it and is returned unchanged.
func (db *DB) stream(ctx context.Context, what, sql string, args []any, fn func(pgx.Rows) error) error {
	var final error
	delivered := false
	err := db.retry(ctx, func() error {
		rows, err := db.pool.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			delivered = true
			if err := fn(rows); err != nil {
				final = err
				return nil
			}
		}
		if err := rows.Err(); err != nil && delivered {
			final = db.errorf(err, what) // rows handed over: not run again
			return nil
		}
		return rows.Err()
	})
	if final != nil {
		return final
	}
	if err != nil {
		return db.errorf(err, what)
	}
	return nil
}

// scanError wraps an error in reading a row of what: stream returns the
// callback's errors as they are, so the callback says what failed.
func scanError(what string, err error) error { return fmt.Errorf("store: %s: %w", what, err) }

// Articles lists articles matching f.
func (db *DB) Articles(ctx context.Context, f store.Filter) ([]model.Article, error) {
	var out []model.Article
	err := db.EachArticle(ctx, f, func(a model.Article) error {
		out = append(out, a)
		return nil
	})
	return out, err
}

// EachArticle streams the articles matching f.
func (db *DB) EachArticle(ctx context.Context, f store.Filter, fn func(model.Article) error) error {
	var p params
	where, err := db.filterSQL(ctx, f, &p)
	if err != nil {
		return err
	}
	return db.eachArticle(ctx, `SELECT `+articleColumns+` FROM articles`+where, p, fn)
}

func (db *DB) eachArticle(ctx context.Context, sql string, args []any, fn func(model.Article) error) error {
	return db.stream(ctx, "list articles", sql, args, func(rows pgx.Rows) error {
		a, err := scanArticle(rows)
		if err != nil {
			return scanError("list articles", err)
		}
		return fn(a)
	})
}

// Copies lists the copies of id, earliest first.
func (db *DB) Copies(ctx context.Context, id string) ([]model.Article, error) {
	var out []model.Article
	if holdsNUL(id) {
		return nil, nil
	}
	err := db.eachArticle(ctx, `SELECT `+articleColumns+` FROM articles WHERE copy_of = $1 AND copy_of <> ''
		ORDER BY published IS NULL, published ASC, seq ASC`, []any{id}, func(a model.Article) error {
		out = append(out, a)
		return nil
	})
	return out, err
}

// Stats counts the store's content.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	var unnamed int
	err := db.retry(ctx, func() error {
		return db.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE copy_of <> ''),
			count(*) FILTER (WHERE outlet = '' AND url = '') FROM articles`).Scan(&s.Articles, &s.Copies, &unnamed)
	})
	if err != nil {
		return s, db.errorf(err, "stats")
	}
	// Outlets by identity (model.OutletKey); the articles nothing names
	// are one unknown outlet.
	keys := map[string]bool{}
	if unnamed > 0 {
		keys[""] = true
	}
	err = db.eachOutlet(ctx, func(name, rawURL string) {
		keys[model.ArticleOutletKey(model.Article{Outlet: name, URL: rawURL})] = true
	})
	if err != nil {
		return s, err
	}
	s.Outlets = len(keys)
	return s, nil
}

// OutletNames returns the outlet names stored with their article counts.
func (db *DB) OutletNames(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := db.stream(ctx, "outlet names", `SELECT min(outlet), count(*) FROM articles WHERE outlet <> '' GROUP BY lower(outlet)
		UNION ALL SELECT url, 1 FROM articles WHERE outlet = '' AND url <> ''`, nil, func(rows pgx.Rows) error {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return scanError("outlet names", err)
		}
		if strings.Contains(name, "://") {
			u, err := url.Parse(name)
			if err != nil || u.Hostname() == "" {
				return nil
			}
			name = strings.ToLower(u.Hostname())
		}
		out[name] += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FeedState returns a feed's validators.
func (db *DB) FeedState(ctx context.Context, feedURL string) (model.FeedState, error) {
	if holdsNUL(feedURL) {
		return model.FeedState{}, nil
	}
	s := model.FeedState{URL: feedURL}
	var checked int64
	err := db.retry(ctx, func() error {
		return db.pool.QueryRow(ctx, `SELECT etag, last_modified, checked_at FROM feed_state WHERE url = $1`, feedURL).
			Scan(&s.ETag, &s.LastModified, &checked)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return model.FeedState{}, nil
	}
	if err != nil {
		return s, db.errorf(err, "feed state of "+feedURL)
	}
	s.CheckedAt = nanosUTC(checked)
	return s, nil
}

// PutFeedState stores a feed's validators.
func (db *DB) PutFeedState(ctx context.Context, s model.FeedState) error {
	checked := s.CheckedAt
	if checked.IsZero() {
		checked = time.Now()
	}
	err := db.retry(ctx, func() error {
		_, err := db.pool.Exec(ctx, `INSERT INTO feed_state (url, etag, last_modified, checked_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, checked_at = excluded.checked_at`,
			s.URL, s.ETag, s.LastModified, checked.UTC().UnixNano())
		return err
	})
	if err != nil {
		return db.errorf(err, "save feed state of "+s.URL)
	}
	return nil
}

// SiteLines returns the line keys that at least minPages page copies of
// each site carry.
func (db *DB) SiteLines(ctx context.Context, minPages int) (map[string]map[uint64]bool, error) {
	out := map[string]map[uint64]bool{}
	err := db.stream(ctx, "read site lines", `SELECT site, line FROM site_lines WHERE pages >= $1`, []any{minPages}, func(rows pgx.Rows) error {
		var site string
		var line int64
		if err := rows.Scan(&site, &line); err != nil {
			return scanError("read site lines", err)
		}
		if out[site] == nil {
			out[site] = map[uint64]bool{}
		}
		out[site][uint64(line)] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
