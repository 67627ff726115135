package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// entityColumns are read by scanEntity.
const entityColumns = `id, type, name, country, mentions, articles`

func scanEntity(s scanner) (model.Entity, error) {
	var e model.Entity
	err := s.Scan(&e.ID, &e.Type, &e.Name, &e.Country, &e.Mentions, &e.Articles)
	return e, err
}

type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Which of an entity's roles fillEntities reads.
type roleRows int

const (
	noRoles       roleRows = iota
	distinctRoles          // each role and affiliation once (store.EntityTx.EntityCandidates)
	allRoles               // every role with its article
)

// fillEntities reads the aliases, keys and roles of entities, three
// queries for all of them (at most 500 a query) rather than three each.
func fillEntities(ctx context.Context, q rowsQuerier, es []model.Entity, roles roleRows) error {
	const chunk = 500 // well under SQLite's limit on a statement's variables
	for len(es) > chunk {
		if err := fillEntities(ctx, q, es[:chunk], roles); err != nil {
			return err
		}
		es = es[chunk:]
	}
	if len(es) == 0 {
		return nil
	}
	byID := make(map[int64]*model.Entity, len(es))
	ids := make([]int64, len(es))
	for i := range es {
		byID[es[i].ID] = &es[i]
		ids[i] = es[i].ID
	}
	in, args := inList(ids)
	// each runs query over the entities, in their own order, and gives
	// scan each row; the first column is the entity's id.
	each := func(query string, scan func(rows *sql.Rows, id *int64) (func(e *model.Entity), error)) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			add, err := scan(rows, &id)
			if err != nil {
				return err
			}
			add(byID[id])
		}
		return rows.Err()
	}
	err := each(`SELECT entity_id, alias, count FROM entity_aliases WHERE entity_id IN `+in+` ORDER BY entity_id, count DESC, alias`,
		func(rows *sql.Rows, id *int64) (func(*model.Entity), error) {
			var a model.Alias
			err := rows.Scan(id, &a.Text, &a.Count)
			return func(e *model.Entity) { e.Aliases = append(e.Aliases, a) }, err
		})
	if err != nil {
		return err
	}
	err = each(`SELECT entity_id, key FROM entity_keys WHERE entity_id IN `+in+` ORDER BY entity_id, key`,
		func(rows *sql.Rows, id *int64) (func(*model.Entity), error) {
			var k string
			err := rows.Scan(id, &k)
			return func(e *model.Entity) { e.Keys = append(e.Keys, k) }, err
		})
	if err != nil {
		return err
	}
	switch roles {
	case distinctRoles:
		return each(`SELECT entity_id, role, affiliation FROM entity_roles WHERE entity_id IN `+in+`
			GROUP BY entity_id, role, affiliation ORDER BY entity_id, count(*) DESC, role, affiliation`,
			func(rows *sql.Rows, id *int64) (func(*model.Entity), error) {
				var r model.Role
				err := rows.Scan(id, &r.Role, &r.Affiliation)
				return func(e *model.Entity) { e.Roles = append(e.Roles, r) }, err
			})
	case allRoles:
		return each(`SELECT r.entity_id, r.role, r.affiliation, a.id, a.published, a.published_offset,
				a.published_has_zone, a.published_source, a.published_reliability
			FROM entity_roles r JOIN articles a ON a.seq = r.article_seq
			WHERE r.entity_id IN `+in+` ORDER BY r.entity_id, a.published IS NULL, a.published, a.seq`,
			func(rows *sql.Rows, id *int64) (func(*model.Entity), error) {
				var r model.Role
				var pub sql.NullInt64
				var off, zone int
				var src, rel string
				err := rows.Scan(id, &r.Role, &r.Affiliation, &r.ArticleID, &pub, &off, &zone, &src, &rel)
				r.Published = publishedFrom(pub, off, zone, src, rel)
				return func(e *model.Entity) { e.Roles = append(e.Roles, r) }, err
			})
	}
	return nil
}

// EntityCandidates returns the entities holding any of keys.
func (t *tx) EntityCandidates(ctx context.Context, keys []string) ([]model.Entity, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	in, args := inList(keys)
	rows, err := t.QueryContext(ctx, `SELECT `+entityColumns+` FROM entities WHERE id IN
		(SELECT entity_id FROM entity_keys WHERE key IN `+in+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: entity candidates: %w", err)
	}
	var out []model.Entity
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: entity candidates: %w", err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := fillEntities(ctx, t, out, distinctRoles); err != nil {
		return nil, fmt.Errorf("store: entity candidates: %w", err)
	}
	return out, nil
}

