package cluster

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// terms returns the stemmed index terms of a text with their counts:
// lower-cased words of letters and digits, stop words dropped, each
// stemmed by stem. Numbers of four digits are kept (years tell events
// apart); other numbers are dropped.
func terms(text string, stem func(string) string, into map[string]float64, weight float64) {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		j := i
		digits, letters := 0, 0
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			switch {
			case unicode.IsLetter(r):
				letters++
			case unicode.IsDigit(r):
				digits++
			case (r == '\'' || r == '’' || r == '-') && j+n < len(text):
				// inside a word: "don't", "al-Assad" stay one word
				next, _ := utf8.DecodeRuneInString(text[j+n:])
				if !unicode.IsLetter(next) {
					goto done
				}
			default:
				goto done
			}
			j += n
		}
	done:
		w := text[i:j]
		i = j
		if letters == 0 {
			if digits != 4 {
				continue
			}
		} else if letters < 2 {
			continue
		}
		w = strings.ToLower(w)
		if k := strings.IndexAny(w, "'’"); k > 0 {
			w = w[:k] // possessives and contractions: "norland's" -> "norland"
		}
		if stopWords[w] {
			continue
		}
		if letters > 0 && stem != nil {
			if w = stem(w); w == "" {
				continue
			}
		}
		into[w] += weight
	}
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
