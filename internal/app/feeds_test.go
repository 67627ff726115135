package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/feeds"
	"github.com/storywire/storywire/internal/store"
)

func openApp(t *testing.T) *App {
	t.Helper()
	a, err := Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// feedItem is an RSS item carrying a whole article, so no page is fetched.
func feedItem(base, slug, title, text string) string {
	return fmt.Sprintf(`<item><guid>%s/%s</guid><title>%s</title><link>%s/%s</link><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate><description><![CDATA[%s]]></description></item>`,
		base, slug, title, base, slug, text)
}

func paragraph(sentences ...string) string {
	var b strings.Builder
	for range 6 {
		for _, s := range sentences {
			b.WriteString("<p>" + s + "</p>")
		}
	}
	return b.String()
}

var (
	ferryText = paragraph("The Ostrel harbour ferry ran aground on Tuesday morning near the northern breakwater, the port authority said.",
		"All 212 passengers were taken ashore by lifeboats and nobody was hurt, according to harbour master Ilse Brandt.")
	budgetText = paragraph("The city council of Varnholm approved a budget of 48 million crowns for new schools on Monday evening.",
		"Mayor Tomas Lind said construction of the first two schools would start in the spring.")
)

func rssFeed(title string, items ...string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>` + title + `</title>` + strings.Join(items, "") + `</channel></rss>`
}

var pollOpts = FeedOptions{Ingest: IngestOptions{AllowPrivate: true, Timeout: 10 * time.Second}}

func TestFeedPolledIntoStories(t *testing.T) {
	ctx := context.Background()
	var requests, notModified atomic.Int32
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("If-None-Match") == `"1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssFeed("Harbour Times",
			feedItem(base, "ferry", "Ferry runs aground off Ostrel", ferryText),
			feedItem(base, "budget", "Varnholm approves school budget", budgetText),
			// A summary whose page is gone: stored from the summary, marked.
			fmt.Sprintf(`<item><guid>%[1]s/gone</guid><title>Storm warning for the coast</title><link>%[1]s/gone</link><description>Gales of up to 90 km/h are expected on the coast tonight.</description></item>`, base))))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	a := openApp(t)

	f, err := a.AddFeed(ctx, srv.URL+"/rss", 0)
	if err != nil || f.Interval != feeds.DefaultInterval {
		t.Fatalf("AddFeed = %+v %v", f, err)
	}
	if _, err := a.AddFeed(ctx, srv.URL+"/rss", 0); !errors.Is(err, store.ErrExists) {
		t.Errorf("second AddFeed: %v, want ErrExists", err)
	}
	for _, bad := range []string{"ftp://x.example/rss", "example.com/rss", ""} {
		if _, err := a.AddFeed(ctx, bad, 0); err == nil {
			t.Errorf("AddFeed(%q) succeeded", bad)
		}
	}
	if _, err := a.AddFeed(ctx, srv.URL+"/other", time.Second); err == nil {
		t.Error("an interval of one second was accepted")
	}

	res, err := a.PollDueFeeds(ctx, pollOpts)
	if err != nil || len(res) != 1 || res[0].Err != nil || res[0].Added != 3 || res[0].Fallbacks != 1 {
		t.Fatalf("first poll: %+v %v", res, err)
	}
	arts, err := a.Articles(ctx, store.Filter{})
	if err != nil || len(arts) != 3 {
		t.Fatalf("stored %d articles (%v), want 3", len(arts), err)
	}
	for _, art := range arts {
		if art.Outlet != "Harbour Times" {
			t.Errorf("%s: outlet %q", art.ID, art.Outlet)
		}
		summary := string(art.Extra[feeds.SummaryExtra]) == "true"
		if summary != strings.HasPrefix(art.Title, "Storm") {
			t.Errorf("%q: marked as the feed's summary: %v", art.Title, summary)
		}
	}
	if left, err := a.Articles(ctx, store.Filter{Unassigned: true}); err != nil || len(left) != 0 {
		t.Errorf("%d articles in no story (%v)", len(left), err)
	}
	if st, err := a.Stories(ctx, StoriesOptions{}); err != nil || len(st) != 3 {
		t.Errorf("%d stories (%v), want 3", len(st), err)
	}

	// Poll now: a conditional GET answered 304, nothing ingested again.
	r, err := a.PollFeed(ctx, f.ID, pollOpts)
	if err != nil || r.Outcome != feeds.NotModified || requests.Load() != 2 || notModified.Load() != 1 {
		t.Fatalf("second poll: %+v %v (%d requests, %d answered 304)", r, err, requests.Load(), notModified.Load())
	}
	got, err := a.Feed(ctx, f.ID)
	if err != nil || got.ItemsSeen != 3 || got.ArticlesAdded != 3 || got.Title != "Harbour Times" || got.Failing() {
		t.Errorf("feed health: %+v %v", got, err)
	}
	if _, err := a.PollFeed(ctx, 999, pollOpts); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PollFeed(unknown): %v", err)
	}
	if err := a.RemoveFeed(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.RemoveFeed(ctx, f.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second RemoveFeed: %v", err)
	}
	if arts, _ := a.Articles(ctx, store.Filter{}); len(arts) != 3 {
		t.Errorf("removing the feed removed articles: %d left", len(arts))
	}
}

