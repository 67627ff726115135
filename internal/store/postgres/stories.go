package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// assignLock is the advisory lock key that orders assignments: an
// assignment without a Seq takes the highest stored one plus one, and two
// writers reading the same highest would collide. Held to the end of the
// transaction, it also makes assignments commit in Seq order, so a saved
// clusterer state's cover never skips one still to commit. The bytes of
// "swassign".
const assignLock = 0x7377617373696764

// Assign records an article's story.
func (t *tx) Assign(ctx context.Context, a store.Assignment) error {
	if holdsNUL(a.Article) {
		return fmt.Errorf("store: assign %q to story %d: %w", a.Article, a.Story, store.ErrNotFound)
	}
	expl, err := json.Marshal(a.Assignment)
	if err != nil {
		return fmt.Errorf("store: explain the assignment of %q: %w", a.Article, err)
	}
	if !t.assignLocked {
		t.exec(ctx, "assign: wait for other writers' assignments", `SELECT pg_advisory_xact_lock($1)`, int64(assignLock))
		t.assignLocked = true
	}
	tag, err := t.execNow(ctx, `INSERT INTO story_articles (article_seq, story_id, seq, reason, explanation)
		SELECT seq, $1, CASE WHEN $2::bigint > 0 THEN $2::bigint ELSE (SELECT coalesce(max(seq), 0) + 1 FROM story_articles) END, $3, $4
		FROM articles WHERE id = $5
		ON CONFLICT (article_seq) DO UPDATE SET story_id = excluded.story_id, seq = excluded.seq,
			reason = excluded.reason, explanation = excluded.explanation`,
		a.Story, a.Seq, string(a.Reason), string(expl), a.Article)
	if err != nil {
		return fmt.Errorf("store: assign %q to story %d: %w", a.Article, a.Story, err)
	}
	if tag.RowsAffected() == 0 {
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
	t.exec(ctx, fmt.Sprintf("link stories %d and %d", a, b), `INSERT INTO story_links (a, b, strength) VALUES ($1, $2, $3)
		ON CONFLICT (a, b) DO UPDATE SET strength = greatest(story_links.strength, excluded.strength)`, a, b, strength)
	return nil
}

// MergeStory moves story from's articles and links to story into.
func (t *tx) MergeStory(ctx context.Context, from, into int64) error {
	if from == into {
		return nil
	}
	what := fmt.Sprintf("merge story %d into %d", from, into)
	t.exec(ctx, what, `UPDATE story_articles SET story_id = $2 WHERE story_id = $1`, from, into)
	// The links move in one statement: the rows deleted all name from,
	// those the insert meets name into, so the two never touch one row.
	t.exec(ctx, what, `WITH moved AS (
			DELETE FROM story_links WHERE a = $1 OR b = $1
			RETURNING CASE WHEN a = $1 THEN b ELSE a END AS other, strength)
		INSERT INTO story_links (a, b, strength)
		SELECT least($2::bigint, other), greatest($2::bigint, other), max(strength) FROM moved WHERE other <> $2 GROUP BY other
		ON CONFLICT (a, b) DO UPDATE SET strength = greatest(story_links.strength, excluded.strength)`, from, into)
	return nil
}

// ClearStories forgets assignments and links; corrections stay.
func (t *tx) ClearStories(ctx context.Context) error {
	t.exec(ctx, "clear stories", `DELETE FROM story_articles`)
	t.exec(ctx, "clear stories", `DELETE FROM story_links`)
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
	t.exec(ctx, "add correction", `INSERT INTO story_corrections (kind, article, other, created) VALUES ($1, $2, $3, $4)`,
		string(c.Kind), c.Article, c.Other, created.UTC().Format(time.RFC3339))
	return nil
}

// storySummaryQuery aggregates stories; the caller adds WHERE (on
// story_id), HAVING, ORDER and LIMIT. Outlets are counted by identity
// afterwards (storyOutlets).
const storySummaryQuery = `SELECT sa.story_id, count(*), 0,
		min(a.published), max(a.published), count(*) FILTER (WHERE a.published IS NULL)
	FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq`

func scanSummary(row pgx.Row) (store.StorySummary, error) {
	var st store.StorySummary
	var first, last *int64
	if err := row.Scan(&st.ID, &st.Articles, &st.Outlets, &first, &last, &st.Undated); err != nil {
		return st, err
	}
	st.FirstSeen, st.LastSeen = nullNanos(first), nullNanos(last)
	return st, nil
}

// Stories lists stories matching f.
func (db *DB) Stories(ctx context.Context, f store.StoryFilter) ([]store.StorySummary, error) {
	var p params
	q := storySummaryQuery
	var where []string
	if f.Entity != 0 {
		where = append(where, `sa.story_id IN (SELECT sa2.story_id FROM story_articles sa2
			JOIN entity_mentions m ON m.article_seq = sa2.article_seq WHERE m.entity_id = `+p.add(f.Entity)+`)`)
	}
	if f.Outlet != "" {
		cond, err := db.outletCondition(ctx, f.Outlet, &p)
		if err != nil {
			return nil, err
		}
		// The condition names the articles' columns unqualified: only
		// articles has outlet and url.
		where = append(where, `sa.story_id IN (SELECT sa3.story_id FROM story_articles sa3
			JOIN articles ON articles.seq = sa3.article_seq WHERE `+cond+`)`)
	}
	if f.Query != "" {
		sq := parseQuery(f.Query)
		if sq.empty() {
			return nil, store.ErrEmptyQuery
		}
		where = append(where, `sa.story_id IN (SELECT sa4.story_id FROM story_articles sa4
			JOIN articles a4 ON a4.seq = sa4.article_seq WHERE a4.search @@ `+sq.tsquery(&p)+`)`)
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` GROUP BY sa.story_id`
	var having []string
	if !f.Since.IsZero() {
		having = append(having, `max(a.published) >= `+p.add(f.Since.UTC().UnixNano()))
	}
	if !f.Until.IsZero() {
		having = append(having, `max(a.published) < `+p.add(f.Until.UTC().UnixNano()))
	}
	if k := f.After; k != nil && !f.Largest {
		// The order is: dated stories by last seen, newest first, then
		// the undated; ties by id, highest first.
		if k.LastSeen.IsZero() {
			having = append(having, `(max(a.published) IS NULL AND sa.story_id < `+p.add(k.ID)+`)`)
		} else {
			n := p.add(k.LastSeen.UTC().UnixNano())
			having = append(having, `(max(a.published) IS NULL OR max(a.published) < `+n+
				` OR (max(a.published) = `+n+` AND sa.story_id < `+p.add(k.ID)+`))`)
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
		q += ` LIMIT ` + p.add(f.Limit)
	}
	var out []store.StorySummary
	err := db.stream(ctx, "list stories", q, p, func(rows pgx.Rows) error {
		s, err := scanSummary(rows)
		if err != nil {
			return scanError("list stories", err)
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	var ids []int64
	if f.MinOutlets == 0 && len(out) <= maxListed {
		for _, s := range out {
			ids = append(ids, s.ID)
		}
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

// maxListed is the most stories whose outlets are counted by id; past
// some thousands, reading every story's is as quick.
const maxListed = 5000

// storyOutlets counts the outlets of stories (of all when ids is empty)
// by identity, as model.OutletNames does for a story's view.
func (db *DB) storyOutlets(ctx context.Context, ids []int64) (map[int64]int, error) {
	q := `SELECT DISTINCT sa.story_id, a.outlet, CASE WHEN a.outlet = '' THEN a.url ELSE '' END
		FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq`
	var args []any
	if len(ids) > 0 {
		q += ` WHERE sa.story_id = ANY($1)`
		args = append(args, ids)
	}
	keys := map[int64]map[string]bool{}
	err := db.stream(ctx, "count story outlets", q, args, func(rows pgx.Rows) error {
		var id int64
		var name, rawURL string
		if err := rows.Scan(&id, &name, &rawURL); err != nil {
			return scanError("count story outlets", err)
		}
		if keys[id] == nil {
			keys[id] = map[string]bool{}
		}
		keys[id][model.ArticleOutletKey(model.Article{Outlet: name, URL: rawURL})] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, len(keys))
	for id, k := range keys {
		out[id] = len(k)
	}
	return out, nil
}

// Story describes one story.
func (db *DB) Story(ctx context.Context, id int64) (store.StorySummary, error) {
	var s store.StorySummary
	err := db.retry(ctx, func() (err error) {
		s, err = scanSummary(db.pool.QueryRow(ctx, storySummaryQuery+` WHERE sa.story_id = $1 GROUP BY sa.story_id`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return s, fmt.Errorf("store: story %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return s, db.errorf(err, fmt.Sprintf("story %d", id))
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
	err := db.eachArticle(ctx, `SELECT `+prefixed("a.", articleColumns)+` FROM story_articles sa
		JOIN articles a ON a.seq = sa.article_seq WHERE sa.story_id = $1
		ORDER BY a.published IS NULL, a.published ASC, a.seq ASC`, []any{id}, func(a model.Article) error {
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
func (db *DB) storyArticlesWith(ctx context.Context, id int64, decode func(string, *string) (model.Annotations, error)) ([]model.Article, []model.Annotations, error) {
	what := fmt.Sprintf("articles of story %d", id)
	var arts []model.Article
	var anns []model.Annotations
	err := db.stream(ctx, what, `SELECT `+prefixed("a.", articleColumns)+`, n.json FROM story_articles sa
		JOIN articles a ON a.seq = sa.article_seq LEFT JOIN article_annotations n ON n.article_seq = a.seq
		WHERE sa.story_id = $1 ORDER BY a.published IS NULL, a.published ASC, a.seq ASC`, []any{id}, func(rows pgx.Rows) error {
		var js *string
		art, err := scanArticle(rows, &js)
		if err != nil {
			return scanError(what, err)
		}
		ann, err := decode(art.ID, js)
		if err != nil {
			return err
		}
		arts, anns = append(arts, art), append(anns, ann)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return arts, anns, nil
}

// AssignmentOf returns an article's assignment.
func (db *DB) AssignmentOf(ctx context.Context, articleID string) (store.Assignment, bool, error) {
	var a store.Assignment
	if holdsNUL(articleID) {
		return a, false, nil
	}
	var expl, reason string
	err := db.retry(ctx, func() error {
		return db.pool.QueryRow(ctx, `SELECT sa.story_id, sa.seq, sa.reason, sa.explanation FROM story_articles sa
			JOIN articles a ON a.seq = sa.article_seq WHERE a.id = $1`, articleID).Scan(&a.Story, &a.Seq, &reason, &expl)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, db.errorf(err, fmt.Sprintf("assignment of %q", articleID))
	}
	story, seq := a.Story, a.Seq
	if err := json.Unmarshal([]byte(expl), &a.Assignment); err != nil {
		return a, false, fmt.Errorf("store: explanation of %q: %w", articleID, err)
	}
	// The columns are current; the explanation is as it was given.
	a.Article, a.Story, a.Seq, a.Reason = articleID, story, seq, model.AssignmentReason(reason)
	return a, true, nil
}

// EachAssignment streams assignments in Seq order.
func (db *DB) EachAssignment(ctx context.Context, fn func(store.Assignment) error) error {
	return db.stream(ctx, "list assignments", `SELECT a.id, sa.story_id, sa.seq, sa.reason FROM story_articles sa
		JOIN articles a ON a.seq = sa.article_seq ORDER BY sa.seq`, nil, func(rows pgx.Rows) error {
		var a store.Assignment
		var reason string
		if err := rows.Scan(&a.Article, &a.Story, &a.Seq, &reason); err != nil {
			return scanError("list assignments", err)
		}
		a.Reason = model.AssignmentReason(reason)
		return fn(a)
	})
}

// EachAssignedArticle streams assignments in Seq order with their
// articles and what clustering reads of their annotations
// (store.DecodeClustering).
func (db *DB) EachAssignedArticle(ctx context.Context, after int64, fn func(store.Assignment, model.Article, model.Annotations) error) error {
	return db.stream(ctx, "list assigned articles", `SELECT `+prefixed("a.", articleColumns)+`, sa.story_id, sa.seq, sa.reason, n.json
		FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq
		LEFT JOIN article_annotations n ON n.article_seq = a.seq WHERE sa.seq > $1 ORDER BY sa.seq`, []any{after}, func(rows pgx.Rows) error {
		var as store.Assignment
		var reason string
		var js *string
		art, err := scanArticle(rows, &as.Story, &as.Seq, &reason, &js)
		if err != nil {
			return scanError("list assigned articles", err)
		}
		as.Article, as.Reason = art.ID, model.AssignmentReason(reason)
		var ann model.Annotations
		if js != nil {
			if ann, err = store.DecodeClustering([]byte(*js)); err != nil {
				return fmt.Errorf("store: annotations of %q: %w", art.ID, err)
			}
		}
		return fn(as, art, ann)
	})
}

// RelatedStories returns the stories linked to id, strongest first.
func (db *DB) RelatedStories(ctx context.Context, id int64) ([]model.StoryLink, error) {
	what := fmt.Sprintf("related stories of %d", id)
	var out []model.StoryLink
	// A story can lose its last article (settled or corrected away);
	// links to it are not shown.
	err := db.stream(ctx, what, `SELECT other, strength FROM
		(SELECT CASE WHEN a = $1 THEN b ELSE a END AS other, strength FROM story_links WHERE a = $1 OR b = $1) l
		WHERE EXISTS (SELECT 1 FROM story_articles WHERE story_id = l.other)
		ORDER BY strength DESC, other`, []any{id}, func(rows pgx.Rows) error {
		var l model.StoryLink
		if err := rows.Scan(&l.Story, &l.Strength); err != nil {
			return scanError(what, err)
		}
		out = append(out, l)
		return nil
	})
	return out, err
}

// Corrections returns every correction in order.
func (db *DB) Corrections(ctx context.Context) ([]store.Correction, error) {
	var out []store.Correction
	err := db.stream(ctx, "corrections", `SELECT seq, kind, article, other, created FROM story_corrections ORDER BY seq`, nil,
		func(rows pgx.Rows) error {
			var c store.Correction
			var kind, created string
			if err := rows.Scan(&c.Seq, &kind, &c.Article, &c.Other, &created); err != nil {
				return scanError("corrections", err)
			}
			c.Kind = model.CorrectionKind(kind)
			c.Created, _ = time.Parse(time.RFC3339, created)
			out = append(out, c)
			return nil
		})
	return out, err
}

// ClusterState returns the saved clusterer state.
func (db *DB) ClusterState(ctx context.Context) (store.ClusterState, bool, error) {
	var s store.ClusterState
	err := db.retry(ctx, func() error {
		return db.pool.QueryRow(ctx, `SELECT seq, version, data, token FROM cluster_state`).Scan(&s.Seq, &s.Version, &s.Data, &s.Token)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ClusterState{}, false, nil
	}
	if err != nil {
		return store.ClusterState{}, false, db.errorf(err, "read the clusterer's state")
	}
	return s, s.Data != nil, nil
}

// WatchClusterState widens the saved state's cover to every stored
// assignment, under a new token.
func (t *tx) WatchClusterState(ctx context.Context) (seq, token int64, err error) {
	if err := t.queryRow(ctx, `SELECT coalesce(max(seq), 0) FROM story_articles`).Scan(&seq); err != nil {
		return 0, 0, fmt.Errorf("store: watch the clusterer's state: %w", err)
	}
	// A random token: one counted up could come back after the row is
	// dropped and made again, and a saver would take a new watch for its
	// own.
	token = rand.Int64N(math.MaxInt64) + 1
	t.exec(ctx, "watch the clusterer's state", `INSERT INTO cluster_state (id, token, covers) VALUES (1, $1, $2)
		ON CONFLICT (id) DO UPDATE SET token = $1, covers = greatest(cluster_state.covers, $2)`, token, seq)
	return seq, token, nil
}

// SaveClusterState saves a state made under the watch with token.
func (t *tx) SaveClusterState(ctx context.Context, token int64, s store.ClusterState) (bool, error) {
	tag, err := t.execNow(ctx, `UPDATE cluster_state SET seq = $1, version = $2, data = $3 WHERE token = $4 AND covers >= $1`,
		s.Seq, s.Version, s.Data, token)
	if err != nil {
		return false, fmt.Errorf("store: save the clusterer's state: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}
