package gmb

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	in := "Sentence #,Word,POS,Tag\nSentence: 1,Thousands,NNS,O\n,in,IN,O\n,London,NNP,B-geo\nSentence: 2,\"\"\"\",``,O\n,Bush,NNP,B-per\n"
	got, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || strings.Join(got[0].Words, " ") != "Thousands in London" || got[0].Tags[2] != "B-geo" ||
		got[1].Words[0] != `"` || got[1].Tags[1] != "B-per" {
		t.Fatalf("got %+v", got)
	}
	if _, err := Read(strings.NewReader("a,b,c,d\n")); err == nil {
		t.Fatal("a wrong header was accepted")
	}
	if _, err := Read(strings.NewReader("Sentence #,Word,POS,Tag\nx,y\n")); err == nil {
		t.Fatal("a short row was accepted")
	}
}

func TestReadFile(t *testing.T) {
	s, err := ReadFile("../../../../shared/data/ner/gmb/ner_dataset.csv")
	if err != nil {
		t.Skip(err)
	}
	tokens := 0
	for _, x := range s {
		tokens += len(x.Words)
	}
	if len(s) != 47959 || tokens != 1048575 {
		t.Fatalf("%d sentences, %d tokens; SOURCE.md says 47,959 and 1,048,575", len(s), tokens)
	}
}
