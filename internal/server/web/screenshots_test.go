package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/server"
	"github.com/storywire/storywire/internal/server/servertest"
	"github.com/storywire/storywire/internal/store"
)

// maxShotHeight bounds a screenshot: the top of a long page is what a
// reader sees first.
const maxShotHeight = 2000

// TestScreenshots saves every page at 1280 and 390 pixels wide (and two
// in dark mode) as PNG files in $STORYWIRE_SCREENSHOTS, a directory
// relative to the module's root: the README shows docs/screenshots.
//
//	STORYWIRE_SCREENSHOTS=docs/screenshots go test ./internal/server/web -run Screenshots
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("STORYWIRE_SCREENSHOTS")
	if dir == "" {
		t.Skip("set STORYWIRE_SCREENSHOTS=docs/screenshots to save the screenshots")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(moduleRoot(t), dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t)
	a := demo(t)
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer hooks.Close()
	ts := servertest.Serve(t, a, server.Options{Ingest: app.IngestOptions{AllowPrivate: true, Watch: app.WatchOptions{AllowPrivate: true}}})
	ctx := context.Background()

	sanctions, err := a.Stories(ctx, app.StoriesOptions{Filter: store.StoryFilter{Query: "sanctions"}})
	if err != nil || len(sanctions) == 0 {
		t.Fatalf("the sanctions story: %v", err)
	}
	story := sanctions[0].Summary.ID
	v, err := a.StoryView(ctx, story)
	if err != nil {
		t.Fatal(err)
	}
	var article string
	for _, x := range v.Articles {
		if x.Outlet == "Harbour Times" {
			article = x.ID
		}
	}
	varenko, err := a.FindEntity(ctx, "Dmitri Varenko")
	if err != nil {
		t.Fatal(err)
	}
	shots := []struct {
		name, path string
		scrollTo   string // an element to start the picture at
		dark       bool
	}{
		{"stories", "/", "", false},
		{"story", fmt.Sprintf("/stories/%d", story), "", false},
		{"story-compare", fmt.Sprintf("/stories/%d", story), "#compare", false},
		{"article", "/articles/" + article, "", false},
		{"entity", fmt.Sprintf("/entities/%d", varenko.ID), "", false},
		{"timeline", "/timeline?entity=Veldora&entity=Norland", "", false},
		{"search", "/search?q=" + url.QueryEscape("fishermen talks"), "", false},
		{"stories-dark", "/", "", true},
		{"story-dark", fmt.Sprintf("/stories/%d", story), "", true},
	}
	for _, s := range shots {
		tb.shoot(dir, s.name, ts.URL+s.path, s.scrollTo, s.dark)
	}

	// Feeds and watches, with something to show: a healthy feed, a
	// failing one, and a watch that has sent a message.
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Kostrava Port Notices</title><link>https://port.example/</link>
<item><title>Ferry timetable changes at Ostrel harbour from Monday</title><link>https://port.example/ferry</link><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate>
<description>The Ostrel harbour authority said on Monday that the morning ferry to Tessin will leave half an hour earlier from next week, after complaints from commuters about missed connections on the other side of the strait.</description></item>
</channel></rss>`
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rss" {
			http.Error(w, "gone", http.StatusGone)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer feed.Close()
	fo := app.FeedOptions{Ingest: app.IngestOptions{AllowPrivate: true}, Logger: servertest.Quiet()}
	for _, u := range []string{feed.URL + "/rss", feed.URL + "/old-feed.xml"} {
		f, err := a.AddFeed(ctx, u, 30*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.PollFeed(ctx, f.ID, fo); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.AddWatch(ctx, model.Watch{Query: "fishermen", MinOutlets: 2, Webhook: hooks.URL + "/storywire"}); err != nil {
		t.Fatal(err)
	}
	body := `{"title": "Freed fishermen meet Veldora's president", "outlet": "Coast Courier", "url": "https://coast.example/fishermen",
"published": "2024-11-23T10:00:00Z", "text": "The eleven Veldoran fishermen freed by a Norland court met President Elena Rusk in Arvena on Saturday, two days after their release ended a dispute that had derailed trade talks between the two countries twice."}`
	resp, err := http.Post(ts.URL+"/api/v1/articles", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	read(t, resp)
	ws, _ := a.Watches(ctx)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ds, _ := a.Deliveries(ctx, ws[0].ID, 1); len(ds) > 0 {
			break
		}
	}
	tb.shoot(dir, "feeds", ts.URL+"/feeds", "", false)
	tb.shoot(dir, "watches", ts.URL+"/watches", "", false)
}

// shoot saves a page at both widths: name-1280.png and name-390.png (only
// the first for dark mode).
func (tb *tab) shoot(dir, name, u, scrollTo string, dark bool) {
	tb.t.Helper()
	scheme := "light"
	widths := []int64{1280, 390}
	if dark {
		scheme, widths = "dark", []int64{1280}
	}
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
	for _, w := range widths {
		tb.do(chromedp.EmulateViewport(w, 900), chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("main")))
		h := eval[int64](tb, "document.documentElement.scrollHeight")
		top := int64(0)
		if scrollTo != "" {
			top = eval[int64](tb, fmt.Sprintf("Math.round(document.querySelector(%q).getBoundingClientRect().top + window.scrollY - 64)", scrollTo))
		}
		height := min(h-top, maxShotHeight)
		tb.do(chromedp.EmulateViewport(w, height), chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.scrollTo({top: %d, behavior: "instant"})`, top)))
		// Let layout settle after the resize and the scroll.
		tb.do(chromedp.Sleep(200 * time.Millisecond))
		var png []byte
		tb.call(func(ctx context.Context) error {
			var err error
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
			return err
		})
		file := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			tb.t.Fatal(err)
		}
		tb.t.Logf("%s: %d bytes", file, len(png))
	}
}

// moduleRoot is the directory of go.mod above the test's.
func moduleRoot(t *testing.T) string {
	t.Helper()
	d, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			t.Fatal("no go.mod above the test's directory")
		}
		d = parent
	}
}
