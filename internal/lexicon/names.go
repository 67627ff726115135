package lexicon

import (
	"slices"
	"strings"
	"unicode"
)

// Nicknames returns the other forms of a given name, from nicknames.txt:
// formal and short forms both ways and transliteration variants ("Bill" →
// william, will, billy...; "William" → will, bill...; "Sergei" → sergey,
// serhiy...). Case and diacritics are ignored. The result is lower case,
// without the name itself, ordered by group as in the data and then by
// place in the group; nil if the name is in no group. A name in several
// groups ("Alex": Alexander, Alexandra) gets all of them.
func Nicknames(given string) []string {
	t := data()
	k := strings.ToLower(fold(strings.TrimSpace(given)))
	var out []string
	for _, g := range t.nickIdx[k] {
		for _, n := range t.nickGroups[g] {
			if n != k && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// GivenNameGroups returns the first (formal) form of each nickname group
// the given name is in ("Bill" and "William" → william; "Alex" →
// alexander, alexandra), lower case, in the order of the data; nil if it
// is in none. Forms of one name share a group, so this is a short key for
// "some form of this name".
func GivenNameGroups(given string) []string {
	t := data()
	var out []string
	for _, g := range t.nickIdx[strings.ToLower(fold(strings.TrimSpace(given)))] {
		if f := t.nickGroups[g][0]; !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// GivenNames returns every given name in the nickname groups, lower case
// and sorted, for use as a gazetteer.
func GivenNames() []string {
	t := data()
	out := make([]string, 0, len(t.nickIdx))
	for n := range t.nickIdx {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// translitSpellings rewrites letter groups that different transliteration
// conventions spell differently to one spelling. Earlier entries win at the
// same position.
var translitSpellings = strings.NewReplacer(
	"tsch", "ch", // German "Tschernenko"
	"sch", "sh", // German "Schoigu"
	"kh", "h", // "Kharkiv"/"Harkiv", "Mikhail"/"Mihail"
	"ph", "f",
	"tz", "ts",
	"cz", "ch", // Polish
	"ck", "k",
	"x", "ks", // "Alexei"/"Aleksei"
	"q", "k", // "Qassem"/"Kassem"
	"ou", "u", // French-style "Youssef", "Mahmoud"
	"oo", "u",
	"ee", "i", // English-style "Waleed", "Rasheed"
	"w", "v", // German and Polish "Wladimir", "Ivanow"
)

func isVowel(r rune) bool {
	return r == 'a' || r == 'e' || r == 'i' || r == 'o' || r == 'u'
}

// TranslitKey returns a key under which transliteration variants of a name
// collide: Zelensky, Zelenskyy, Zelenskiy and Zelenskij; Sergei and Sergey;
// Shoigu and Shoygu; Dmitri, Dmitry and Dmitriy; Tatyana and Tatiana;
// Wladimir and Vladimir; Kharkov and Harkov; Hassan and Hasan. Names that
// differ otherwise keep different keys (Shoigu, Lavrov; Kovalenko,
// Kovalchuk; Price, Rice).
//
// It lower-cases the name, removes diacritics and apostrophes, splits it
// into words at anything not a letter, and in each word:
//
//   - rewrites tsch→ch, sch→sh, kh→h, ph→f, tz→ts, cz→ch, ck→k, x→ks,
//     q→k, ou→u, oo→u, ee→i and w→v (everywhere, not only at the start);
//   - writes j as y, except after d ("Jurij" → yuriy);
//   - drops a leading y before e ("Yevgeny", "Evgeny"), and writes a
//     leading "iu" and "ia" as "yu" and "ya" ("Iurii");
//   - writes y as i unless it is a consonant before a vowel, at the start
//     or after a vowel ("Yaroslav", "Maya"); drops it between i and a vowel
//     ("Mariya" → maria);
//   - collapses doubled letters ("Zelenskii", "Hassan", "Mohammed").
//
// Limits: it knows no language, so it unifies only spelling, not
// different vowels (Muhammad and Mohammed, Oleksandr and Alexander, Serhiy
// and Sergei keep different keys: Nicknames relates such given names), and
// it joins some names that are really different (Ivan and Iwan). It does
// not drop particles such as "al-" or "von". Words are joined with one
// space; a name with no letters gives "".
func TranslitKey(name string) string {
	s := strings.ToLower(fold(name))
	s = strings.ReplaceAll(s, "'", "")
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		words[i] = translitWord(w)
	}
	return strings.Join(words, " ")
}

func translitWord(w string) string {
	w = translitSpellings.Replace(w)
	r := []rune(w)
	for i := range r {
		if r[i] == 'j' && (i == 0 || r[i-1] != 'd') {
			r[i] = 'y'
		}
	}
	switch {
	case len(r) > 2 && r[0] == 'y' && r[1] == 'e':
		r = r[1:]
	case len(r) > 2 && r[0] == 'i' && (r[1] == 'u' || r[1] == 'a'):
		r[0] = 'y'
	}
	out := make([]rune, 0, len(r))
	for i, c := range r {
		if c == 'y' {
			next := i+1 < len(r) && isVowel(r[i+1])
			var prev rune
			if len(out) > 0 {
				prev = out[len(out)-1]
			}
			switch {
			case next && prev == 'i':
				continue
			case next && (prev == 0 || isVowel(prev)):
				// a consonant: keep it
			default:
				c = 'i'
			}
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
