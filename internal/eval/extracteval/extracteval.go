// Package extracteval scores article-body extraction the way the
// ScrapingHub article-extraction benchmark's evaluate.py does: an extracted
// body is compared with the gold articleBody as bags of word shingles (4
// Unicode word tokens, counted with multiplicity); precision and recall are
// each page's own, averaged over the pages, and F1 is the harmonic mean of
// the two averages.
//
// The gold folder holds gold.json ({KEY: {"articleBody", "url"}}),
// html/KEY.html.gz (the page) and text/KEY.txt (the page as the plain text
// a select-all copy of it gives).
package extracteval

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// Page is one gold page.
type Page struct {
	Key  string
	URL  string
	Body string // the gold article body
	HTML []byte // nil when the folder has no HTML copy
	Text []byte // nil when the folder has no text copy
}

// ReadDir reads a gold folder, pages sorted by key.
func ReadDir(dir string) ([]Page, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		return nil, fmt.Errorf("extracteval: %w (the folder needs gold.json, html/ and text/)", err)
	}
	var gold map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		return nil, fmt.Errorf("extracteval: read %s: %w", filepath.Join(dir, "gold.json"), err)
	}
	pages := make([]Page, 0, len(gold))
	for key, g := range gold {
		p := Page{Key: key, URL: g.URL, Body: g.ArticleBody}
		if p.HTML, err = readGzip(filepath.Join(dir, "html", key+".html.gz")); err != nil {
			return nil, err
		}
		if p.Text, err = readOptional(filepath.Join(dir, "text", key+".txt")); err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Key < pages[j].Key })
	return pages, nil
}

func readOptional(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("extracteval: %w", err)
	}
	return b, nil
}

func readGzip(path string) ([]byte, error) {
	b, err := readOptional(path)
	if b == nil || err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("extracteval: read %s: %w", path, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("extracteval: read %s: %w", path, err)
	}
	return out, nil
}

// shingleSize is the benchmark's n: runs of four tokens.
const shingleSize = 4

// tokenRe is a word as Python's Unicode \w+ reads one: letters, digits
// and the underscore of any script.
var tokenRe = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// Shingles counts the runs of four consecutive word tokens in text. A text
// shorter than four tokens is one shingle of all its tokens.
func Shingles(text string) map[string]int {
	toks := tokenRe.FindAllString(text, -1)
	out := map[string]int{}
	if len(toks) == 0 {
		return out
	}
	n := len(toks) - shingleSize + 1
	if n < 1 {
		n = 1
	}
	var buf []byte
	for i := 0; i < n; i++ {
		buf = buf[:0]
		for j := i; j < i+shingleSize && j < len(toks); j++ {
			if j > i {
				buf = append(buf, ' ')
			}
			buf = append(buf, toks[j]...)
		}
		out[string(buf)]++
	}
	return out
}

// Match is one page's comparison, normalised so TP+FP+FN is 1 unless both
// texts are empty (the benchmark keeps these normalised counts).
type Match struct {
	TP, FP, FN float64
}

// Compare compares an extracted body with the gold body.
func Compare(gold, pred string) Match {
	g, p := Shingles(gold), Shingles(pred)
	var m Match
	for k, gc := range g {
		pc := p[k]
		m.TP += float64(min(gc, pc))
		m.FN += float64(max(0, gc-pc))
	}
	for k, pc := range p {
		m.FP += float64(max(0, pc-g[k]))
	}
	if s := m.TP + m.FP + m.FN; s > 0 {
		m.TP, m.FP, m.FN = m.TP/s, m.FP/s, m.FN/s
	}
	return m
}

// Precision is the page's precision, 1 when it is exactly right and 0
// when nothing right was extracted.
func (m Match) Precision() float64 {
	switch {
	case m.FP == 0 && m.FN == 0:
		return 1
	case m.TP == 0 && m.FP == 0:
		return 0
	}
	return m.TP / (m.TP + m.FP)
}

// Recall is the page's recall, 1 when it is exactly right and 0 when
// nothing of the gold was extracted.
func (m Match) Recall() float64 {
	switch {
	case m.FP == 0 && m.FN == 0:
		return 1
	case m.TP == 0 && m.FN == 0:
		return 0
	}
	return m.TP / (m.TP + m.FN)
}

// F1 is the page's own F1.
func (m Match) F1() float64 {
	p, r := m.Precision(), m.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Score averages pages' precision and recall.
type Score struct {
	Pages int
	// sums of the pages' precision and recall, and how many pages each
	// counts: a page with nothing extracted has no precision, one with no
	// gold body no recall.
	p, r   float64
	np, nr int
}

// Add adds one page.
func (s *Score) Add(m Match) {
	s.Pages++
	if m.TP+m.FP > 0 {
		s.p += m.Precision()
		s.np++
	}
	if m.TP+m.FN > 0 {
		s.r += m.Recall()
		s.nr++
	}
}

// Precision is the mean of the pages' precision.
func (s Score) Precision() float64 { return ratio(s.p, float64(s.np)) }

// Recall is the mean of the pages' recall.
func (s Score) Recall() float64 { return ratio(s.r, float64(s.nr)) }

// F1 is the harmonic mean of Precision and Recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
