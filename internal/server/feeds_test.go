package server_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/server"
)

// rssItem is an RSS item carrying a whole article, so no page is fetched.
func rssItem(base string, n int, title, sentence string) string {
	text := strings.Repeat("<p>"+sentence+"</p>", 8)
	return fmt.Sprintf(`<item><guid>%s/a/%d</guid><title>%s</title><link>%s/a/%d</link><pubDate>Tue, 03 Mar 2026 09:%02d:00 GMT</pubDate><description><![CDATA[%s]]></description></item>`,
		base, n, title, base, n, n%60, text)
}

func rss(items ...string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>` + strings.Join(items, "") + `</channel></rss>`
}

// running starts Serve on a loopback port and returns its base URL; the
// server stops when the test ends.
func running(t *testing.T, a *app.App, o server.Options) (string, *server.Server) {
	t.Helper()
	if o.Logger == nil {
		o.Logger = quiet()
	}
	s, err := server.New(a, o)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	for i := 0; !s.Ready(); i++ {
		if i > 1000 {
			t.Fatal("not ready after 20 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "http://" + ln.Addr().String(), s
}

// eventually fails the test when cond is not true within d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("after %v: %s", d, what)
		}
	}
}

// metric reads one sample of /metrics, "" when absent.
func metric(t *testing.T, base, sample string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), sample+" "); ok {
			return v
		}
	}
	return ""
}

// TestServeFollowsFeedsAndWatches: the running server polls a subscribed
// feed (the poll counted in /metrics), and a slow webhook that fails
// holds up neither the feed's ingest nor a POST /articles, while its
// attempts are still made and logged.
func TestServeFollowsFeedsAndWatches(t *testing.T) {
	a := demo(t)
	ctx := context.Background()
	var feed *httptest.Server
	feed = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, rss(
			rssItem(feed.URL, 1, "Ferry runs aground off Ostrel", "The Ostrel harbour ferry ran aground on Tuesday morning near the northern breakwater, the port authority said."),
			rssItem(feed.URL, 2, "Varnholm approves school budget", "The city council of Varnholm approved a budget of 48 million crowns for new schools on Monday evening."),
		))
	}))
	defer feed.Close()
	var hookCalls atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hookCalls.Add(1)
		time.Sleep(2 * time.Second)
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer hook.Close()
	if _, err := a.AddWatch(ctx, model.Watch{Query: "lighthouse", Webhook: hook.URL}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddFeed(ctx, feed.URL, 0); err != nil {
		t.Fatal(err)
	}
	base, _ := running(t, a, server.Options{Ingest: app.IngestOptions{
		AllowPrivate: true,
		Watch:        app.WatchOptions{AllowPrivate: true, Attempts: 3, Backoff: time.Second},
	}})
	eventually(t, 30*time.Second, "the feed is not polled", func() bool {
		return metric(t, base, `storywire_feed_polls_total{result="changed"}`) == "1"
	})
	if got := metric(t, base, "storywire_feed_articles_added_total"); got != "2" {
		t.Errorf("feed articles added: %s, want 2", got)
	}

	start := time.Now()
	body := `{"title": "Lighthouse keeper retires", "outlet": "Watch Test", "published": "2024-09-01T08:00:00Z", "text": "The last lighthouse keeper of Cape Verin retired on Sunday after forty years at the light, the harbour authority said."}`
	if code := call(t, "POST", base+"/api/v1/articles", "", body, nil); code != 200 {
		t.Fatalf("post: %d", code)
	}
	// Three attempts of 2 s with waits of 1 s and 2 s between would take
	// 9 s in the request.
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("POST /articles waited %v for the webhook", d)
	}
	eventually(t, 30*time.Second, "the webhook's attempts are not all logged", func() bool {
		ws, _ := a.Watches(ctx)
		ds, _ := a.Deliveries(ctx, ws[0].ID, 0)
		return len(ds) == 3
	})
	if n := hookCalls.Load(); n != 3 {
		t.Errorf("webhook called %d times, want 3", n)
	}
}
