package compare

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/text/stem"
)

//go:embed lexicon.txt
var builtinLexicon string

// Lexicon is a list of groups of terms used for the same referent or the
// same slot of a claim, some marked loaded. See lexicon.txt for the file
// format.
type Lexicon struct {
	Groups []LexGroup
}

// LexGroup is one line of a lexicon.
type LexGroup struct {
	Terms []LexTerm
}

// LexTerm is a term of a group.
type LexTerm struct {
	Text   string
	Loaded bool
	stems  []string
}

// DefaultLexicon returns the built-in lexicon (a fresh copy each time, so
// no caller can change another's).
func DefaultLexicon() *Lexicon {
	l, err := ParseLexicon(strings.NewReader(builtinLexicon))
	if err != nil {
		// The embedded file is tested; failing here is a build defect.
		panic(fmt.Sprintf("compare: built-in lexicon: %v", err))
	}
	return l
}

// ParseLexicon reads a lexicon: one group per line, terms separated by
// commas, "!" before a loaded term, "#" starting a comment line.
func ParseLexicon(r io.Reader) (*Lexicon, error) {
	l := &Lexicon{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g LexGroup
		for _, f := range strings.Split(line, ",") {
			f = strings.TrimSpace(f)
			loaded := strings.HasPrefix(f, "!")
			f = strings.TrimSpace(strings.TrimPrefix(f, "!"))
			if f == "" {
				continue
			}
			st := stems(f)
			if len(st) == 0 {
				return nil, fmt.Errorf("compare: lexicon line %d: term %q has no words", n, f)
			}
			g.Terms = append(g.Terms, LexTerm{Text: f, Loaded: loaded, stems: st})
		}
		if len(g.Terms) == 1 && !g.Terms[0].Loaded {
			return nil, fmt.Errorf("compare: lexicon line %d: a group needs two terms or a loaded one", n)
		}
		if len(g.Terms) > 0 {
			l.Groups = append(l.Groups, g)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("compare: read lexicon: %w", err)
	}
	return l, nil
}

func stems(s string) []string {
	var out []string
	for _, w := range tokenRE.FindAllString(strings.ToLower(s), -1) {
		out = append(out, stem.English(w))
	}
	return out
}

// FramingPair is two terms different outlets use for the same thing.
type FramingPair struct {
	Terms [2]string `json:"terms"` // sorted
	// Source is "aligned" when the terms fill the same slot of two aligned
	// sentences, "lexicon" when a lexicon group holds both and aligned
	// sentences use them.
	Source string    `json:"source"`
	Loaded bool      `json:"loaded,omitempty"` // a loaded lexicon term is one of them
	Uses   []TermUse `json:"uses"`
}

// TermUse is one outlet's use of a term in a claim.
type TermUse struct {
	Term     string `json:"term"`
	Outlet   string `json:"outlet"`
	Article  string `json:"article"`
	Claim    int    `json:"claim,omitempty"`
	Sentence string `json:"sentence"`
}

// OutletLoaded is one outlet's loaded words.
type OutletLoaded struct {
	Outlet string    `json:"outlet"`
	Uses   []TermUse `json:"uses"`
}

var tokenRE = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*`)

type token struct {
	low, stem string
	name      bool // capitalised inside the sentence, or all capitals: a name, not a framing word
	digit     bool
}

func tokenize(s string) []token {
	var out []token
	for i, m := range tokenRE.FindAllString(s, -1) {
		r, _ := utf8.DecodeRuneInString(m)
		low := strings.ToLower(m)
		t := token{low: low, stem: stem.English(low)}
		t.name = i > 0 && unicode.IsUpper(r) || len(m) > 1 && strings.ToUpper(m) == m && strings.ToLower(m) != m
		t.digit = strings.IndexFunc(m, unicode.IsDigit) >= 0
		out = append(out, t)
	}
	return out
}

// functionWords never frame anything: articles, pronouns, auxiliaries,
// prepositions and calendar words. Particles (off, out, up, away) are not
// here: they make "called off" and "pulled out" differ.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor of in on at to for from by with as into onto than that this these those
		it its it's he she they them their his her we our us you your i me my is are was were be been being am has have had
		do does did will would could should may might must can shall not no which who whom whose what when where why how
		there here also just so very more most some any all each both such only own same other another
		monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
		september october november december today yesterday tomorrow week month year night morning evening afternoon
		mr mrs ms dr about after before over under between while since until last first next
		according among amid across against within without despite during near around through toward towards upon via
		weeks months years days nights hours minutes`) {
		m[w] = true
	}
	return m
}()

