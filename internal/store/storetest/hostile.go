package storetest

import (
	"errors"
	"testing"

	"github.com/storywire/storywire/internal/store"
)

// testHostileKeys: ids, names and queries that no stored text can hold (a
// NUL byte, which ingest refuses and PostgreSQL cannot store) are looked
// up like any other: not found, or nothing, never an error.
func testHostileKeys(t *testing.T, s store.Store) {
	insert(t, s, article("a1", day(1)))
	const bad = "a1\x00x"
	if _, err := s.Article(ctx, bad); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(NUL): %v, want ErrNotFound", err)
	}
	if _, ok, err := s.AssignmentOf(ctx, bad); ok || err != nil {
		t.Errorf("AssignmentOf(NUL): %v %v", ok, err)
	}
	if _, ok, err := s.Annotations(ctx, bad); ok || err != nil {
		t.Errorf("Annotations(NUL): %v %v", ok, err)
	}
	if c, err := s.Copies(ctx, bad); len(c) != 0 || err != nil {
		t.Errorf("Copies(NUL): %v %v", c, err)
	}
	if l, err := s.Entities(ctx, store.EntityFilter{Query: bad}); len(l) != 0 || err != nil {
		t.Errorf("Entities(NUL): %v %v", l, err)
	}
	if st, err := s.FeedState(ctx, "https://x.example/\x00"); err != nil || st.URL != "" {
		t.Errorf("FeedState(NUL): %+v %v", st, err)
	}
	if _, err := s.Search(ctx, "Kovalenko\x00said", 5); err != nil {
		t.Errorf("Search(NUL): %v", err)
	}
	err := s.Write(ctx, func(tx store.Tx) error {
		if _, err := tx.Article(ctx, bad); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("tx.Article(NUL): %v, want ErrNotFound", err)
		}
		if _, ok, err := tx.Duplicate(ctx, "https://news.example/\x00", "\x00"); ok || err != nil {
			t.Errorf("Duplicate(NUL): %v %v", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
