package ner

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/analyze/ner"
)

var update = flag.Bool("update", false, "rewrite the synthetic models in internal/analyze/ner/testdata")

// runtimeTestdata is where the tagger's tests find models to read: the
// tagger cannot import its trainer, so the models it is tested on are
// trained here and kept as files.
const runtimeTestdata = "../../analyze/ner/testdata"

// synListsModel trains a model with gazetteers, word classes, trigrams and
// two passes, which exercises every section of the file format.
func synListsModel(t testing.TB) *ner.Model {
	t.Helper()
	m, err := Train(synDocs(1, 120, false), TrainOptions{
		Types: synTypes, Epochs: 3, Seed: 1, Trigrams: true, TwoPass: true, Folds: 2,
		Gazetteers: map[string][][]string{
			"cities": {{"Lisbon"}, {"Tartu"}, {"Aarhus"}, {"New", "York"}},
			"orgs":   {{"Acme", "Corp"}, {"Nakatomi", "Holdings"}},
		},
		GazetteerOrder: []string{"cities", "orgs"},
		Classes:        map[string][]uint16{"lisbon": {1, 3}, "Lisbon": {1, 3}, "said": {2, 7}, "0": {4, 9}, "Monday": {5, 11}},
		ClassLevels:    2,
		ClassesFrom:    "synthetic",
		Now:            synNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// synFixtures are the models the tagger's tests read, by file name.
func synFixtures(t testing.TB) map[string]*ner.Model {
	return map[string]*ner.Model{
		"synthetic.ner":          synTrain(t, false, 5),
		"synthetic-two-pass.ner": synTrain(t, true, 5),
		"synthetic-lists.ner":    synListsModel(t),
	}
}

// TestRuntimeFixtures checks that the trainer still makes, byte for byte,
// the synthetic models the tagger's tests read (training is deterministic),
// and with -update writes them, with the held-out documents the tagger's
// tests tag them on (one sentence a line, a blank line between documents).
func TestRuntimeFixtures(t *testing.T) {
	var docs strings.Builder
	for _, d := range synDocs(9, 20, true) {
		for _, s := range d.Sentences {
			docs.WriteString(strings.Join(s, " ") + "\n")
		}
		docs.WriteString("\n")
	}
	files := map[string][]byte{"synthetic-docs.txt": []byte(docs.String())}
	for name, m := range synFixtures(t) {
		files[name] = modelBytes(t, m)
	}
	for name, b := range files {
		path := filepath.Join(runtimeTestdata, name)
		if *update {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to write it)", err)
		}
		// Compare what is compressed: another Go's gzip may pack the
		// same model otherwise.
		if !bytes.Equal(gunzip(t, old), gunzip(t, b)) {
			t.Errorf("%s: the trainer now makes other bytes; if that is meant, run go test -update", path)
		}
	}
}

// TestSaveLoadTags checks that a model tags alike before it is saved and
// after it is loaded again: the file's 16-bit weights lose nothing that
// changes a tag.
func TestSaveLoadTags(t *testing.T) {
	docs := synDocs(9, 20, true)
	dir := t.TempDir()
	for name, m := range synFixtures(t) {
		path := filepath.Join(dir, name)
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		back, err := ner.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m.Info(), back.Info()) {
			t.Errorf("%s: Info changed:\n before %+v\n after  %+v", name, m.Info(), back.Info())
		}
		if (m.FirstPass() == nil) != (back.FirstPass() == nil) {
			t.Fatalf("%s: first pass present: %v before, %v after", name, m.FirstPass() != nil, back.FirstPass() != nil)
		}
		ta, tb := m.NewTagger(), back.NewTagger()
		entities := 0
		for i, d := range docs {
			pa, pb := ta.TagDocument(d.Sentences), tb.TagDocument(d.Sentences)
			for s := range pa {
				if !slices.Equal(pa[s], pb[s]) {
					t.Errorf("%s: doc %d sentence %d %q:\n before %v\n after  %v", name, i, s, d.Sentences[s], pa[s], pb[s])
				}
				for _, tag := range pa[s] {
					if strings.HasPrefix(tag, "B-") {
						entities++
					}
				}
			}
		}
		if entities == 0 {
			t.Errorf("%s: no entities found in the sample documents: the comparison shows nothing", name)
		}
	}
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		return b // the documents file
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