// slotPairs finds the words that differ between two aligned sentences in
// the same slot: a run of one to three words in each, between words both
// share (or a shared word and the sentence's end), holding a content word
// each, no figures, no names, and not the same words once stemmed.
func slotPairs(a, b []token) [][2]string {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n*m > 40000 {
		return nil
	}
	// LCS table over stems.
	l := make([][]int, n+1)
	for i := range l {
		l[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].stem == b[j].stem {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var out [][2]string
	i, j := 0, 0
	matchedBefore := false
	for i < n || j < m {
		if i < n && j < m && a[i].stem == b[j].stem {
			i, j, matchedBefore = i+1, j+1, true
			continue
		}
		si, sj := i, j
		for i < n || j < m {
			if i < n && j < m && a[i].stem == b[j].stem {
				break
			}
			if j >= m || i < n && l[i+1][j] >= l[i][j+1] {
				i++
			} else {
				j++
			}
		}
		anchoredAfter := i < n && j < m
		atEnd := i == n && j == m
		if !matchedBefore || !(anchoredAfter || atEnd) {
			continue
		}
		ta, tb := slotTerm(a[si:i]), slotTerm(b[sj:j])
		if ta == "" || tb == "" {
			continue
		}
		out = append(out, [2]string{ta, tb})
	}
	return out
}

// slotTerm is the term a differing run contributes, or "" when it has
// none: function words trimmed from its edges, at most two words left
// (a longer run is a different phrasing of the sentence, not a term).
func slotTerm(run []token) string {
	if len(run) == 0 || len(run) > 4 {
		return ""
	}
	for len(run) > 0 && functionWords[run[0].low] {
		run = run[1:]
	}
	for len(run) > 0 && functionWords[run[len(run)-1].low] {
		run = run[:len(run)-1]
	}
	if len(run) == 0 || len(run) > 2 {
		return ""
	}
	words := make([]string, len(run))
	for k, t := range run {
		if t.name || t.digit {
			return ""
		}
		words[k] = t.low
	}
	return strings.Join(words, " ")
}

// framing collects, for every aligned claim, the slot pairs between its
// reports from different outlets, and the lexicon pairs: two terms of one
// lexicon group that its reports from different outlets use.
func framing(groups [][]*unit, units []*unit, lex *Lexicon) []FramingPair {
	type key struct {
		terms  [2]string
		source string
	}
	pairs := map[key]*FramingPair{}
	add := func(source string, loaded bool, ta, tb string, ua, ub *unit, claim int) {
		if ta == tb {
			return
		}
		ka := [2]string{ta, tb}
		if tb < ta {
			ka = [2]string{tb, ta}
		}
		k := key{ka, source}
		p := pairs[k]
		if p == nil {
			p = &FramingPair{Terms: ka, Source: source}
			pairs[k] = p
		}
		p.Loaded = p.Loaded || loaded
		p.Uses = append(p.Uses, termUse(ta, ua, claim), termUse(tb, ub, claim))
	}
	tokens := map[*unit][]token{}
	for _, u := range units {
		tokens[u] = tokenize(u.text)
	}
	for ci, g := range groups {
		for x := 0; x < len(g); x++ {
			for y := x + 1; y < len(g); y++ {
				ua, ub := g[x], g[y]
				if ua.doc.outlet == ub.doc.outlet {
					continue
				}
				if similarity(ua, ub) >= slotLink {
					for _, p := range slotPairs(tokens[ua], tokens[ub]) {
						if !sameStems(p[0], p[1]) {
							add("aligned", false, p[0], p[1], ua, ub, ci+1)
						}
					}
				}
				for _, grp := range lex.Groups {
					ta, la := lexUse(grp, tokens[ua])
					tb, lb := lexUse(grp, tokens[ub])
					if ta != "" && tb != "" && ta != tb && !usesTerm(grp, tokens[ua], tb) && !usesTerm(grp, tokens[ub], ta) {
						add("lexicon", la || lb, ta, tb, ua, ub, ci+1)
					}
				}
			}
		}
	}
	out := make([]FramingPair, 0, len(pairs))
	for _, p := range pairs {
		p.Uses = dedupeUses(p.Uses)
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Uses) != len(out[j].Uses) {
			return len(out[i].Uses) > len(out[j].Uses)
		}
		if out[i].Terms != out[j].Terms {
			return out[i].Terms[0] < out[j].Terms[0] || out[i].Terms[0] == out[j].Terms[0] && out[i].Terms[1] < out[j].Terms[1]
		}
		return out[i].Source < out[j].Source
	})
	return out
}

