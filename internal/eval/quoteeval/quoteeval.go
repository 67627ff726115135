// Package quoteeval scores quote detection and speaker attribution
// against a gold file of hand-annotated quotes (the format of
// testdata/quotes/README.md): one JSON object per line naming the article,
// the quoted words as they stand in it, the kind (direct or indirect),
// whether a direct quote is partial, the speaker and the cue.
//
// A predicted quote matches a gold one of the same kind when their spans
// overlap by at least half of the shorter one (quote boundaries are a
// matter of convention: a trailing full stop, a continuation paragraph).
// Detection counts matches; attribution counts matches whose speaker is
// also right. Speakers compare after folding case, apostrophes and a
// leading article; the lenient score also accepts one name being the end
// of the other ("Kallas" for "Mira Kallas", "police" for "Kostrava
// police").
package quoteeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/eval"
	"github.com/storywire/storywire/internal/model"
)

// Gold is one annotated quote.
type Gold struct {
	Article string `json:"article"`
	Text    string `json:"text"`
	Kind    string `json:"kind"`
	Partial bool   `json:"partial"`
	Speaker string `json:"speaker"`
	Cue     string `json:"cue"`
}

// ReadGold reads a gold file, checking every line.
func ReadGold(path string) ([]Gold, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open quote gold: %w", err)
	}
	defer f.Close()
	var out []Gold
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var g Gold
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, fmt.Errorf("%s:%d: not a gold quote (want {\"article\",\"text\",\"kind\",\"partial\",\"speaker\",\"cue\"}): %w", path, n, err)
		}
		if g.Article == "" || g.Text == "" {
			return nil, fmt.Errorf("%s:%d: a gold quote needs \"article\" and \"text\"", path, n)
		}
		if g.Kind != "direct" && g.Kind != "indirect" {
			return nil, fmt.Errorf("%s:%d: kind %q: use \"direct\" or \"indirect\"", path, n, g.Kind)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// Articles returns the articles a gold file names, in order.
func Articles(gold []Gold) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range gold {
		if !seen[g.Article] {
			seen[g.Article] = true
			out = append(out, g.Article)
		}
	}
	return out
}

// Analysed is one article as the system saw it.
type Analysed struct {
	Text   string
	Quotes []model.Quote
}

// Row is the score of one kind of quote.
type Row struct {
	Name      string
	Detection eval.Counts
	Strict    eval.Counts // attribution, speakers compared exactly
	Lenient   eval.Counts // attribution, a name's end accepted
	Cue       int         // matched quotes whose cue is right
	Matched   int
	Partial   int // matched direct quotes whose partial flag is right
	// Named counts matched quotes whose gold speaker is a name (see
	// IsName), NamedRight those of them with the speaker right: the
	// figure a reader checks first, kept apart from role nouns.
	Named, NamedRight int
}

// SpeakerAccuracy is the share of matched quotes with the right speaker
// (compared strictly), in percent.
func (r Row) SpeakerAccuracy() float64 { return pct(r.Strict.TP, r.Matched) }

// NamedAccuracy is SpeakerAccuracy over the quotes whose gold speaker is
// a name.
func (r Row) NamedAccuracy() float64 { return pct(r.NamedRight, r.Named) }

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// IsName reports whether a gold speaker is a name (a person, an
// organisation's proper name) rather than a description: the gold
// convention writes descriptions ("police", "senior Republican aide") in
// lower case and names capitalised.
func IsName(speaker string) bool {
	for _, r := range speaker {
		return unicode.IsUpper(r)
	}
	return false
}

// Result is a whole evaluation.
type Result struct {
	Rows []Row // direct, direct whole, direct partial, indirect, all
	// Unlocated are gold quotes whose text is not in their article.
	Unlocated []string
	// Missing are gold articles the system did not analyse.
	Missing []string
	Errors  []string
}

// Score compares the system's quotes with the gold ones.
func Score(gold []Gold, got map[string]Analysed) Result {
	rows := map[string]*Row{}
	names := []string{"direct", "direct, whole", "direct, partial", "indirect", "all"}
	for _, n := range names {
		rows[n] = &Row{Name: n}
	}
	var res Result
	byArticle := map[string][]Gold{}
	for _, g := range gold {
		byArticle[g.Article] = append(byArticle[g.Article], g)
	}
	for _, art := range Articles(gold) {
		a, ok := got[art]
		if !ok {
			res.Missing = append(res.Missing, art)
			for _, g := range byArticle[art] {
				for _, r := range goldRows(g) {
					rows[r].Detection.FN++
					rows[r].Strict.FN++
					rows[r].Lenient.FN++
				}
			}
			continue
		}
		scoreArticle(art, byArticle[art], a, rows, &res)
	}
	for _, n := range names {
		res.Rows = append(res.Rows, *rows[n])
	}
	return res
}

func goldRows(g Gold) []string {
	if g.Kind == "indirect" {
		return []string{"indirect", "all"}
	}
	if g.Partial {
		return []string{"direct", "direct, partial", "all"}
	}
	return []string{"direct", "direct, whole", "all"}
}

type located struct {
	g          Gold
	start, end int
}

