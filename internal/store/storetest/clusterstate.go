package storetest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// testClusterState: a saved clusterer state is read back while nothing it
// covers changes, and is gone (never stale) after any change a replay of
// its assignments would see; new assignments after it keep it.
func testClusterState(t *testing.T, s store.Store) {
	insert(t, s, article("c1", day(1)), article("c2", day(2)), article("c3", day(3)), article("c4", day(4)), article("c5", day(5)))
	assign := func(as ...store.Assignment) {
		t.Helper()
		write(t, s, func(tx store.Tx) error {
			for _, a := range as {
				if err := tx.Assign(ctx, a); err != nil {
					return err
				}
			}
			return nil
		})
	}
	// save watches, then saves a state covering every assignment stored.
	save := func() store.ClusterState {
		t.Helper()
		var seq, token int64
		write(t, s, func(tx store.Tx) (err error) {
			seq, token, err = tx.WatchClusterState(ctx)
			return err
		})
		st := store.ClusterState{Seq: seq, Version: 3, Data: []byte(fmt.Sprint("state up to ", seq))}
		write(t, s, func(tx store.Tx) error {
			saved, err := tx.SaveClusterState(ctx, token, st)
			if err == nil && !saved {
				t.Fatal("state not saved under its own watch")
			}
			return err
		})
		st.Token = token
		return st
	}
	state := func() (store.ClusterState, bool) {
		t.Helper()
		st, ok, err := s.ClusterState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st, ok
	}
	if _, ok := state(); ok {
		t.Fatal("a state in a new store")
	}
	assign(assignment("c1", 1, 0, model.ReasonNew), assignment("c2", 1, 0, model.ReasonScore))
	want := save()
	if got, ok := state(); !ok || got.Seq != 2 || got.Version != 3 || !bytes.Equal(got.Data, want.Data) || got.Token != want.Token {
		t.Fatalf("state %+v %v, want %+v", got, ok, want)
	}

	// Assignments after it and changes to them keep it.
	assign(assignment("c3", 2, 0, model.ReasonNew))
	write(t, s, func(tx store.Tx) error { return tx.MergeStory(ctx, 2, 5) })
	assign(assignment("c3", 5, 0, model.ReasonSettle))
	if _, ok := state(); !ok {
		t.Fatal("state dropped by assignments after it")
	}

	// A watch that does not end in a save keeps the old state readable,
	// and a save under an older watch is refused.
	old := want.Token
	var token int64
	write(t, s, func(tx store.Tx) (err error) { _, token, err = tx.WatchClusterState(ctx); return err })
	if got, ok := state(); !ok || got.Seq != 2 || got.Token != token {
		t.Fatalf("state under a new watch: %+v %v", got, ok)
	}
	write(t, s, func(tx store.Tx) error {
		if saved, err := tx.SaveClusterState(ctx, old, store.ClusterState{Seq: 2, Data: []byte("x")}); saved || err != nil {
			t.Errorf("save under an ended watch: saved %v, %v", saved, err)
		}
		return nil
	})

	cases := []struct {
		name   string
		change func(tx store.Tx) error
	}{
		{"an article it covers moved", func(tx store.Tx) error { return tx.Assign(ctx, assignment("c1", 9, 0, model.ReasonCorrection)) }},
		{"its story merged", func(tx store.Tx) error { return tx.MergeStory(ctx, 1, 9) }},
		{"an assignment inserted among it", func(tx store.Tx) error { return tx.Assign(ctx, assignment("c4", 9, 1, model.ReasonNew)) }},
		{"the stories cleared", func(tx store.Tx) error { return tx.ClearStories(ctx) }},
		{"an article's annotations changed", func(tx store.Tx) error {
			return tx.SetAnnotations(ctx, "c2", model.Annotations{Tagger: "test", Published: &model.InferredDate{Date: "2025-01-02", Confidence: 0.5}})
		}},
	}
	for _, c := range cases {
		// Each case starts from a fresh state over c1..c3 in stories.
		assign(assignment("c1", 1, 0, model.ReasonNew), assignment("c2", 1, 0, model.ReasonScore), assignment("c3", 5, 0, model.ReasonNew))
		save()
		if _, ok := state(); !ok {
			t.Fatalf("%s: no state before the change", c.name)
		}
		write(t, s, c.change)
		if st, ok := state(); ok {
			t.Errorf("%s: state still there: %+v", c.name, st)
		}
	}
}

// write runs fn in a transaction and fails the test on error.
func write(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Write(ctx, fn); err != nil {
		t.Fatal(err)
	}
}
