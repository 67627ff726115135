package postgres

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/unicode/norm"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// The search document and the query are both made of the same words: runs
// of letters, digits and combining marks, split here rather than by the
// server's parser, so that what a user types and what an article holds are
// cut alike whatever the server's locale ("U.S.", "3.5", "Kovalenko's" and
// "cease-fire" give the same words on both sides). The server then folds
// case and diacritics and stems each word (the storywire text search
// configuration, migrations/0001_schema.sql).

// isWordRune reports whether r belongs to a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// words splits s into its words, as typed.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

// searchText is s as the search document reads it: its words, one space
// apart.
func searchText(s string) string { return strings.Join(words(s), " ") }

// searchQuery is a user's query, read as words and "quoted phrases".
// Nothing in it is query syntax: "a OR", "-x" or a stray quote are words
// or nothing, never an error.
type searchQuery struct {
	words   []string   // bare words, stop words left out unless nothing else is asked
	phrases [][]string // quoted phrases of two words or more
}

// parseQuery reads a query. A quoted single word is a word.
func parseQuery(q string) searchQuery {
	var sq searchQuery
	var stops []string
	for i, part := range strings.Split(q, `"`) {
		ws := words(part)
		if i%2 == 1 { // inside quotes: one phrase
			if len(ws) == 1 {
				sq.words = append(sq.words, ws[0])
			} else if len(ws) > 1 {
				sq.phrases = append(sq.phrases, ws)
			}
			continue
		}
		for _, w := range ws {
			if stopWords[strings.ToLower(w)] {
				stops = append(stops, w)
				continue
			}
			sq.words = append(sq.words, w)
		}
	}
	if len(sq.words) == 0 && len(sq.phrases) == 0 {
		sq.words = stops
	}
	return sq
}

// empty reports whether the query asks for nothing.
func (q searchQuery) empty() bool { return len(q.words) == 0 && len(q.phrases) == 0 }

// tsquery returns the SQL of the query as a tsquery, its values added to
// p: every word and every phrase must match. plainto_tsquery and
// phraseto_tsquery read no operators, so no input is an error.
func (q searchQuery) tsquery(p *params) string {
	var parts []string
	if len(q.words) > 0 {
		parts = append(parts, "plainto_tsquery('storywire', "+p.add(strings.Join(q.words, " "))+")")
	}
	for _, ph := range q.phrases {
		parts = append(parts, "phraseto_tsquery('storywire', "+p.add(strings.Join(ph, " "))+")")
	}
	return "(" + strings.Join(parts, " && ") + ")"
}

// stopWords are English words too common to narrow a search.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "has": true, "have": true, "in": true, "is": true, "it": true,
	"its": true, "of": true, "on": true, "or": true, "that": true, "the": true, "to": true,
	"was": true, "were": true, "will": true, "with": true,
}

// Snippet markers: ts_headline marks matches with them; they become
// brackets once the snippet is cut, so brackets in the text itself are
// not taken for marks.
const (
	markStart = "\x01"
	markStop  = "\x02"
)

// rankWeights weigh a match in the title (A) five times one in the text
// (B), as the SQLite store's bm25 weights do; ts_rank's order is D, C, B,
// A.
const rankWeights = `'{0.1, 0.2, 0.2, 1.0}'`

