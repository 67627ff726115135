package ner_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/corpus/conll"
)

const benchConllTest = "../../../../shared/data/ner/conll2003/test.txt"

// BenchmarkTagDocument tags the CoNLL-2003 test documents with the
// built-in model; one op is the whole set.
func BenchmarkTagDocument(b *testing.B) {
	docs, err := conll.ReadDocuments(benchConllTest)
	if err != nil {
		b.Skipf("CoNLL-2003 test set: %v", err)
	}
	m, err := ner.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	tokens := 0
	for _, d := range docs {
		for _, s := range d.Sentences {
			tokens += len(s)
		}
	}
	tg := m.NewTagger()
	for b.Loop() {
		for _, d := range docs {
			tg.TagDocument(d.Sentences)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(tokens), "tokens/op")
}

// BenchmarkBuiltinLoad decodes the embedded model's bytes, as Builtin
// does on first use.
func BenchmarkBuiltinLoad(b *testing.B) {
	data, err := os.ReadFile("en.ner")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ner.Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
