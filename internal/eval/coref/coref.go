// Package coref scores entity resolution against a hand-written gold file
// (testdata/demo/entities.json is one): for each article, which name
// strings refer to which real entity. The metric is B-cubed over the gold
// mentions (Bagga and Baldwin, 1998), across articles, so it measures both
// the grouping within an article and the merging of spellings across
// articles.
package coref

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/eval"
	"github.com/storywire/storywire/internal/model"
)

// Gold is an entities gold file.
type Gold struct {
	Entities []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
		Name string `json:"name"`
	} `json:"entities"`
	Articles []struct {
		Origin   string            `json:"origin"`
		Mentions map[string]string `json:"mentions"`
	} `json:"articles"`
}

// ReadGold reads a gold file and checks that every mention names a known
// entity.
func ReadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("coref: %w", err)
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("coref: %s: %w", path, err)
	}
	known := map[string]bool{}
	for _, e := range g.Entities {
		known[e.ID] = true
	}
	for _, a := range g.Articles {
		for s, id := range a.Mentions {
			if !known[id] {
				return nil, fmt.Errorf("coref: %s: article %s: mention %q names unknown entity %q", path, a.Origin, s, id)
			}
		}
	}
	return &g, nil
}

// Analysed is what the system made of one article.
type Analysed struct {
	Text        string
	Annotations model.Annotations
}

// Result is the score.
type Result struct {
	// B-cubed precision, recall and F1 over gold mentions.
	Precision, Recall, F1 float64
	// GoldMentions found in the texts; Detected of them have a predicted
	// mention with exactly the same span.
	GoldMentions, Detected          int
	GoldEntities, PredictedEntities int
	// MissingArticles are gold origins with no analysed article.
	MissingArticles []string
	// Splits lists gold entities spread over several predicted ones and
	// Merges predicted entities holding several gold ones, worst first.
	Splits, Merges []string
}

type mention struct {
	gold, pred string
}

// where records, for explanations, what a mention said and in which
// article.
type where struct{ origin, text string }

// Score compares the analysed articles (by origin) with the gold.
func Score(g *Gold, got map[string]Analysed) Result {
	var res Result
	var ms []mention
	var at []where
	singleton := 0
	for _, ga := range g.Articles {
		a, ok := got[ga.Origin]
		if !ok {
			res.MissingArticles = append(res.MissingArticles, ga.Origin)
			continue
		}
		spans := map[[2]int]string{}
		for _, m := range a.Annotations.Mentions {
			id := ""
			if m.Entity >= 0 && m.Entity < len(a.Annotations.Entities) {
				if e := a.Annotations.Entities[m.Entity]; e.ID != 0 {
					id = fmt.Sprint(e.ID)
				}
			}
			spans[[2]int{m.Start, m.End}] = id
		}
		for _, occ := range occurrences(a.Text, ga.Mentions) {
			pred, ok := spans[[2]int{occ.start, occ.end}]
			if ok && pred != "" {
				res.Detected++
			} else {
				singleton++
				pred = fmt.Sprintf("missed-%d", singleton)
			}
			ms = append(ms, mention{gold: occ.entity, pred: pred})
			at = append(at, where{ga.Origin, a.Text[occ.start:occ.end]})
		}
	}
	res.GoldMentions = len(ms)
	goldSize, predSize, both := map[string]int{}, map[string]int{}, map[mention]int{}
	gold, pred := make([]string, len(ms)), make([]string, len(ms))
	for i, m := range ms {
		goldSize[m.gold]++
		predSize[m.pred]++
		both[m]++
		gold[i], pred[i] = m.gold, m.pred
	}
	res.GoldEntities, res.PredictedEntities = len(goldSize), len(predSize)
	res.Precision, res.Recall = eval.BCubed(gold, pred)
	res.F1 = eval.F1(res.Precision, res.Recall)
	res.Splits, res.Merges = explain(ms, at, both)
	return res
}

func explain(ms []mention, at []where, both map[mention]int) (splits, merges []string) {
	byGold, byPred := map[string][]string{}, map[string][]string{}
	for m := range both {
		byGold[m.gold] = append(byGold[m.gold], m.pred)
		byPred[m.pred] = append(byPred[m.pred], m.gold)
	}
	for g, ps := range byGold {
		if len(ps) < 2 {
			continue
		}
		// Name each part by a text it was written as; missed mentions by
		// their article.
		var parts []string
		for _, p := range ps {
			for i, m := range ms {
				if m.gold == g && m.pred == p {
					if strings.HasPrefix(p, "missed-") {
						parts = append(parts, fmt.Sprintf("%q missed in %s", at[i].text, at[i].origin))
					} else {
						parts = append(parts, fmt.Sprintf("%q as entity %s", at[i].text, p))
					}
					break
				}
			}
		}
		sort.Strings(parts)
		splits = append(splits, fmt.Sprintf("%s: %s", g, strings.Join(parts, ", ")))
	}
	for p, gs := range byPred {
		if len(gs) > 1 {
			slices.Sort(gs)
			merges = append(merges, fmt.Sprintf("entity %s holds %s", p, strings.Join(gs, ", ")))
		}
	}
	sort.Strings(splits)
	sort.Strings(merges)
	return splits, merges
}

type occurrence struct {
	start, end int
	entity     string
}

// occurrences finds every whole-word occurrence of the gold strings in
// text; an occurrence inside a longer gold string's occurrence does not
// count ("Norland" in "Government of Norland").
func occurrences(text string, mentions map[string]string) []occurrence {
	surfaces := make([]string, 0, len(mentions))
	for s := range mentions {
		surfaces = append(surfaces, s)
	}
	// Longest first, so longer names claim their text first.
	sort.Slice(surfaces, func(i, j int) bool {
		if len(surfaces[i]) != len(surfaces[j]) {
			return len(surfaces[i]) > len(surfaces[j])
		}
		return surfaces[i] < surfaces[j]
	})
	taken := make([]bool, len(text))
	var out []occurrence
	for _, s := range surfaces {
		for from := 0; ; {
			i := strings.Index(text[from:], s)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(s)
			from = end
			if !boundary(text, start, end) || slices.Contains(taken[start:end], true) {
				continue
			}
			for k := start; k < end; k++ {
				taken[k] = true
			}
			out = append(out, occurrence{start, end, mentions[s]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

func boundary(text string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
