package conll

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/text/iob"
)

func TestRead(t *testing.T) {
	in := "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\r\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC\n"
	s, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 3 || s[0].Doc != 0 || s[1].Doc != 0 || s[2].Doc != 1 {
		t.Fatalf("sentences %+v", s)
	}
	if strings.Join(s[0].Words(), " ") != "EU rejects German" || strings.Join(s[1].Tags(), " ") != "B-PER I-PER" {
		t.Errorf("words %v tags %v", s[0].Words(), s[1].Tags())
	}
	if got := s[0].Tokens[0].Middle; len(got) != 2 || got[0] != "NNP" {
		t.Errorf("middle columns %v", got)
	}
	if _, err := Read(strings.NewReader("EU B-ORG\nlonely\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("single-column line: %v", err)
	}
}

// TestCoNLL2003Counts checks the reader against the published counts of
// the CoNLL-2003 English test set (3,453 sentences, 46,435 tokens, 5,648
// entities). The data sits beside the repository (../shared/data).
func TestCoNLL2003Counts(t *testing.T) {
	path := filepath.Join("..", "..", "..", "..", "shared", "data", "ner", "conll2003", "test.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("CoNLL-2003 not found at %s", path)
	}
	s, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tokens, entities := 0, 0
	for _, x := range s {
		tokens += len(x.Tokens)
		entities += len(iob.Chunks(x.Tags()))
	}
	if len(s) != 3453 || tokens != 46435 || entities != 5648 {
		t.Errorf("%d sentences, %d tokens, %d entities; want 3453, 46435, 5648", len(s), tokens, entities)
	}
	if docs := s[len(s)-1].Doc + 1; docs != 231 {
		t.Errorf("%d documents, want 231", docs)
	}
}
