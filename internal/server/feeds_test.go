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
	"github.com/storywire/storywire/internal/server/servertest"
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
		o.Logger = servertest.Quiet()
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

// TestFeedAndWatchEndpoints walks the feeds and watches through the API:
// each status the endpoints answer, a poll through the server's poller
// and the conditional GET of the next one.
func TestFeedAndWatchEndpoints(t *testing.T) {
	const token = "s3cret"
	var feed *httptest.Server
	feed = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, rss(
			rssItem(feed.URL, 1, "Ferry runs aground off Ostrel", "The Ostrel harbour ferry ran aground on Tuesday morning near the northern breakwater, the port authority said."),
			rssItem(feed.URL, 2, "Varnholm approves school budget", "The city council of Varnholm approved a budget of 48 million crowns for new schools on Monday evening."),
		))
	}))
	defer feed.Close()
	ts := servertest.Serve(t, demo(t), server.Options{Token: token, Ingest: app.IngestOptions{AllowPrivate: true}})
	api := ts.URL + "/api/v1"

	var list struct{ Feeds []map[string]any }
	if code := call(t, "GET", api+"/feeds", "", "", &list); code != 200 || list.Feeds == nil || len(list.Feeds) != 0 {
		t.Fatalf("GET /feeds: %d %v", code, list)
	}
	add := `{"url": "` + feed.URL + `/rss", "interval": "30m"}`
	for _, c := range []struct {
		token, body string
		want        int
	}{
		{"", add, 401},
		{token, `{"url": `, 400},
		{token, `{"url": "ftp://example.com/x"}`, 400},
		{token, `{"url": "` + feed.URL + `", "interval": "soon"}`, 400},
		{token, `{"url": "` + feed.URL + `", "interval": "1s"}`, 400},
	} {
		if code := call(t, "POST", api+"/feeds", c.token, c.body, nil); code != c.want {
			t.Errorf("POST /feeds %s (token %q): %d, want %d", c.body, c.token, code, c.want)
		}
	}
	var f struct {
		ID              int64
		URL             string
		IntervalSeconds float64 `json:"interval_seconds"`
		NextPoll        string  `json:"next_poll"`
		LastPoll        *string `json:"last_poll"`
	}
	if code := call(t, "POST", api+"/feeds", token, add, &f); code != 201 || f.ID == 0 || f.IntervalSeconds != 1800 || f.LastPoll != nil || f.NextPoll == "" {
		t.Fatalf("POST /feeds: %d %+v", code, f)
	}
	if code := call(t, "POST", api+"/feeds", token, add, nil); code != 409 {
		t.Errorf("subscribing twice: %d, want 409", code)
	}
	feedPath := fmt.Sprintf("%s/feeds/%d", api, f.ID)
	var poll struct {
		Outcome string
		Items   int
		Added   int
		Error   *string
	}
	if code := call(t, "POST", feedPath+"/poll", token, "", &poll); code != 200 || poll.Outcome != "changed" || poll.Items != 2 || poll.Added != 2 || poll.Error != nil {
		t.Fatalf("first poll: %d %+v", code, poll)
	}
	if code := call(t, "POST", feedPath+"/poll", token, "", &poll); code != 200 || poll.Outcome != "not_modified" {
		t.Errorf("second poll: %d %+v, want not_modified", code, poll)
	}
	if code := call(t, "GET", api+"/feeds", "", "", &list); code != 200 || len(list.Feeds) != 1 || list.Feeds[0]["articles_added"] != 2.0 {
		t.Errorf("GET /feeds after the polls: %d %v", code, list)
	}
	for _, c := range []struct{ method, path, token string }{
		{"POST", api + "/feeds/999/poll", token},
		{"DELETE", api + "/feeds/999", token},
		{"GET", api + "/watches/999/deliveries", ""},
		{"DELETE", api + "/watches/999", token},
	} {
		if code := call(t, c.method, c.path, c.token, "", nil); code != 404 {
			t.Errorf("%s %s: %d, want 404", c.method, c.path, code)
		}
	}
	if code := call(t, "DELETE", api+"/feeds/x", token, "", nil); code != 400 {
		t.Errorf("DELETE /feeds/x: %d, want 400", code)
	}
	if code := call(t, "DELETE", feedPath, "", "", nil); code != 401 {
		t.Errorf("DELETE without the token: %d, want 401", code)
	}

	resp, err := http.Get(api + "/feeds/export")
	if err != nil {
		t.Fatal(err)
	}
	opml, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(opml), feed.URL+"/rss") {
		t.Fatalf("export: %d %s", resp.StatusCode, opml)
	}
	more := strings.Replace(string(opml), "</body>", `<outline type="rss" text="Other" xmlUrl="`+feed.URL+`/other"/></body>`, 1)
	var imp struct {
		Added    []map[string]any
		Existing []string
		Failed   []string
	}
	if code := call(t, "POST", api+"/feeds/import?interval=1h", token, more, &imp); code != 200 || len(imp.Added) != 1 || len(imp.Existing) != 1 || len(imp.Failed) != 0 {
		t.Errorf("import: %d %+v", code, imp)
	}
	if code := call(t, "POST", api+"/feeds/import", token, "not opml", nil); code != 400 {
		t.Errorf("import of a non-OPML body: %d, want 400", code)
	}
	if code := call(t, "DELETE", feedPath, token, "", nil); code != 204 {
		t.Errorf("DELETE %s: %d, want 204", feedPath, code)
	}
	if code := call(t, "DELETE", feedPath, token, "", nil); code != 404 {
		t.Errorf("DELETE twice: %d, want 404", code)
	}

	for _, body := range []string{`{"webhook": "http://127.0.0.1:1/h"}`, `{"query": "x", "webhook": "ftp://x"}`, `{"query": "x", "hook": "http://x"}`} {
		if code := call(t, "POST", api+"/watches", token, body, nil); code != 400 {
			t.Errorf("POST /watches %s: %d, want 400", body, code)
		}
	}
	var wt model.Watch
	if code := call(t, "POST", api+"/watches", token, `{"query": "ferry", "min_outlets": 2, "webhook": "http://127.0.0.1:1/h"}`, &wt); code != 201 || wt.ID == 0 || wt.Query != "ferry" || wt.MinOutlets != 2 {
		t.Fatalf("POST /watches: %d %+v", code, wt)
	}
	var ws struct{ Watches []model.Watch }
	if code := call(t, "GET", api+"/watches", "", "", &ws); code != 200 || len(ws.Watches) != 1 || ws.Watches[0].ID != wt.ID {
		t.Errorf("GET /watches: %d %+v", code, ws)
	}
	var ds struct{ Deliveries []model.Delivery }
	watchPath := fmt.Sprintf("%s/watches/%d", api, wt.ID)
	if code := call(t, "GET", watchPath+"/deliveries", "", "", &ds); code != 200 || ds.Deliveries == nil {
		t.Errorf("GET deliveries: %d %+v", code, ds)
	}
	if code := call(t, "DELETE", watchPath, token, "", nil); code != 204 {
		t.Errorf("DELETE %s: %d, want 204", watchPath, code)
	}
}
