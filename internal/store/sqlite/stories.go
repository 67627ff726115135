package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Assign records an article's story.
func (t *tx) Assign(ctx context.Context, a store.Assignment) error {
	expl, err := json.Marshal(a.Assignment)
	if err != nil {
		return fmt.Errorf("store: explain the assignment of %q: %w", a.Article, err)
	}
	res, err := t.ExecContext(ctx, `INSERT INTO story_articles(article_seq, story_id, seq, reason, explanation)
		SELECT seq, ?1, CASE WHEN ?2 > 0 THEN ?2 ELSE (SELECT COALESCE(max(seq), 0) + 1 FROM story_articles) END, ?3, ?4
		FROM articles WHERE id = ?5
		ON CONFLICT(article_seq) DO UPDATE SET story_id = excluded.story_id, seq = excluded.seq,
			reason = excluded.reason, explanation = excluded.explanation`,
		a.Story, a.Seq, a.Reason, string(expl), a.Article)
	if err != nil {
		return fmt.Errorf("store: assign %q to story %d: %w", a.Article, a.Story, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: assign %q to story %d: %w", a.Article, a.Story, store.ErrNotFound)
	}
	return nil
}

// LinkStories records a related pair, keeping the stronger link.
func (t *tx) LinkStories(ctx context.Context, a, b int64, strength float64) error {
	if a == b {
		return nil
	}
	if a > b {
		a, b = b, a
	}
	_, err := t.ExecContext(ctx, `INSERT INTO story_links(a, b, strength) VALUES (?, ?, ?)
		ON CONFLICT(a, b) DO UPDATE SET strength = max(strength, excluded.strength)`, a, b, strength)
	if err != nil {
		return fmt.Errorf("store: link stories %d and %d: %w", a, b, err)
	}
	return nil
}

// MergeStory moves story from's articles and links to story into.
func (t *tx) MergeStory(ctx context.Context, from, into int64) error {
	if from == into {
		return nil
	}
	if _, err := t.ExecContext(ctx, `UPDATE story_articles SET story_id = ? WHERE story_id = ?`, into, from); err != nil {
		return fmt.Errorf("store: merge story %d into %d: %w", from, into, err)
	}
	rows, err := t.QueryContext(ctx, `SELECT CASE WHEN a = ?1 THEN b ELSE a END, strength FROM story_links WHERE a = ?1 OR b = ?1`, from)
	if err != nil {
		return fmt.Errorf("store: merge story %d into %d: %w", from, into, err)
	}
	var links []model.StoryLink
	for rows.Next() {
		var l model.StoryLink
		if err := rows.Scan(&l.Story, &l.Strength); err != nil {
			rows.Close()
			return fmt.Errorf("store: merge story %d into %d: %w", from, into, err)
		}
		links = append(links, l)
	}
	rows.Close()
	if _, err := t.ExecContext(ctx, `DELETE FROM story_links WHERE a = ?1 OR b = ?1`, from); err != nil {
		return fmt.Errorf("store: merge story %d into %d: %w", from, into, err)
	}
	for _, l := range links {
		if err := t.LinkStories(ctx, into, l.Story, l.Strength); err != nil {
			return err
		}
	}
	return nil
}

// ClearStories forgets assignments and links; corrections stay.
func (t *tx) ClearStories(ctx context.Context) error {
	for _, q := range []string{`DELETE FROM story_articles`, `DELETE FROM story_links`} {
		if _, err := t.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: clear stories: %w", err)
		}
	}
	return nil
}

// AddCorrection stores a correction.
func (t *tx) AddCorrection(ctx context.Context, c store.Correction) error {
	if c.Kind != "join" && c.Kind != "apart" {
		return fmt.Errorf("store: correction kind %q: want join or apart", c.Kind)
	}
	created := c.Created
	if created.IsZero() {
		created = time.Now()
	}
	_, err := t.ExecContext(ctx, `INSERT INTO story_corrections(kind, article, other, created) VALUES (?, ?, ?, ?)`,
		c.Kind, c.Article, c.Other, created.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("store: add correction: %w", err)
	}
	return nil
}

// storySummaryQuery aggregates stories; the caller adds WHERE (on
// story_id), HAVING, ORDER and LIMIT. Outlets are counted by identity
// afterwards (storyOutlets): SQL cannot tell that "Harbour Times" and
// "harbour-times.example" are one outlet.
const storySummaryQuery = `SELECT sa.story_id, count(*), 0,
		min(a.published), max(a.published), sum(a.published IS NULL)
	FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq`

