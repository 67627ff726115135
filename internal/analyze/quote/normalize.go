package quote

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Normalize folds a quote for matching across outlets: lower case, quote
// marks and punctuation dropped, contractions spelt out ("won't" → "will
// not"), British spellings folded to American ones for the common
// -our/-ise endings, and white space collapsed. Two outlets' copies of
// the same words normalise alike whatever their house style.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '’' || r == '\'' || r == 'ʼ':
			b.WriteByte('\'')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '.' || r == ',':
			// Keep the separators of numbers (1,500; 2.5) for now; dropped
			// below unless between digits.
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := make([]string, 0, len(words))
	for _, w := range words {
		w = trimNumberPunct(w)
		w = strings.Trim(w, "'")
		if w == "" {
			continue
		}
		out = append(out, expand(w)...)
	}
	return strings.Join(out, " ")
}

// trimNumberPunct drops periods and commas except between digits.
func trimNumberPunct(w string) string {
	if !strings.ContainsAny(w, ".,") {
		return w
	}
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c == '.' || c == ',') && !(i > 0 && i+1 < len(w) && isDigitByte(w[i-1]) && isDigitByte(w[i+1])) {
			continue
		}
		if c == ',' {
			continue // 1,500 and 1500 are one number
		}
		b.WriteByte(c)
	}
	return b.String()
}

// contractions spelt out; "'s" is left alone (is, has or a possessive).
var contractions = map[string][]string{
	"won't": {"will", "not"}, "can't": {"can", "not"}, "shan't": {"shall", "not"},
	"i'm": {"i", "am"}, "let's": {"let", "us"},
}

// expand spells out a contraction and folds British spellings.
func expand(w string) []string {
	if x, ok := contractions[w]; ok {
		return x
	}
	switch {
	case strings.HasSuffix(w, "n't"):
		return []string{strings.TrimSuffix(w, "n't"), "not"}
	case strings.HasSuffix(w, "'ve"):
		return []string{strings.TrimSuffix(w, "'ve"), "have"}
	case strings.HasSuffix(w, "'re"):
		return []string{strings.TrimSuffix(w, "'re"), "are"}
	case strings.HasSuffix(w, "'ll"):
		return []string{strings.TrimSuffix(w, "'ll"), "will"}
	case strings.HasSuffix(w, "'d"):
		return []string{strings.TrimSuffix(w, "'d"), "would"}
	case w == "it's" || w == "that's" || w == "there's" || w == "he's" || w == "she's" || w == "what's":
		return []string{strings.TrimSuffix(w, "'s"), "is"}
	}
	return []string{american(w)}
}

// american folds the commonest British spellings: neighbour → neighbor,
// organise → organize, centre → center, defence → defense.
func american(w string) string {
	for _, p := range [][2]string{{"ours", "ors"}, {"our", "or"}, {"ise", "ize"}, {"ised", "ized"}, {"ising", "izing"}, {"isation", "ization"}, {"tre", "ter"}, {"ence", "ense"}} {
		if !strings.HasSuffix(w, p[0]) || len(w) < len(p[0])+3 {
			continue
		}
		stem := strings.TrimSuffix(w, p[0])
		switch p[0] {
		case "our", "ours":
			// colour, neighbour, labour, honour — but not four, hour, your, tour.
			if !britishOur[stem] {
				continue
			}
		case "ence":
			if stem != "def" && stem != "off" && stem != "lic" && stem != "pret" {
				continue
			}
		case "tre":
			if stem != "cen" && stem != "thea" && stem != "met" && stem != "li" && stem != "fib" {
				continue
			}
		default:
			// -ise: only verbs built on a longer stem (organise, recognise,
			// apologise), not rise, wise, precise, promise, exercise.
			if len(stem) < 5 || strings.HasSuffix(stem, "m") || strings.HasSuffix(stem, "c") || strings.HasSuffix(stem, "v") || strings.HasSuffix(stem, "rt") {
				continue
			}
		}
		return stem + p[1]
	}
	return w
}

var britishOur = set(`neighb col lab hon fav behavi harb rum hum vig arm flav endeav cand glam sav odo rig val`)

