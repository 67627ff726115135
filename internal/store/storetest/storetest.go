// Package storetest is the conformance suite every store.Store backend
// must pass: one test body, run against each implementation.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Run runs the suite; open must return a fresh, empty store each call.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"NotFound", testNotFound},
		{"DuplicateIDRejected", testDuplicateID},
		{"Duplicate", testDuplicate},
		{"CopyCandidates", testCopyCandidates},
		{"CopyLinks", testCopyLinks},
		{"Rollback", testRollback},
		{"ListingOrderAndFilters", testListing},
		{"EachArticleStops", testEachStops},
		{"Search", testSearch},
		{"SearchHostileInput", testSearchHostile},
		{"HostileKeys", testHostileKeys},
		{"Stats", testStats},
		{"OutletIdentity", testOutletIdentity},
		{"FeedState", testFeedState},
		{"Feeds", testFeeds},
		{"SiteLines", testSiteLines},
		{"CanceledContext", testCanceled},
		{"Entities", testEntities},
		{"Stories", testStories},
		{"Watches", testWatches},
		{"ClusterState", testClusterState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

var ctx = context.Background()

// article returns a complete article whose fields all differ from the
// zero value, so a field the store drops shows up as a difference.
func article(id string, published time.Time) model.Article {
	a := model.Article{
		ID:          id,
		Origin:      "testdata/" + id + ".txt",
		URL:         "https://news.example/" + id,
		Title:       "Talks called off " + id,
		Outlet:      "Harbour Times",
		Authors:     []string{"Jane Roe", "John Poe"},
		Language:    "en",
		Text:        "Foreign Minister Anya Kovalenko said the talks in Ostrel were called off.\n\nEleven fishermen remain in detention " + id + ".",
		Ingested:    time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC),
		ContentHash: strings.Repeat("ab", 30) + id,
		Removed:     []model.Removal{{Kind: "newsletter", Text: "Sign up for our briefing"}},
		Extra:       map[string]json.RawMessage{"section": json.RawMessage(`"World"`), "words": json.RawMessage(`312`)},
	}
	if !published.IsZero() {
		a.Published = model.Published{Time: published.UTC(), Offset: 7200, HasZone: true, Source: model.FromMetadata, Reliability: model.Exact}
	} else {
		a.Published = model.Published{Reliability: model.Unknown}
	}
	return a
}

func sketch(bands ...uint64) model.Sketch {
	return model.Sketch{Signature: []uint32{1, 2, 3, 4, 0xffffffff}, Bands: bands}
}

