package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// tx is the write side of one transaction. A statement is prepared once
// and reused for every article of the batch, and kept prepared on the
// write connection for the transactions after (DB.keepPrepared).
type tx struct {
	db    *DB
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	fresh []string // the queries it prepared itself (keepPrepared)
	// unindexed is the seq of the first article inserted in this
	// transaction (0: none). Its articles enter the full-text index in one
	// statement at the end: FTS5 flushes its pending terms to disk at every
	// statement savepoint, so indexing article by article, between inserts
	// that open such savepoints, writes one index segment per article and
	// spends most of an ingest merging them.
	unindexed int64
}

// indexText adds the articles inserted in this transaction to the
// full-text index. The writer holds the database's only write lock, so
// every seq from t.unindexed on was inserted by this transaction.
func (t *tx) indexText(ctx context.Context) error {
	if t.unindexed == 0 {
		return nil
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO articles_fts(rowid, title, text)
		SELECT seq, title, text FROM articles WHERE seq >= ?`, t.unindexed); err != nil {
		return fmt.Errorf("store: index articles: %w", err)
	}
	t.unindexed = 0
	return nil
}

// ExecContext, QueryContext and QueryRowContext run a query through the
// statement prepared for it in this transaction: parsing a query again
// for every article of a batch took a sixth of an ingest's CPU.
//
// A statement runs with its context's values but not its cancellation,
// which is checked before each statement instead: the driver watches a
// cancellable context with a goroutine of its own for every statement,
// and a write transaction's statements are short, so a cancelled write
// still stops at its next statement.
func (t *tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(context.WithoutCancel(ctx), args...)
}

func (t *tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(context.WithoutCancel(ctx), args...)
}

func (t *tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := t.stmt(ctx, query)
	if err != nil || ctx.Err() != nil {
		// A Row cannot carry an error from outside; the unprepared query
		// reports the same one.
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(context.WithoutCancel(ctx), args...)
}

// execRows runs one statement for many rows: head, then VALUES with a
// group of cols placeholders for each row of vals, then tail (an INSERT's
// ON CONFLICT clause, or the end of an UPDATE ... FROM (VALUES ...)). One
// statement for an article's rows of a table costs about what one of them
// did alone.
func (t *tx) execRows(ctx context.Context, head, tail string, cols int, vals []any) error {
	const maxRows = 128 // well under SQLite's limit on a statement's variables
	group := "(?" + strings.Repeat(",?", cols-1) + ")"
	for len(vals) > 0 {
		// Rows in powers of two (13 as 8, 4 and 1): a few statement
		// texts, each prepared once (keepPrepared).
		n := 1
		for 2*n <= min(len(vals)/cols, maxRows) {
			n *= 2
		}
		q := head + " VALUES " + group + strings.Repeat(","+group, n-1) + " " + tail
		if _, err := t.ExecContext(ctx, q, vals[:n*cols]...); err != nil {
			return err
		}
		vals = vals[n*cols:]
	}
	return nil
}

// inList returns "(?,?,...)" for args, which must not be empty, padded to
// a power of two by repeating the last (which changes no IN), and the
// padded args: a few statement texts, each prepared once (keepPrepared).
func inList[T any](args []T) (string, []any) {
	n := 1
	for n < len(args) {
		n *= 2
	}
	out := make([]any, n)
	for i := range out {
		out[i] = args[min(i, len(args)-1)]
	}
	return "(?" + strings.Repeat(",?", n-1) + ")", out
}

func (t *tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	var s *sql.Stmt
	if kept := t.db.writeStmt(query); kept != nil {
		s = t.tx.StmtContext(ctx, kept)
	} else {
		var err error
		if s, err = t.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		t.fresh = append(t.fresh, query)
	}
	t.stmts[query] = s
	return s, nil
}

func (t *tx) closeStmts() {
	for _, s := range t.stmts {
		s.Close()
	}
}

// duplicateQuery is two indexed lookups: an OR across the columns would
// make SQLite scan the table, and "url <> ”" is spelled out so the partial
// index applies.
const duplicateQuery = `SELECT id FROM (
		SELECT id, 0 AS pref FROM articles WHERE url = ?1 AND url <> ''
		UNION ALL
		SELECT id, 1 FROM articles WHERE content_hash = ?2)
	ORDER BY pref LIMIT 1`

// candidatesQuery selects the articles sharing any of n band keys.
func candidatesQuery(n int) string {
	// The latest postings of each key (a backward range scan of the
	// clustered index), then the articles that share the most keys.
	var postings strings.Builder
	for i := range n {
		if i > 0 {
			postings.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&postings, "SELECT * FROM (SELECT article_seq FROM article_bands WHERE band = ?%d ORDER BY article_seq DESC LIMIT %d)",
			i+1, store.BandPostings)
	}
	return `SELECT id, copy_of, published, published_offset, published_has_zone, published_source,
			published_reliability, ingested, signature
		FROM articles WHERE seq IN (SELECT article_seq FROM (` + postings.String() + `)
			GROUP BY article_seq ORDER BY count(*) DESC, article_seq DESC LIMIT ` + fmt.Sprint(store.MaxCopyCandidates) + `)
		ORDER BY seq`
}

// bandsQuery inserts n band keys (?2 ... ?n+1) of the article ?1.
func bandsQuery(n int) string {
	var q strings.Builder
	q.WriteString(`INSERT OR IGNORE INTO article_bands(band, article_seq) VALUES `)
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "(?%d, ?1)", i+2)
	}
	return q.String()
}

// Duplicate finds a stored article with the same canonical URL or text.
func (t *tx) Duplicate(ctx context.Context, articleURL, contentHash string) (string, bool, error) {
	s, err := t.stmt(ctx, duplicateQuery)
	if err != nil {
		return "", false, fmt.Errorf("store: find duplicate: %w", err)
	}
	var id string
	err = s.QueryRowContext(ctx, articleURL, contentHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: find duplicate: %w", err)
	}
	return id, true, nil
}

// CopyCandidates returns articles sharing a band key.
func (t *tx) CopyCandidates(ctx context.Context, bands []uint64) ([]store.Candidate, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	args := make([]any, len(bands))
	for i, b := range bands {
		args[i] = int64(b)
	}
	q := candidatesQuery(len(bands))
	s, err := t.stmt(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: copy candidates: %w", err)
	}
	rows, err := s.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("store: copy candidates: %w", err)
	}
	defer rows.Close()
	var out []store.Candidate
	for rows.Next() {
		var c store.Candidate
		var published sql.NullInt64
		var hasZone int
		var source, reliability string
		var ingested int64
		var sig []byte
		if err := rows.Scan(&c.ID, &c.CopyOf, &published, &c.Published.Offset, &hasZone, &source,
			&reliability, &ingested, &sig); err != nil {
			return nil, fmt.Errorf("store: copy candidates: %w", err)
		}
		c.Published = publishedFrom(published, c.Published.Offset, hasZone, source, reliability)
		c.Ingested = nanosUTC(ingested)
		c.Signature = decodeSignature(sig)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Insert stores a new article with its sketch and full-text entry.
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
	var published any
	if a.Published.Known() {
		published = a.Published.Time.UTC().UnixNano()
	}
	reliability := a.Published.Reliability
	if !a.Published.Known() {
		reliability = model.Unknown
	}
	hasZone := 0
	if a.Published.HasZone {
		hasZone = 1
	}
	ins, err := t.stmt(ctx, `INSERT INTO articles (`+articleColumns+`, signature)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store: insert article %q: %w", a.ID, err)
	}
	res, err := ins.ExecContext(ctx, a.ID, a.Origin, a.URL, a.Title, a.Outlet, string(authors), a.Language, a.Text,
		published, a.Published.Offset, hasZone, string(a.Published.Source), string(reliability),
		a.Ingested.UTC().UnixNano(), a.ContentHash, a.CopyOf, a.CopySimilarity, string(removed), string(extra),
		a.Kind, a.Short, encodeSignature(sk.Signature))
	if err != nil {
		return fmt.Errorf("store: insert article %q: %w", a.ID, err)
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("store: insert article %q: %w", a.ID, err)
	}
	if t.unindexed == 0 {
		t.unindexed = seq
	}
	if len(sk.Bands) == 0 {
		return nil
	}
	// One statement for all bands: a round trip per row costs more than
	// the row.
	band, err := t.stmt(ctx, bandsQuery(len(sk.Bands)))
	if err != nil {
		return fmt.Errorf("store: insert sketch of %q: %w", a.ID, err)
	}
	args := make([]any, 0, len(sk.Bands)+1)
	args = append(args, seq)
	for _, b := range sk.Bands {
		args = append(args, int64(b))
	}
	if _, err := band.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("store: insert sketch of %q: %w", a.ID, err)
	}
	return nil
}

