// Package compareeval scores cross-outlet comparisons (internal/compare)
// against a hand-written gold comparison (format: testdata/compare/
// README.md): shared and unique claim labels, claim alignment, number
// conflicts and consistent numbers, and framing pairs.
//
// Stories are named by their articles' origins, not by story ids, so a
// gold file stays valid however clustering numbers the stories. The
// comparisons must carry origins relative to the gold file's corpus.
package compareeval

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/storywire/storywire/internal/compare"
	"github.com/storywire/storywire/internal/eval"
	"github.com/storywire/storywire/internal/text/stem"
)

// Gold is a gold comparison file.
type Gold struct {
	Corpus  string  `json:"corpus"`
	Stories []Story `json:"stories"`
}

// Story is the gold comparison of one story.
type Story struct {
	Event    string    `json:"event"`
	Note     string    `json:"note,omitempty"`
	Articles []Article `json:"articles"`
	Claims   []Claim   `json:"claims"`
	Numbers  []Number  `json:"numbers"`
	Framing  []Framing `json:"framing"`
}

// Article is one article of a gold story; copies name their original.
type Article struct {
	Origin string `json:"origin"`
	Outlet string `json:"outlet"`
	CopyOf string `json:"copy_of,omitempty"`
}

// Claim is one gold claim: for each article that carries it, a piece of
// text found in exactly one of its sentences.
type Claim struct {
	ID       string            `json:"id"`
	Text     string            `json:"text"`
	Evidence map[string]string `json:"evidence"`
}

// Number is a pair of figures of the same thing written differently.
type Number struct {
	Kind string    `json:"kind"` // "conflicting" or "consistent"
	A    NumberRef `json:"a"`
	B    NumberRef `json:"b"`
}

// NumberRef is a figure as an article writes it.
type NumberRef struct {
	Article string `json:"article"`
	Text    string `json:"text"`
}

// Framing is a group of terms outlets use for the same thing; every two of
// them make a framing pair.
type Framing struct {
	Terms []string `json:"terms"`
}

// ReadGold reads and checks a gold file.
func ReadGold(path string) (Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Gold{}, fmt.Errorf("compareeval: %w", err)
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return Gold{}, fmt.Errorf("compareeval: parse %s: %w", path, err)
	}
	for _, s := range g.Stories {
		known := map[string]bool{}
		for _, a := range s.Articles {
			known[a.Origin] = true
		}
		for _, c := range s.Claims {
			for o := range c.Evidence {
				if !known[o] {
					return Gold{}, fmt.Errorf("compareeval: %s: story %s claim %s: article %s is not in the story's articles", path, s.Event, c.ID, o)
				}
			}
		}
		for _, n := range s.Numbers {
			if n.Kind != compare.Conflicting && n.Kind != compare.Consistent {
				return Gold{}, fmt.Errorf("compareeval: %s: story %s: number kind %q is neither conflicting nor consistent", path, s.Event, n.Kind)
			}
		}
	}
	return g, nil
}

// Result is the score of a set of comparisons against a gold file.
type Result struct {
	// Shared and Unique score the label of every gold-annotated sentence:
	// does the comparison put it in a claim reported by several outlets,
	// or by one only?
	Shared, Unique eval.Counts
	// Pairs scores alignment: two annotated sentences of different
	// articles in one predicted claim, against sharing a gold claim.
	Pairs                  eval.Counts
	Conflicts, Consistents eval.Counts
	Framing                eval.Counts
	Stories, Matched       int
	// Unlocated lists gold sentences no claim of the comparison holds
	// (left out as boilerplate, too short, or in an unmatched story).
	Unlocated []string
	// Errors lists the wrong answers, for --errors.
	Errors []string
}

// Score compares comparisons with the gold. Each gold story is matched
// with the comparison holding most of its articles.
func Score(g Gold, cs []compare.Comparison) Result {
	var r Result
	for _, s := range g.Stories {
		r.Stories++
		c, ok := matchStory(s, cs)
		if ok {
			r.Matched++
		}
		r.scoreStory(s, c)
	}
	sort.Strings(r.Unlocated)
	return r
}

