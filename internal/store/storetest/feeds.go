package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func testFeeds(t *testing.T, s store.Store) {
	if l, err := s.Feeds(ctx); err != nil || len(l) != 0 {
		t.Fatalf("empty store: %+v %v", l, err)
	}
	added := day(1)
	f, err := s.AddFeed(ctx, model.Feed{URL: "https://a.example/rss", Interval: 15 * time.Minute, Added: added, NextPoll: added})
	if err != nil || f.ID == 0 {
		t.Fatalf("AddFeed = %+v %v", f, err)
	}
	want := model.Feed{ID: f.ID, URL: "https://a.example/rss", Interval: 15 * time.Minute, Added: added, NextPoll: added}
	if f != want {
		t.Fatalf("AddFeed = %+v, want %+v", f, want)
	}
	if _, err := s.AddFeed(ctx, model.Feed{URL: f.URL, Added: added, NextPoll: added}); !errors.Is(err, store.ErrExists) {
		t.Errorf("second AddFeed of one URL: %v, want ErrExists", err)
	}
	g, err := s.AddFeed(ctx, model.Feed{URL: "https://b.example/atom", Title: "B", Interval: time.Hour, Added: added, NextPoll: added})
	if err != nil || g.ID == f.ID || g.Title != "B" {
		t.Fatalf("second feed: %+v %v", g, err)
	}
	if got, err := s.Feed(ctx, g.ID); err != nil || got != g {
		t.Errorf("Feed(%d) = %+v %v, want %+v", g.ID, got, err, g)
	}
	if _, err := s.Feed(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Feed(unknown): %v, want ErrNotFound", err)
	}

	// A success with two new items.
	if err := s.RecordFeedPoll(ctx, f.ID, store.FeedPoll{At: day(2), Next: day(3), Title: "Alpha", Items: []string{"g1", "g2"}, NewItems: 2, Added: 1}); err != nil {
		t.Fatal(err)
	}
	seen, err := s.FeedItemsSeen(ctx, f.ID, []string{"g1", "g3", "g2"})
	if err != nil || len(seen) != 2 || !seen["g1"] || !seen["g2"] {
		t.Errorf("FeedItemsSeen = %v %v, want g1, g2", seen, err)
	}
	if seen, _ := s.FeedItemsSeen(ctx, g.ID, []string{"g1"}); len(seen) != 0 {
		t.Errorf("items are per feed: %v", seen)
	}
	f, _ = s.Feed(ctx, f.ID)
	if f.Title != "Alpha" || !f.LastSuccess.Equal(day(2)) || !f.LastPoll.Equal(day(2)) || !f.NextPoll.Equal(day(3)) || f.ItemsSeen != 2 || f.ArticlesAdded != 1 || f.Failing() {
		t.Errorf("after a success: %+v", f)
	}

	// Two failures: the run starts at the first, the error is the last.
	for i, msg := range []string{"503 Service Unavailable", "timeout"} {
		if err := s.RecordFeedPoll(ctx, f.ID, store.FeedPoll{At: day(4 + i), Next: day(10 + i), Err: msg}); err != nil {
			t.Fatal(err)
		}
	}
	f, _ = s.Feed(ctx, f.ID)
	if f.Failures != 2 || !f.FailingSince.Equal(day(4)) || f.LastError != "timeout" || !f.LastErrorAt.Equal(day(5)) ||
		!f.LastSuccess.Equal(day(2)) || !f.NextPoll.Equal(day(11)) || f.Title != "Alpha" {
		t.Errorf("after two failures: %+v", f)
	}
	// A 304 is a success that ends the run; the last error stays as history.
	if err := s.RecordFeedPoll(ctx, f.ID, store.FeedPoll{At: day(6), Next: day(7)}); err != nil {
		t.Fatal(err)
	}
	f, _ = s.Feed(ctx, f.ID)
	if f.Failures != 0 || !f.FailingSince.IsZero() || f.LastError != "timeout" || !f.LastSuccess.Equal(day(6)) || f.ItemsSeen != 2 || f.Title != "Alpha" {
		t.Errorf("after recovery: %+v", f)
	}

	// Items not listed for ForgetItemsAfter are forgotten at the next poll
	// that lists items.
	late := day(6).Add(store.ForgetItemsAfter + time.Hour)
	if err := s.RecordFeedPoll(ctx, f.ID, store.FeedPoll{At: late, Next: late, Items: []string{"g2", "g9"}, NewItems: 1}); err != nil {
		t.Fatal(err)
	}
	if seen, _ := s.FeedItemsSeen(ctx, f.ID, []string{"g1", "g2", "g9"}); len(seen) != 2 || seen["g1"] {
		t.Errorf("after forgetting: %v, want g2, g9", seen)
	}

	list, err := s.Feeds(ctx)
	if err != nil || len(list) != 2 || list[0].ID != f.ID || list[1] != g {
		t.Fatalf("Feeds = %+v %v", list, err)
	}
	if err := s.RemoveFeed(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, f.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second RemoveFeed: %v, want ErrNotFound", err)
	}
	if err := s.RecordFeedPoll(ctx, f.ID, store.FeedPoll{At: late, Next: late}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RecordFeedPoll of a removed feed: %v, want ErrNotFound", err)
	}
	if seen, _ := s.FeedItemsSeen(ctx, f.ID, []string{"g2"}); len(seen) != 0 {
		t.Errorf("a removed feed's items remain: %v", seen)
	}
	// Re-adding the URL gives a new ID: API clients never see one reused.
	h, err := s.AddFeed(ctx, model.Feed{URL: f.URL, Interval: time.Minute, Added: late, NextPoll: late})
	if err != nil || h.ID <= g.ID || h.ItemsSeen != 0 {
		t.Errorf("re-added: %+v %v", h, err)
	}
	// Many keys at once (more than one statement's worth of variables).
	keys := make([]string, 1200)
	for i := range keys {
		keys[i] = string(rune('a'+i%26)) + time.Duration(i).String()
	}
	if err := s.RecordFeedPoll(ctx, h.ID, store.FeedPoll{At: late, Next: late, Items: keys, NewItems: len(keys)}); err != nil {
		t.Fatal(err)
	}
	if seen, err := s.FeedItemsSeen(ctx, h.ID, keys); err != nil || len(seen) != len(keys) {
		t.Errorf("1,200 keys: %d seen, %v", len(seen), err)
	}
}
