// Package extracteval scores article-body extraction the way the
// ScrapingHub article-extraction benchmark does: an extracted body is
// compared with the gold articleBody as bags of word shingles (4 tokens,
// counted with multiplicity); each page's true positives, false positives
// and false negatives are normalised to sum to one, so a long page weighs
// no more than a short one, then summed over pages into precision, recall
// and F1.
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

var tokenRe = regexp.MustCompile(`\w+`)

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

// Match is one page's normalised comparison: TP+FP+FN is 1 unless both
// texts are empty.
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

// F1 is the page's own F1.
func (m Match) F1() float64 {
	if m.TP == 0 {
		return 0
	}
	return 2 * m.TP / (2*m.TP + m.FP + m.FN)
}

// Score sums pages' matches.
type Score struct {
	Pages int
	Match
}

// Add adds one page.
func (s *Score) Add(m Match) {
	s.Pages++
	s.TP += m.TP
	s.FP += m.FP
	s.FN += m.FN
}

// Precision is the summed TP / (TP + FP).
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is the summed TP / (TP + FN).
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

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