func matchStory(s Story, cs []compare.Comparison) (compare.Comparison, bool) {
	origins := map[string]bool{}
	for _, a := range s.Articles {
		origins[a.Origin] = true
	}
	best, bestN := -1, 0
	for i, c := range cs {
		n := 0
		for _, a := range c.Articles {
			if origins[a.Origin] {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return compare.Comparison{}, false
	}
	return cs[best], true
}

// sentence is a gold-annotated sentence as the comparison placed it.
type sentence struct {
	origin string
	claim  int // index into c.Claims; -1 when unlocated
	start  int
	gold   map[string]bool // gold claim IDs
	shared bool            // gold: some gold claim of it has two outlets or more
}

func (r *Result) scoreStory(s Story, c compare.Comparison) {
	outlet, copyOf := map[string]string{}, map[string]string{}
	for _, a := range s.Articles {
		outlet[a.Origin], copyOf[a.Origin] = a.Outlet, a.CopyOf
	}
	idOf, originOf := map[string]string{}, map[string]string{}
	for _, a := range c.Articles {
		idOf[a.Origin], originOf[a.ID] = a.ID, a.Origin
	}
	type key struct {
		origin string
		claim  int
		start  int
		evid   string // set only for unlocated sentences
	}
	sents := map[key]*sentence{}
	var order []key
	for _, gc := range s.Claims {
		outlets := map[string]bool{}
		for o := range gc.Evidence {
			if copyOf[o] == "" {
				outlets[outlet[o]] = true
			}
		}
		origins := make([]string, 0, len(gc.Evidence))
		for o := range gc.Evidence {
			origins = append(origins, o)
		}
		sort.Strings(origins)
		for _, o := range origins {
			ci, start := locate(c, idOf[o], gc.Evidence[o])
			k := key{origin: o, claim: ci, start: start}
			if ci < 0 {
				k.evid = gc.Evidence[o]
			}
			st := sents[k]
			if st == nil {
				st = &sentence{origin: o, claim: ci, start: start, gold: map[string]bool{}}
				sents[k] = st
				order = append(order, k)
			}
			st.gold[gc.ID] = true
			st.shared = st.shared || len(outlets) > 1
		}
	}
	for _, k := range order {
		st := sents[k]
		pred := ""
		if st.claim >= 0 {
			pred = "unique"
			if c.Claims[st.claim].Label != compare.OnlyBy {
				pred = "shared"
			}
		} else {
			r.Unlocated = append(r.Unlocated, fmt.Sprintf("%s: %s %q", s.Event, st.origin, k.evid))
		}
		gold := "unique"
		if st.shared {
			gold = "shared"
		}
		count := func(label string, cnt *eval.Counts) {
			switch {
			case gold == label && pred == label:
				cnt.TP++
			case pred == label:
				cnt.FP++
			case gold == label:
				cnt.FN++
			}
		}
		count("shared", &r.Shared)
		count("unique", &r.Unique)
		if pred != "" && pred != gold {
			r.Errors = append(r.Errors, fmt.Sprintf("%s: %s: gold %s, predicted %s: claim %q", s.Event, st.origin, gold, pred, c.Claims[st.claim].Text))
		}
	}
	// Alignment pairs over annotated sentences of different articles.
	for i := 0; i < len(order); i++ {
		for j := i + 1; j < len(order); j++ {
			a, b := sents[order[i]], sents[order[j]]
			if a.origin == b.origin {
				continue
			}
			g := false
			for id := range a.gold {
				if b.gold[id] {
					g = true
					break
				}
			}
			p := a.claim >= 0 && a.claim == b.claim
			switch {
			case g && p:
				r.Pairs.TP++
			case p:
				r.Pairs.FP++
			case g:
				r.Pairs.FN++
			}
		}
	}
	r.scoreNumbers(s, c, originOf)
	r.scoreFraming(s, c)
}

// locate finds the claim holding the report of article id that contains
// the evidence, and the report's start.
func locate(c compare.Comparison, id, evidence string) (int, int) {
	if id == "" {
		return -1, -1
	}
	ev := fold(evidence)
	for i, cl := range c.Claims {
		for _, rep := range cl.Reports {
			if rep.Article == id && strings.Contains(fold(rep.Text), ev) {
				return i, rep.Start
			}
		}
	}
	return -1, -1
}

func fold(s string) string {
	s = curly.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func (r *Result) scoreNumbers(s Story, c compare.Comparison, originOf map[string]string) {
	matches := func(n Number, d compare.NumberDiff) bool {
		side := func(g NumberRef, p compare.NumberReport) bool {
			if originOf[p.Article] != g.Article {
				return false
			}
			a, b := fold(g.Text), fold(p.Text)
			return strings.Contains(a, b) || strings.Contains(b, a)
		}
		return side(n.A, d.A) && side(n.B, d.B) || side(n.A, d.B) && side(n.B, d.A)
	}
	for _, kind := range []string{compare.Conflicting, compare.Consistent} {
		cnt := &r.Conflicts
		if kind == compare.Consistent {
			cnt = &r.Consistents
		}
		used := map[int]bool{}
		for _, n := range s.Numbers {
			if n.Kind != kind {
				continue
			}
			found := false
			for i, d := range c.Numbers {
				if d.Kind == kind && !used[i] && matches(n, d) {
					used[i], found = true, true
					break
				}
			}
			if found {
				cnt.TP++
			} else {
				cnt.FN++
				r.Errors = append(r.Errors, fmt.Sprintf("%s: missed %s numbers %q (%s) / %q (%s)", s.Event, kind, n.A.Text, n.A.Article, n.B.Text, n.B.Article))
			}
		}
		for i, d := range c.Numbers {
			if d.Kind == kind && !used[i] {
				cnt.FP++
				r.Errors = append(r.Errors, fmt.Sprintf("%s: spurious %s numbers %q (%s) / %q (%s)", s.Event, kind, d.A.Text, d.A.Outlet, d.B.Text, d.B.Outlet))
			}
		}
	}
}

// termMatch reports whether a predicted term is a gold term: the same
// words once stemmed, or one a run of the other's ("pulled out" and
// "pulled out of", "deadliest" and "deadliest mining accident" do not
// match, "called off" and "called off trade" do).
func termMatch(pred, gold string) bool {
	p, g := stems(pred), stems(gold)
	if len(p) == 0 || len(g) == 0 {
		return false
	}
	return contains(p, g) || contains(g, p)
}

func stems(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 || r == '-')
	}) {
		out = append(out, stem.English(w))
	}
	return out
}

