package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Which of an entity's roles entitySelect reads.
type roleRows int

const (
	noRoles       roleRows = iota
	distinctRoles          // each role and affiliation once (store.EntityTx.EntityCandidates)
	allRoles               // every role with its article
)

// entitySelect reads entities with their aliases and keys, and the roles
// asked for, as one row each: one round trip however many entities. Text
// is ordered by bytes (COLLATE "C"), as SQLite orders it, whatever the
// database's collation.
func entitySelect(roles roleRows) string {
	rolesSQL := `'[]'::json`
	switch roles {
	case distinctRoles:
		rolesSQL = `(SELECT coalesce(json_agg(json_build_object('role', role, 'affiliation', affiliation)
				ORDER BY n DESC, role COLLATE "C", affiliation COLLATE "C"), '[]'::json)
			FROM (SELECT role, affiliation, count(*) AS n FROM entity_roles WHERE entity_id = e.id GROUP BY role, affiliation) r)`
	case allRoles:
		rolesSQL = `(SELECT coalesce(json_agg(json_build_object('role', r.role, 'affiliation', r.affiliation, 'article', a.id,
				'published', a.published, 'offset', a.published_offset, 'zone', a.published_has_zone,
				'source', a.published_source, 'reliability', a.published_reliability)
				ORDER BY a.published IS NULL, a.published, a.seq), '[]'::json)
			FROM entity_roles r JOIN articles a ON a.seq = r.article_seq WHERE r.entity_id = e.id)`
	}
	return `SELECT e.id, e.type, e.name, e.country, e.mentions, e.articles,
		(SELECT coalesce(json_agg(json_build_object('text', alias, 'count', count) ORDER BY count DESC, alias COLLATE "C"), '[]'::json)
			FROM entity_aliases WHERE entity_id = e.id),
		(SELECT coalesce(array_agg(key ORDER BY key COLLATE "C"), '{}') FROM entity_keys WHERE entity_id = e.id),
		` + rolesSQL + `
	FROM entities e`
}

// roleJSON is one role as entitySelect encodes it.
type roleJSON struct {
	Role        string `json:"role"`
	Affiliation string `json:"affiliation"`
	Article     string `json:"article"`
	Published   *int64 `json:"published"`
	Offset      int    `json:"offset"`
	Zone        bool   `json:"zone"`
	Source      string `json:"source"`
	Reliability string `json:"reliability"`
}

