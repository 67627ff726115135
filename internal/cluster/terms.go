package cluster

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/analyze/stem"
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

// TermVector returns a text's index terms (stemmed with the default
// stemmer) with sublinear counts, for the read side to compare texts the
// way clustering does.
func TermVector(text string) map[string]float64 {
	raw := map[string]float64{}
	terms(text, stem.English, raw, 1)
	for t, n := range raw {
		raw[t] = 1 + math.Log(n)
	}
	return raw
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

// nameKeys returns the keys of the capitalised words of a text (names,
// mostly), romanised and cut to five letters, so the same name compares
// across languages and scripts and through inflection: "Коваленко" and
// "Kovalenko", "Норландии" and "Norland".
func nameKeys(text string, into map[string]float64) {
	start := true // at the start of a sentence
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '.' && r != '!' && r != '?'
	}) {
		end := strings.ContainsAny(f, ".!?")
		w := strings.Trim(f, ".!?")
		r, _ := utf8.DecodeRuneInString(w)
		if !start && unicode.IsUpper(r) && utf8.RuneCountInString(w) >= 4 && !stopWords[strings.ToLower(w)] {
			k := romanize(strings.ToLower(w))
			if len(k) > 5 {
				k = k[:5]
			}
			if len(k) >= 4 {
				into[k]++
			}
		}
		start = end
	}
}

// romanize spells Cyrillic letters in Latin ones and folds the common
// Latin accents; other letters pass unchanged.
func romanize(w string) string {
	var b strings.Builder
	for _, r := range w {
		if s, ok := cyrillic[r]; ok {
			b.WriteString(s)
			continue
		}
		switch r {
		case 'á', 'à', 'â', 'ä', 'ã', 'å':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'í', 'ì', 'î', 'ï':
			r = 'i'
		case 'ó', 'ò', 'ô', 'ö', 'õ', 'ø':
			r = 'o'
		case 'ú', 'ù', 'û', 'ü':
			r = 'u'
		case 'ç':
			r = 'c'
		case 'ñ':
			r = 'n'
		case 'y':
			r = 'i'
		}
		b.WriteRune(r)
	}
	return b.String()
}

var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "i", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia", 'і': "i", 'ї': "i", 'є': "e", 'ґ': "g",
}
