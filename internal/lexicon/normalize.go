package lexicon

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldRunes maps letters that do not decompose into a base letter and a
// mark, and typographic apostrophes and hyphens, to ASCII.
var foldRunes = map[rune]string{
	'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'þ': "th", 'Þ': "Th", 'ß': "ss", 'æ': "ae", 'Æ': "Ae", 'œ': "oe", 'Œ': "Oe",
	'ı': "i", 'ħ': "h", 'Ħ': "H",
	'’': "'", '‘': "'", 'ʼ': "'", 'ʻ': "'", '`': "'", '´': "'",
	'‐': "-", '‑': "-", '‒': "-", '–': "-",
}

// fold removes diacritics from s and maps the letters and punctuation in
// foldRunes to ASCII, keeping case: "Élysée" becomes "Elysee".
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := foldRunes[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// surface is a name as looked up, case kept: folded, hyphens as spaces,
// "&" as "and", spaces collapsed and a leading "the" removed.
func surface(s string) string {
	s = fold(s)
	s = strings.ReplaceAll(s, "-", " ")
	s = strings.ReplaceAll(s, "&", " and ")
	words := strings.Fields(s)
	if len(words) > 1 && strings.EqualFold(words[0], "the") {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// spellings maps British spellings of words common in names of
// institutions to American ones, so either finds the other.
var spellings = map[string]string{
	"organisation": "organization", "organisations": "organizations",
	"programme": "program", "programmes": "programs",
	"labour": "labor", "defence": "defense", "centre": "center",
}

// key is the map key of a surface form: lower case, one spelling.
func key(surface string) string {
	words := strings.Fields(strings.ToLower(surface))
	for i, w := range words {
		if v, ok := spellings[w]; ok {
			words[i] = v
		}
	}
	return strings.Join(words, " ")
}

// ref is one entry a key leads to.
type ref struct {
	id    int
	exact string // for a case-sensitive name, its surface form; "" otherwise
}

// index maps names to entry numbers of one table.
type index struct {
	m         map[string][]ref
	conflicts []string
}

func (x *index) has(name string) bool {
	_, ok := x.m[key(surface(name))]
	return ok
}

// add indexes name for entry id. A name already leading to another entry
// is recorded as a conflict (the first entry keeps it); label names
// entries in the message.
func (x *index) add(name string, sensitive bool, id int, label func(int) string) {
	s := surface(name)
	k := key(s)
	if k == "" {
		return
	}
	if x.m == nil {
		x.m = make(map[string][]ref)
	}
	if rs := x.m[k]; len(rs) > 0 {
		// The first entry for a key stands; a second one is a conflict
		// unless it names the same thing.
		if rs[0].id != id {
			x.conflicts = append(x.conflicts, "\""+name+"\" names both "+label(rs[0].id)+" and "+label(id))
		}
		return
	}
	r := ref{id: id}
	if sensitive {
		r.exact = s
	}
	x.m[k] = append(x.m[k], r)
}

// get looks up a surface form.
func (x *index) get(s string) (int, bool) {
	for _, r := range x.m[key(s)] {
		if r.exact == "" || s == r.exact || s == strings.ToUpper(r.exact) {
			return r.id, true
		}
	}
	return 0, false
}

// find looks up a name as written, then without a possessive ending.
func (x *index) find(name string) (int, bool) {
	s := surface(name)
	if id, ok := x.get(s); ok {
		return id, true
	}
	switch {
	case strings.HasSuffix(s, "'s"):
		return x.get(strings.TrimSpace(s[:len(s)-2]))
	case strings.HasSuffix(s, "s'"):
		return x.get(s[:len(s)-1])
	}
	return 0, false
}

// marked is a name from the data with its markers parsed.
type marked struct {
	name      string
	sensitive bool // "=": case-sensitive
	secondary bool // "~": listed, but looked up as another entry
	noPlural  bool // "!": no plural added (demonyms)
}

func parseMarked(s string) marked {
	var m marked
	for len(s) > 0 {
		switch s[0] {
		case '=':
			m.sensitive = true
		case '~':
			m.secondary = true
		case '!':
			m.noPlural = true
		default:
			m.name = strings.TrimSpace(s)
			return m
		}
		s = s[1:]
	}
	return m
}

// parseList splits a ";"-separated column.
func parseList(s string) []marked {
	var out []marked
	for _, f := range strings.Split(s, ";") {
		if m := parseMarked(strings.TrimSpace(f)); m.name != "" {
			out = append(out, m)
		}
	}
	return out
}

// parseRows splits a "|"-separated table into rows of n trimmed columns,
// skipping blank lines and "#" comments. Rows with another number of
// columns are reported as problems.
func parseRows(file, text string, n int, problems *[]string) [][]string {
	var rows [][]string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "|")
		if len(cols) != n {
			*problems = append(*problems, fmt.Sprintf("%s:%d: want %d columns, have %d", file, i+1, n, len(cols)))
			continue
		}
		for j := range cols {
			cols[j] = strings.TrimSpace(cols[j])
		}
		rows = append(rows, cols)
	}
	return rows
}

// Romanize folds diacritics as fold does and spells Cyrillic letters in
// Latin ones (ж → zh, х → kh, щ → shch; soft and hard signs dropped),
// keeping case: "Коваленко" → "Kovalenko", "Élysée" → "Elysee". The same
// name in either script then compares as one.
func Romanize(s string) string {
	s = fold(s)
	latin := true
	for _, r := range s {
		if _, ok := cyrillic[unicode.ToLower(r)]; ok {
			latin = false
			break
		}
	}
	if latin {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if l, ok := cyrillic[unicode.ToLower(r)]; ok {
			if unicode.IsUpper(r) && l != "" {
				l = strings.ToUpper(l[:1]) + l[1:]
			}
			b.WriteString(l)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cyrillic spells Cyrillic letters in Latin; letters with marks (й, ё, ї)
// reach it folded to their base letter.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "i", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia", 'і': "i", 'є': "e", 'ґ': "g",
}
