package cluster

import (
	"context"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/text/token"
)

// Tokens is an article's text reduced to what clustering counts: its
// index terms with their counts (a title word counts twice), in the
// order they first appear, and the keys of the names it uses. Making them
// needs none of the clusterer's state, so a Tokenizer can do it on
// another goroutine while the clusterer scores the articles before.
type Tokens struct {
	Terms    []TermCount
	NameKeys map[string]float64
	// ids is the term ids of the clusterer whose tokenizer made them.
	ids *sync.Map
}

// TermCount is an index term and its weighted count in an article.
type TermCount struct {
	Term  string
	Count float64
	// id is the term's id plus one when the clusterer knew the term
	// already (0 when it did not).
	id int32
}

// Tokenizer makes the Tokens of articles. It caches words, so it is not
// safe for concurrent use: each goroutine has its own.
type Tokenizer struct {
	stem func(string) string
	// surface caches each word as written to its index term ("" for a
	// dropped word): most words have been seen before, and one lookup
	// replaces lower-casing, the stop list and stemming.
	surface map[string]string
	// nameKey caches each capitalised word's name key ("" for none).
	nameKey map[string]string
	at      map[string]int // term -> its place in the Terms being built
	// ids is the term ids of the clusterer the tokenizer works for (nil
	// for none).
	ids *sync.Map
}

// NewTokenizer returns a tokenizer for articles clustered with cfg.
func NewTokenizer(cfg Config) *Tokenizer {
	return &Tokenizer{stem: cfg.withDefaults().Stem, surface: map[string]string{}, nameKey: map[string]string{}, at: map[string]int{}}
}

// Tokenizer returns a new tokenizer for the clusterer's articles, for
// another goroutine. It gives the terms the clusterer knows their ids
// ahead, so its Tokens are for this clusterer only (another ignores the
// ids).
func (c *Clusterer) Tokenizer() *Tokenizer {
	t := NewTokenizer(c.cfg)
	t.ids = c.vocab.ids
	return t
}

// Ahead sends docs with their Tokens, made on a goroutine of its own a
// bounded distance ahead of the receiver, so tokenising and clustering
// run on two cores. The channel closes after the last, or once ctx is
// done.
func (c *Clusterer) Ahead(ctx context.Context, docs []Doc) <-chan Doc {
	out := make(chan Doc, 64)
	tk := c.Tokenizer()
	go func() {
		defer close(out)
		for _, d := range docs {
			if d.Tokens == nil {
				d.Tokens = tk.Tokenize(d)
			}
			select {
			case out <- d:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// cacheLimit bounds the word caches.
const cacheLimit = 1 << 20

// Tokenize returns an article's tokens, for Doc.Tokens.
func (t *Tokenizer) Tokenize(d Doc) *Tokens {
	tk := &Tokens{NameKeys: map[string]float64{}, ids: t.ids}
	d.Text = token.Head(d.Text, maxTextBytes)
	t.count(tk, d.Title, 2)
	t.count(tk, d.Text, 1)
	clear(t.at)
	if t.ids != nil {
		for i := range tk.Terms {
			if id, ok := t.ids.Load(tk.Terms[i].Term); ok {
				tk.Terms[i].id = id.(int32) + 1
			}
		}
	}
	t.nameKeys(d.Title, tk.NameKeys)
	t.nameKeys(d.Text, tk.NameKeys)
	return tk
}

// count adds a text's index terms, each weight times.
func (t *Tokenizer) count(tk *Tokens, text string, weight float64) {
	eachWord(text, func(w string, letters, digits int) {
		term, ok := t.surface[w]
		if !ok {
			term, _ = indexTerm(w, letters, digits, t.stem)
			if len(t.surface) >= cacheLimit {
				clear(t.surface) // a cache: bounded, and rebuilt as words recur
			}
			// Clones: a slice of the article would keep its whole text.
			term = strings.Clone(term)
			t.surface[strings.Clone(w)] = term
		}
		if term == "" {
			return
		}
		if i, ok := t.at[term]; ok {
			tk.Terms[i].Count += weight
			return
		}
		t.at[term] = len(tk.Terms)
		tk.Terms = append(tk.Terms, TermCount{Term: term, Count: weight})
	})
}

// NameKeys returns the keys of the names a text uses (see nameKeys),
// for the read side to compare texts in different languages by the names
// they share, as clustering does.
func (t *Tokenizer) NameKeys(text string) map[string]float64 {
	keys := map[string]float64{}
	t.nameKeys(text, keys)
	return keys
}

// nameKeys adds the keys of the capitalised words of a text (names,
// mostly), romanised and cut to five letters, so the same name compares
// across languages and scripts and through inflection: "Коваленко" and
// "Kovalenko", "Норландии" and "Norland". A word opening a sentence is
// not taken: it is capitalised whatever it is.
func (t *Tokenizer) nameKeys(text string, into map[string]float64) {
	start := true // at the start of a sentence
	field := func(f string) {
		end := strings.ContainsAny(f, ".!?")
		if !start {
			if k := t.nameKeyOf(strings.Trim(f, ".!?")); k != "" {
				into[k]++
			}
		}
		start = end
	}
	i := -1 // the start of the current field
	for j, r := range text {
		in := r == '.' || r == '!' || r == '?' || r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') ||
			r >= utf8.RuneSelf && unicode.IsLetter(r)
		switch {
		case in && i < 0:
			i = j
		case !in && i >= 0:
			field(text[i:j])
			i = -1
		}
	}
	if i >= 0 {
		field(text[i:])
	}
}

// nameKeyOf returns a word's name key, or "" if it is not capitalised,
// is shorter than four letters or is a stop word.
func (t *Tokenizer) nameKeyOf(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return ""
	}
	if k, ok := t.nameKey[w]; ok {
		return k
	}
	k := ""
	if utf8.RuneCountInString(w) >= 4 && !stopWords[strings.ToLower(w)] {
		k = strings.ReplaceAll(lexicon.Romanize(strings.ToLower(w)), "y", "i") // Zelenskyy, Зеленский
		if len(k) > 5 {
			k = k[:5]
		}
		if len(k) < 4 {
			k = ""
		}
	}
	if len(t.nameKey) >= cacheLimit {
		clear(t.nameKey)
	}
	t.nameKey[strings.Clone(w)] = strings.Clone(k)
	return k
}

// maxTextBytes bounds the text an article's terms are read from, as the
// analysis stage bounds what it reads (analyze.MaxAnalysedBytes): past a
// few hundred kilobytes a "text" is a dump whose every number would be a
// term of its own.
const maxTextBytes = 256 << 10
