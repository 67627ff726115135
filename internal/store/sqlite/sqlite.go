// Package sqlite is Storywire's default store: one embedded SQLite file
// (modernc.org/sqlite, pure Go) in WAL mode, with numbered migrations
// embedded in the binary and an FTS5 index over titles and texts.
//
// Writes go through one connection, so transactions never contend; reads
// use a small pool of their own and, thanks to WAL, see the last committed
// state while a write is under way.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// DB is a Store on an SQLite file.
type DB struct {
	w *sql.DB // one connection: all writes
	r *sql.DB // reads

	// stmts are the reads prepared once (see query): the ones a server
	// runs for every story it shows.
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	// wstmts are the writes prepared on the write connection for good:
	// a transaction takes them over (Tx.StmtContext) instead of preparing
	// its statements again, which took 4% of an ingest's CPU with small
	// batches. Guarded by mu.
	wstmts map[string]*sql.Stmt
}

// maxWriteStmts bounds the writes kept prepared. The queries whose text
// grows with their rows come in a few sizes (execRows, inList), so the
// ingest path needs well under this.
const maxWriteStmts = 256

// keepPrepared prepares, on the write connection now free, the queries a
// transaction prepared for itself, so that the next ones reuse them.
func (db *DB) keepPrepared(ctx context.Context, queries []string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, q := range queries {
		if _, ok := db.wstmts[q]; ok || len(db.wstmts) >= maxWriteStmts {
			continue
		}
		st, err := db.w.PrepareContext(ctx, q)
		if err != nil {
			continue // it is prepared again in the next transaction
		}
		if db.wstmts == nil {
			db.wstmts = map[string]*sql.Stmt{}
		}
		db.wstmts[q] = st
	}
}

// writeStmt returns the write prepared for good for q, if any.
func (db *DB) writeStmt(q string) *sql.Stmt {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.wstmts[q]
}

// query runs a read through a statement prepared once for db.r (and by
// database/sql once per connection), so that the reads asked for often
// are not parsed again each time.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	db.mu.Lock()
	st, ok := db.stmts[q]
	if !ok {
		var err error
		if st, err = db.r.PrepareContext(ctx, q); err != nil {
			db.mu.Unlock()
			return nil, err
		}
		if db.stmts == nil {
			db.stmts = map[string]*sql.Stmt{}
		}
		db.stmts[q] = st
	}
	db.mu.Unlock()
	return st.QueryContext(ctx, args...)
}

var _ store.Store = (*DB)(nil)

// readConns is the number of connections reads share.
const readConns = 4

// Open opens the database at path, creating it and its directory when
// needed, and migrates it to the current schema.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: create directory for %s: %w", path, err)
		}
	}
	// cacheKiB is each connection's page cache. SQLite's 2 MB default is
	// outgrown by the band and full-text indexes within a few thousand
	// articles, after which every insert rereads pages through syscalls;
	// the one writer gets a large cache, readers a modest one. Statement
	// journals live in memory (temp_store): a batch's inserts each open one,
	// and a temporary file per statement costs more than the insert.
	// Readers map the file (mmap_size) and read pages without a system
	// call each: a story view reads pages all over the file.
	dsn := func(txlock string, cacheKiB int, more ...string) string {
		q := url.Values{}
		for _, p := range append([]string{"journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "foreign_keys(1)", "temp_store(MEMORY)", "wal_autocheckpoint(16384)",
			fmt.Sprintf("cache_size(-%d)", cacheKiB)}, more...) {
			q.Add("_pragma", p)
		}
		if txlock != "" {
			q.Set("_txlock", txlock)
		}
		return "file:" + path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn("immediate", 64<<10))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: migrate %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn("", 16<<10, "mmap_size(4294967296)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Readers stay open: database/sql keeps 2 idle connections by
	// default and closes the others after each use, and a new connection
	// costs its pragmas, a cold page cache and every statement prepared
	// again.
	r.SetMaxOpenConns(readConns)
	r.SetMaxIdleConns(readConns)
	return &DB{w: w, r: r}, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.mu.Lock()
	var errs []error
	for _, st := range db.stmts {
		errs = append(errs, st.Close())
	}
	for _, st := range db.wstmts {
		errs = append(errs, st.Close())
	}
	db.stmts, db.wstmts = nil, nil
	db.mu.Unlock()
	return errors.Join(append(errs, db.r.Close(), db.w.Close())...)
}

// Write runs fn in one transaction.
func (db *DB) Write(ctx context.Context, fn func(store.Tx) error) error {
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	t := &tx{db: db, tx: sqlTx, stmts: map[string]*sql.Stmt{}}
	err = fn(t)
	if err == nil {
		err = t.indexText(ctx)
	}
	if err != nil {
		t.closeStmts()
		sqlTx.Rollback()
		return err
	}
	t.closeStmts()
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	db.keepPrepared(context.WithoutCancel(ctx), t.fresh)
	return nil
}

