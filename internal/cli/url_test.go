package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/storywire/storywire/internal/app/view"
)

// TestIngestURLs ingests a feed from a loopback HTTP server: its items are
// summaries, so their pages are fetched; one page is in windows-1251. The
// second read sends the feed's ETag and gets nothing new. Without
// --allow-private the loopback server is refused.
func TestIngestURLs(t *testing.T) {
	var notModified atomic.Int32
	ru, err := charmap.Windows1251.NewEncoder().String(`<html><head><title>Министр иностранных дел провёл переговоры</title></head><body><article>
<h1>Министр иностранных дел провёл переговоры</h1>
<p>Министр иностранных дел во вторник провёл переговоры с делегацией соседней страны, сообщили в министерстве.</p>
<p>Стороны договорились продолжить консультации в следующем месяце в столице.</p></article></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"f1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", `"f1"`)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Loop News</title>
<item><title>Talks held</title><link>%[1]s/ru</link><pubDate>Tue, 05 Mar 2024 08:00:00 +0000</pubDate><description>Short summary.</description></item>
<item><title>Gone</title><link>%[1]s/missing</link><description>Short.</description></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/ru", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		w.Write([]byte(ru))
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "s.db")

	code, out, _ := run(t, db, "", "ingest", "--json", srv.URL+"/feed.xml")
	var sum view.IngestSummary
	json.Unmarshal([]byte(out), &sum)
	if code != ExitPartial || sum.Failed != 1 || !strings.Contains(sum.Failures[0].Error, "private") {
		t.Fatalf("without --allow-private: exit %d %+v", code, sum)
	}

	code, out, _ = run(t, db, "", "ingest", "--json", "--allow-private", srv.URL+"/feed.xml")
	sum = view.IngestSummary{}
	json.Unmarshal([]byte(out), &sum)
	if code != ExitPartial || sum.Added != 1 || sum.Failed != 1 || !strings.Contains(sum.Failures[0].Error, "404") {
		t.Fatalf("first read: exit %d %+v", code, sum)
	}
	_, out, _ = run(t, db, "", "articles", "--json")
	var list []view.Article
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
		t.Fatalf("%v %s", err, out)
	}
	a := list[0]
	if !strings.Contains(a.Text, "Министр иностранных дел во вторник") || deref(a.Language) != "ru" {
		t.Errorf("windows-1251 page: language %q text %q", deref(a.Language), a.Text)
	}
	if deref(a.Outlet) != "Loop News" || a.Title != "Talks held" || deref(a.PublishedSource) != "feed" || deref(a.URL) != srv.URL+"/ru" {
		t.Errorf("feed metadata not kept: %+v", a)
	}

	code, out, _ = run(t, db, "", "ingest", "--json", "--allow-private", srv.URL+"/feed.xml")
	sum = view.IngestSummary{}
	json.Unmarshal([]byte(out), &sum)
	if code != ExitOK || sum.Added+sum.Failed+sum.Duplicates != 0 || notModified.Load() != 1 {
		t.Errorf("unchanged feed: exit %d %+v, 304s %d", code, sum, notModified.Load())
	}
}
