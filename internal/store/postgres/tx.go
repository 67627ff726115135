package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// tx is the write side of one transaction.
//
// Statements whose results the caller does not need (an insert, a
// counter raised) are queued (exec) and sent together, in order, before
// the next read and at commit: each costs a round trip to the server
// otherwise, and an ingest makes dozens per article. An error of a queued
// statement surfaces from the read or commit that sends it, naming what
// the statement was for; the transaction is lost either way.
type tx struct {
	tx      pgx.Tx
	pending pgx.Batch
	what    []string // what each queued statement does, for errors
	// assignLocked is set once the transaction holds the lock that orders
	// assignments (Assign).
	assignLocked bool
	// err is the error of queued statements sent when the queue was full,
	// returned by every read and the commit after it.
	err error
	// keys are the lookup keys this transaction knows entities hold (read
	// with them as candidates, or added): resolving an article adds each
	// entity's keys again, and most are there already.
	keys map[int64]map[string]bool
}

// maxQueued is how many statements wait at most: past it they are sent
// (a transaction that only writes, such as a long run of links, would
// otherwise hold them all in memory until commit).
const maxQueued = 512

// exec queues a statement; what says what it does, for an error. When the
// queue is full it is sent, and an error in it is kept for the next read
// or the commit to return.
func (t *tx) exec(ctx context.Context, what, sql string, args ...any) {
	if t.err != nil {
		return
	}
	t.pending.Queue(sql, args...)
	t.what = append(t.what, what)
	if len(t.what) >= maxQueued {
		t.err = t.flush(ctx)
	}
}

// flush sends the queued statements.
func (t *tx) flush(ctx context.Context) error {
	if len(t.what) == 0 {
		return t.err
	}
	br, err := t.send(ctx, "")
	if err != nil {
		return err
	}
	return br.Close()
}

// send sends the queued statements, then sql when it is not "", in one
// round trip, and reads the queued statements' results: the caller reads
// sql's from br, and closes br.
func (t *tx) send(ctx context.Context, sql string, args ...any) (pgx.BatchResults, error) {
	if t.err != nil {
		return nil, t.err
	}
	b, what := t.pending, t.what
	t.pending, t.what = pgx.Batch{}, nil
	if sql != "" {
		b.Queue(sql, args...)
	}
	br := t.tx.SendBatch(ctx, &b)
	for _, w := range what {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, fmt.Errorf("store: %s: %w", w, err)
		}
	}
	return br, nil
}

// query runs a read after the queued statements, so that it sees them,
// in the same round trip.
func (t *tx) query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if len(t.what) == 0 && t.err == nil {
		return t.tx.Query(ctx, sql, args...)
	}
	br, err := t.send(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return batchRows{rows, br}, nil
}

// queryRow is query for one row.
func (t *tx) queryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if len(t.what) == 0 && t.err == nil {
		return t.tx.QueryRow(ctx, sql, args...)
	}
	br, err := t.send(ctx, sql, args...)
	if err != nil {
		return errRow{err}
	}
	return batchRow{br.QueryRow(), br}
}

// execNow runs a statement after the queued ones, for the caller that
// needs to know what it changed.
func (t *tx) execNow(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if len(t.what) == 0 && t.err == nil {
		return t.tx.Exec(ctx, sql, args...)
	}
	br, err := t.send(ctx, sql, args...)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

// batchRows are the rows of a batch's last statement; closing them ends
// the batch, which holds the connection until then.
type batchRows struct {
	pgx.Rows
	br pgx.BatchResults
}

func (r batchRows) Close() {
	r.Rows.Close()
	r.br.Close()
}

// batchRow is the row of a batch's last statement.
type batchRow struct {
	row pgx.Row
	br  pgx.BatchResults
}

func (r batchRow) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if cerr := r.br.Close(); err == nil {
		err = cerr
	}
	return err
}

// errRow is a row that failed before its query ran.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// duplicateQuery is two indexed lookups, the URL's first; $3 is false
// when the hash is not to be looked up.
const duplicateQuery = `SELECT id FROM (
		SELECT id, 0 AS pref FROM articles WHERE url = $1 AND url <> ''
		UNION ALL
		SELECT id, 1 FROM articles WHERE content_hash = $2 AND $3::boolean) d
	ORDER BY pref LIMIT 1`

