// Package timeml reads TimeML documents (the TempEval-3 .tml files) as
// plain text with the offsets of their gold TIMEX3 annotations, and scores
// a time tagger against them the way the TempEval-3 scorer does:
// extraction with strict (exact span) and relaxed (overlapping span)
// matching, type accuracy, and value F1.
package timeml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/eval"
)

// Timex is a gold time expression.
type Timex struct {
	Start, End int // byte offsets into Document.Text
	Text       string
	Type       string // DATE, TIME, DURATION, SET
	Value      string
}

// Document is one TimeML document.
type Document struct {
	Name string
	// DCT is the document creation time's value ("2013-03-22"); Created is
	// it parsed (zero if it does not parse as a date).
	DCT     string
	Created time.Time
	// Text is the content of the TEXT element with the tags removed.
	Text    string
	Timexes []Timex
}

// ReadDir reads every .tml file in dir (not recursive), in name order.
func ReadDir(dir string) ([]Document, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("timeml: %w", err)
	}
	var out []Document
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tml") {
			continue
		}
		d, err := ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("timeml: no .tml files in %s", dir)
	}
	return out, nil
}

// ReadFile reads one TimeML file.
func ReadFile(path string) (Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return Document{}, fmt.Errorf("timeml: %w", err)
	}
	defer f.Close()
	d, err := Read(f)
	if err != nil {
		return d, fmt.Errorf("timeml: %s: %w", path, err)
	}
	d.Name = filepath.Base(path)
	return d, nil
}

// Read reads a TimeML document.
func Read(r io.Reader) (Document, error) {
	var d Document
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var text strings.Builder
	inText, inDCT := false, false
	var open *Timex
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return d, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TEXT":
				inText = true
			case "DCT":
				inDCT = true
			case "TIMEX3":
				attr := func(name string) string {
					for _, a := range t.Attr {
						if a.Name.Local == name {
							return a.Value
						}
					}
					return ""
				}
				if inDCT || attr("functionInDocument") == "CREATION_TIME" {
					d.DCT = attr("value")
					if len(d.DCT) >= 10 {
						d.Created, _ = time.Parse("2006-01-02", d.DCT[:10])
					}
				}
				if inText {
					open = &Timex{Start: text.Len(), Type: attr("type"), Value: attr("value")}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TEXT":
				inText = false
			case "DCT":
				inDCT = false
			case "TIMEX3":
				if open != nil {
					open.End = text.Len()
					open.Text = text.String()[open.Start:open.End]
					d.Timexes = append(d.Timexes, *open)
					open = nil
				}
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
		}
	}
	d.Text = text.String()
	if d.DCT == "" {
		return d, errors.New("no document creation time (a TIMEX3 with functionInDocument=\"CREATION_TIME\")")
	}
	return d, nil
}

// Predicted is a system's time expression.
type Predicted struct {
	Start, End  int
	Type, Value string
}

// Score accumulates TempEval-3 style counts over documents.
type Score struct {
	Gold, System int
	// Strict and relaxed extraction matches; TypeOK and ValueOK count
	// relaxed matches whose type / value is right.
	Strict, Relaxed, TypeOK, ValueOK int
	Errors                           []string
}

// Add scores one document's predictions.
func (s *Score) Add(d Document, pred []Predicted) {
	s.Gold += len(d.Timexes)
	s.System += len(pred)
	sort.Slice(pred, func(i, j int) bool { return pred[i].Start < pred[j].Start })
	used := make([]bool, len(pred))
	for _, g := range d.Timexes {
		best := -1
		for i, p := range pred {
			if used[i] || p.End <= g.Start || p.Start >= g.End {
				continue
			}
			if best < 0 || (p.Start == g.Start && p.End == g.End) {
				best = i
			}
		}
		if best < 0 {
			s.note("missed %s %q (%s %s)", d.Name, g.Text, g.Type, g.Value)
			continue
		}
		used[best] = true
		p := pred[best]
		s.Relaxed++
		if p.Start == g.Start && p.End == g.End {
			s.Strict++
		}
		if p.Type == g.Type {
			s.TypeOK++
		}
		if p.Value == g.Value {
			s.ValueOK++
		} else {
			s.note("value %s %q: got %s, gold %s", d.Name, g.Text, p.Value, g.Value)
		}
	}
	for i, p := range pred {
		if !used[i] {
			s.note("spurious %s %q (%s %s)", d.Name, d.Text[p.Start:p.End], p.Type, p.Value)
		}
	}
}

func (s *Score) note(format string, args ...any) {
	s.Errors = append(s.Errors, fmt.Sprintf(format, args...))
}

// PRF returns precision, recall and F1 (0-100) of n correct items.
func (s Score) PRF(n int) (p, r, f float64) {
	if s.System > 0 {
		p = 100 * float64(n) / float64(s.System)
	}
	if s.Gold > 0 {
		r = 100 * float64(n) / float64(s.Gold)
	}
	return p, r, eval.F1(p, r)
}

// Accuracy returns n over the relaxed matches (0-100).
func (s Score) Accuracy(n int) float64 {
	if s.Relaxed == 0 {
		return 0
	}
	return 100 * float64(n) / float64(s.Relaxed)
}
