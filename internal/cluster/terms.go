package cluster

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/text/stem"
)

// eachWord calls fn with each word of a text (a run of letters and digits,
// with inner apostrophes and hyphens: "don't", "al-Assad") and its counts
// of letters and digits.
func eachWord(text string, fn func(w string, letters, digits int)) {
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if !isWordRune(r) {
			i += n
			continue
		}
		j := i
		digits, letters := 0, 0
	scan:
		for j < len(text) {
			r, n := rune(text[j]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(text[j:])
			}
			switch {
			case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
				letters++
			case '0' <= r && r <= '9':
				digits++
			case r >= utf8.RuneSelf && unicode.IsLetter(r):
				letters++
			case r >= utf8.RuneSelf && unicode.IsDigit(r):
				digits++
			case (r == '\'' || r == '’' || r == '-') && j+n < len(text):
				next, _ := utf8.DecodeRuneInString(text[j+n:])
				if !unicode.IsLetter(next) {
					break scan
				}
			default:
				break scan
			}
			j += n
		}
		fn(text[i:j], letters, digits)
		i = j
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// indexTerm turns a word into its index term: lower-cased, possessives
// and contractions cut, stop words dropped, stemmed by stem. Numbers of
// two or more digits are kept: years tell events apart, and so do the
// numbers a report repeats (an age, a toll, a sum); lone digits and
// single letters are dropped. ok is false for a dropped word.
func indexTerm(w string, letters, digits int, stem func(string) string) (string, bool) {
	if letters == 0 {
		if digits < 2 {
			return "", false
		}
	} else if letters < 2 {
		return "", false
	}
	w = strings.ToLower(w)
	if k := strings.IndexAny(w, "'’"); k > 0 {
		w = w[:k] // possessives and contractions: "norland's" -> "norland"
	}
	if stopWords[w] {
		return "", false
	}
	if letters > 0 && stem != nil {
		if w = stem(w); w == "" {
			return "", false
		}
	}
	return w, true
}

// terms adds the index terms of a text to into, each counted weight times.
func terms(text string, stem func(string) string, into map[string]float64, weight float64) {
	eachWord(text, func(w string, letters, digits int) {
		if t, ok := indexTerm(w, letters, digits, stem); ok {
			into[t] += weight
		}
	})
}

// TermVector returns a text's index terms (stemmed with the default
// stemmer) with sublinear counts, for the read side to compare texts the
// way clustering does.
func TermVector(text string) map[string]float64 {
	raw := map[string]float64{}
	terms(text, stem.English, raw, 1)
	return sublinear(raw)
}

func sublinear(counts map[string]float64) map[string]float64 {
	for t, n := range counts {
		counts[t] = 1 + math.Log(n)
	}
	return counts
}

// TermVectors gives the vectors of TermVector for many texts of one
// subject (a story's articles and their sentences), remembering each
// word's term: such texts repeat their words, and turning a word into its
// term (lower-casing, the stop list, stemming) is most of the cost. Not
// safe for concurrent use; the zero value is ready.
type TermVectors struct {
	memo map[string]memoTerm
}

type memoTerm struct {
	term string
	ok   bool
}

// Of returns text's term vector, equal to TermVector(text).
func (v *TermVectors) Of(text string) map[string]float64 {
	if v.memo == nil {
		v.memo = map[string]memoTerm{}
	}
	raw := map[string]float64{}
	eachWord(text, func(w string, letters, digits int) {
		m, seen := v.memo[w]
		if !seen {
			m.term, m.ok = indexTerm(w, letters, digits, stem.English)
			v.memo[strings.Clone(w)] = m
		}
		if m.ok {
			raw[m.term]++
		}
	})
	return sublinear(raw)
}

// stopWords carry no topic: function words, reporting verbs and the
// calendar words every article has.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be
		because been before being below between both but by can could did do does doing down during each
		few for from further had has have having he her here hers herself him himself his how i if in into
		is it its itself just me more most my myself no nor not now of off on once only or other our ours
		ourselves out over own same she should so some such than that the their theirs them themselves then
		there these they this those through to too under until up very was we were what when where which
		while who whom why will with would you your yours yourself yourselves said says say told tell
		according also would could may might must shall one two three new last first year years week weeks
		day days time monday tuesday wednesday thursday friday saturday sunday january february march april
		june july august september october november december mr mrs ms dr per cent percent people like
		just get got us yet still since around however including reported report reports news`) {
		m[w] = true
	}
	return m
}()