func contains(long, short []string) bool {
	for i := 0; i+len(short) <= len(long); i++ {
		ok := true
		for k := range short {
			if long[i+k] != short[k] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (r *Result) scoreFraming(s Story, c compare.Comparison) {
	type gp struct{ g, a, b int }
	var gold []gp
	for gi, f := range s.Framing {
		for a := 0; a < len(f.Terms); a++ {
			for b := a + 1; b < len(f.Terms); b++ {
				gold = append(gold, gp{gi, a, b})
			}
		}
	}
	recalled := make([]bool, len(gold))
	seen := map[[2]string]bool{}
	for _, p := range c.Framing {
		if seen[p.Terms] {
			continue // the same pair from alignment and from the lexicon
		}
		seen[p.Terms] = true
		hit := false
		for k, x := range gold {
			terms := s.Framing[x.g].Terms
			if termMatch(p.Terms[0], terms[x.a]) && termMatch(p.Terms[1], terms[x.b]) ||
				termMatch(p.Terms[0], terms[x.b]) && termMatch(p.Terms[1], terms[x.a]) {
				hit = true
				recalled[k] = true
			}
		}
		if hit {
			r.Framing.TP++
		} else {
			r.Framing.FP++
			r.Errors = append(r.Errors, fmt.Sprintf("%s: spurious framing pair %q / %q", s.Event, p.Terms[0], p.Terms[1]))
		}
	}
	for k, x := range gold {
		if !recalled[k] {
			r.Framing.FN++
			terms := s.Framing[x.g].Terms
			r.Errors = append(r.Errors, fmt.Sprintf("%s: missed framing pair %q / %q", s.Event, terms[x.a], terms[x.b]))
		}
	}
}

// Table renders the scores as a Markdown table.
func (r Result) Table() string {
	var b strings.Builder
	b.WriteString("| measure | precision | recall | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|\n")
	row := func(name string, c eval.Counts) {
		fmt.Fprintf(&b, "| %s | %.1f | %.1f | %.1f | %d | %d | %d |\n", name, 100*c.Precision(), 100*c.Recall(), 100*c.F1(), c.TP, c.FP, c.FN)
	}
	row("claims labelled shared", r.Shared)
	row("claims labelled unique", r.Unique)
	row("claim alignment (sentence pairs)", r.Pairs)
	row("number conflicts", r.Conflicts)
	row("consistent numbers", r.Consistents)
	row("framing pairs", r.Framing)
	return b.String()
}

// curly makes typographic quotes plain.
var curly = strings.NewReplacer("“", `"`, "”", `"`, "’", "'", "‘", "'")

// Articles lists the files a gold comparison names, once each and sorted
// (feed items and JSON Lines lines name their file with a suffix).
func Articles(g Gold) []string {
	files := map[string]bool{}
	for _, s := range g.Stories {
		for _, art := range s.Articles {
			f := art.Origin
			if k := strings.IndexAny(f, "#"); k >= 0 {
				f = f[:k]
			}
			if k := strings.LastIndex(f, ":"); k >= 0 && strings.HasSuffix(f[:k], ".jsonl") {
				f = f[:k]
			}
			files[f] = true
		}
	}
	out := make([]string, 0, len(files))
	for f := range files {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