func scoreArticle(art string, gold []Gold, a Analysed, rows map[string]*Row, res *Result) {
	// Locate each gold quote: the first occurrence after the previous
	// one's start, or anywhere when the gold is out of order.
	var golds []located
	from := 0
	for _, g := range gold {
		i := strings.Index(a.Text[min(from, len(a.Text)):], g.Text)
		if i >= 0 {
			i += from
		} else {
			i = strings.Index(a.Text, g.Text)
		}
		if i < 0 {
			res.Unlocated = append(res.Unlocated, fmt.Sprintf("%s: %q", art, clip(g.Text)))
			for _, r := range goldRows(g) {
				rows[r].Detection.FN++
				rows[r].Strict.FN++
				rows[r].Lenient.FN++
			}
			continue
		}
		golds = append(golds, located{g, i, i + len(g.Text)})
		from = i + 1
	}
	// Pair gold and predicted quotes of one kind by overlap, best first.
	type pair struct{ gi, pi, ov int }
	var pairs []pair
	for gi, g := range golds {
		for pi, p := range a.Quotes {
			if p.Kind != g.g.Kind {
				continue
			}
			ov := min(g.end, p.End) - max(g.start, p.Start)
			if ov > 0 && 2*ov >= min(g.end-g.start, p.End-p.Start) {
				pairs = append(pairs, pair{gi, pi, ov})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].ov > pairs[j].ov })
	gm, pm := map[int]int{}, map[int]int{}
	for _, p := range pairs {
		if _, ok := gm[p.gi]; ok {
			continue
		}
		if _, ok := pm[p.pi]; ok {
			continue
		}
		gm[p.gi], pm[p.pi] = p.pi, p.gi
	}
	for gi, g := range golds {
		pi, ok := gm[gi]
		strict, lenient := false, false
		var p model.Quote
		if ok {
			p = a.Quotes[pi]
			strict = SameSpeaker(g.g.Speaker, p.Speaker, false)
			lenient = SameSpeaker(g.g.Speaker, p.Speaker, true)
		}
		for _, r := range goldRows(g.g) {
			row := rows[r]
			if !ok {
				row.Detection.FN++
				row.Strict.FN++
				row.Lenient.FN++
				continue
			}
			row.Detection.TP++
			row.Matched++
			if foldCue(p.Cue) == foldCue(g.g.Cue) {
				row.Cue++
			}
			if g.g.Kind == "direct" && p.Partial == g.g.Partial {
				row.Partial++
			}
			count(&row.Strict, strict)
			count(&row.Lenient, lenient)
			if IsName(g.g.Speaker) {
				row.Named++
				if strict {
					row.NamedRight++
				}
			}
		}
		switch {
		case !ok:
			res.Errors = append(res.Errors, fmt.Sprintf("%s: missed %s %q (%s)", art, g.g.Kind, clip(g.g.Text), g.g.Speaker))
		case !strict:
			res.Errors = append(res.Errors, fmt.Sprintf("%s: speaker %q, gold %q, for %s %q", art, p.Speaker, g.g.Speaker, g.g.Kind, clip(g.g.Text)))
		}
	}
	for pi, p := range a.Quotes {
		if _, ok := pm[pi]; ok {
			continue
		}
		g := Gold{Kind: p.Kind, Partial: p.Partial}
		for _, r := range goldRows(g) {
			rows[r].Detection.FP++
			rows[r].Strict.FP++
			rows[r].Lenient.FP++
		}
		res.Errors = append(res.Errors, fmt.Sprintf("%s: spurious %s %q (%s)", art, p.Kind, clip(p.Text), p.Speaker))
	}
}

// count scores one matched quote's attribution: right is a true positive;
// wrong is both a false positive (a wrong claim) and a false negative (the
// right speaker not found).
func count(c *eval.Counts, right bool) {
	if right {
		c.TP++
		return
	}
	c.FP++
	c.FN++
}

// SameSpeaker compares speakers after folding case, apostrophes,
// punctuation and a leading article; lenient also accepts one being the
// trailing words of the other.
func SameSpeaker(gold, got string, lenient bool) bool {
	g, p := quote.FoldSpeaker(gold), quote.FoldSpeaker(got)
	if g == p {
		return true
	}
	return lenient && g != "" && p != "" && quote.SameSpeaker(g, p)
}

func foldCue(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func clip(s string) string {
	if r := []rune(s); len(r) > 70 {
		return string(r[:67]) + "…"
	}
	return s
}

// Table renders the result as a Markdown table.
func (r Result) Table() string {
	var b strings.Builder
	b.WriteString("| quotes | gold | found | detection P | R | F1 | attribution P | R | F1 | lenient F1 | speaker acc. | named speaker acc. | cue acc. |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, row := range r.Rows {
		d, s, l := row.Detection, row.Strict, row.Lenient
		cue := 0.0
		if row.Matched > 0 {
			cue = 100 * float64(row.Cue) / float64(row.Matched)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f (%d/%d) | %.1f |\n",
			row.Name, d.TP+d.FN, d.TP+d.FP,
			100*d.Precision(), 100*d.Recall(), 100*d.F1(),
			100*s.Precision(), 100*s.Recall(), 100*s.F1(), 100*l.F1(),
			row.SpeakerAccuracy(), row.NamedAccuracy(), row.NamedRight, row.Named, cue)
	}
	return b.String()
}
