package runner

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/cluster"
)

// Shuffled orders are the same for a seed, hold every article with its
// origin, and still cluster the dated articles first, oldest first.
func TestShuffledOrder(t *testing.T) {
	var docs []cluster.Doc
	var origins []string
	for i := range 30 {
		d := cluster.Doc{ID: string(rune('a' + i))}
		if i%3 == 0 {
			d.Published = time.Date(2024, 1, 30-i, 0, 0, 0, 0, time.UTC)
		}
		docs = append(docs, d)
		origins = append(origins, "o"+d.ID)
	}
	d1, o1 := shuffled(docs, origins, 1)
	d2, _ := shuffled(docs, origins, 1)
	d3, _ := shuffled(docs, origins, 2)
	if !reflect.DeepEqual(d1, d2) {
		t.Error("one seed gave two orders")
	}
	if reflect.DeepEqual(d1, d3) {
		t.Error("two seeds gave one order")
	}
	var ids []string
	for i, d := range d1 {
		if o1[i] != "o"+d.ID {
			t.Fatalf("article %s lost its origin: %s", d.ID, o1[i])
		}
		ids = append(ids, d.ID)
		if i < 10 && (d.Published.IsZero() || i > 0 && d.Published.Before(d1[i-1].Published)) {
			t.Errorf("position %d: %s is not the next dated article", i, d.ID)
		}
	}
	slices.Sort(ids)
	if len(slices.Compact(ids)) != 30 {
		t.Errorf("not a permutation: %v", ids)
	}
}