// Duplicate finds a stored article with the same canonical URL or text.
func (t *tx) Duplicate(ctx context.Context, articleURL, contentHash string) (string, bool, error) {
	// A key holding a NUL byte (see holdsNUL) finds nothing.
	byHash := !holdsNUL(contentHash)
	if !byHash {
		contentHash = ""
	}
	if holdsNUL(articleURL) {
		articleURL = ""
	}
	var id string
	err := t.queryRow(ctx, duplicateQuery, articleURL, contentHash, byHash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: find duplicate: %w", err)
	}
	return id, true, nil
}

// candidatesQuery takes the latest BandPostings articles under each band
// key (a backward range scan of the primary key), then the articles
// sharing the most keys.
var candidatesQuery = fmt.Sprintf(`SELECT id, copy_of, published, published_offset, published_has_zone,
		published_source, published_reliability, ingested, signature
	FROM articles WHERE seq IN (
		SELECT p.article_seq FROM unnest($1::bigint[]) AS k(band)
		CROSS JOIN LATERAL (SELECT article_seq FROM article_bands WHERE band = k.band
			ORDER BY article_seq DESC LIMIT %d) p
		GROUP BY p.article_seq ORDER BY count(*) DESC, p.article_seq DESC LIMIT %d)
	ORDER BY seq`, store.BandPostings, store.MaxCopyCandidates)

// CopyCandidates returns articles sharing a band key.
func (t *tx) CopyCandidates(ctx context.Context, bands []uint64) ([]store.Candidate, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	rows, err := t.query(ctx, candidatesQuery, int64s(bands))
	if err != nil {
		return nil, fmt.Errorf("store: copy candidates: %w", err)
	}
	defer rows.Close()
	var out []store.Candidate
	for rows.Next() {
		var c store.Candidate
		var published *int64
		var source, reliability string
		var ingested int64
		var sig []byte
		if err := rows.Scan(&c.ID, &c.CopyOf, &published, &c.Published.Offset, &c.Published.HasZone, &source,
			&reliability, &ingested, &sig); err != nil {
			return nil, fmt.Errorf("store: copy candidates: %w", err)
		}
		c.Published = publishedFrom(published, c.Published.Offset, c.Published.HasZone, source, reliability)
		c.Ingested = nanosUTC(ingested)
		c.Signature = decodeSignature(sig)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: copy candidates: %w", err)
	}
	return out, nil
}

// maxIndexedText is how much of a text, in bytes, the search document
// holds: a tsvector is at most 1 MB, and a text of many megabytes (a book
// pasted whole) would not fit. Articles are far shorter.
const maxIndexedText = 500_000

// indexedText is the part of a text the search document holds, as
// searchText gives it.
func indexedText(text string) string {
	s := searchText(text)
	if len(s) <= maxIndexedText {
		return s
	}
	cut := strings.LastIndexByte(s[:maxIndexedText], ' ')
	return s[:max(cut, 0)]
}

// rootOf16 is the original of the copy group of the article $16 names
// (itself when it is an original, or not stored). A writer picks a copy's
// original from what it read; when another writer has since made that
// original a copy (Reparent), the copy goes to the group's new original,
// not to a copy of it.
const rootOf16 = `COALESCE((SELECT NULLIF(copy_of, '') FROM articles WHERE id = $16), $16)`

// insertQuery stores an article, its search document and its band keys in
// one statement.
const insertQuery = `WITH a AS (
		INSERT INTO articles (` + articleColumns + `, signature, search)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, ` + rootOf16 + `, $17, $18, $19, $20, $21, $22,
			setweight(to_tsvector('storywire', $23), 'A') || setweight(to_tsvector('storywire', $24), 'B'))
		RETURNING seq)
	INSERT INTO article_bands (band, article_seq)
	SELECT DISTINCT b, a.seq FROM a, unnest($25::bigint[]) AS b`