const articleColumns = `id, origin, url, title, outlet, authors, language, text, published,
	published_offset, published_has_zone, published_source, published_reliability, ingested,
	content_hash, copy_of, copy_similarity, removed, extra, kind, short`

type scanner interface{ Scan(...any) error }

// scanArticle reads the articleColumns of a row, then any extra columns
// that follow them into extra.
func scanArticle(s scanner, extra ...any) (model.Article, error) {
	var a model.Article
	var authors, removed, extraJSON string
	var published sql.NullInt64
	var hasZone int
	var source, reliability string
	var ingested int64
	dest := append([]any{&a.ID, &a.Origin, &a.URL, &a.Title, &a.Outlet, &authors, &a.Language, &a.Text,
		&published, &a.Published.Offset, &hasZone, &source, &reliability, &ingested,
		&a.ContentHash, &a.CopyOf, &a.CopySimilarity, &removed, &extraJSON, &a.Kind, &a.Short}, extra...)
	if err := s.Scan(dest...); err != nil {
		return a, err
	}
	a.Published = publishedFrom(published, a.Published.Offset, hasZone, source, reliability)
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

// Article returns one article.
func (db *DB) Article(ctx context.Context, id string) (model.Article, error) {
	return articleByID(ctx, db.r, id)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func articleByID(ctx context.Context, q querier, id string) (model.Article, error) {
	a, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("store: article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("store: read article %q: %w", id, err)
	}
	return a, nil
}

// filterSQL builds the WHERE, ORDER and LIMIT of an article listing. An
// outlet is matched by its identity (model.OutletKey), so a site name,
// its domain and its feed titles select the same articles, and
// model.UnknownOutlet selects the articles nothing names.
func (db *DB) filterSQL(ctx context.Context, f store.Filter) (string, []any, error) {
	var where []string
	var args []any
	if f.Outlet != "" {
		cond, cargs, err := db.outletCondition(ctx, f.Outlet)
		if err != nil {
			return "", nil, err
		}
		where = append(where, cond)
		args = append(args, cargs...)
	}
	if !f.Since.IsZero() {
		where = append(where, "published >= ?")
		args = append(args, f.Since.UTC().UnixNano())
	}
	if !f.Until.IsZero() {
		where = append(where, "published < ?")
		args = append(args, f.Until.UTC().UnixNano())
	}
	if f.Unassigned {
		// The left operand is the outer query's seq, whatever its alias.
		where = append(where, "seq NOT IN (SELECT article_seq FROM story_articles)")
	}
	q := ""
	if len(where) > 0 {
		q = " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY published IS NULL, published DESC, seq ASC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return q, args, nil
}

// outletCondition selects the articles of one outlet identity: the
// outlet names stored with that key, and articles without a name whose
// URL's host has it. The names are few (one per outlet spelling), so
// they are read and keyed here rather than stored as a second column.
func (db *DB) outletCondition(ctx context.Context, outlet string) (string, []any, error) {
	want := model.OutletKey(outlet)
	unknown := strings.EqualFold(strings.TrimSpace(outlet), model.UnknownOutlet)
	switch {
	case unknown:
		want = ""
	case want == "":
		return "0", nil, nil // a name naming nothing ("-") selects nothing
	}
	var names, sites []any
	seen := map[string]bool{}
	err := db.eachOutlet(ctx, func(name, rawURL string) {
		if model.ArticleOutletKey(model.Article{Outlet: name, URL: rawURL}) != want {
			return
		}
		if name != "" {
			names = append(names, name)
			return
		}
		// Articles without a name are selected by their site's address,
		// not one by one: a store holds few sites and may hold many
		// addresses, more than one statement can list.
		if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
			site := likeEscaper.Replace(strings.ToLower(u.Scheme+"://"+u.Host)) + "/%"
			if !seen[site] {
				seen[site] = true
				sites = append(sites, site)
			}
		}
	})
	if err != nil {
		return "", nil, err
	}
	// COLLATE NOCASE lets each condition use the outlet index.
	var conds []string
	if len(names) > 0 {
		conds = append(conds, "outlet COLLATE NOCASE IN ("+placeholders(len(names))+")")
	}
	if len(sites) > 0 {
		likes := strings.TrimSuffix(strings.Repeat(`url LIKE ? ESCAPE '\' OR `, len(sites)), " OR ")
		conds = append(conds, "(outlet COLLATE NOCASE = '' AND ("+likes+"))")
	}
	if unknown {
		conds = append(conds, "(outlet COLLATE NOCASE = '' AND url = '')")
	}
	if len(conds) == 0 {
		return "0", nil, nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", append(names, sites...), nil
}

// likeEscaper escapes the characters LIKE reads as patterns.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// eachOutlet calls fn with every distinct outlet name stored (one of
// each spelling that differs only in case: they are one outlet), and with
// the URL of every article stored without one (its host may name it).
// Both come from the outlet index, without reading the articles' rows.
func (db *DB) eachOutlet(ctx context.Context, fn func(name, url string)) error {
	rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT outlet COLLATE NOCASE, '' FROM articles WHERE outlet COLLATE NOCASE <> ''
		UNION SELECT DISTINCT '', url FROM articles WHERE outlet COLLATE NOCASE = '' AND url <> ''`)
	if err != nil {
		return fmt.Errorf("store: list outlets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, u string
		if err := rows.Scan(&name, &u); err != nil {
			return fmt.Errorf("store: list outlets: %w", err)
		}
		fn(name, u)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: list outlets: %w", err)
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

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
	where, args, err := db.filterSQL(ctx, f)
	if err != nil {
		return err
	}
	return db.each(ctx, `SELECT `+articleColumns+` FROM articles`+where, args, fn)
}

func (db *DB) each(ctx context.Context, query string, args []any, fn func(model.Article) error) error {
	rows, err := db.r.QueryContext(ctx, query, args...)
	return eachArticle(rows, err, fn)
}

// eachArticle calls fn with each article of rows (err: the query's).
func eachArticle(rows *sql.Rows, err error, fn func(model.Article) error) error {
	if err != nil {
		return fmt.Errorf("store: list articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return fmt.Errorf("store: list articles: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: list articles: %w", err)
	}
	return nil
}

// Copies lists the copies of id, earliest first.
func (db *DB) Copies(ctx context.Context, id string) ([]model.Article, error) {
	var out []model.Article
	err := db.each(ctx, `SELECT `+articleColumns+` FROM articles WHERE copy_of = ? AND copy_of <> ''
		ORDER BY published IS NULL, published ASC, seq ASC`, []any{id}, func(a model.Article) error {
		out = append(out, a)
		return nil
	})
	return out, err
}

// Search runs a full-text query. Words match by their stems; a quoted
// phrase is matched by stems in the index, then checked word for word in
// the text, so a phrase stays exact.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	match, phrases := ftsQuery(query)
	if match == "" {
		return nil, store.ErrEmptyQuery
	}
	if limit <= 0 {
		limit = 20
	}
	fetch := limit
	if len(phrases) > 0 {
		// Some stemmed matches will not hold the exact phrase.
		fetch = max(5*limit, 200)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+prefixed("a.", articleColumns)+`,
			snippet(articles_fts, 1, '[', ']', '…', 20), bm25(articles_fts, 5.0, 1.0)
		FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
		WHERE articles_fts MATCH ?
		ORDER BY bm25(articles_fts, 5.0, 1.0), a.seq
		LIMIT ?`, match, fetch)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	defer rows.Close()
	var hits []store.SearchHit
	for rows.Next() && len(hits) < limit {
		var h store.SearchHit
		var rank float64
		if h.Article, err = scanArticle(rows, &h.Snippet, &rank); err != nil {
			return nil, fmt.Errorf("store: search %q: %w", query, err)
		}
		if !holdsPhrases(h.Article, phrases) {
			continue
		}
		h.Score = -rank
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// holdsPhrases reports whether an article's title or text holds each
// phrase word for word (case and diacritics aside, as the index folds).
func holdsPhrases(a model.Article, phrases [][]string) bool {
	if len(phrases) == 0 {
		return true
	}
	title, text := searchWords(a.Title), searchWords(a.Text)
	for _, p := range phrases {
		if !containsRun(title, p) && !containsRun(text, p) {
			return false
		}
	}
	return true
}

// containsRun reports whether words holds run as consecutive words.
func containsRun(words, run []string) bool {
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// searchWords splits s into lower-case words of letters and digits,
// without diacritics, as the full-text index reads it.
func searchWords(s string) []string {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = foldDiacritics(strings.ToLower(w))
	}
	return words
}

// foldDiacritics removes combining marks after decomposing ("café" →
// "cafe").
func foldDiacritics(w string) string {
	if isASCII(w) {
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func prefixed(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// ftsQuery turns user input into an FTS5 query of quoted terms: words
// must all match, "quoted phrases" match as phrases, and nothing the user
// types is read as FTS5 syntax (so "a OR", "-x" or a stray quote cannot
// cause an error or change the meaning).
//
// It also returns the quoted phrases, as words, for Search to check
// exactly. Bare words that are English stop words ("the", "of") are left
// out, unless the query holds nothing else.
func ftsQuery(q string) (string, [][]string) {
	var terms, stops []string
	var phrases [][]string
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	for i, part := range strings.Split(q, `"`) {
		if i%2 == 1 { // inside quotes: one phrase
			if words := split(part); len(words) > 0 {
				terms = append(terms, `"`+strings.Join(words, " ")+`"`)
				if len(words) > 1 {
					phrases = append(phrases, searchWords(part))
				}
			}
			continue
		}
		for _, w := range split(part) {
			if stopWords[strings.ToLower(w)] {
				stops = append(stops, `"`+w+`"`)
				continue
			}
			terms = append(terms, `"`+w+`"`)
		}
	}
	if len(terms) == 0 {
		terms = stops
	}
	return strings.Join(terms, " "), phrases
}

// stopWords are English words too common to narrow a search.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "has": true, "have": true, "in": true, "is": true, "it": true,
	"its": true, "of": true, "on": true, "or": true, "that": true, "the": true, "to": true,
	"was": true, "were": true, "will": true, "with": true,
}

// Stats counts the store's content.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	var unnamed int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(copy_of <> ''), 0),
		COALESCE(SUM(outlet = '' AND url = ''), 0) FROM articles`).Scan(&s.Articles, &s.Copies, &unnamed)
	if err != nil {
		return s, fmt.Errorf("store: stats: %w", err)
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
		return s, fmt.Errorf("store: stats: %w", err)
	}
	s.Outlets = len(keys)
	return s, nil
}

// OutletNames returns the outlet names stored with their article counts,
// read from the outlet index.
func (db *DB) OutletNames(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	rows, err := db.r.QueryContext(ctx, `SELECT outlet COLLATE NOCASE, count(*) FROM articles WHERE outlet COLLATE NOCASE <> '' GROUP BY 1
		UNION ALL SELECT url, 1 FROM articles WHERE outlet COLLATE NOCASE = '' AND url <> ''`)
	if err != nil {
		return nil, fmt.Errorf("store: outlet names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, fmt.Errorf("store: outlet names: %w", err)
		}
		if strings.Contains(name, "://") {
			u, err := url.Parse(name)
			if err != nil || u.Hostname() == "" {
				continue
			}
			name = strings.ToLower(u.Hostname())
		}
		out[name] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: outlet names: %w", err)
	}
	return out, nil
}

// FeedState returns a feed's validators.
func (db *DB) FeedState(ctx context.Context, feedURL string) (model.FeedState, error) {
	s := model.FeedState{URL: feedURL}
	var checked int64
	err := db.r.QueryRowContext(ctx, `SELECT etag, last_modified, checked_at FROM feed_state WHERE url = ?`, feedURL).
		Scan(&s.ETag, &s.LastModified, &checked)
	if errors.Is(err, sql.ErrNoRows) {
		return model.FeedState{}, nil
	}
	if err != nil {
		return s, fmt.Errorf("store: feed state of %s: %w", feedURL, err)
	}
	s.CheckedAt = time.Unix(0, checked).UTC()
	return s, nil
}

// PutFeedState stores a feed's validators.
func (db *DB) PutFeedState(ctx context.Context, s model.FeedState) error {
	checked := s.CheckedAt
	if checked.IsZero() {
		checked = time.Now()
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO feed_state(url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, checked_at = excluded.checked_at`,
		s.URL, s.ETag, s.LastModified, checked.UTC().UnixNano())
	if err != nil {
		return fmt.Errorf("store: save feed state of %s: %w", s.URL, err)
	}
	return nil
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

func publishedFrom(t sql.NullInt64, offset, hasZone int, source, reliability string) model.Published {
	p := model.Published{Offset: offset, HasZone: hasZone != 0, Source: model.TimeSource(source),
		Reliability: model.Reliability(reliability)}
	if t.Valid {
		p.Time = nanosUTC(t.Int64)
	}
	return p
}

func nanosUTC(n int64) time.Time { return time.Unix(0, n).UTC() }

// SiteLines returns the line keys that at least minPages page copies of
// each site carry.
func (db *DB) SiteLines(ctx context.Context, minPages int) (map[string]map[uint64]bool, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT site, line FROM site_lines WHERE pages >= ?`, minPages)
	if err != nil {
		return nil, fmt.Errorf("store: read site lines: %w", err)
	}
	defer rows.Close()
	out := map[string]map[uint64]bool{}
	for rows.Next() {
		var site string
		var line int64
		if err := rows.Scan(&site, &line); err != nil {
			return nil, fmt.Errorf("store: read site lines: %w", err)
		}
		if out[site] == nil {
			out[site] = map[uint64]bool{}
		}
		out[site][uint64(line)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read site lines: %w", err)
	}
	return out, nil
}
