// Package eval holds the metrics Storywire's quality is measured with, as
// the fields define them, so every number in docs/quality.md comes from one
// implementation. Gold-set readers specific to one evaluation live in its
// subpackage (eval/timeml, eval/quoteeval...); the corpora that training
// reads too (CoNLL-2003, GMB) are read by internal/corpus.
package eval

import (
	"fmt"
	"sort"
	"strings"

	"github.com/storywire/storywire/internal/text/iob"
)

// Counts are the true positives, false positives and false negatives of
// one comparison of predictions with gold.
type Counts struct {
	TP, FP, FN int
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
}

// Precision is TP / (TP + FP); 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN); 0 when there is no gold.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 { return F1(c.Precision(), c.Recall()) }

// F1 is the harmonic mean of p and r; 0 when both are 0.
func F1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// BCubed scores a clustering of items against gold classes: gold[i] and
// pred[i] are item i's class and cluster. Precision is, averaged over
// items, the share of an item's cluster that shares its class; recall the
// share of its class that shares its cluster (Bagga and Baldwin 1998).
func BCubed(gold, pred []string) (p, r float64) {
	if len(gold) == 0 {
		return 0, 0
	}
	type cell struct{ g, p string }
	goldSize, predSize, both := map[string]int{}, map[string]int{}, map[cell]int{}
	for i := range gold {
		goldSize[gold[i]]++
		predSize[pred[i]]++
		both[cell{gold[i], pred[i]}]++
	}
	for i := range gold {
		n := float64(both[cell{gold[i], pred[i]}])
		p += n / float64(predSize[pred[i]])
		r += n / float64(goldSize[gold[i]])
	}
	return p / float64(len(gold)), r / float64(len(gold))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ChunkScore is an entity-level score: overall (micro-averaged) and per
// type.
type ChunkScore struct {
	Overall Counts
	ByType  map[string]Counts
}

// ScoreSpans compares predicted spans with gold spans of one sentence by
// exact match of start, end and type, and adds the result to s.
func (s *ChunkScore) ScoreSpans(gold, pred []iob.Span) {
	if s.ByType == nil {
		s.ByType = map[string]Counts{}
	}
	g := map[iob.Span]bool{}
	for _, x := range gold {
		g[x] = true
	}
	matched := map[iob.Span]bool{}
	for _, x := range pred {
		c := s.ByType[x.Type]
		if g[x] && !matched[x] {
			matched[x] = true
			c.TP++
			s.Overall.TP++
		} else {
			c.FP++
			s.Overall.FP++
		}
		s.ByType[x.Type] = c
	}
	for _, x := range gold {
		if !matched[x] {
			c := s.ByType[x.Type]
			c.FN++
			s.Overall.FN++
			s.ByType[x.Type] = c
		}
	}
}

// ScoreTags scores one sentence's predicted tags against gold tags (IOB1,
// IOB2, IOE or IOBES, as conlleval reads them).
func (s *ChunkScore) ScoreTags(gold, pred []string) error {
	if len(gold) != len(pred) {
		return fmt.Errorf("eval: %d gold tags but %d predicted", len(gold), len(pred))
	}
	s.ScoreSpans(iob.Chunks(gold), iob.Chunks(pred))
	return nil
}

// Types returns the entity types seen, sorted.
func (s ChunkScore) Types() []string {
	out := make([]string, 0, len(s.ByType))
	for t := range s.ByType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Table renders the score as a Markdown table, percentages with two
// decimals as conlleval prints them.
func (s ChunkScore) Table() string {
	var b strings.Builder
	b.WriteString("| type | precision | recall | F1 | gold | predicted |\n|---|---|---|---|---|---|\n")
	row := func(name string, c Counts) {
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %d | %d |\n", name,
			100*c.Precision(), 100*c.Recall(), 100*c.F1(), c.TP+c.FN, c.TP+c.FP)
	}
	for _, t := range s.Types() {
		row(t, s.ByType[t])
	}
	row("**overall**", s.Overall)
	return b.String()
}