// CreateEntity stores a new entity.
func (t *tx) CreateEntity(ctx context.Context, e model.Entity) (int64, error) {
	res, err := t.ExecContext(ctx, `INSERT INTO entities(type, name, country) VALUES (?, ?, ?)`, e.Type, e.Name, e.Country)
	if err != nil {
		return 0, fmt.Errorf("store: create entity %q: %w", e.Name, err)
	}
	return res.LastInsertId()
}

// AddEntityKeys adds lookup keys to an entity.
func (t *tx) AddEntityKeys(ctx context.Context, id int64, keys []string) error {
	rows := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		rows = append(rows, k, id)
	}
	if err := t.execRows(ctx, `INSERT OR IGNORE INTO entity_keys(key, entity_id)`, ``, 2, rows); err != nil {
		return fmt.Errorf("store: entity key: %w", err)
	}
	return nil
}

// SetAnnotations stores an article's annotations and updates the
// entities they resolve to.
func (t *tx) SetAnnotations(ctx context.Context, articleID string, ann model.Annotations) error {
	// The article, and its earlier annotations if any, in one read.
	var seq int64
	var stored sql.NullString
	if err := t.QueryRowContext(ctx, `SELECT a.seq, n.json FROM articles a
		LEFT JOIN article_annotations n ON n.article_seq = a.seq WHERE a.id = ?`, articleID).Scan(&seq, &stored); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: annotations for %q: %w", articleID, store.ErrNotFound)
		}
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	// The old annotations' entities are pruned only after the new ones are
	// applied: the new annotations may have been resolved to an entity that
	// only this article mentioned.
	old, err := t.removeAnnotations(ctx, seq, stored)
	if err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	b, err := json.Marshal(ann)
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO article_annotations(article_seq, tagger, json) VALUES (?, ?, ?)`, seq, ann.Tagger, string(b)); err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	if err := t.applyAnnotations(ctx, seq, ann, 1); err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	if err := t.setInferred(ctx, seq, ann.Published); err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	if err := t.prune(ctx, old); err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	return nil
}

// applyAnnotations adds (sign 1) or takes back (sign -1) what an article's
// annotations say about its entities.
func (t *tx) applyAnnotations(ctx context.Context, seq int64, ann model.Annotations, sign int) error {
	type aliasKey struct {
		id   int64
		text string
	}
	aliases := map[aliasKey]int{}
	var touched []int64
	var roles []any
	for _, m := range ann.Mentions {
		if m.Entity < 0 || m.Entity >= len(ann.Entities) || ann.Entities[m.Entity].ID == 0 {
			continue
		}
		id := ann.Entities[m.Entity].ID
		aliases[aliasKey{id, m.Text}]++
		if sign > 0 && m.Role != "" {
			roles = append(roles, id, m.Role, m.Affiliation, seq)
		}
	}
	if err := t.execRows(ctx, `INSERT OR IGNORE INTO entity_roles(entity_id, role, affiliation, article_seq)`, ``, 4, roles); err != nil {
		return err
	}
	rows := make([]any, 0, 3*len(aliases))
	for k, n := range aliases {
		rows = append(rows, k.id, k.text, sign*n)
	}
	if err := t.execRows(ctx, `INSERT INTO entity_aliases(entity_id, alias, count)`,
		`ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count`, 3, rows); err != nil {
		return err
	}
	votes := map[int64]map[string]int{}
	for _, m := range ann.Mentions {
		if m.Entity >= 0 && m.Entity < len(ann.Entities) && ann.Entities[m.Entity].ID != 0 {
			id := ann.Entities[m.Entity].ID
			if votes[id] == nil {
				votes[id] = map[string]int{}
				if !slices.Contains(touched, id) {
					touched = append(touched, id)
				}
			}
			votes[id][m.Type] += sign
		}
	}
	mentions := map[int64]int{} // by entity: this article's mentions of it
	renamed := map[int64]bool{}
	for _, le := range ann.Entities {
		if le.ID == 0 || le.Mentions == 0 {
			continue
		}
		if sign > 0 {
			mentions[le.ID] += le.Mentions
		}
		renamed[le.ID] = true
		if !slices.Contains(touched, le.ID) {
			touched = append(touched, le.ID)
		}
	}
	rows = rows[:0]
	for id, n := range mentions {
		rows = append(rows, id, seq, n)
	}
	if err := t.execRows(ctx, `INSERT INTO entity_mentions(entity_id, article_seq, count)`,
		`ON CONFLICT(entity_id, article_seq) DO UPDATE SET count = count + excluded.count`, 3, rows); err != nil {
		return err
	}
	// The totals grow by this article's share: its rows were new (an
	// article's earlier annotations are taken back, their rows deleted,
	// before new ones are applied, and prune recounts the entities they
	// named). Recounting every row of the entity instead made each
	// article cost as much as the entity's whole history.
	return t.updateEntities(ctx, touched, votes, mentions, renamed)
}

// updateEntities brings entities up to date with an article's share, in
// one read and one write for all of them: add to each one's type votes
// (and its type to the most voted one), its mentions to its totals (and
// one article), and, when renamed, its most representative name.
func (t *tx) updateEntities(ctx context.Context, ids []int64, votes map[int64]map[string]int, mentions map[int64]int, renamed map[int64]bool) error {
	const chunk = 200 // well under SQLite's limit on a statement's variables
	for len(ids) > chunk {
		if err := t.updateEntities(ctx, ids[:chunk], votes, mentions, renamed); err != nil {
			return err
		}
		ids = ids[chunk:]
	}
	if len(ids) == 0 {
		return nil
	}
	type entityRow struct {
		votes, typ, country, name string
		aliases                   []string
	}
	// Each entity, then its aliases in the order bestName reads them, one
	// row each (one row of NULLs without any).
	in, args := inList(ids)
	rows, err := t.QueryContext(ctx, `SELECT e.id, e.votes, e.type, e.country, e.name, a.alias
		FROM entities e LEFT JOIN entity_aliases a ON a.entity_id = e.id AND a.count > 0
		WHERE e.id IN `+in+` ORDER BY e.id, a.count DESC, length(a.alias) DESC, a.alias`, args...)
	if err != nil {
		return err
	}
	found := make(map[int64]*entityRow, len(ids))
	for rows.Next() {
		var id int64
		var r entityRow
		var alias sql.NullString
		if err := rows.Scan(&id, &r.votes, &r.typ, &r.country, &r.name, &alias); err != nil {
			rows.Close()
			return err
		}
		e := found[id]
		if e == nil {
			e = &r
			found[id] = e
		}
		if alias.Valid {
			e.aliases = append(e.aliases, alias.String)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	update := make([]any, 0, 6*len(ids))
	for _, id := range ids {
		e, add := found[id], votes[id]
		if e == nil {
			if add == nil {
				continue // nothing to count for an entity gone
			}
			return fmt.Errorf("entity %d: %w", id, sql.ErrNoRows)
		}
		if add != nil {
			tally := map[string]int{}
			if err := json.Unmarshal([]byte(e.votes), &tally); err != nil {
				return fmt.Errorf("entity %d votes: %w", id, err)
			}
			for k, v := range add {
				tally[k] += v
			}
			best := ""
			for _, ty := range []string{model.Person, model.Organization, model.Location, model.Misc} {
				if tally[ty] > 0 && (best == "" || tally[ty] > tally[best]) {
					best = ty
				}
			}
			if e.country == "" && best != "" { // countries stay places
				e.typ = best
			}
			b, _ := json.Marshal(tally)
			e.votes = string(b)
		}
		if renamed[id] && e.country == "" {
			if best := bestName(e.typ, e.aliases); best != "" {
				e.name = best
			}
		}
		articles := 0
		if mentions[id] > 0 {
			articles = 1
		}
		update = append(update, id, e.votes, e.typ, e.name, mentions[id], articles)
	}
	return t.execRows(ctx, `UPDATE entities SET votes = v.column2, type = v.column3, name = v.column4,
		mentions = mentions + v.column5, articles = articles + v.column6 FROM (`,
		`) AS v WHERE entities.id = v.column1`, 6, update)
}

// setInferred records an inferred publication date on an article whose
// publication time is unknown or was itself inferred; a stated time is
// never replaced.
func (t *tx) setInferred(ctx context.Context, seq int64, inf *model.InferredDate) error {
	if inf == nil {
		_, err := t.ExecContext(ctx, `UPDATE articles SET published = NULL, published_source = '',
			published_reliability = 'unknown' WHERE seq = ? AND published_source = ?`, seq, string(model.FromInferred))
		return err
	}
	d, err := time.Parse("2006-01-02", inf.Date)
	if err != nil {
		return fmt.Errorf("inferred date %q: %w", inf.Date, err)
	}
	_, err = t.ExecContext(ctx, `UPDATE articles SET published = ?1, published_offset = 0, published_has_zone = 0,
		published_source = ?2, published_reliability = ?3
		WHERE seq = ?4 AND (published IS NULL OR published_source = ?2)`,
		d.UnixNano(), string(model.FromInferred), string(model.Day), seq)
	return err
}

// removeAnnotations takes back an article's earlier annotations (stored,
// NULL when there are none) and returns the entities they named (for
// prune).
func (t *tx) removeAnnotations(ctx context.Context, seq int64, stored sql.NullString) ([]int64, error) {
	if !stored.Valid {
		return nil, nil
	}
	var old model.Annotations
	if err := json.Unmarshal([]byte(stored.String), &old); err != nil {
		return nil, fmt.Errorf("stored annotations: %w", err)
	}
	for _, q := range []string{
		`DELETE FROM article_annotations WHERE article_seq = ?1`,
		`DELETE FROM entity_roles WHERE article_seq = ?1`,
		`DELETE FROM entity_mentions WHERE article_seq = ?1`,
	} {
		if _, err := t.ExecContext(ctx, q, seq); err != nil {
			return nil, err
		}
	}
	if err := t.applyAnnotations(ctx, seq, old, -1); err != nil {
		return nil, err
	}
	var ids []int64
	for _, le := range old.Entities {
		if le.ID != 0 {
			ids = append(ids, le.ID)
		}
	}
	return ids, nil
}

// prune recounts entities and deletes those no article mentions any more.
func (t *tx) prune(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		for _, q := range []string{
			`DELETE FROM entity_aliases WHERE entity_id = ?1 AND count <= 0`,
			`UPDATE entities SET mentions = (SELECT COALESCE(SUM(count), 0) FROM entity_mentions WHERE entity_id = ?1),
				articles = (SELECT COUNT(*) FROM entity_mentions WHERE entity_id = ?1) WHERE id = ?1`,
			`DELETE FROM entity_keys WHERE entity_id = ?1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = ?1)`,
			`DELETE FROM entity_aliases WHERE entity_id = ?1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = ?1)`,
			`DELETE FROM entity_roles WHERE entity_id = ?1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = ?1)`,
			`DELETE FROM entities WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = ?1)`,
		} {
			if _, err := t.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// bestName returns an entity's most representative name among its
// aliases, most frequent first (then longest, then in order), "" when it
// has none: for a person the most frequent name of two words or more (a
// full name rather than a bare surname), otherwise the most frequent
// alias.
func bestName(typ string, aliases []string) string {
	best, bestWords, bestShouting := "", 0, false
	for _, a := range aliases {
		w := len(strings.Fields(a))
		// A headline or dateline in capitals ("ARVENA") is not how the
		// name is written.
		shouting := len(a) > 4 && strings.ToUpper(a) == a
		switch {
		case best == "":
			best, bestWords, bestShouting = a, w, shouting
		case bestShouting && !shouting:
			best, bestWords, bestShouting = a, w, shouting
		case typ == model.Person && bestWords < 2 && w >= 2 && !shouting:
			best, bestWords, bestShouting = a, w, shouting
		}
	}
	return best
}

// ClearEntities forgets every annotation and entity.
func (t *tx) ClearEntities(ctx context.Context) error {
	for _, table := range []string{"article_annotations", "entity_roles", "entity_mentions", "entity_aliases", "entity_keys", "entities"} {
		if _, err := t.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return fmt.Errorf("store: clear %s: %w", table, err)
		}
	}
	return nil
}

// Annotations returns an article's stored annotations.
func (db *DB) Annotations(ctx context.Context, articleID string) (model.Annotations, bool, error) {
	var js sql.NullString
	err := db.r.QueryRowContext(ctx, `SELECT n.json FROM article_annotations n JOIN articles a ON a.seq = n.article_seq WHERE a.id = ?`, articleID).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Annotations{}, false, nil
	}
	if err != nil {
		return model.Annotations{}, false, fmt.Errorf("store: annotations of %q: %w", articleID, err)
	}
	ann, err := decodeAnnotations(articleID, js)
	return ann, err == nil, err
}

// EachAnnotated streams the articles matching f with their annotations.
func (db *DB) EachAnnotated(ctx context.Context, f store.Filter, fn func(model.Article, model.Annotations, bool) error) error {
	where, args, err := db.filterSQL(ctx, f)
	if err != nil {
		return err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+prefixed("a.", articleColumns)+`, n.json FROM articles a
		LEFT JOIN article_annotations n ON n.article_seq = a.seq`+where, args...)
	if err != nil {
		return fmt.Errorf("store: list analysed articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var js sql.NullString
		a, err := scanArticle(rows, &js)
		if err != nil {
			return fmt.Errorf("store: list analysed articles: %w", err)
		}
		ann, err := decodeAnnotations(a.ID, js)
		if err != nil {
			return err
		}
		if err := fn(a, ann, js.Valid); err != nil {
			return err
		}
	}
	return rows.Err()
}

// decodeAnnotations decodes an article's stored annotations (none when js
// is NULL).
func decodeAnnotations(articleID string, js sql.NullString) (model.Annotations, error) {
	var ann model.Annotations
	if js.Valid {
		if err := json.Unmarshal([]byte(js.String), &ann); err != nil {
			return ann, fmt.Errorf("store: annotations of %q: %w", articleID, err)
		}
	}
	return ann, nil
}

// decodeOutline decodes the outline of stored annotations
// (store.StoryReader.StoryArticlesOutlined): the decoder skips the other
// fields without building them.
func decodeOutline(articleID string, js sql.NullString) (model.Annotations, error) {
	var o struct {
		Sentences []model.TextSpan    `json:"sentences"`
		Entities  []model.LocalEntity `json:"entities"`
		Times     []model.TimeRef     `json:"times"`
	}
	if js.Valid {
		if err := json.Unmarshal([]byte(js.String), &o); err != nil {
			return model.Annotations{}, fmt.Errorf("store: annotations of %q: %w", articleID, err)
		}
	}
	return model.Annotations{Sentences: o.Sentences, Entities: o.Entities, Times: o.Times}, nil
}

// Entities lists entities, most mentioned first.
func (db *DB) Entities(ctx context.Context, f store.EntityFilter) ([]model.Entity, error) {
	q := `SELECT ` + entityColumns + ` FROM entities WHERE (?1 = '' OR type = ?1)
		AND (?2 = '' OR name LIKE '%' || ?2 || '%' OR id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE '%' || ?2 || '%'))
		ORDER BY mentions DESC, id`
	args := []any{strings.ToUpper(f.Type), f.Query}
	if f.Limit > 0 {
		q += ` LIMIT ?3`
		args = append(args, f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: entities: %w", err)
	}
	var out []model.Entity
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: entities: %w", err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: entities: %w", err)
	}
	if err := fillEntities(ctx, db.r, out, noRoles); err != nil {
		return nil, fmt.Errorf("store: entities: %w", err)
	}
	return out, nil
}

// Entity returns one entity with its aliases and roles.
func (db *DB) Entity(ctx context.Context, id int64) (model.Entity, error) {
	e, err := scanEntity(db.r.QueryRowContext(ctx, `SELECT `+entityColumns+` FROM entities WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("store: entity %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("store: entity %d: %w", id, err)
	}
	es := []model.Entity{e}
	if err := fillEntities(ctx, db.r, es, allRoles); err != nil {
		return e, fmt.Errorf("store: entity %d: %w", id, err)
	}
	return es[0], nil
}

// EntityArticles returns the articles that mention an entity, newest first.
func (db *DB) EntityArticles(ctx context.Context, id int64, limit int) ([]store.EntityArticle, error) {
	q := `SELECT ` + prefixed("a.", articleColumns) + `, m.count FROM entity_mentions m JOIN articles a ON a.seq = m.article_seq
		WHERE m.entity_id = ? ORDER BY a.published IS NULL, a.published DESC, a.seq DESC`
	args := []any{id}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: articles of entity %d: %w", id, err)
	}
	defer rows.Close()
	var out []store.EntityArticle
	for rows.Next() {
		var ea store.EntityArticle
		a, err := scanArticle(rows, &ea.Count)
		if err != nil {
			return nil, fmt.Errorf("store: articles of entity %d: %w", id, err)
		}
		ea.Article = a
		out = append(out, ea)
	}
	return out, rows.Err()
}