func TestSameArticleInTwoFeedsStoredOnce(t *testing.T) {
	ctx := context.Background()
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/world", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(rssFeed("Harbour Times: World", feedItem(base, "ferry", "Ferry runs aground off Ostrel", ferryText))))
	})
	mux.HandleFunc("/top", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(rssFeed("Harbour Times: Top stories",
			feedItem(base, "ferry", "Ferry runs aground off Ostrel", ferryText),
			feedItem(base, "budget", "Varnholm approves school budget", budgetText))))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	a := openApp(t)
	world, _ := a.AddFeed(ctx, srv.URL+"/world", 0)
	top, _ := a.AddFeed(ctx, srv.URL+"/top", 0)
	for _, id := range []int64{world.ID, top.ID} { // one after the other, so the counts are certain
		if r, err := a.PollFeed(ctx, id, pollOpts); err != nil || r.Err != nil {
			t.Fatalf("poll %d: %+v %v", id, r, err)
		}
	}
	arts, _ := a.Articles(ctx, store.Filter{})
	if len(arts) != 2 {
		t.Fatalf("stored %d articles, want 2 (the ferry once)", len(arts))
	}
	w, _ := a.Feed(ctx, world.ID)
	tp, _ := a.Feed(ctx, top.ID)
	if w.ArticlesAdded != 1 || tp.ItemsSeen != 2 || tp.ArticlesAdded != 1 {
		t.Errorf("counters: world %+v, top %+v", w, tp)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := openApp(t)
	if _, err := a.AddFeed(ctx, "https://c.example/feed", time.Hour); err != nil {
		t.Fatal(err)
	}
	opml := `<?xml version="1.0"?><opml version="1.0"><head><title>Mine</title></head><body>
<outline text="News"><outline text="A" type="rss" xmlUrl="https://a.example/rss"/>
  <outline text="Deeper"><outline title="B" xmlUrl="https://b.example/atom.xml"/></outline></outline>
<outline text="A again" xmlUrl="https://a.example/rss"/>
<outline text="C" xmlUrl="https://c.example/feed"/>
<outline text="Not a feed" xmlUrl="gopher://d.example/"/>
<outline text="A folder with nothing"/>
</body></opml>`
	imp, err := a.ImportOPML(ctx, strings.NewReader(opml), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Added) != 2 || len(imp.Existing) != 1 || len(imp.Failed) != 1 || !strings.Contains(imp.Failed[0].Error(), "gopher://d.example/") {
		t.Fatalf("import: %+v", imp)
	}
	var out bytes.Buffer
	if err := a.ExportOPML(ctx, &out); err != nil {
		t.Fatal(err)
	}
	b := openApp(t)
	imp, err = b.ImportOPML(ctx, &out, 0)
	if err != nil || len(imp.Added) != 3 || len(imp.Failed) != 0 {
		t.Fatalf("import of the export: %+v %v\n%s", imp, err, out.String())
	}
	var urls []string
	list, _ := b.Feeds(ctx)
	for _, f := range list {
		urls = append(urls, f.URL)
	}
	want := []string{"https://c.example/feed", "https://a.example/rss", "https://b.example/atom.xml"}
	if !slices.Equal(urls, want) {
		t.Errorf("round trip: %v, want %v", urls, want)
	}
	if _, err := a.ImportOPML(ctx, strings.NewReader("<html>no</html>"), 0); err == nil || !strings.Contains(err.Error(), "OPML") {
		t.Errorf("not OPML: %v", err)
	}
}
