package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/server"
	"github.com/storywire/storywire/internal/server/servertest"
)

// demo opens a store in a temporary directory holding the demo corpus.
func demo(t testing.TB) *app.App {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	corpus, err := app.WriteDemoCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := app.Open(ctx, filepath.Join(dir, "sw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sw.Close() })
	if _, err := sw.Ingest(ctx, []string{corpus}, app.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	return sw
}

// call sends a request and decodes a JSON answer into out (when not nil),
// returning the status.
func call(t testing.TB, method, url, token, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d %q: %v", method, url, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

type storyPage struct {
	Stories []struct {
		ID       int64  `json:"id"`
		Title    string `json:"title"`
		LastSeen string `json:"last_seen"`
		Articles []struct {
			ID string `json:"id"`
		} `json:"articles"`
		Entities []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"entities"`
	} `json:"stories"`
	Next string `json:"next"`
}

// TestEndpoints reads every endpoint on the demo corpus.
func TestEndpoints(t *testing.T) {
	ts := servertest.Serve(t, demo(t), server.Options{})
	// The listing gives heads unless the whole view is asked for; heads
	// and whole views agree on what both have.
	var heads, page storyPage
	if code := call(t, "GET", ts.URL+"/api/v1/stories?limit=200", "", "", &heads); code != 200 || len(heads.Stories) < 5 || heads.Next != "" {
		t.Fatalf("stories: %d, %d stories, next %q", code, len(heads.Stories), heads.Next)
	}
	if code := call(t, "GET", ts.URL+"/api/v1/stories?limit=200&view=full", "", "", &page); code != 200 || len(page.Stories) != len(heads.Stories) {
		t.Fatalf("stories?view=full: %d, %d stories, want %d", code, len(page.Stories), len(heads.Stories))
	}
	for i, h := range heads.Stories {
		f := page.Stories[i]
		if h.ID != f.ID || h.Title != f.Title || h.LastSeen != f.LastSeen || len(h.Articles) != len(f.Articles) || h.Entities == nil || len(h.Entities) != 0 {
			t.Errorf("head %+v\nwhole %+v", h, f)
		}
	}
	if code := call(t, "GET", ts.URL+"/api/v1/stories?view=some", "", "", nil); code != 400 {
		t.Errorf("stories?view=some: %d, want 400", code)
	}
	// The largest story, for the reads of one story.
	big := page.Stories[0]
	for _, s := range page.Stories {
		if len(s.Articles) > len(big.Articles) {
			big = s
		}
	}
	if len(big.Entities) == 0 {
		t.Fatalf("story %d has no entities: %+v", big.ID, big)
	}
	entity := big.Entities[0]
	art := big.Articles[0].ID
	for _, c := range []struct {
		path string
		want string // a field the answer has
	}{
		{"/healthz", `"status":"ok"`},
		{"/readyz", `"status":"ready"`},
		{fmt.Sprintf("/api/v1/stories/%d", big.ID), `"summary":`},
		{fmt.Sprintf("/api/v1/stories/%d/compare", big.ID), `"claims":`},
		{"/api/v1/stories?entity=" + fmt.Sprint(entity.ID), `"stories":[{`},
		{"/api/v1/stories?q=rates&since=2020-01-01&until=2100-01-01", `"stories":[{`},
		{"/api/v1/articles?limit=3", `"articles":[{`},
		{"/api/v1/articles/" + art, `"copies":`},
		{"/api/v1/articles/" + art + "?annotations=1", `"annotations":{`},
		{"/api/v1/entities?type=PER", `"entities":[{`},
		{"/api/v1/entities/" + fmt.Sprint(entity.ID), `"mentioned_in":[`},
		{"/api/v1/timeline?entity=" + fmt.Sprint(entity.ID), `"stories":[{`},
		{"/api/v1/quotes?limit=5", `"quotes":[{`},
		{"/api/v1/search?q=rates", `"hits":[{`},
		{"/api/v1/export?format=jsonl&limit=2", `"content_hash":`},
		{"/api/v1/export?format=csv", "id,origin,url,title"},
		{"/api/v1/openapi.json", `"openapi":"3.1.0"`},
		{"/metrics", "storywire_articles_stored"},
	} {
		resp, err := http.Get(ts.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		compact := strings.NewReplacer(`": `, `":`, "\n ", "").Replace(string(b))
		if resp.StatusCode != 200 || !strings.Contains(compact, c.want) {
			t.Errorf("GET %s: %d %.300s; want %s", c.path, resp.StatusCode, b, c.want)
		}
	}
}

// TestStoriesPages reads the stories a page at a time and finds each once,
// in the order of one big page.
func TestStoriesPages(t *testing.T) {
	ts := servertest.Serve(t, demo(t), server.Options{})
	var all storyPage
	call(t, "GET", ts.URL+"/api/v1/stories?limit=200", "", "", &all)
	var got []int64
	url := ts.URL + "/api/v1/stories?limit=2"
	for pages := 0; ; pages++ {
		if pages > len(all.Stories) {
			t.Fatal("the cursor does not end")
		}
		var p storyPage
		if code := call(t, "GET", url, "", "", &p); code != 200 || len(p.Stories) > 2 {
			t.Fatalf("page %d: %d with %d stories", pages, code, len(p.Stories))
		}
		for _, s := range p.Stories {
			got = append(got, s.ID)
		}
		if p.Next == "" {
			break
		}
		url = ts.URL + "/api/v1/stories?limit=2&cursor=" + p.Next
	}
	if len(got) != len(all.Stories) {
		t.Fatalf("pages gave %d stories, one page %d", len(got), len(all.Stories))
	}
	for i, s := range all.Stories {
		if got[i] != s.ID {
			t.Fatalf("story %d: %d in pages, %d in one page", i, got[i], s.ID)
		}
	}
	if code := call(t, "GET", ts.URL+"/api/v1/stories?cursor=nonsense!", "", "", nil); code != 400 {
		t.Errorf("a bad cursor: %d", code)
	}
}

type summary struct {
	Added, Copies, Duplicates, Failed int
	Failures                          []struct{ Origin, Error string }
}

// TestPostArticles ingests an object, an array and JSON Lines, each with
// one bad item reported and the rest stored.
func TestPostArticles(t *testing.T) {
	ts := servertest.Serve(t, demo(t), server.Options{})
	article := func(n int) string {
		return fmt.Sprintf(`{"title": "Port of Ostrel reopens after strike %d", "outlet": "Test Post", "published": "2024-08-0%dT10:00:00Z", "text": "The port of Ostrel reopened on Monday after a strike of %d days ended, dockworkers said. Ships queued outside the harbour for a week."}`, n, n, n)
	}
	for _, c := range []struct {
		name, body string
		added      int
		failed     string
	}{
		{"object", article(1), 1, ""},
		{"array", "[" + article(2) + `, "not an article", ` + article(3) + "]", 2, "api#2"},
		{"JSON Lines", article(4) + "\n{\"title\": \n" + article(5) + "\n", 2, "api:2"},
	} {
		var s summary
		code := call(t, "POST", ts.URL+"/api/v1/articles", "", c.body, &s)
		if code != 200 || s.Added+s.Copies != c.added {
			t.Errorf("%s: %d %+v", c.name, code, s)
		}
		if c.failed == "" && s.Failed != 0 || c.failed != "" && (s.Failed != 1 || s.Failures[0].Origin != c.failed || s.Failures[0].Error == "") {
			t.Errorf("%s: failures %+v, want one at %q", c.name, s.Failures, c.failed)
		}
	}
	var dup summary
	if call(t, "POST", ts.URL+"/api/v1/articles", "", article(1), &dup); dup.Duplicates != 1 {
		t.Errorf("the same article again: %+v", dup)
	}
	var page struct {
		Articles []struct{ Outlet string } `json:"articles"`
	}
	call(t, "GET", ts.URL+"/api/v1/articles?outlet=Test+Post&limit=50", "", "", &page)
	if len(page.Articles) != 5 {
		t.Errorf("stored from the posts: %d articles", len(page.Articles))
	}
}

// TestErrors checks each error status and that every error is JSON.
func TestErrors(t *testing.T) {
	ts := servertest.Serve(t, demo(t), server.Options{MaxBody: 1 << 10})
	var page storyPage
	call(t, "GET", ts.URL+"/api/v1/stories?limit=1", "", "", &page)
	story := fmt.Sprint(page.Stories[0].ID)
	for _, c := range []struct {
		method, path, body string
		want               int
	}{
		{"POST", "/api/v1/articles", `{"title": `, 400},
		{"POST", "/api/v1/articles", `words, not JSON`, 400},
		{"POST", "/api/v1/articles", ``, 400},
		{"POST", "/api/v1/articles?published=someday", `{"title": "A", "text": "a"}`, 400},
		{"POST", "/api/v1/stories/" + story + "/merge", `{"from": `, 400},
		{"POST", "/api/v1/stories/" + story + "/merge", `{"form": 3}`, 400},
		{"POST", "/api/v1/stories/" + story + "/merge", `{"from": ` + story + `}`, 400},
		{"GET", "/api/v1/stories/abc", "", 400},
		{"GET", "/api/v1/stories?limit=0", "", 400},
		{"GET", "/api/v1/stories?since=someday", "", 400},
		{"GET", "/api/v1/search?q=", "", 400},
		{"GET", "/api/v1/timeline", "", 400},
		{"GET", "/api/v1/entities?type=ANIMAL", "", 400},
		{"GET", "/api/v1/export?format=xml", "", 400},
		{"GET", "/api/v1/stories/999999", "", 404},
		{"GET", "/api/v1/stories/999999/compare", "", 404},
		{"GET", "/api/v1/articles/nope", "", 404},
		{"GET", "/api/v1/entities/999999", "", 404},
		{"GET", "/api/v1/entities/Nobody%20Anywhere", "", 404},
		{"GET", "/api/v1/quotes?story=999999", "", 404},
		{"POST", "/api/v1/stories/999999/merge", `{"from": ` + story + `}`, 404},
		{"POST", "/api/v1/articles/nope/move", `{"story": ` + story + `}`, 404},
		{"GET", "/api/v1/nothing", "", 404},
		{"DELETE", "/api/v1/stories", "", 405},
		{"PUT", "/api/v1/articles/abc", "", 405},
		{"GET", "/api/v1/stories/" + story + "/merge", "", 405},
		{"POST", "/api/v1/articles", `{"title": "A", "text": "` + strings.Repeat("a", 2<<10) + `"}`, 413},
		{"POST", "/api/v1/stories/" + story + "/split", `{"articles": ["` + strings.Repeat("a", 70<<10) + `"]}`, 413},
	} {
		var e struct{ Error string }
		code := call(t, c.method, ts.URL+c.path, "", c.body, &e)
		if code != c.want || e.Error == "" {
			t.Errorf("%s %s %.40s: %d %q, want %d with an error", c.method, c.path, c.body, code, e.Error, c.want)
		}
	}
	// The server still answers.
	if code := call(t, "GET", ts.URL+"/healthz", "", "", nil); code != 200 {
		t.Errorf("healthz after the errors: %d", code)
	}
}

// TestCrossSiteWrites checks that a browser cannot be made to write on
// another site's behalf, while scripts and the --cors origin can.
func TestCrossSiteWrites(t *testing.T) {
	a := demo(t)
	body := `{"title": "Cross-site test", "text": "A short article sent from another site."}`
	post := func(ts *httptest.Server, header ...string) int {
		t.Helper()
		req, err := http.NewRequest("POST", ts.URL+"/api/v1/articles", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "text/plain") // a form or fetch needs no preflight for it
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	open := servertest.Serve(t, a, server.Options{})
	for _, c := range []struct {
		header []string
		want   int
	}{
		{[]string{"Sec-Fetch-Site", "cross-site"}, 403},
		{[]string{"Origin", "https://evil.example"}, 403},
		{nil, 200}, // a script
		{[]string{"Sec-Fetch-Site", "same-origin"}, 200},
	} {
		if got := post(open, c.header...); got != c.want {
			t.Errorf("POST with %v: %d, want %d", c.header, got, c.want)
		}
	}
	allowed := servertest.Serve(t, a, server.Options{CORSOrigin: "https://news.example"})
	if got := post(allowed, "Origin", "https://news.example", "Sec-Fetch-Site", "cross-site"); got != 200 {
		t.Errorf("POST from the --cors origin: %d", got)
	}
	if _, err := server.New(a, server.Options{CORSOrigin: "news.example/path"}); err == nil {
		t.Error("a --cors value that is no origin was taken")
	}
}

// TestToken checks who needs the token: nobody on loopback without one,
// writers with one, readers too when private; beyond loopback one is
// required.
func TestToken(t *testing.T) {
	a := demo(t)
	if _, err := server.New(a, server.Options{Addr: "0.0.0.0:8080"}); err == nil {
		t.Error("listening beyond loopback without a token was allowed")
	}
	if _, err := server.New(a, server.Options{Addr: "127.0.0.1:8080", Private: true}); err == nil {
		t.Error("private without a token was allowed")
	}
	if _, err := server.New(a, server.Options{Addr: "0.0.0.0:8080", Token: "s3cret"}); err != nil {
		t.Errorf("beyond loopback with a token: %v", err)
	}
	body := `{"title": "Token test", "text": "A short article about a token."}`
	open := servertest.Serve(t, a, server.Options{})
	if code := call(t, "POST", open.URL+"/api/v1/articles", "", body, nil); code != 200 {
		t.Errorf("loopback without a token, write: %d", code)
	}
	locked := servertest.Serve(t, a, server.Options{Addr: "0.0.0.0:8080", Token: "s3cret"})
	for _, c := range []struct {
		method, path, token string
		want                int
	}{
		{"POST", "/api/v1/articles", "", 401},
		{"POST", "/api/v1/articles", "wrong", 401},
		{"POST", "/api/v1/stories/1/merge", "", 401},
		{"POST", "/api/v1/articles", "s3cret", 200},
		{"GET", "/api/v1/stories", "", 200},
		{"GET", "/healthz", "", 200},
	} {
		if code := call(t, c.method, locked.URL+c.path, c.token, body, nil); code != c.want {
			t.Errorf("token %q, %s %s: %d, want %d", c.token, c.method, c.path, code, c.want)
		}
	}
	private := servertest.Serve(t, a, server.Options{Token: "s3cret", Private: true})
	for _, c := range []struct {
		path, token string
		want        int
	}{
		{"/api/v1/stories", "", 401},
		{"/api/v1/stories", "s3cret", 200},
		{"/api/v1/events", "", 401},
		{"/readyz", "", 200},
	} {
		if code := call(t, "GET", private.URL+c.path, c.token, "", nil); code != c.want {
			t.Errorf("private, token %q, GET %s: %d, want %d", c.token, c.path, code, c.want)
		}
	}
}

// TestEvents follows the event stream while an article is posted.
func TestEvents(t *testing.T) {
	ts := servertest.Serve(t, demo(t), server.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := bufio.NewReader(resp.Body)
	if first, err := lines.ReadString('\n'); err != nil || !strings.HasPrefix(first, ":") {
		t.Fatalf("the stream's opening: %q %v", first, err)
	}
	body := `{"title": "Lighthouse keeper retires after 40 years", "outlet": "Events Test", "published": "2024-09-01T08:00:00Z", "text": "The last lighthouse keeper of Cape Verin retired on Sunday after forty years at the light, the harbour authority said."}`
	var s summary
	if code := call(t, "POST", ts.URL+"/api/v1/articles", "", body, &s); code != 200 || s.Added != 1 {
		t.Fatalf("post: %d %+v", code, s)
	}
	var event, data string
	for data == "" {
		line, err := lines.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the stream: %v", err)
		}
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimSpace(strings.TrimPrefix(line, "event: "))
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
	var e struct {
		Kind     string
		Story    int64
		Title    string
		Articles int
		Added    []string
	}
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		t.Fatal(err)
	}
	if event != "story" || e.Kind != "created" || e.Story == 0 || e.Articles != 1 || len(e.Added) != 1 || !strings.Contains(e.Title, "Lighthouse") {
		t.Errorf("event %q: %+v", event, e)
	}
}

// TestGracefulStop stops the server while a request is sending its body:
// the request is answered and its articles stored, the event stream
// ends, and Serve returns without error.
func TestGracefulStop(t *testing.T) {
	a := demo(t)
	s, err := server.New(a, server.Options{Logger: servertest.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	for i := 0; !s.Ready(); i++ {
		if i > 500 {
			t.Fatal("not ready after 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	events, err := http.Get(base + "/api/v1/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()

	before, _ := a.Stats(context.Background())
	pr, pw := io.Pipe()
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post(base+"/api/v1/articles", "application/json", pr)
		if err != nil {
			answered <- -1
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	io.WriteString(pw, `[{"title": "Ferry service resumes", "text": "The ferry between Ostrel and Vask resumed on Tuesday after repairs to its engine, the operator said."}`)
	time.Sleep(100 * time.Millisecond) // the request is in flight
	stop()
	time.Sleep(100 * time.Millisecond) // the stop has begun
	io.WriteString(pw, `, {"title": "Museum reopens", "text": "The city museum of Arvena reopened on Wednesday after a two-year renovation of its main hall."}]`)
	pw.Close()
	if code := <-answered; code != 200 {
		t.Errorf("the request in flight at the stop: %d", code)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
	if _, err := io.ReadAll(events.Body); err != nil {
		t.Errorf("the event stream did not end cleanly: %v", err)
	}
	after, _ := a.Stats(context.Background())
	if after.Articles != before.Articles+2 {
		t.Errorf("articles %d before, %d after; want 2 more", before.Articles, after.Articles)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after the stop")
	}
}