// Similarity is how alike two quotes' words are, from 0 to 1: the Dice
// coefficient of their normalised word multisets, or, when one quote is a
// fragment of the other (a partial quote of a longer one), how much of the
// shorter one the longer contains, whichever is higher. Fragments of under
// three words compare by Dice only, so one shared word is not a match.
func Similarity(a, b string) float64 {
	return WordSimilarity(Words(a), Words(b))
}

// Words returns a quote's normalised words (Normalize, split at spaces):
// what Similarity compares. Callers comparing one quote with many make
// them once.
func Words(s string) []string { return strings.Fields(Normalize(s)) }

// WordSimilarity is Similarity of two quotes' Words.
func WordSimilarity(wa, wb []string) float64 {
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, w := range wa {
		count[w]++
	}
	common := 0
	for _, w := range wb {
		if count[w] > 0 {
			count[w]--
			common++
		}
	}
	dice := 2 * float64(common) / float64(len(wa)+len(wb))
	short := min(len(wa), len(wb))
	if short < 3 {
		return dice
	}
	return max(dice, float64(common)/float64(short))
}

// SameQuote reports whether two quotes are the same words reported twice,
// allowing for small differences of wording, punctuation and translation.
func SameQuote(a, b string) bool {
	return Similarity(a, b) >= SameThreshold
}

// SameThreshold is the Similarity at which two quotes count as one.
const SameThreshold = 0.6

// Reported is one quote as some article reports it, for grouping.
type Reported struct {
	Text    string
	Speaker string // folded for comparison by the caller; "" when unknown
}

// FoldSpeaker folds a speaker's name for comparison: case, apostrophes,
// punctuation and a leading article ("The Ministry" → "ministry").
// Reported speakers are compared folded.
func FoldSpeaker(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' {
			return r
		}
		return ' '
	}, s)
	f := strings.Fields(s)
	if len(f) > 1 && (f[0] == "the" || f[0] == "a" || f[0] == "an" || f[0] == "one") {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// SameSpeaker reports whether two folded speaker names can be one
// speaker: either is unknown, they are equal, or one ends the other
// ("kallas", "mira kallas").
func SameSpeaker(a, b string) bool {
	return a == "" || b == "" || a == b || strings.HasSuffix(" "+a, " "+b) || strings.HasSuffix(" "+b, " "+a)
}

// Group gathers the quotes that are the same words said by the same
// speaker (by name: entities may differ between articles before they are
// resolved), reported by several articles: each group lists indexes into qs,
// in order of first appearance. Two quotes join when SameQuote holds and
// their speakers agree (or one is unknown). Candidates are found through
// the quotes' rarer words, so grouping stays near linear in the number of
// quotes.
func Group(qs []Reported) [][]int {
	type grp struct {
		rep     []string // the first member's Words
		speaker string
		members []int
	}
	var groups []*grp
	byWord := map[string][]int{} // word -> groups holding it
	for i, q := range qs {
		qw := Words(q.Text)
		words := keyWords(qw)
		seen := map[int]bool{}
		best, bestSim := -1, 0.0
		for _, w := range words {
			for _, gi := range byWord[w] {
				if seen[gi] {
					continue
				}
				seen[gi] = true
				g := groups[gi]
				if !SameSpeaker(g.speaker, q.Speaker) {
					continue
				}
				if s := WordSimilarity(g.rep, qw); s >= SameThreshold && s > bestSim {
					best, bestSim = gi, s
				}
			}
		}
		if best < 0 {
			groups = append(groups, &grp{rep: qw, speaker: q.Speaker})
			best = len(groups) - 1
			for _, w := range words {
				byWord[w] = append(byWord[w], best)
			}
		}
		g := groups[best]
		g.members = append(g.members, i)
		if g.speaker == "" {
			g.speaker = q.Speaker
		}
	}
	out := make([][]int, len(groups))
	for i, g := range groups {
		out[i] = g.members
	}
	return out
}

// keyWords returns the longest of a quote's Words (up to four), which
// any close copy of it shares at least one of.
func keyWords(qw []string) []string {
	words := slices.Clone(qw)
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	var out []string
	seen := map[string]bool{}
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
		if len(out) == 4 {
			break
		}
	}
	return out
}
