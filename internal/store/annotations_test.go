package store_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// TestDecodeClusteringGivesTheSameDocs analyses the demo corpus and checks
// that the annotations decoded for clustering make the same cluster
// documents as the whole annotations do.
func TestDecodeClusteringGivesTheSameDocs(t *testing.T) {
	files, err := filepath.Glob("../../testdata/demo/corpus/txt/*.txt")
	if err != nil || len(files) < 10 {
		t.Fatalf("demo corpus: %d files, %v", len(files), err)
	}
	m, err := ner.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	a := analyze.New(m)
	n := 0
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		art := model.Article{ID: filepath.Base(f), Title: "A title", Text: string(b)}
		if i%2 == 0 {
			// Half with a stated date, half left to inference.
			art.Published = model.Published{Time: time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC), Reliability: model.Exact}
		}
		ann := a.Analyze(art.Text, art.Published)
		for k := range ann.Entities {
			ann.Entities[k].ID = int64(100 + k) // as the store sets them
		}
		js, err := json.Marshal(ann)
		if err != nil {
			t.Fatal(err)
		}
		got, err := store.DecodeClustering(js)
		if err != nil {
			t.Fatal(err)
		}
		if want, have := cluster.FromArticle(art, ann), cluster.FromArticle(art, got); !reflect.DeepEqual(want, have) {
			t.Errorf("%s: decoded for clustering gives %+v, the whole annotations %+v", art.ID, have, want)
		}
		if len(ann.Entities) > 0 && len(ann.Times) > 0 {
			n++
		}
	}
	if n < 5 {
		t.Errorf("only %d texts with entities and times: the test checks too little", n)
	}
}
