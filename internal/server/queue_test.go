package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/queue"
	"github.com/storywire/storywire/internal/queue/queuetest"
	"github.com/storywire/storywire/internal/server"
)

// TestServePublishesToQueue: a server with a queue (serve --nats) answers
// POST /articles 202 with what it queued, stores nothing itself, drops
// an item queued already, and publishes its feeds' new items too.
func TestServePublishesToQueue(t *testing.T) {
	ctx := context.Background()
	q, err := queue.New(ctx, queuetest.Start(t).Conn(t), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var feed *httptest.Server
	feed = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, rss(
			rssItem(feed.URL, 1, "Ferry runs aground off Ostrel", "The Ostrel harbour ferry ran aground on Tuesday morning near the northern breakwater, the port authority said."),
			rssItem(feed.URL, 2, "Varnholm approves school budget", "The city council of Varnholm approved a budget of 48 million crowns for new schools on Monday evening."),
		))
	}))
	defer feed.Close()
	base, _ := running(t, a, server.Options{Queue: q, Ingest: app.IngestOptions{AllowPrivate: true}})

	article := func(n int) string {
		return fmt.Sprintf(`{"title": "Port of Ostrel reopens after strike %d", "outlet": "Test Post", "published": "2024-08-0%dT10:00:00Z", "text": "The port of Ostrel reopened on Monday after a strike of %d days ended, dockworkers said."}`, n, n, n)
	}
	type queued struct {
		Queued        int `json:"queued"`
		AlreadyQueued int `json:"already_queued"`
		Failed        int `json:"failed"`
		Failures      []struct{ Origin, Error string }
	}
	var got queued
	code := call(t, "POST", base+"/api/v1/articles", "", "["+article(1)+`, "not an article", `+article(2)+"]", &got)
	if code != http.StatusAccepted || got.Queued != 2 || got.Failed != 1 || got.Failures[0].Origin != "api#2" {
		t.Fatalf("post: %d %+v", code, got)
	}
	if code := call(t, "POST", base+"/api/v1/articles?published=2024-08-01", "", article(1), &got); code != http.StatusAccepted || got.Queued != 1 {
		t.Errorf("the same article with another publication time: %d %+v; want it queued (the worker's input differs)", code, got)
	}
	if code := call(t, "POST", base+"/api/v1/articles", "", article(2), &got); code != http.StatusAccepted || got.Queued != 0 || got.AlreadyQueued != 1 {
		t.Errorf("the same article again: %d %+v; want it dropped as queued", code, got)
	}
	if code := call(t, "POST", base+"/api/v1/articles?published=someday", "", article(3), nil); code != http.StatusBadRequest {
		t.Errorf("a publication time that cannot be read: %d, want 400", code)
	}
	if st, err := a.Stats(ctx); err != nil || st.Articles != 0 {
		t.Errorf("the server stored %d articles itself (%v)", st.Articles, err)
	}

	if _, err := a.AddFeed(ctx, feed.URL, 0); err != nil {
		t.Fatal(err)
	}
	if code := call(t, "POST", base+"/api/v1/feeds/1/poll", "", "", nil); code != http.StatusOK {
		t.Errorf("poll: %d", code)
	}
	eventually(t, 30*time.Second, "the feed's items are not queued", func() bool {
		st, err := q.Status(ctx)
		return err == nil && st.Waiting == 5
	})
	if got := metric(t, base, `storywire_queue_items_total{outcome="queued"}`); got != "3" {
		t.Errorf("queued items counted: %s, want 3", got)
	}
}