func scanSummary(s scanner) (store.StorySummary, error) {
	var st store.StorySummary
	var first, last sql.NullInt64
	if err := s.Scan(&st.ID, &st.Articles, &st.Outlets, &first, &last, &st.Undated); err != nil {
		return st, err
	}
	if first.Valid {
		st.FirstSeen = nanosUTC(first.Int64)
	}
	if last.Valid {
		st.LastSeen = nanosUTC(last.Int64)
	}
	return st, nil
}

// Stories lists stories matching f.
func (db *DB) Stories(ctx context.Context, f store.StoryFilter) ([]store.StorySummary, error) {
	q := storySummaryQuery
	var args []any
	var where []string
	if f.Entity != 0 {
		where = append(where, `sa.story_id IN (SELECT sa2.story_id FROM story_articles sa2
			JOIN entity_mentions m ON m.article_seq = sa2.article_seq WHERE m.entity_id = ?)`)
		args = append(args, f.Entity)
	}
	if f.Outlet != "" {
		cond, cargs, err := db.outletCondition(ctx, f.Outlet)
		if err != nil {
			return nil, err
		}
		// The condition names the articles' columns unqualified: only
		// articles has outlet and url.
		where = append(where, `sa.story_id IN (SELECT sa3.story_id FROM story_articles sa3
			JOIN articles ON articles.seq = sa3.article_seq WHERE `+cond+`)`)
		args = append(args, cargs...)
	}
	if f.Query != "" {
		match, _ := ftsQuery(f.Query)
		if match == "" {
			return nil, store.ErrEmptyQuery
		}
		where = append(where, `sa.story_id IN (SELECT sa4.story_id FROM story_articles sa4
			WHERE sa4.article_seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))`)
		args = append(args, match)
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` GROUP BY sa.story_id`
	var having []string
	if !f.Since.IsZero() {
		having = append(having, `max(a.published) >= ?`)
		args = append(args, f.Since.UTC().UnixNano())
	}
	if !f.Until.IsZero() {
		having = append(having, `max(a.published) < ?`)
		args = append(args, f.Until.UTC().UnixNano())
	}
	if k := f.After; k != nil && !f.Largest {
		// The order is: dated stories by last seen, newest first, then
		// the undated; ties by id, highest first.
		if k.LastSeen.IsZero() {
			having = append(having, `(max(a.published) IS NULL AND sa.story_id < ?)`)
			args = append(args, k.ID)
		} else {
			having = append(having, `(max(a.published) IS NULL OR max(a.published) < ? OR (max(a.published) = ? AND sa.story_id < ?))`)
			n := k.LastSeen.UTC().UnixNano()
			args = append(args, n, n, k.ID)
		}
	}
	if len(having) > 0 {
		q += ` HAVING ` + strings.Join(having, " AND ")
	}
	if f.Largest {
		q += ` ORDER BY count(*) DESC, sa.story_id`
	} else {
		q += ` ORDER BY max(a.published) IS NULL, max(a.published) DESC, sa.story_id DESC`
	}
	if f.Limit > 0 && f.MinOutlets == 0 { // with MinOutlets, the limit applies after counting outlets
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list stories: %w", err)
	}
	defer rows.Close()
	var out []store.StorySummary
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list stories: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list stories: %w", err)
	}
	var ids []int64
	if f.MinOutlets == 0 && len(out) <= maxListed {
		for _, s := range out {
			ids = append(ids, s.ID)
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	counts, err := db.storyOutlets(ctx, ids)
	if err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, s := range out {
		s.Outlets = counts[s.ID]
		if s.Outlets >= f.MinOutlets {
			kept = append(kept, s)
		}
	}
	if f.Limit > 0 && len(kept) > f.Limit {
		kept = kept[:f.Limit]
	}
	return kept, nil
}

// maxListed is the most values a query lists in an IN (...): SQLite takes
// at most 32,766 variables in a statement, and past some thousands,
// reading every row is as quick.
const maxListed = 5000

// storyOutlets counts the outlets of stories (of all when ids is empty)
// by identity, as model.OutletNames does for a story's view: a site name,
// its domain and its feed titles are one outlet, and the articles nothing
// names are one unknown outlet.
func (db *DB) storyOutlets(ctx context.Context, ids []int64) (map[int64]int, error) {
	q := `SELECT DISTINCT sa.story_id, a.outlet, CASE WHEN a.outlet = '' THEN a.url ELSE '' END
		FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq`
	var args []any
	if len(ids) > 0 {
		q += ` WHERE sa.story_id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: count story outlets: %w", err)
	}
	defer rows.Close()
	keys := map[int64]map[string]bool{}
	for rows.Next() {
		var id int64
		var name, rawURL string
		if err := rows.Scan(&id, &name, &rawURL); err != nil {
			return nil, fmt.Errorf("store: count story outlets: %w", err)
		}
		if keys[id] == nil {
			keys[id] = map[string]bool{}
		}
		keys[id][model.ArticleOutletKey(model.Article{Outlet: name, URL: rawURL})] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count story outlets: %w", err)
	}
	out := make(map[int64]int, len(keys))
	for id, k := range keys {
		out[id] = len(k)
	}
	return out, nil
}

// Story describes one story.
func (db *DB) Story(ctx context.Context, id int64) (store.StorySummary, error) {
	s, err := scanSummary(db.r.QueryRowContext(ctx, storySummaryQuery+` WHERE sa.story_id = ? GROUP BY sa.story_id`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("store: story %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("store: story %d: %w", id, err)
	}
	counts, err := db.storyOutlets(ctx, []int64{id})
	if err != nil {
		return s, err
	}
	s.Outlets = counts[id]
	return s, nil
}

// StoryArticles returns a story's articles, oldest first.
func (db *DB) StoryArticles(ctx context.Context, id int64) ([]model.Article, error) {
	var out []model.Article
	rows, err := db.query(ctx, `SELECT `+prefixed("a.", articleColumns)+` FROM story_articles sa
		JOIN articles a ON a.seq = sa.article_seq WHERE sa.story_id = ?
		ORDER BY a.published IS NULL, a.published ASC, a.seq ASC`, id)
	err = eachArticle(rows, err, func(a model.Article) error {
		out = append(out, a)
		return nil
	})
	return out, err
}

// StoryArticlesAnnotated returns a story's articles, oldest first, with
// their annotations (store.StoryReader).
func (db *DB) StoryArticlesAnnotated(ctx context.Context, id int64) ([]model.Article, []model.Annotations, error) {
	return db.storyArticlesWith(ctx, id, decodeAnnotations)
}

// StoryArticlesOutlined returns a story's articles, oldest first, with the
// outline of their annotations (store.StoryReader).
func (db *DB) StoryArticlesOutlined(ctx context.Context, id int64) ([]model.Article, []model.Annotations, error) {
	return db.storyArticlesWith(ctx, id, decodeOutline)
}

// storyArticlesWith reads a story's articles and their annotations, each
// decoded by decode.
func (db *DB) storyArticlesWith(ctx context.Context, id int64, decode func(string, sql.NullString) (model.Annotations, error)) ([]model.Article, []model.Annotations, error) {
	rows, err := db.query(ctx, `SELECT `+prefixed("a.", articleColumns)+`, n.json FROM story_articles sa
		JOIN articles a ON a.seq = sa.article_seq LEFT JOIN article_annotations n ON n.article_seq = a.seq
		WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published ASC, a.seq ASC`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("store: articles of story %d: %w", id, err)
	}
	defer rows.Close()
	var arts []model.Article
	var anns []model.Annotations
	for rows.Next() {
		var js sql.NullString
		art, err := scanArticle(rows, &js)
		if err != nil {
			return nil, nil, fmt.Errorf("store: articles of story %d: %w", id, err)
		}
		ann, err := decode(art.ID, js)
		if err != nil {
			return nil, nil, err
		}
		arts, anns = append(arts, art), append(anns, ann)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: articles of story %d: %w", id, err)
	}
	return arts, anns, nil
}

// AssignmentOf returns an article's assignment.
func (db *DB) AssignmentOf(ctx context.Context, articleID string) (store.Assignment, bool, error) {
	var a store.Assignment
	var expl string
	err := db.r.QueryRowContext(ctx, `SELECT sa.story_id, sa.seq, sa.reason, sa.explanation FROM story_articles sa
		JOIN articles a ON a.seq = sa.article_seq WHERE a.id = ?`, articleID).Scan(&a.Story, &a.Seq, &a.Reason, &expl)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("store: assignment of %q: %w", articleID, err)
	}
	story, seq, reason := a.Story, a.Seq, a.Reason
	if err := json.Unmarshal([]byte(expl), &a.Assignment); err != nil {
		return a, false, fmt.Errorf("store: explanation of %q: %w", articleID, err)
	}
	// The columns are current; the explanation is as it was given.
	a.Article, a.Story, a.Seq, a.Reason = articleID, story, seq, reason
	return a, true, nil
}

// EachAssignment streams assignments in Seq order.
func (db *DB) EachAssignment(ctx context.Context, fn func(store.Assignment) error) error {
	rows, err := db.r.QueryContext(ctx, `SELECT a.id, sa.story_id, sa.seq, sa.reason FROM story_articles sa
		JOIN articles a ON a.seq = sa.article_seq ORDER BY sa.seq`)
	if err != nil {
		return fmt.Errorf("store: list assignments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a store.Assignment
		if err := rows.Scan(&a.Article, &a.Story, &a.Seq, &a.Reason); err != nil {
			return fmt.Errorf("store: list assignments: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachAssignedArticle streams assignments in Seq order with their
// articles and what clustering reads of their annotations
// (store.DecodeClustering).
func (db *DB) EachAssignedArticle(ctx context.Context, after int64, fn func(store.Assignment, model.Article, model.Annotations) error) error {
	rows, err := db.r.QueryContext(ctx, `SELECT `+prefixed("a.", articleColumns)+`, sa.story_id, sa.seq, sa.reason, n.json
		FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq
		LEFT JOIN article_annotations n ON n.article_seq = a.seq WHERE sa.seq > ? ORDER BY sa.seq`, after)
	if err != nil {
		return fmt.Errorf("store: list assigned articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var as store.Assignment
		var js sql.NullString
		art, err := scanArticle(rows, &as.Story, &as.Seq, &as.Reason, &js)
		if err != nil {
			return fmt.Errorf("store: list assigned articles: %w", err)
		}
		as.Article = art.ID
		var ann model.Annotations
		if js.Valid {
			if ann, err = store.DecodeClustering([]byte(js.String)); err != nil {
				return fmt.Errorf("store: annotations of %q: %w", art.ID, err)
			}
		}
		if err := fn(as, art, ann); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RelatedStories returns the stories linked to id.
func (db *DB) RelatedStories(ctx context.Context, id int64) ([]model.StoryLink, error) {
	// A story can lose its last article (settled or corrected away);
	// links to it are not shown.
	rows, err := db.query(ctx, `SELECT other, strength FROM
		(SELECT CASE WHEN a = ?1 THEN b ELSE a END AS other, strength FROM story_links WHERE a = ?1 OR b = ?1)
		WHERE EXISTS (SELECT 1 FROM story_articles WHERE story_id = other)
		ORDER BY strength DESC, other`, id)
	if err != nil {
		return nil, fmt.Errorf("store: related stories of %d: %w", id, err)
	}
	defer rows.Close()
	var out []model.StoryLink
	for rows.Next() {
		var l model.StoryLink
		if err := rows.Scan(&l.Story, &l.Strength); err != nil {
			return nil, fmt.Errorf("store: related stories of %d: %w", id, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Corrections returns every correction in order.
func (db *DB) Corrections(ctx context.Context) ([]store.Correction, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, kind, article, other, created FROM story_corrections ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("store: corrections: %w", err)
	}
	defer rows.Close()
	var out []store.Correction
	for rows.Next() {
		var c store.Correction
		var created string
		if err := rows.Scan(&c.Seq, &c.Kind, &c.Article, &c.Other, &created); err != nil {
			return nil, fmt.Errorf("store: corrections: %w", err)
		}
		c.Created, _ = time.Parse(time.RFC3339, created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClusterState returns the saved clusterer state.
func (db *DB) ClusterState(ctx context.Context) (store.ClusterState, bool, error) {
	var s store.ClusterState
	err := db.r.QueryRowContext(ctx, `SELECT seq, version, data, token FROM cluster_state`).Scan(&s.Seq, &s.Version, &s.Data, &s.Token)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ClusterState{}, false, nil
	}
	if err != nil {
		return store.ClusterState{}, false, fmt.Errorf("store: read the clusterer's state: %w", err)
	}
	return s, s.Data != nil, nil
}

// WatchClusterState widens the saved state's cover to every stored
// assignment, under a new token.
func (t *tx) WatchClusterState(ctx context.Context) (seq, token int64, err error) {
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(max(seq), 0) FROM story_articles`).Scan(&seq); err != nil {
		return 0, 0, fmt.Errorf("store: watch the clusterer's state: %w", err)
	}
	// A random token: one counted up could come back after the row is
	// dropped and made again, and a saver would take a new watch for its
	// own.
	token = rand.Int64N(math.MaxInt64) + 1
	_, err = t.ExecContext(ctx, `INSERT INTO cluster_state(id, token, covers) VALUES (1, ?1, ?2)
		ON CONFLICT(id) DO UPDATE SET token = ?1, covers = max(covers, ?2)`, token, seq)
	if err != nil {
		return 0, 0, fmt.Errorf("store: watch the clusterer's state: %w", err)
	}
	return seq, token, nil
}

// SaveClusterState saves a state made under the watch with token.
func (t *tx) SaveClusterState(ctx context.Context, token int64, s store.ClusterState) (bool, error) {
	res, err := t.ExecContext(ctx, `UPDATE cluster_state SET seq = ?, version = ?, data = ? WHERE token = ? AND covers >= ?`,
		s.Seq, s.Version, s.Data, token, s.Seq)
	if err != nil {
		return false, fmt.Errorf("store: save the clusterer's state: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: save the clusterer's state: %w", err)
	}
	return n == 1, nil
}