// AddSiteLines counts one more page of site for each line key.
func (t *tx) AddSiteLines(ctx context.Context, site string, lines []uint64) error {
	up, err := t.stmt(ctx, `INSERT INTO site_lines (site, line, pages) VALUES (?, ?, 1)
		ON CONFLICT (site, line) DO UPDATE SET pages = pages + 1`)
	if err != nil {
		return fmt.Errorf("store: count lines of %q: %w", site, err)
	}
	for _, l := range lines {
		if _, err := up.ExecContext(ctx, site, int64(l)); err != nil {
			return fmt.Errorf("store: count lines of %q: %w", site, err)
		}
	}
	return nil
}

// SetCopyOf records that id is a copy of copyOf.
func (t *tx) SetCopyOf(ctx context.Context, id, copyOf string, similarity float64) error {
	res, err := t.ExecContext(ctx, `UPDATE articles SET copy_of = ?, copy_similarity = ? WHERE id = ?`, copyOf, similarity, id)
	if err != nil {
		return fmt.Errorf("store: set copy of %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set copy of %q: %w", id, store.ErrNotFound)
	}
	return nil
}

// Reparent moves oldRoot's copy group under newRoot.
func (t *tx) Reparent(ctx context.Context, oldRoot, newRoot string, similarity float64) error {
	if _, err := t.ExecContext(ctx, `UPDATE articles SET copy_of = ? WHERE copy_of = ?`, newRoot, oldRoot); err != nil {
		return fmt.Errorf("store: reparent copies of %q: %w", oldRoot, err)
	}
	return t.SetCopyOf(ctx, oldRoot, newRoot, similarity)
}

// Article reads an article inside the transaction.
func (t *tx) Article(ctx context.Context, id string) (model.Article, error) {
	return articleByID(ctx, t, id)
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