func insert(t *testing.T, s store.Store, arts ...model.Article) {
	t.Helper()
	err := s.Write(ctx, func(tx store.Tx) error {
		for i, a := range arts {
			if err := tx.Insert(ctx, a, sketch(uint64(1000+i))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func day(d int) time.Time { return time.Date(2024, 3, d, 9, 30, 0, 0, time.UTC) }

func testRoundTrip(t *testing.T, s store.Store) {
	want := article("a1", day(12))
	want.CopyOf, want.CopySimilarity = "a0", 0.87
	want.Kind, want.Short = model.KindVideo, true
	insert(t, s, want)
	got, err := s.Article(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}
	unknown := article("a2", time.Time{})
	unknown.Extra, unknown.Authors, unknown.Removed = nil, nil, nil
	insert(t, s, unknown)
	got, err = s.Article(ctx, "a2")
	if err != nil {
		t.Fatal(err)
	}
	if got.Published.Known() || got.Published.Reliability != model.Unknown || len(got.Authors) != 0 || got.Extra != nil {
		t.Fatalf("unknown publication / empty fields: got %+v", got)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	if _, err := s.Article(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func testDuplicateID(t *testing.T, s store.Store) {
	insert(t, s, article("a1", day(1)))
	err := s.Write(ctx, func(tx store.Tx) error { return tx.Insert(ctx, article("a1", day(2)), sketch()) })
	if err == nil {
		t.Fatal("inserting an existing ID succeeded")
	}
}

func testDuplicate(t *testing.T, s store.Store) {
	a := article("a1", day(1))
	noURL := article("a2", day(1))
	noURL.URL = ""
	insert(t, s, a, noURL)
	_ = s.Write(ctx, func(tx store.Tx) error {
		for _, tc := range []struct {
			url, hash, want string
		}{
			{a.URL, "other", "a1"},
			{"https://other.example/", a.ContentHash, "a1"},
			{"", noURL.ContentHash, "a2"},
			{"", "none", ""},
			{"https://other.example/", "none", ""},
		} {
			id, ok, err := tx.Duplicate(ctx, tc.url, tc.hash)
			if err != nil {
				t.Fatal(err)
			}
			if id != tc.want || ok != (tc.want != "") {
				t.Errorf("Duplicate(%q, %q) = %q %v, want %q", tc.url, tc.hash, id, ok, tc.want)
			}
		}
		return nil
	})
}

func testCopyCandidates(t *testing.T, s store.Store) {
	err := s.Write(ctx, func(tx store.Tx) error {
		if err := tx.Insert(ctx, article("a1", day(1)), sketch(1, 2, 3, 1<<63+5)); err != nil {
			return err
		}
		if err := tx.Insert(ctx, article("a2", day(2)), sketch(7, 8)); err != nil {
			return err
		}
		// Reads see the transaction's own writes.
		c, err := tx.CopyCandidates(ctx, []uint64{2, 3, 1<<63 + 5, 99})
		if err != nil {
			return err
		}
		if len(c) != 1 || c[0].ID != "a1" || !reflect.DeepEqual(c[0].Signature, sketch().Signature) {
			t.Errorf("candidates = %+v, want a1 once with its signature", c)
		}
		if !c[0].Published.Time.Equal(day(1)) {
			t.Errorf("candidate published = %v", c[0].Published.Time)
		}
		c, err = tx.CopyCandidates(ctx, []uint64{42})
		if err != nil || len(c) != 0 {
			t.Errorf("no shared band: %v %v", c, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A flood: many articles under one key, a few of them under a second
	// key too. The candidates are bounded, drawn from the latest articles
	// under each key, and one that shares both keys among those is kept.
	const flood = store.BandPostings * 3
	err = s.Write(ctx, func(tx store.Tx) error {
		for i := range flood {
			bands := []uint64{500}
			if i%40 == 0 {
				bands = append(bands, 501)
			}
			if err := tx.Insert(ctx, article(fmt.Sprintf("f%03d", i), day(3)), sketch(bands...)); err != nil {
				return err
			}
		}
		c, err := tx.CopyCandidates(ctx, []uint64{500, 501})
		if err != nil {
			return err
		}
		if len(c) == 0 || len(c) > store.MaxCopyCandidates {
			t.Errorf("a flood under one key gave %d candidates, want 1 to %d", len(c), store.MaxCopyCandidates)
		}
		// The latest article under key 500 that key 501 holds too.
		both := (flood - 1) / 40 * 40
		if both < flood-store.BandPostings {
			t.Fatalf("the test needs an article under both keys among the last %d", store.BandPostings)
		}
		want := fmt.Sprintf("f%03d", both)
		if !slices.ContainsFunc(c, func(x store.Candidate) bool { return x.ID == want }) {
			t.Errorf("the candidate sharing both keys is missing from %d candidates", len(c))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testCopyLinks(t *testing.T, s store.Store) {
	insert(t, s, article("orig", day(5)), article("c1", day(6)), article("c2", day(7)), article("early", day(1)))
	err := s.Write(ctx, func(tx store.Tx) error {
		if err := tx.SetCopyOf(ctx, "c2", "orig", 0.8); err != nil {
			return err
		}
		if err := tx.SetCopyOf(ctx, "c1", "orig", 0.9); err != nil {
			return err
		}
		if err := tx.SetCopyOf(ctx, "missing", "orig", 0.9); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetCopyOf(missing) = %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cps, err := s.Copies(ctx, "orig")
	if err != nil {
		t.Fatal(err)
	}
	if len(cps) != 2 || cps[0].ID != "c1" || cps[1].ID != "c2" || cps[0].CopySimilarity != 0.9 {
		t.Fatalf("Copies = %v, want c1, c2 earliest first", ids(cps))
	}
	err = s.Write(ctx, func(tx store.Tx) error { return tx.Reparent(ctx, "orig", "early", 0.95) })
	if err != nil {
		t.Fatal(err)
	}
	cps, _ = s.Copies(ctx, "early")
	if got := strings.Join(ids(cps), ","); got != "orig,c1,c2" {
		t.Fatalf("after Reparent, copies of early = %s, want orig,c1,c2", got)
	}
	if cps[1].CopySimilarity != 0.9 || cps[0].CopySimilarity != 0.95 {
		t.Errorf("Reparent changed similarities: %v %v", cps[0].CopySimilarity, cps[1].CopySimilarity)
	}
}

func testRollback(t *testing.T, s store.Store) {
	boom := errors.New("boom")
	err := s.Write(ctx, func(tx store.Tx) error {
		if err := tx.Insert(ctx, article("a1", day(1)), sketch(1)); err != nil {
			return err
		}
		if _, err := tx.Article(ctx, "a1"); err != nil {
			t.Errorf("own write not visible in tx: %v", err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write returned %v, want fn's error", err)
	}
	if _, err := s.Article(ctx, "a1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("rolled-back article is visible: %v", err)
	}
	if err := s.Write(ctx, func(tx store.Tx) error {
		c, err := tx.CopyCandidates(ctx, []uint64{1})
		if len(c) != 0 {
			t.Errorf("rolled-back sketch is visible")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func ids(list []model.Article) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.ID)
	}
	return out
}

func testListing(t *testing.T, s store.Store) {
	u1, u2 := article("u1", time.Time{}), article("u2", time.Time{})
	other := article("o", day(20))
	other.Outlet = "Kostrava Daily"
	insert(t, s, u1, article("d10", day(10)), other, u2, article("d15", day(15)))
	list, err := s.Articles(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids(list), ","); got != "o,d15,d10,u1,u2" {
		t.Errorf("order = %s, want newest first, unknown last in ingest order", got)
	}
	for _, tc := range []struct {
		f    store.Filter
		want string
	}{
		{store.Filter{Outlet: "kostrava daily"}, "o"},
		{store.Filter{Since: day(10)}, "o,d15,d10"},
		{store.Filter{Since: day(11), Until: day(20)}, "d15"},
		{store.Filter{Limit: 2}, "o,d15"},
	} {
		list, err := s.Articles(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ids(list), ","); got != tc.want {
			t.Errorf("Articles(%+v) = %s, want %s", tc.f, got, tc.want)
		}
	}
}

func testEachStops(t *testing.T, s store.Store) {
	insert(t, s, article("a", day(1)), article("b", day(2)), article("c", day(3)))
	stop := errors.New("stop")
	n := 0
	err := s.EachArticle(ctx, store.Filter{}, func(model.Article) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Fatalf("EachArticle: err %v after %d, want stop after 2", err, n)
	}
}

func testSearch(t *testing.T, s store.Store) {
	a, b, c := article("a", day(1)), article("b", day(2)), article("c", day(3))
	a.Title, a.Text = "Port strike spreads", "Dock workers in Kostrava walked out over pay. The strike closed the port."
	b.Title, b.Text = "Grain prices", "Prices rose after a strike was threatened at one port terminal."
	c.Title, c.Text = "Weather", "Rain is expected across the north of the country."
	insert(t, s, a, b, c)
	hits, err := s.Search(ctx, "port strike", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].Article.ID != "a" {
		t.Fatalf("search: %v, want a first then b", hitIDs(hits))
	}
	if !strings.Contains(hits[0].Snippet, "[strike]") && !strings.Contains(hits[0].Snippet, "[port]") {
		t.Errorf("snippet does not mark the match: %q", hits[0].Snippet)
	}
	hits, err = s.Search(ctx, `"walked out"`, 10)
	if err != nil || len(hits) != 1 || hits[0].Article.ID != "a" {
		t.Fatalf("phrase search: %v %v", hitIDs(hits), err)
	}
	hits, err = s.Search(ctx, `"out walked"`, 10)
	if err != nil || len(hits) != 0 {
		t.Fatalf("reversed phrase matched: %v %v", hitIDs(hits), err)
	}
	if _, err := s.Search(ctx, "  ", 10); err == nil {
		t.Fatal("empty query: want an error")
	}
	// Words match by their stems, and stop words do not narrow.
	hits, err = s.Search(ctx, "the strikes", 10)
	if err != nil || len(hits) != 2 {
		t.Errorf("stemmed search for strikes: %v %v", hitIDs(hits), err)
	}
	if hits, err := s.Search(ctx, "walking", 10); err != nil || len(hits) != 1 || hits[0].Article.ID != "a" {
		t.Errorf("stemmed search for walking: %v %v", hitIDs(hits), err)
	}
	// A phrase stays exact: "strikes closed" is not "strike closed".
	if hits, err := s.Search(ctx, `"strikes closed"`, 10); err != nil || len(hits) != 0 {
		t.Errorf("a phrase matched another form of its words: %v %v", hitIDs(hits), err)
	}
	if hits, err := s.Search(ctx, `"strike closed" port`, 10); err != nil || len(hits) != 1 || hits[0].Article.ID != "a" {
		t.Errorf("a phrase and a word: %v %v", hitIDs(hits), err)
	}
	// A query of stop words alone still searches for them.
	if hits, err := s.Search(ctx, "the", 10); err != nil || len(hits) != 2 {
		t.Errorf("stop words alone: %v %v", hitIDs(hits), err)
	}
}

func hitIDs(h []store.SearchHit) []string {
	var out []string
	for _, x := range h {
		out = append(out, x.Article.ID)
	}
	return out
}

func testSearchHostile(t *testing.T, s store.Store) {
	insert(t, s, article("a", day(1)))
	for _, q := range []string{`Kovalenko's "deal`, `a OR`, `-x`, `*`, `NEAR(a b)`, `title:x`, `"`, `(`, `AND`} {
		if _, err := s.Search(ctx, q, 5); err != nil && !strings.Contains(err.Error(), "no words") {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
}

func testStats(t *testing.T, s store.Store) {
	a, b, c := article("a", day(1)), article("b", day(2)), article("c", day(3))
	b.CopyOf = "a"
	c.Outlet = "harbour times" // same outlet, other case
	insert(t, s, a, b, c)
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st != (store.Stats{Articles: 3, Copies: 1, Outlets: 1}) {
		t.Fatalf("Stats = %+v", st)
	}
}

// An outlet is one identity whatever it is called (site name, domain,
// feed title), and the articles nothing names are one unknown outlet that
// the filter can select.
func testOutletIdentity(t *testing.T, s store.Store) {
	named, domain, feed := article("n", day(1)), article("d", day(2)), article("f", day(3))
	domain.Outlet = "harbour-times.example"
	feed.Outlet = "Harbour Times - World"
	unnamedURL := article("h", day(4))
	unnamedURL.Outlet, unnamedURL.URL = "", "https://edition.harbour-times.example/x"
	u1, u2 := article("u1", day(5)), article("u2", day(6))
	u1.Outlet, u1.URL, u2.Outlet, u2.URL = "", "", "", ""
	other := article("o", day(7))
	other.Outlet = "Kostrava Daily"
	insert(t, s, named, domain, feed, unnamedURL, u1, u2, other)
	for _, tc := range []struct {
		outlet, want string
	}{
		{"Harbour Times", "h,f,d,n"},
		{"www.harbour-times.example", "h,f,d,n"},
		{"unknown", "u2,u1"},
		{"Unknown", "u2,u1"},
		{"kostrava daily", "o"},
		{"Nobody Gazette", ""},
		{"-", ""}, // names nothing: not the unknown outlet
	} {
		list, err := s.Articles(ctx, store.Filter{Outlet: tc.outlet})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ids(list), ","); got != tc.want {
			t.Errorf("Articles(outlet %q) = %s, want %s", tc.outlet, got, tc.want)
		}
	}
	names, err := s.OutletNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"Harbour Times": 1, "harbour-times.example": 1, "Harbour Times - World": 1, "edition.harbour-times.example": 1, "Kostrava Daily": 1}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("OutletNames = %v, want %v", names, want)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Outlets != 3 {
		t.Errorf("Stats outlets = %d, want 3 (Harbour Times, Kostrava Daily, unknown)", st.Outlets)
	}
	err = s.Write(ctx, func(tx store.Tx) error {
		for i, id := range []string{"n", "d", "f", "h", "u1", "u2", "o"} {
			story := int64(1)
			if id == "o" {
				story = 2
			}
			if err := tx.Assign(ctx, assignment(id, story, int64(i+1), model.ReasonNew)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Story(ctx, 1)
	if err != nil || sum.Outlets != 2 {
		t.Errorf("story outlets = %d (%v), want 2 (Harbour Times, unknown)", sum.Outlets, err)
	}
	for _, tc := range []struct{ min, want int }{{2, 1}, {3, 0}, {1, 2}} {
		if l, err := s.Stories(ctx, store.StoryFilter{MinOutlets: tc.min}); err != nil || len(l) != tc.want {
			t.Errorf("stories with %d outlets: %+v %v, want %d", tc.min, l, err, tc.want)
		}
	}
	if l, _ := s.Stories(ctx, store.StoryFilter{MinOutlets: 1, Limit: 1}); len(l) != 1 {
		t.Errorf("limit after min outlets: %+v", l)
	}
}

func testFeedState(t *testing.T, s store.Store) {
	st, err := s.FeedState(ctx, "https://feeds.example/rss")
	if err != nil || st != (model.FeedState{}) {
		t.Fatalf("unknown feed: %+v %v", st, err)
	}
	want := model.FeedState{URL: "https://feeds.example/rss", ETag: `"v1"`, LastModified: "Tue, 12 Mar 2024 09:30:00 GMT", CheckedAt: day(12)}
	for range 2 { // the second put updates
		if err := s.PutFeedState(ctx, want); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FeedState(ctx, want.URL)
	if err != nil || got != want {
		t.Fatalf("FeedState = %+v %v, want %+v", got, err, want)
	}
}

func testCanceled(t *testing.T, s store.Store) {
	c, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Articles(c, store.Filter{}); err == nil {
		t.Error("Articles with a canceled context succeeded")
	}
	if err := s.Write(c, func(store.Tx) error { return nil }); err == nil {
		t.Error("Write with a canceled context succeeded")
	}
}

func testSiteLines(t *testing.T, s store.Store) {
	big := uint64(1) << 63 // keys use all 64 bits
	for _, lines := range [][]uint64{{1, 2, big}, {1, big}, {1}} {
		if err := s.Write(ctx, func(tx store.Tx) error { return tx.AddSiteLines(ctx, "harbourtimes", lines) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.AddSiteLines(ctx, "coastwire", []uint64{1}) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.SiteLines(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got["harbourtimes"]) != 2 || !got["harbourtimes"][1] || !got["harbourtimes"][big] {
		t.Errorf("SiteLines(2) = %v, want lines 1 and 1<<63 of harbourtimes", got)
	}
	if got, _ := s.SiteLines(ctx, 3); len(got["harbourtimes"]) != 1 || !got["harbourtimes"][1] {
		t.Errorf("SiteLines(3) = %v, want line 1 of harbourtimes", got)
	}
}