// Search runs a full-text query, best matches first. Words match by their
// stems; a quoted phrase matches by stems in order in the index, then is
// checked word for word against the text, so a phrase stays exact.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	q := parseQuery(query)
	if q.empty() {
		return nil, store.ErrEmptyQuery
	}
	if limit <= 0 {
		limit = 20
	}
	fetch := limit
	if len(q.phrases) > 0 {
		// Some stemmed matches will not hold the exact phrase.
		fetch = max(5*limit, 200)
	}
	var p params
	tsq := q.tsquery(&p)
	sql := `SELECT ` + prefixed("a.", articleColumns) + `, a.seq, ts_rank(` + rankWeights + `, a.search, s.q, 1) AS rank
		FROM articles a, (SELECT ` + tsq + ` AS q) s
		WHERE a.search @@ s.q
		ORDER BY rank DESC, a.seq
		LIMIT ` + p.add(fetch)
	var hits []store.SearchHit
	var seqs []int64
	err := db.stream(ctx, "search", sql, p, func(rows pgx.Rows) error {
		if len(hits) == limit {
			return nil
		}
		var h store.SearchHit
		var seq int64
		var rank float32
		a, err := scanArticle(rows, &seq, &rank)
		if err != nil {
			return scanError("search", err)
		}
		if !holdsPhrases(a, q.phrases) {
			return nil
		}
		h.Article, h.Score = a, float64(rank)
		hits, seqs = append(hits, h), append(seqs, seq)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(hits) == 0 {
		return hits, nil
	}
	return hits, db.snippets(ctx, q, seqs, hits)
}

// snippets fills in the hits' snippets: a few words of the text around the
// best match, matched words in brackets, "…" where the text was cut.
// ts_headline reads the whole text, so it runs for the hits kept only.
func (db *DB) snippets(ctx context.Context, q searchQuery, seqs []int64, hits []store.SearchHit) error {
	var p params
	tsq := q.tsquery(&p)
	sql := `SELECT a.seq, ts_headline('storywire', a.text, s.q,
			'StartSel=` + markStart + `, StopSel=` + markStop + `, MaxWords=20, MinWords=10, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "')
		FROM articles a, (SELECT ` + tsq + ` AS q) s WHERE a.seq = ANY(` + p.add(seqs) + `)`
	byseq := map[int64]string{}
	err := db.stream(ctx, "search snippets", sql, p, func(rows pgx.Rows) error {
		var seq int64
		var s string
		if err := rows.Scan(&seq, &s); err != nil {
			return scanError("search snippets", err)
		}
		byseq[seq] = s
		return nil
	})
	if err != nil {
		return err
	}
	for i := range hits {
		hits[i].Snippet = snippet(hits[i].Article.Text, byseq[seqs[i]])
	}
	return nil
}

// snippet turns a headline into the shown snippet: "…" where the text
// goes on before or after it, brackets around the matches.
func snippet(text, headline string) string {
	plain := strings.NewReplacer(markStart, "", markStop, "").Replace(headline)
	plain = strings.TrimSpace(plain)
	s := strings.NewReplacer(markStart, "[", markStop, "]").Replace(strings.TrimSpace(headline))
	if plain == "" {
		return s
	}
	if !strings.HasPrefix(strings.TrimSpace(text), plain) {
		s = "…" + s
	}
	if !strings.HasSuffix(strings.TrimSpace(text), plain) {
		s += "…"
	}
	return s
}

// holdsPhrases reports whether an article's title or text holds each
// phrase word for word (case and diacritics aside, as the index folds).
func holdsPhrases(a model.Article, phrases [][]string) bool {
	if len(phrases) == 0 {
		return true
	}
	title, text := foldedWords(a.Title), foldedWords(a.Text)
	for _, p := range phrases {
		run := make([]string, len(p))
		for i, w := range p {
			run[i] = fold(w)
		}
		if !containsRun(title, run) && !containsRun(text, run) {
			return false
		}
	}
	return true
}

// containsRun reports whether ws holds run as consecutive words.
func containsRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// foldedWords returns the words of s, folded.
func foldedWords(s string) []string {
	ws := words(s)
	for i, w := range ws {
		ws[i] = fold(w)
	}
	return ws
}

// fold lower-cases a word and removes its diacritics ("Café" → "cafe").
func fold(w string) string {
	w = strings.ToLower(w)
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			var b strings.Builder
			for _, r := range norm.NFD.String(w) {
				if !unicode.Is(unicode.Mn, r) {
					b.WriteRune(r)
				}
			}
			return b.String()
		}
	}
	return w
}
