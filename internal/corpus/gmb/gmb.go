// Package gmb reads the named-entity extract of the Groningen Meaning Bank
// distributed as ner_dataset.csv: a CSV file with the header
// "Sentence #,Word,POS,Tag", where "Sentence: N" in the first column starts
// a sentence and tags are IOB2 with the types geo, gpe, per, org, tim, art,
// eve and nat. The NER trainer takes name lists and unlabeled text from it.
package gmb

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Sentence is one sentence's words and tags.
type Sentence struct {
	Words []string
	Tags  []string
}

// ReadFile reads a GMB CSV file.
func ReadFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gmb: %w", err)
	}
	defer f.Close()
	s, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("gmb: %s: %w", path, err)
	}
	return s, nil
}

// Read reads GMB CSV data.
func Read(r io.Reader) ([]Sentence, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	if head[1] != "Word" || head[3] != "Tag" {
		return nil, fmt.Errorf("header %q: want Sentence #,Word,POS,Tag", strings.Join(head, ","))
	}
	var out []Sentence
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(rec[0], "Sentence:") || len(out) == 0 {
			out = append(out, Sentence{})
		}
		s := &out[len(out)-1]
		s.Words = append(s.Words, rec[1])
		s.Tags = append(s.Tags, rec[3])
	}
	return out, nil
}