// scanEntities reads the rows of entitySelect.
func scanEntities(rows pgx.Rows) ([]model.Entity, error) {
	defer rows.Close()
	var out []model.Entity
	for rows.Next() {
		var e model.Entity
		var aliases, roles string
		if err := rows.Scan(&e.ID, &e.Type, &e.Name, &e.Country, &e.Mentions, &e.Articles, &aliases, &e.Keys, &roles); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(aliases), &e.Aliases); err != nil {
			return nil, fmt.Errorf("entity %d aliases: %w", e.ID, err)
		}
		var rs []roleJSON
		if err := json.Unmarshal([]byte(roles), &rs); err != nil {
			return nil, fmt.Errorf("entity %d roles: %w", e.ID, err)
		}
		for _, r := range rs {
			e.Roles = append(e.Roles, model.Role{Role: r.Role, Affiliation: r.Affiliation, ArticleID: r.Article,
				Published: publishedFrom(r.Published, r.Offset, r.Zone, r.Source, r.Reliability)})
		}
		if len(e.Aliases) == 0 {
			e.Aliases = nil
		}
		if len(e.Keys) == 0 {
			e.Keys = nil
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// keyLockSeed sets the advisory lock keys of entity lookup keys apart from
// the store's other advisory locks.
const keyLockSeed = 0x656e746b6579 // "entkey"

// EntityCandidates returns the entities holding any of keys, each
// distinct role once.
//
// It first takes a lock on each key for the rest of the transaction: a
// writer resolving a name waits for another that is resolving the same
// name, then sees the entity that one made, so that two writers do not
// each create the same person.
func (t *tx) EntityCandidates(ctx context.Context, keys []string) ([]model.Entity, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	// In one order (of the lock keys) for every writer, within a call.
	t.exec(ctx, "entity candidates: lock their keys", `SELECT pg_advisory_xact_lock(h)
		FROM (SELECT DISTINCT hashtextextended(k, $2) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s`,
		keys, int64(keyLockSeed))
	rows, err := t.query(ctx, entitySelect(distinctRoles)+` WHERE e.id IN (SELECT entity_id FROM entity_keys WHERE key = ANY($1)) ORDER BY e.id`, keys)
	if err != nil {
		return nil, fmt.Errorf("store: entity candidates: %w", err)
	}
	out, err := scanEntities(rows)
	if err != nil {
		return nil, fmt.Errorf("store: entity candidates: %w", err)
	}
	for _, e := range out {
		t.knowKeys(e.ID, e.Keys)
	}
	return out, nil
}

// knowKeys records keys an entity holds (tx.keys).
func (t *tx) knowKeys(id int64, keys []string) {
	if t.keys == nil {
		t.keys = map[int64]map[string]bool{}
	}
	if t.keys[id] == nil {
		t.keys[id] = map[string]bool{}
	}
	for _, k := range keys {
		t.keys[id][k] = true
	}
}

// CreateEntity stores a new entity.
func (t *tx) CreateEntity(ctx context.Context, e model.Entity) (int64, error) {
	var id int64
	if err := t.queryRow(ctx, `INSERT INTO entities (type, name, country) VALUES ($1, $2, $3) RETURNING id`,
		e.Type, e.Name, e.Country).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: create entity %q: %w", e.Name, err)
	}
	return id, nil
}

// AddEntityKeys adds lookup keys to an entity; those it is known to
// hold already are not sent.
func (t *tx) AddEntityKeys(ctx context.Context, id int64, keys []string) error {
	var add []string
	for _, k := range keys {
		if !t.keys[id][k] {
			add = append(add, k)
		}
	}
	if len(add) == 0 {
		return nil
	}
	keys = add
	t.knowKeys(id, keys)
	t.exec(ctx, fmt.Sprintf("keys of entity %d", id), `INSERT INTO entity_keys (key, entity_id)
		SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING`, keys, id)
	return nil
}

// SetAnnotations stores an article's annotations and updates the
// entities they resolve to. The article's row is locked first, so two
// writers re-annotating one article take turns rather than both taking
// back the same old annotations.
func (t *tx) SetAnnotations(ctx context.Context, articleID string, ann model.Annotations) error {
	if holdsNUL(articleID) {
		return fmt.Errorf("store: annotations for %q: %w", articleID, store.ErrNotFound)
	}
	var seq int64
	var annotated bool
	err := t.queryRow(ctx, `SELECT seq, EXISTS (SELECT 1 FROM article_annotations WHERE article_seq = articles.seq)
		FROM articles WHERE id = $1 FOR NO KEY UPDATE`, articleID).Scan(&seq, &annotated)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("store: annotations for %q: %w", articleID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	// The old annotations' entities are pruned only after the new ones are
	// applied: the new annotations may have been resolved to an entity that
	// only this article mentioned.
	var old []int64
	if annotated {
		if old, err = t.removeAnnotations(ctx, seq); err != nil {
			return fmt.Errorf("store: annotations for %q: %w", articleID, err)
		}
	}
	b, err := json.Marshal(ann)
	if err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	t.exec(ctx, fmt.Sprintf("annotations for %q", articleID),
		`INSERT INTO article_annotations (article_seq, tagger, json) VALUES ($1, $2, $3)`, seq, ann.Tagger, string(b))
	if err := t.applyAnnotations(ctx, seq, ann, 1); err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	if err := t.setInferred(ctx, seq, ann.Published); err != nil {
		return fmt.Errorf("store: annotations for %q: %w", articleID, err)
	}
	t.prune(ctx, old)
	return nil
}

// applyAnnotations adds (sign 1) or takes back (sign -1) what an article's
// annotations say about its entities. The entities' rows are locked (in
// id order) before their type votes are read, so that no writer's votes
// or totals are lost to another's.
func (t *tx) applyAnnotations(ctx context.Context, seq int64, ann model.Annotations, sign int) error {
	type aliasKey struct {
		id   int64
		text string
	}
	type roleKey struct {
		id                int64
		role, affiliation string
	}
	aliases := map[aliasKey]int{}
	var roles []roleKey
	votes := map[int64]map[string]int{}
	for _, m := range ann.Mentions {
		if m.Entity < 0 || m.Entity >= len(ann.Entities) || ann.Entities[m.Entity].ID == 0 {
			continue
		}
		id := ann.Entities[m.Entity].ID
		aliases[aliasKey{id, m.Text}]++
		if sign > 0 && m.Role != "" {
			roles = append(roles, roleKey{id, m.Role, m.Affiliation})
		}
		if votes[id] == nil {
			votes[id] = map[string]int{}
		}
		votes[id][m.Type] += sign
	}
	var touched []int64
	mentions := map[int64]int{} // by entity: this article's mentions of it
	for _, le := range ann.Entities {
		if le.ID == 0 || le.Mentions == 0 {
			continue
		}
		if sign > 0 {
			mentions[le.ID] += le.Mentions
		}
		if !slices.Contains(touched, le.ID) {
			touched = append(touched, le.ID)
		}
	}
	locked := make([]int64, 0, len(votes)+len(touched))
	for id := range votes {
		locked = append(locked, id)
	}
	locked = append(locked, touched...)
	if len(locked) == 0 {
		return nil
	}
	tallies, err := t.lockEntities(ctx, locked)
	if err != nil {
		return err
	}

	if len(roles) > 0 {
		var ids []int64
		var rs, affs []string
		for _, r := range roles {
			ids, rs, affs = append(ids, r.id), append(rs, r.role), append(affs, r.affiliation)
		}
		t.exec(ctx, "roles", `INSERT INTO entity_roles (entity_id, role, affiliation, article_seq)
			SELECT id, role, aff, $4 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r(id, role, aff)
			ON CONFLICT DO NOTHING`, ids, rs, affs, seq)
	}
	if len(aliases) > 0 {
		var ids []int64
		var texts []string
		var counts []int32
		for k, n := range aliases {
			ids, texts, counts = append(ids, k.id), append(texts, k.text), append(counts, int32(sign*n))
		}
		t.exec(ctx, "aliases", `INSERT INTO entity_aliases (entity_id, alias, count)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[])
			ON CONFLICT (entity_id, alias) DO UPDATE SET count = entity_aliases.count + excluded.count`, ids, texts, counts)
	}
	// The votes and the totals go in one statement: each update of a row
	// writes a new version of it. The totals grow by this article's
	// share: its rows are new (an article's earlier annotations are taken
	// back, their rows deleted, before new ones are applied, and prune
	// recounts the entities they named).
	var ids []int64
	var js, best []string
	var ns []int32
	for _, id := range locked {
		if slices.Contains(ids, id) {
			continue
		}
		j, b := "", ""
		if add, ok := votes[id]; ok {
			tally := tallies[id]
			for k, v := range add {
				tally.votes[k] += v
			}
			enc, err := json.Marshal(tally.votes)
			if err != nil {
				return err
			}
			j, b = string(enc), bestType(tally.votes, tally.country)
		}
		ids, js, best, ns = append(ids, id), append(js, j), append(best, b), append(ns, int32(mentions[id]))
	}
	if len(mentions) > 0 {
		var mids []int64
		var mns []int32
		for id, n := range mentions {
			mids, mns = append(mids, id), append(mns, int32(n))
		}
		t.exec(ctx, "mentions", `INSERT INTO entity_mentions (entity_id, article_seq, count)
			SELECT id, $3, n FROM unnest($1::bigint[], $2::integer[]) AS m(id, n)
			ON CONFLICT (entity_id, article_seq) DO UPDATE SET count = entity_mentions.count + excluded.count`, mids, mns, seq)
	}
	t.exec(ctx, "entity votes and totals", `UPDATE entities e SET
			votes = CASE WHEN v.votes = '' THEN e.votes ELSE v.votes END,
			type = CASE WHEN v.best = '' THEN e.type ELSE v.best END,
			mentions = e.mentions + v.n,
			articles = e.articles + CASE WHEN v.n > 0 THEN 1 ELSE 0 END
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[]) AS v(id, votes, best, n) WHERE e.id = v.id`,
		ids, js, best, ns)
	return t.rename(ctx, touched)
}

// tally is an entity's type votes and country, as locked.
type tally struct {
	votes   map[string]int
	country string
}

// lockEntities locks entities' rows, in id order, and reads their votes.
func (t *tx) lockEntities(ctx context.Context, ids []int64) (map[int64]tally, error) {
	rows, err := t.query(ctx, `SELECT id, votes, country FROM entities WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]tally{}
	for rows.Next() {
		var id int64
		var js string
		tl := tally{votes: map[string]int{}}
		if err := rows.Scan(&id, &js, &tl.country); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(js), &tl.votes); err != nil {
			return nil, fmt.Errorf("entity %d votes: %w", id, err)
		}
		out[id] = tl
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, fmt.Errorf("entity %d: %w", id, store.ErrNotFound)
		}
	}
	return out, nil
}

// bestType is the type most of an entity's mentions were tagged with;
// "" (keep the type) for a country, which stays a place, or when no
// mention votes.
func bestType(votes map[string]int, country string) string {
	best := ""
	for _, typ := range []string{model.Person, model.Organization, model.Location, model.Misc} {
		if votes[typ] > 0 && (best == "" || votes[typ] > votes[best]) {
			best = typ
		}
	}
	if country != "" {
		return ""
	}
	return best
}

// setInferred records an inferred publication date on an article whose
// publication time is unknown or was itself inferred; a stated time is
// never replaced.
func (t *tx) setInferred(ctx context.Context, seq int64, inf *model.InferredDate) error {
	if inf == nil {
		t.exec(ctx, "clear inferred date", `UPDATE articles SET published = NULL, published_source = '',
			published_reliability = 'unknown' WHERE seq = $1 AND published_source = $2`, seq, string(model.FromInferred))
		return nil
	}
	d, err := time.Parse("2006-01-02", inf.Date)
	if err != nil {
		return fmt.Errorf("inferred date %q: %w", inf.Date, err)
	}
	t.exec(ctx, "set inferred date", `UPDATE articles SET published = $1, published_offset = 0, published_has_zone = false,
		published_source = $2, published_reliability = $3
		WHERE seq = $4 AND (published IS NULL OR published_source = $2)`,
		d.UnixNano(), string(model.FromInferred), string(model.Day), seq)
	return nil
}

// removeAnnotations takes back an article's earlier annotations and
// returns the entities they named (for prune).
func (t *tx) removeAnnotations(ctx context.Context, seq int64) ([]int64, error) {
	var js string
	if err := t.queryRow(ctx, `SELECT json FROM article_annotations WHERE article_seq = $1`, seq).Scan(&js); err != nil {
		return nil, err
	}
	var old model.Annotations
	if err := json.Unmarshal([]byte(js), &old); err != nil {
		return nil, fmt.Errorf("stored annotations: %w", err)
	}
	for _, q := range []string{
		`DELETE FROM article_annotations WHERE article_seq = $1`,
		`DELETE FROM entity_roles WHERE article_seq = $1`,
		`DELETE FROM entity_mentions WHERE article_seq = $1`,
	} {
		t.exec(ctx, "take back annotations", q, seq)
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
// Each is locked first, so a writer that has just given it a mention
// either committed (and its mention is counted) or waits.
func (t *tx) prune(ctx context.Context, ids []int64) {
	for _, id := range ids {
		delete(t.keys, id) // its keys may go
		for _, q := range []string{
			`SELECT 1 FROM entities WHERE id = $1 FOR UPDATE`,
			`DELETE FROM entity_aliases WHERE entity_id = $1 AND count <= 0`,
			`UPDATE entities SET mentions = (SELECT coalesce(sum(count), 0) FROM entity_mentions WHERE entity_id = $1),
				articles = (SELECT count(*) FROM entity_mentions WHERE entity_id = $1) WHERE id = $1`,
			`DELETE FROM entity_keys WHERE entity_id = $1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = $1)`,
			`DELETE FROM entity_aliases WHERE entity_id = $1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = $1)`,
			`DELETE FROM entity_roles WHERE entity_id = $1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = $1)`,
			`DELETE FROM entities WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM entity_mentions WHERE entity_id = $1)`,
		} {
			t.exec(ctx, fmt.Sprintf("prune entity %d", id), q, id)
		}
	}
}

// rename gives entities their most representative name: for a person the
// most frequent name of two words or more (a full name rather than a bare
// surname), otherwise the most frequent alias. Countries keep the name
// they were created with.
func (t *tx) rename(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := t.query(ctx, `SELECT e.id, e.type, a.alias FROM entities e JOIN entity_aliases a ON a.entity_id = e.id
		WHERE e.id = ANY($1) AND e.country = '' AND a.count > 0
		ORDER BY e.id, a.count DESC, length(a.alias) DESC, a.alias COLLATE "C"`, ids)
	if err != nil {
		return err
	}
	type pick struct {
		name     string
		words    int
		shouting bool
	}
	best := map[int64]*pick{}
	var order []int64
	for rows.Next() {
		var id int64
		var typ, a string
		if err := rows.Scan(&id, &typ, &a); err != nil {
			rows.Close()
			return err
		}
		w := len(strings.Fields(a))
		// A headline or dateline in capitals ("ARVENA") is not how the
		// name is written.
		shouting := len(a) > 4 && strings.ToUpper(a) == a
		b := best[id]
		switch {
		case b == nil:
			best[id] = &pick{a, w, shouting}
			order = append(order, id)
		case b.shouting && !shouting:
			*b = pick{a, w, shouting}
		case typ == model.Person && b.words < 2 && w >= 2 && !shouting:
			*b = pick{a, w, shouting}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		return nil
	}
	names := make([]string, len(order))
	for i, id := range order {
		names[i] = best[id].name
	}
	t.exec(ctx, "entity names", `UPDATE entities e SET name = v.name
		FROM unnest($1::bigint[], $2::text[]) AS v(id, name) WHERE e.id = v.id AND e.name <> v.name`, order, names)
	return nil
}

// ClearEntities forgets every annotation and entity; entity ids start
// again from 1, as they do in SQLite.
func (t *tx) ClearEntities(ctx context.Context) error {
	for _, table := range []string{"article_annotations", "entity_roles", "entity_mentions", "entity_aliases", "entity_keys", "entities"} {
		t.exec(ctx, "clear "+table, `DELETE FROM `+table)
	}
	t.exec(ctx, "clear entities", `SELECT setval(pg_get_serial_sequence('entities', 'id'), 1, false)`)
	t.keys = nil
	return nil
}

// Annotations returns an article's stored annotations.
func (db *DB) Annotations(ctx context.Context, articleID string) (model.Annotations, bool, error) {
	if holdsNUL(articleID) {
		return model.Annotations{}, false, nil
	}
	var js string
	err := db.retry(ctx, func() error {
		return db.pool.QueryRow(ctx, `SELECT n.json FROM article_annotations n JOIN articles a ON a.seq = n.article_seq
			WHERE a.id = $1`, articleID).Scan(&js)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return model.Annotations{}, false, nil
	}
	if err != nil {
		return model.Annotations{}, false, db.errorf(err, fmt.Sprintf("annotations of %q", articleID))
	}
	ann, err := decodeAnnotations(articleID, &js)
	return ann, err == nil, err
}

// EachAnnotated streams the articles matching f with their annotations.
func (db *DB) EachAnnotated(ctx context.Context, f store.Filter, fn func(model.Article, model.Annotations, bool) error) error {
	var p params
	where, err := db.filterSQL(ctx, f, &p)
	if err != nil {
		return err
	}
	return db.stream(ctx, "list analysed articles", `SELECT `+articleColumns+`, n.json FROM articles
		LEFT JOIN article_annotations n ON n.article_seq = articles.seq`+where, p, func(rows pgx.Rows) error {
		var js *string
		a, err := scanArticle(rows, &js)
		if err != nil {
			return scanError("list analysed articles", err)
		}
		ann, err := decodeAnnotations(a.ID, js)
		if err != nil {
			return err
		}
		return fn(a, ann, js != nil)
	})
}

// decodeAnnotations decodes an article's stored annotations (none when js
// is nil).
func decodeAnnotations(articleID string, js *string) (model.Annotations, error) {
	var ann model.Annotations
	if js != nil {
		if err := json.Unmarshal([]byte(*js), &ann); err != nil {
			return ann, fmt.Errorf("store: annotations of %q: %w", articleID, err)
		}
	}
	return ann, nil
}

// decodeOutline decodes the outline of stored annotations
// (store.StoryReader.StoryArticlesOutlined): the decoder skips the other
// fields without building them.
func decodeOutline(articleID string, js *string) (model.Annotations, error) {
	var o struct {
		Sentences []model.TextSpan    `json:"sentences"`
		Entities  []model.LocalEntity `json:"entities"`
		Times     []model.TimeRef     `json:"times"`
	}
	if js != nil {
		if err := json.Unmarshal([]byte(*js), &o); err != nil {
			return model.Annotations{}, fmt.Errorf("store: annotations of %q: %w", articleID, err)
		}
	}
	return model.Annotations{Sentences: o.Sentences, Entities: o.Entities, Times: o.Times}, nil
}

// Entities lists entities, most mentioned first. The query matches a
// name or alias containing it, case aside; it is matched as text (a % or
// _ in it is itself).
func (db *DB) Entities(ctx context.Context, f store.EntityFilter) ([]model.Entity, error) {
	if holdsNUL(f.Query) || holdsNUL(f.Type) {
		return nil, nil
	}
	var p params
	var where []string
	if f.Type != "" {
		where = append(where, "e.type = "+p.add(strings.ToUpper(f.Type)))
	}
	if f.Query != "" {
		like := p.add("%" + likeEscaper.Replace(f.Query) + "%")
		where = append(where, "(e.name ILIKE "+like+" OR e.id IN (SELECT entity_id FROM entity_aliases WHERE alias ILIKE "+like+"))")
	}
	q := entitySelect(noRoles)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.mentions DESC, e.id"
	if f.Limit > 0 {
		q += " LIMIT " + p.add(f.Limit)
	}
	return db.entities(ctx, "entities", q, p)
}

// entities runs an entitySelect query.
func (db *DB) entities(ctx context.Context, what, q string, args []any) ([]model.Entity, error) {
	var out []model.Entity
	err := db.retry(ctx, func() error {
		rows, err := db.pool.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = scanEntities(rows)
		return err
	})
	if err != nil {
		return nil, db.errorf(err, what)
	}
	return out, nil
}

// Entity returns one entity with its aliases and roles.
func (db *DB) Entity(ctx context.Context, id int64) (model.Entity, error) {
	list, err := db.entities(ctx, fmt.Sprintf("entity %d", id), entitySelect(allRoles)+` WHERE e.id = $1`, []any{id})
	if err != nil {
		return model.Entity{}, err
	}
	if len(list) == 0 {
		return model.Entity{}, fmt.Errorf("store: entity %d: %w", id, store.ErrNotFound)
	}
	return list[0], nil
}

// EntityArticles returns the articles that mention an entity, newest first.
func (db *DB) EntityArticles(ctx context.Context, id int64, limit int) ([]store.EntityArticle, error) {
	var p params
	q := `SELECT ` + prefixed("a.", articleColumns) + `, m.count FROM entity_mentions m JOIN articles a ON a.seq = m.article_seq
		WHERE m.entity_id = ` + p.add(id) + ` ORDER BY a.published IS NULL, a.published DESC, a.seq DESC`
	if limit > 0 {
		q += ` LIMIT ` + p.add(limit)
	}
	what := fmt.Sprintf("articles of entity %d", id)
	var out []store.EntityArticle
	err := db.stream(ctx, what, q, p, func(rows pgx.Rows) error {
		var ea store.EntityArticle
		a, err := scanArticle(rows, &ea.Count)
		if err != nil {
			return scanError(what, err)
		}
		ea.Article = a
		out = append(out, ea)
		return nil
	})
	return out, err
}