// Insert stores a new article with its sketch and search document.
func (t *tx) Insert(ctx context.Context, a model.Article, sk model.Sketch) error {
	authors, err := json.Marshal(nonNil(a.Authors))
	if err != nil {
		return fmt.Errorf("store: insert article %q: %w", a.ID, err)
	}
	removed, err := json.Marshal(nonNilRemovals(a.Removed))
	if err != nil {
		return fmt.Errorf("store: insert article %q: %w", a.ID, err)
	}
	extra := []byte("{}")
	if len(a.Extra) > 0 {
		if extra, err = json.Marshal(a.Extra); err != nil {
			return fmt.Errorf("store: insert article %q: extra: %w", a.ID, err)
		}
	}
	var published *int64
	reliability := a.Published.Reliability
	if a.Published.Known() {
		n := a.Published.Time.UTC().UnixNano()
		published = &n
	} else {
		reliability = model.Unknown
	}
	if a.CopyOf != "" {
		// Locked, the original cannot become a copy (Reparent) until this
		// transaction ends; if it became one before, rootOf16 sees it.
		t.exec(ctx, fmt.Sprintf("insert article %q: lock its original", a.ID), `SELECT 1 FROM articles WHERE id = $1 FOR SHARE`, a.CopyOf)
	}
	t.exec(ctx, fmt.Sprintf("insert article %q", a.ID), insertQuery,
		a.ID, a.Origin, a.URL, a.Title, a.Outlet, string(authors), a.Language, a.Text,
		published, a.Published.Offset, a.Published.HasZone, string(a.Published.Source), string(reliability),
		a.Ingested.UTC().UnixNano(), a.ContentHash, a.CopyOf, a.CopySimilarity, string(removed), string(extra),
		a.Kind, a.Short, encodeSignature(sk.Signature),
		searchText(a.Title), indexedText(a.Text), int64s(sk.Bands))
	return nil
}

// AddSiteLines counts one more page of site for each line key.
func (t *tx) AddSiteLines(ctx context.Context, site string, lines []uint64) error {
	if len(lines) == 0 {
		return nil
	}
	// DISTINCT: one statement cannot update a row twice, and a page that
	// carries a line twice is one page.
	t.exec(ctx, fmt.Sprintf("count lines of %q", site), `INSERT INTO site_lines (site, line, pages)
		SELECT $1, l, 1 FROM (SELECT DISTINCT unnest($2::bigint[]) AS l) d
		ON CONFLICT (site, line) DO UPDATE SET pages = site_lines.pages + 1`, site, int64s(lines))
	return nil
}

// SetCopyOf records that id is a copy of copyOf. As for Insert, the
// original is locked first and a copy of a copy goes to its original.
func (t *tx) SetCopyOf(ctx context.Context, id, copyOf string, similarity float64) error {
	if copyOf != "" {
		t.exec(ctx, fmt.Sprintf("set copy of %q", id), `SELECT 1 FROM articles WHERE id = $1 FOR SHARE`, copyOf)
	}
	tag, err := t.execNow(ctx, `UPDATE articles SET copy_of = `+strings.ReplaceAll(rootOf16, "$16", "$1")+`,
		copy_similarity = $2 WHERE id = $3`, copyOf, similarity, id)
	if err != nil {
		return fmt.Errorf("store: set copy of %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: set copy of %q: %w", id, store.ErrNotFound)
	}
	return nil
}

// Reparent moves oldRoot's copy group under newRoot. The old original is
// locked first, so copies being linked to it by other writers are either
// committed (and moved here) or wait and see it as a copy.
func (t *tx) Reparent(ctx context.Context, oldRoot, newRoot string, similarity float64) error {
	t.exec(ctx, fmt.Sprintf("reparent copies of %q", oldRoot), `SELECT 1 FROM articles WHERE id = $1 FOR UPDATE`, oldRoot)
	t.exec(ctx, fmt.Sprintf("reparent copies of %q", oldRoot), `UPDATE articles SET copy_of = $1 WHERE copy_of = $2`, newRoot, oldRoot)
	return t.SetCopyOf(ctx, oldRoot, newRoot, similarity)
}

// Article reads an article inside the transaction.
func (t *tx) Article(ctx context.Context, id string) (model.Article, error) {
	if holdsNUL(id) {
		return model.Article{}, fmt.Errorf("store: article %q: %w", id, store.ErrNotFound)
	}
	return articleFrom(t.queryRow(ctx, articleQuery, id), id)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilRemovals(r []model.Removal) []model.Removal {
	if r == nil {
		return []model.Removal{}
	}
	return r
}

// int64s gives uint64 keys as the int64 bit patterns stored.
func int64s(keys []uint64) []int64 {
	out := make([]int64, len(keys))
	for i, k := range keys {
		out[i] = int64(k)
	}
	return out
}
