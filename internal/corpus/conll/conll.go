// Package conll reads named-entity data in the CoNLL-2003 column format:
// one token per line ("token POS chunk TAG", or any number of columns with
// the token first and the entity tag last), blank lines between sentences,
// "-DOCSTART-" lines between documents. The NER trainer learns from such
// files and the NER evaluation scores on them, so the reader is theirs to
// share rather than either's.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Token is one line of a CoNLL file.
type Token struct {
	Text string
	// Columns between the token and the tag (POS and chunk in CoNLL-2003).
	Middle []string
	Tag    string
}

// Sentence is a run of tokens; Doc numbers the document it is in, from 0.
type Sentence struct {
	Tokens []Token
	Doc    int
}

// Words returns the sentence's token texts.
func (s Sentence) Words() []string {
	out := make([]string, len(s.Tokens))
	for i, t := range s.Tokens {
		out[i] = t.Text
	}
	return out
}

// Tags returns the sentence's entity tags.
func (s Sentence) Tags() []string {
	out := make([]string, len(s.Tokens))
	for i, t := range s.Tokens {
		out[i] = t.Tag
	}
	return out
}

// ReadFile reads a CoNLL file.
func ReadFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("conll: %w", err)
	}
	defer f.Close()
	s, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("conll: %s: %w", path, err)
	}
	return s, nil
}

// Read reads sentences from r. A line with a single column is an error
// naming its line number: a tagger cannot learn from a token without a tag.
func Read(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var out []Sentence
	cur := Sentence{}
	doc := 0
	flush := func() {
		if len(cur.Tokens) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{Doc: doc}
	}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0:
			flush()
			continue
		case fields[0] == "-DOCSTART-":
			flush()
			if len(out) > 0 || n > 1 {
				doc++
			}
			cur.Doc = doc
			continue
		case len(fields) < 2:
			return nil, fmt.Errorf("line %d: %q has no tag column: want \"token ... TAG\"", n, line)
		}
		cur.Tokens = append(cur.Tokens, Token{Text: fields[0], Middle: fields[1 : len(fields)-1], Tag: fields[len(fields)-1]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return out, nil
}

// Document is one document's sentences: their words and their tags.
type Document struct {
	Sentences [][]string
	Tags      [][]string
}

// ReadDocuments reads a CoNLL-format file as documents ("-DOCSTART-" lines
// separate them): the unit a tagger's label history and first pass work
// on, so training and evaluation read files this way.
func ReadDocuments(path string) ([]Document, error) {
	sents, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	var docs []Document
	last := -1
	for _, s := range sents {
		if s.Doc != last || len(docs) == 0 {
			docs = append(docs, Document{})
			last = s.Doc
		}
		d := &docs[len(docs)-1]
		d.Sentences = append(d.Sentences, s.Words())
		d.Tags = append(d.Tags, s.Tags())
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no sentences: is it a CoNLL file (one token per line, tag last)?", path)
	}
	return docs, nil
}
