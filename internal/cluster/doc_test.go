package cluster

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/model"
)

// What Needed keeps is all FromArticle reads: the clustering view of an
// article is the same from its trimmed annotations, on ECB+ news analysed
// as ingest does (undated, so inferred dates are exercised too).
func TestNeededKeepsWhatClusteringReads(t *testing.T) {
	m, err := ner.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	an := analyze.New(m)
	for _, r := range ecbRecords(t) {
		a := model.Article{ID: r.ID, Title: r.Title, Text: r.Text, Language: "en"}
		ann := an.Analyze(a.Text, a.Published)
		for i := range ann.Entities {
			ann.Entities[i].ID = int64(100 + i) // as the store sets them
		}
		if inf := ann.Published; inf != nil {
			if day, err := time.Parse("2006-01-02", inf.Date); err == nil {
				a.Published = model.Published{Time: day, Source: model.FromInferred, Reliability: model.Day}
			}
		}
		want, got := FromArticle(a, ann), FromArticle(a, Needed(ann))
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%s: from all annotations\n%+v\nfrom the needed ones\n%+v", r.ID, want, got)
		}
	}
}

// TestLongTextReadInPart: a dump far longer than an article adds terms
// from its first maxTextBytes only.
func TestLongTextReadInPart(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*maxTextBytes; i++ {
		fmt.Fprintf(&b, "w%d ", i)
	}
	tk := NewTokenizer(Default()).Tokenize(Doc{Text: b.String()})
	if n := len(tk.Terms); n > maxTextBytes/3 {
		t.Errorf("%d terms from the dump: more than its head holds", n)
	}
}