// slotLink is the similarity two aligned sentences need for the words
// that differ between them to count as framing: a looser pair is the same
// claim told another way, whose differing words fill no common slot
// ("border town" / "eve"). On the demo gold: framing pairs F1 39.3 with
// every aligned pair, 40.3 at 0.25, 41.1 at 0.30 (precision 50.8 -> 60.8),
// 37.8 at 0.35.
const slotLink = 0.3

func sameStems(a, b string) bool {
	return strings.Join(stems(a), " ") == strings.Join(stems(b), " ")
}

func termUse(term string, u *unit, claim int) TermUse {
	return TermUse{Term: term, Outlet: u.doc.outlet, Article: u.doc.art.ID, Claim: claim, Sentence: u.text}
}

func dedupeUses(us []TermUse) []TermUse {
	sort.Slice(us, func(i, j int) bool {
		if us[i].Article != us[j].Article {
			return us[i].Article < us[j].Article
		}
		if us[i].Claim != us[j].Claim {
			return us[i].Claim < us[j].Claim
		}
		return us[i].Term < us[j].Term
	})
	out := us[:0]
	for i, u := range us {
		if i > 0 && u == us[i-1] {
			continue
		}
		out = append(out, u)
	}
	return out
}

// lexUse returns the first term of a group a sentence uses, as the group
// writes it.
func lexUse(g LexGroup, toks []token) (string, bool) {
	for _, t := range g.Terms {
		if findStems(toks, t.stems) >= 0 {
			return t.Text, t.Loaded
		}
	}
	return "", false
}

func usesTerm(g LexGroup, toks []token, text string) bool {
	for _, t := range g.Terms {
		if t.Text == text {
			return findStems(toks, t.stems) >= 0
		}
	}
	return false
}

// findStems returns where a run of stems starts in toks, or -1.
func findStems(toks []token, st []string) int {
outer:
	for i := 0; i+len(st) <= len(toks); i++ {
		for k, s := range st {
			if toks[i+k].stem != s {
				continue outer
			}
		}
		return i
	}
	return -1
}

// loadedWords lists, per outlet, the loaded lexicon terms its independent
// articles use, with their sentences.
func loadedWords(units []*unit, lex *Lexicon) []OutletLoaded {
	per := map[string][]TermUse{}
	for _, u := range units {
		toks := tokenize(u.text)
		for _, g := range lex.Groups {
			for _, t := range g.Terms {
				if t.Loaded && findStems(toks, t.stems) >= 0 {
					per[u.doc.outlet] = append(per[u.doc.outlet], termUse(t.Text, u, 0))
				}
			}
		}
	}
	out := make([]OutletLoaded, 0, len(per))
	for o, us := range per {
		out = append(out, OutletLoaded{Outlet: o, Uses: dedupeUses(us)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Outlet < out[j].Outlet })
	return out
}
