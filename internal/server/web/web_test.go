package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"

	"golang.org/x/net/html"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/server"
	"github.com/storywire/storywire/internal/server/servertest"
	"github.com/storywire/storywire/internal/store"
)

const wantCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// inlineCode finds what the Content-Security-Policy would block, and
// what escaping must never let through: a script element without src, a
// style element or attribute, an event handler attribute, a javascript:
// URL. It reads the page as a browser's tokenizer does, so markup shown
// as text (escaped) is text.
func inlineCode(body string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			hasSrc := false
			for _, at := range tok.Attr {
				switch k := strings.ToLower(at.Key); {
				case k == "src":
					hasSrc = true
				case k == "style", strings.HasPrefix(k, "on"):
					return tok.String()
				}
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(at.Val)), "javascript:") {
					return tok.String()
				}
			}
			if tok.Data == "style" || tok.Data == "script" && !hasSrc || tok.Data == "img" && !strings.HasPrefix(attr(tok, "src"), "/static/") {
				return tok.String()
			}
		}
	}
}

func attr(tok html.Token, key string) string {
	for _, at := range tok.Attr {
		if at.Key == key {
			return at.Val
		}
	}
	return ""
}

// checkPage checks what every UI page must be: HTML with the security
// headers, and nothing inline the policy would block.
func checkPage(t *testing.T, what string, p answer) {
	t.Helper()
	if ct := p.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	if csp := p.header.Get("Content-Security-Policy"); csp != wantCSP {
		t.Errorf("%s: Content-Security-Policy %q", what, csp)
	}
	if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("Referrer-Policy") == "" || p.header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("%s: security headers %v", what, p.header)
	}
	if m := inlineCode(p.body); m != "" {
		t.Errorf("%s: inline code %s in the page", what, m)
	}
	if !strings.Contains(p.body, "<main id=\"main\"") || !strings.Contains(p.body, `<nav aria-label="Main">`) {
		t.Errorf("%s: the page has no main landmark or navigation", what)
	}
}

// TestEveryPage reads every page on the demo store: 200, HTML, the
// security headers, and what each page is for.
func TestEveryPage(t *testing.T) {
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	c := client(t)
	list := storyIDs(t, a)
	ctx := context.Background()
	big, err := a.StoryView(ctx, list[0].Summary.ID)
	if err != nil {
		t.Fatal(err)
	}
	ent := big.Entities[0]
	cases := []struct {
		path string
		want []string
	}{
		{"/", []string{`class="story"`, big.Title}},
		{"/?q=rates", []string{"Bank of Veldora raises rates"}},
		{fmt.Sprintf("/?entity=%d", ent.ID), []string{"Stories naming " + ent.Name}},
		{"/?outlet=Meridian+Wire&since=2024-01-01&until=2025-12-31", []string{`class="story"`}},
		{"/?limit=2", []string{"Older stories"}},
		{fmt.Sprintf("/stories/%d?all=1", big.ID), []string{"How the outlets compare"}},
		{fmt.Sprintf("/entities/%d", ent.ID), []string{ent.Name, "Names and spellings", "Stories over time", `class="lanes"`}},
		{"/entities", []string{"Entities", `class="entity-list"`}},
		{"/entities?q=Var&type=PER", []string{"Varenko"}},
		{"/timeline?entity=Veldora&entity=Norland", []string{"over time", "Stories naming both", `class="lanes"`}},
		{"/search?q=sanctions", []string{"<mark>", "Norland"}},
		{"/search", []string{"Search"}},
		{"/feeds", []string{"Feeds", "Follow a feed", "Import an OPML list"}},
		{"/watches", []string{"Watches", "Add a watch"}},
		{"/signin", []string{"needs no sign-in"}},
	}
	for _, s := range list {
		cases = append(cases, struct {
			path string
			want []string
		}{fmt.Sprintf("/stories/%d", s.Summary.ID), []string{"Coverage", "How the outlets compare", `class="article"`}})
		for _, art := range storyArticles(t, a, s.Summary.ID) {
			cases = append(cases, struct {
				path string
				want []string
			}{"/articles/" + art, []string{`class="text"`, "What cleanup removed", "Why it is in its story"}})
		}
	}
	for _, cs := range cases {
		p := get(t, c, ts.URL+cs.path)
		if p.status != 200 {
			t.Errorf("GET %s: %d\n%.600s", cs.path, p.status, p.body)
			continue
		}
		checkPage(t, cs.path, p)
		for _, w := range cs.want {
			if !strings.Contains(p.body, w) {
				t.Errorf("GET %s: no %q in the page", cs.path, w)
			}
		}
	}
}

// TestStoryPage shows a story's articles, its comparison and each
// article's explanation.
func TestStoryPage(t *testing.T) {
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	// The sanctions story: five outlets give the number of people and
	// firms sanctioned in different words.
	list, err := a.Stories(context.Background(), app.StoriesOptions{Filter: store.StoryFilter{Query: "sanctions"}})
	if err != nil || len(list) == 0 {
		t.Fatalf("the sanctions story: %v", err)
	}
	id := list[0].Summary.ID
	p := get(t, client(t), ts.URL+fmt.Sprintf("/stories/%d", id))
	if p.status != 200 {
		t.Fatalf("story %d: %d", id, p.status)
	}
	for _, w := range []string{"Norland sanctions 27 Veldoran people and firms", "Told by every outlet", "Numbers told differently",
		"more than two dozen", "nearly 30", "Quotes by speaker", "Who speaks for whom", "Framing", "Why is this here?",
		`name="article"`, "Merge story number", "First:"} {
		if !strings.Contains(p.body, w) {
			t.Errorf("no %q on the story page", w)
		}
	}
	if got := strings.Count(p.body, `class="article" data-nav`) + strings.Count(p.body, `class="article copy" data-nav`); got != list[0].Summary.Articles {
		t.Errorf("%d articles listed, the story has %d", got, list[0].Summary.Articles)
	}
	// The page is well under 100 KB apart from the articles' text (the
	// demo's stories are small: the whole page is).
	if len(p.body) > 100<<10 {
		t.Errorf("the story page is %d bytes", len(p.body))
	}
}

// TestErrorPages answers unknown pages, ids and bad parameters with an
// HTML page and the right status; the API's paths keep their JSON.
func TestErrorPages(t *testing.T) {
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	c := client(t)
	for _, cs := range []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "/nope", 404, "There is no page at this address"},
		{"GET", "/stories/99999", 404, "There is no story 99999"},
		{"GET", "/stories/abc", 404, "is not a story number"},
		{"GET", "/stories/-1", 404, "is not a story number"},
		{"GET", "/articles/nosuch", 404, "There is no article"},
		{"GET", "/entities/99999999", 404, "No entity is known"},
		{"GET", "/entities/Nobody%20Atall", 404, "No entity is known"},
		{"GET", "/?entity=Nobody+Atall", 404, "No entity is named"},
		{"GET", "/?since=someday", 400, "is not a date"},
		{"GET", "/?until=2024-13-45", 400, "is not a date"},
		{"GET", "/?limit=0", 400, "limit"},
		{"GET", "/?limit=abc", 400, "limit"},
		{"GET", "/?cursor=zzz", 400, "first page"},
		{"GET", "/timeline", 400, "Name an entity"},
		{"GET", "/timeline?entity=a&entity=b&entity=c", 400, "two entities at most"},
		{"GET", "/search?q=%22%22", 400, "no words to search for"},
		{"GET", "/static/app.css", 404, ""},
		{"DELETE", "/stories/1", 405, "cannot do that"},
		{"PUT", "/", 405, "cannot do that"},
	} {
		req, _ := http.NewRequest(cs.method, ts.URL+cs.path, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		p := read(t, resp)
		if p.status != cs.status || !strings.Contains(p.body, cs.want) {
			t.Errorf("%s %s: %d, want %d with %q\n%.500s", cs.method, cs.path, p.status, cs.status, cs.want, p.body)
			continue
		}
		if cs.want != "" {
			checkPage(t, cs.method+" "+cs.path, p)
		}
		if cs.status == 405 && p.header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", cs.method, cs.path)
		}
	}
	// The API answers its own misses in JSON, as before.
	for _, cs := range []struct {
		method, path string
		status       int
	}{{"GET", "/api/v1/nope", 404}, {"DELETE", "/api/v1/stories", 405}, {"POST", "/healthz", 405}, {"GET", "/api/v1/stories/99999", 404}} {
		req, _ := http.NewRequest(cs.method, ts.URL+cs.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		p := read(t, resp)
		if p.status != cs.status || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") || !strings.Contains(p.body, `"error"`) {
			t.Errorf("%s %s: %d %s %s", cs.method, cs.path, p.status, p.header.Get("Content-Type"), p.body)
		}
	}
}

// TestHostileTextEscaped shows an article whose title and text carry
// markup as text on every page that shows it.
func TestHostileTextEscaped(t *testing.T) {
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	id := hostileID(t, ts.URL, a)
	why, err := a.Why(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	for _, p := range []string{"/", "/articles/" + id, fmt.Sprintf("/stories/%d", why.Explanation.Story), "/search?q=crane", "/?q=crane"} {
		pg := get(t, c, ts.URL+p)
		if pg.status != 200 {
			t.Errorf("%s: %d", p, pg.status)
			continue
		}
		checkPage(t, p, pg) // no script, image or handler of the article's came through as markup
		if !strings.Contains(pg.body, "&lt;script&gt;") {
			t.Errorf("%s: the markup is not shown as text", p)
		}
	}
}

// TestCSRF refuses state-changing forms sent from elsewhere or without
// the right token, and takes the page's own.
func TestCSRF(t *testing.T) {
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	list := storyIDs(t, a)
	into, from := list[0].Summary.ID, list[1].Summary.ID
	merge := ts.URL + fmt.Sprintf("/stories/%d/merge", into)
	c := client(t)
	token := formToken(t, get(t, c, ts.URL+fmt.Sprintf("/stories/%d", into)))
	form := func(tok string) url.Values { return url.Values{"from": {fmt.Sprint(from)}, "csrf": {tok}} }
	for _, cs := range []struct {
		name   string
		c      *http.Client
		form   url.Values
		header map[string]string
	}{
		{"no token", c, url.Values{"from": {fmt.Sprint(from)}}, nil},
		{"a wrong token", c, form("bm90IGEgdG9rZW4"), nil},
		{"another browser's token", client(t), form(token), nil},
		{"a cross-site request", c, form(token), map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"another origin", c, form(token), map[string]string{"Origin": "https://evil.example"}},
	} {
		p := postForm(t, cs.c, merge, cs.form, cs.header)
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "Refused") {
			t.Errorf("%s: %d\n%.300s", cs.name, p.status, p.body)
		}
		checkPage(t, cs.name, p)
	}
	if got := storyArticles(t, a, from); len(got) == 0 {
		t.Fatalf("story %d changed after refused forms", from)
	}
	// The page's own form is answered with the confirmation.
	p := postForm(t, c, merge, form(token), map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": ts.URL})
	if p.status != 200 || !strings.Contains(p.body, "Merge these stories?") {
		t.Fatalf("the page's own form: %d\n%.500s", p.status, p.body)
	}
}

// TestCorrections merges, splits and moves through the forms, each only
// once confirmed, and shows the change at once.
func TestCorrections(t *testing.T) {
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	c := client(t)
	list := storyIDs(t, a)
	into, from := list[0].Summary.ID, list[1].Summary.ID
	before, moving := storyArticles(t, a, into), storyArticles(t, a, from)
	token := formToken(t, get(t, c, ts.URL+fmt.Sprintf("/stories/%d", into)))

	// Merge: the first post asks, the second does it.
	p := postForm(t, c, ts.URL+fmt.Sprintf("/stories/%d/merge", into), url.Values{"from": {fmt.Sprint(from)}, "csrf": {token}}, nil)
	if p.status != 200 || !strings.Contains(p.body, `name="confirm" value="yes"`) {
		t.Fatalf("merge asks: %d", p.status)
	}
	if len(storyArticles(t, a, from)) == 0 {
		t.Fatal("the merge was made before it was confirmed")
	}
	p = postForm(t, c, ts.URL+fmt.Sprintf("/stories/%d/merge", into), url.Values{"from": {fmt.Sprint(from)}, "csrf": {token}, "confirm": {"yes"}}, nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != fmt.Sprintf("/stories/%d", into) {
		t.Fatalf("merge: %d to %q", p.status, p.header.Get("Location"))
	}
	if got := storyArticles(t, a, into); len(got) != len(before)+len(moving) {
		t.Errorf("after the merge story %d has %d articles, want %d", into, len(got), len(before)+len(moving))
	}
	p = get(t, c, ts.URL+fmt.Sprintf("/stories/%d", into))
	if !strings.Contains(p.body, "was merged into this story") {
		t.Errorf("no message after the merge")
	}
	if p := get(t, c, ts.URL+fmt.Sprintf("/stories/%d", from)); p.status != 404 {
		t.Errorf("the merged story still answers %d", p.status)
	}
	if p := get(t, c, ts.URL+"/"); strings.Contains(p.body, fmt.Sprintf(`href="/stories/%d"`, from)) {
		t.Errorf("the stories page still lists story %d", from)
	}

	// Split the merged articles out again.
	form := url.Values{"csrf": {token}, "article": moving}
	p = postForm(t, c, ts.URL+fmt.Sprintf("/stories/%d/split", into), form, nil)
	if p.status != 200 || !strings.Contains(p.body, "Split these articles out?") {
		t.Fatalf("split asks: %d\n%.500s", p.status, p.body)
	}
	form.Set("confirm", "yes")
	p = postForm(t, c, ts.URL+fmt.Sprintf("/stories/%d/split", into), form, nil)
	if p.status != http.StatusSeeOther {
		t.Fatalf("split: %d\n%.500s", p.status, p.body)
	}
	var next int64
	if _, err := fmt.Sscanf(p.header.Get("Location"), "/stories/%d", &next); err != nil || next == into {
		t.Fatalf("split went to %q", p.header.Get("Location"))
	}
	if got := storyArticles(t, a, next); len(got) != len(moving) {
		t.Errorf("the new story %d has %d articles, want %d", next, len(got), len(moving))
	}
	if got := storyArticles(t, a, into); len(got) != len(before) {
		t.Errorf("story %d kept %d articles, want %d", into, len(got), len(before))
	}

	// Move one article back.
	art := moving[0]
	p = postForm(t, c, ts.URL+"/articles/"+art+"/move", url.Values{"csrf": {token}, "story": {fmt.Sprint(into)}}, nil)
	if p.status != 200 || !strings.Contains(p.body, "Move this article?") {
		t.Fatalf("move asks: %d", p.status)
	}
	p = postForm(t, c, ts.URL+"/articles/"+art+"/move", url.Values{"csrf": {token}, "story": {fmt.Sprint(into)}, "confirm": {"yes"}}, nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != fmt.Sprintf("/stories/%d", into) {
		t.Fatalf("move: %d to %q", p.status, p.header.Get("Location"))
	}
	if got := storyArticles(t, a, into); len(got) != len(before)+1 {
		t.Errorf("after the move story %d has %d articles, want %d", into, len(got), len(before)+1)
	}

	// Bad forms get a page that says what to do.
	for _, cs := range []struct {
		path string
		form url.Values
		want string
	}{
		{fmt.Sprintf("/stories/%d/merge", into), url.Values{"from": {"x"}}, "is not a story number"},
		{fmt.Sprintf("/stories/%d/merge", into), url.Values{"from": {fmt.Sprint(into)}}, "cannot be merged into itself"},
		{fmt.Sprintf("/stories/%d/merge", into), url.Values{"from": {"99999"}}, "There is no story 99999"},
		{fmt.Sprintf("/stories/%d/split", into), url.Values{}, "No article was ticked"},
		{fmt.Sprintf("/stories/%d/split", into), url.Values{"article": {"nosuch"}}, "is not in story"},
		{fmt.Sprintf("/stories/%d/split", into), url.Values{"article": storyArticles(t, a, into)}, "leave the story empty"},
		{"/articles/" + art + "/move", url.Values{"story": {""}}, "is not a story number"},
		{"/articles/nosuch/move", url.Values{"story": {fmt.Sprint(into)}}, "There is no article"},
	} {
		cs.form.Set("csrf", token)
		p := postForm(t, c, ts.URL+cs.path, cs.form, nil)
		if (p.status != 400 && p.status != 404) || !strings.Contains(p.body, cs.want) {
			t.Errorf("POST %s %v: %d, want %q\n%.400s", cs.path, cs.form, p.status, cs.want, p.body)
		}
	}
}

// TestSignIn: with a token, changes need a session opened by signing in;
// the session is not the token; the API's bearer rules are unchanged.
func TestSignIn(t *testing.T) {
	const secret = "a-long-server-token"
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{Token: secret})
	list := storyIDs(t, a)
	into, from := list[0].Summary.ID, list[1].Summary.ID
	c := client(t)
	p := get(t, c, ts.URL+fmt.Sprintf("/stories/%d", into))
	if p.status != 200 || strings.Contains(p.body, `action="/stories/`+fmt.Sprint(into)+`/merge"`) || !strings.Contains(p.body, "Sign in") {
		t.Fatalf("signed out, the story page shows its forms or no sign-in (%d)", p.status)
	}
	token := formToken(t, get(t, c, ts.URL+"/signin"))
	merge := ts.URL + fmt.Sprintf("/stories/%d/merge", into)
	if p := postForm(t, c, merge, url.Values{"from": {fmt.Sprint(from)}, "csrf": {token}}, nil); p.status != http.StatusUnauthorized {
		t.Errorf("a change without a session: %d", p.status)
	}
	if p := postForm(t, c, ts.URL+"/signin", url.Values{"token": {"wrong"}, "csrf": {token}, "next": {"/"}}, nil); p.status != http.StatusUnauthorized ||
		!strings.Contains(p.body, "not the server's token") {
		t.Errorf("a wrong token: %d", p.status)
	}
	if p := postForm(t, c, ts.URL+"/signin", url.Values{"token": {secret}, "next": {"/"}}, nil); p.status != http.StatusForbidden {
		t.Errorf("sign-in without a form token: %d", p.status)
	}
	p = postForm(t, c, ts.URL+"/signin", url.Values{"token": {secret}, "csrf": {token}, "next": {"https://evil.example/"}}, nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
		t.Fatalf("sign-in: %d to %q", p.status, p.header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range (&http.Response{Header: p.header}).Cookies() {
		if ck.Name == "sw_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || strings.Contains(session.Value, secret) || session.Value == "" {
		t.Fatalf("the session cookie: %+v", session)
	}
	if p := postForm(t, c, merge, url.Values{"from": {fmt.Sprint(from)}, "csrf": {token}}, nil); p.status != 200 || !strings.Contains(p.body, "Merge these stories?") {
		t.Errorf("a change signed in: %d", p.status)
	}
	// The API still wants the bearer token: the UI's cookie is not one.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+fmt.Sprintf("/api/v1/stories/%d/merge", into), strings.NewReader(fmt.Sprintf(`{"from": %d}`, from)))
	req.AddCookie(session)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if p := read(t, resp); p.status != http.StatusUnauthorized {
		t.Errorf("the API took the UI's session: %d %s", p.status, p.body)
	}
	// Signing out ends the session on the server, not only in the browser.
	if p := postForm(t, c, ts.URL+"/signout", url.Values{"csrf": {token}}, nil); p.status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", p.status)
	}
	old := client(t)
	u, _ := url.Parse(ts.URL)
	old.Jar.SetCookies(u, []*http.Cookie{session})
	token2 := formToken(t, get(t, old, ts.URL+"/signin"))
	if p := postForm(t, old, merge, url.Values{"from": {fmt.Sprint(from)}, "csrf": {token2}}, nil); p.status != http.StatusUnauthorized {
		t.Errorf("a change with an ended session: %d", p.status)
	}
}

// TestPrivate: on a private server reading needs a session too; the
// sign-in page does not.
func TestPrivate(t *testing.T) {
	const secret = "another-server-token"
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{Token: secret, Private: true})
	c := client(t)
	p := get(t, c, ts.URL+"/stories/1?x=1")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/signin?next=%2Fstories%2F1%3Fx%3D1" {
		t.Fatalf("a private page signed out: %d to %q", p.status, p.header.Get("Location"))
	}
	if p := get(t, c, ts.URL+"/events"); p.status != http.StatusUnauthorized {
		t.Errorf("the event stream signed out: %d", p.status)
	}
	p = get(t, c, ts.URL+"/signin?next=/stories/1")
	if p.status != 200 {
		t.Fatalf("the sign-in page: %d", p.status)
	}
	checkPage(t, "/signin", p)
	p = postForm(t, c, ts.URL+"/signin", url.Values{"token": {secret}, "csrf": {formToken(t, p)}, "next": {"/stories/1"}}, nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/stories/1" {
		t.Fatalf("sign-in: %d to %q", p.status, p.header.Get("Location"))
	}
	if p := get(t, c, ts.URL+"/"); p.status != 200 {
		t.Errorf("signed in, the stories page: %d", p.status)
	}
}

// TestFeedsAndWatches adds, polls, imports and removes feeds and adds and
// removes a watch through the forms.
func TestFeedsAndWatches(t *testing.T) {
	a := demo(t)
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Notes</title><link>http://x.example/</link>
<item><title>Ferry timetable changes at Ostrel harbour from Monday</title><link>http://x.example/ferry</link><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate>
<description>The Ostrel harbour authority said on Monday that the morning ferry to Tessin will leave half an hour earlier from next week, after complaints from commuters about missed connections at the other side of the strait.</description></item>
</channel></rss>`
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer feed.Close()
	ts := servertest.Serve(t, a, server.Options{Ingest: app.IngestOptions{AllowPrivate: true}})
	c := client(t)
	token := formToken(t, get(t, c, ts.URL+"/feeds"))

	p := postForm(t, c, ts.URL+"/feeds", url.Values{"csrf": {token}, "url": {feed.URL + "/rss"}, "interval": {"30m"}}, nil)
	if p.status != http.StatusSeeOther {
		t.Fatalf("add a feed: %d\n%.500s", p.status, p.body)
	}
	if p := postForm(t, c, ts.URL+"/feeds", url.Values{"csrf": {token}, "url": {"not a url"}}, nil); p.status != 400 || !strings.Contains(p.body, "not an http(s) URL") {
		t.Errorf("a bad feed address: %d", p.status)
	}
	if p := postForm(t, c, ts.URL+"/feeds", url.Values{"csrf": {token}, "url": {feed.URL + "/rss"}}, nil); p.status != http.StatusConflict {
		t.Errorf("a feed added twice: %d", p.status)
	}
	if p := postForm(t, c, ts.URL+"/feeds", url.Values{"csrf": {token}, "url": {feed.URL + "/x"}, "interval": {"often"}}, nil); p.status != 400 {
		t.Errorf("a bad interval: %d", p.status)
	}
	fs, err := a.Feeds(context.Background())
	if err != nil || len(fs) != 1 {
		t.Fatalf("feeds: %v %d", err, len(fs))
	}
	id := fs[0].ID
	p = postForm(t, c, ts.URL+fmt.Sprintf("/feeds/%d/poll", id), url.Values{"csrf": {token}}, nil)
	if p.status != http.StatusSeeOther {
		t.Fatalf("poll now: %d\n%.500s", p.status, p.body)
	}
	p = get(t, c, ts.URL+"/feeds")
	if !strings.Contains(p.body, "polled: 1 item listed") || !strings.Contains(p.body, "Harbour Notes") || !strings.Contains(p.body, `badge good`) {
		t.Errorf("the feeds page after a poll:\n%.3000s", p.body)
	}
	// OPML import, as a file upload.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", token)
	fw, _ := mw.CreateFormFile("opml", "feeds.opml")
	fmt.Fprintf(fw, `<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" xmlUrl="%s/other"/><outline type="rss" xmlUrl="%s/rss"/></body></opml>`, feed.URL, feed.URL)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/feeds/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if p := read(t, resp); p.status != http.StatusSeeOther {
		t.Fatalf("import: %d\n%.500s", p.status, p.body)
	}
	if p := get(t, c, ts.URL+"/feeds"); !strings.Contains(p.body, "1 feed added, 1 already subscribed") {
		t.Errorf("no import message:\n%.2000s", p.body)
	}
	// Remove asks first.
	p = postForm(t, c, ts.URL+fmt.Sprintf("/feeds/%d/remove", id), url.Values{"csrf": {token}}, nil)
	if p.status != 200 || !strings.Contains(p.body, "Stop following this feed?") {
		t.Fatalf("remove asks: %d", p.status)
	}
	if p := postForm(t, c, ts.URL+fmt.Sprintf("/feeds/%d/remove", id), url.Values{"csrf": {token}, "confirm": {"yes"}}, nil); p.status != http.StatusSeeOther {
		t.Fatalf("remove: %d", p.status)
	}
	if fs, _ := a.Feeds(context.Background()); len(fs) != 1 {
		t.Errorf("%d feeds after removing one of two", len(fs))
	}
	if p := postForm(t, c, ts.URL+"/feeds/999/poll", url.Values{"csrf": {token}}, nil); p.status != 404 {
		t.Errorf("poll an unknown feed: %d", p.status)
	}

	// Watches.
	p = postForm(t, c, ts.URL+"/watches", url.Values{"csrf": {token}, "query": {"port strike"}, "min_outlets": {"2"}, "webhook": {"https://hooks.example/sw"}}, nil)
	if p.status != http.StatusSeeOther {
		t.Fatalf("add a watch: %d\n%.500s", p.status, p.body)
	}
	if p := postForm(t, c, ts.URL+"/watches", url.Values{"csrf": {token}, "webhook": {"https://hooks.example/sw"}}, nil); p.status != 400 {
		t.Errorf("a watch that asks nothing: %d", p.status)
	}
	if p := postForm(t, c, ts.URL+"/watches", url.Values{"csrf": {token}, "query": {"x"}, "min_outlets": {"many"}, "webhook": {"https://hooks.example/sw"}}, nil); p.status != 400 {
		t.Errorf("a bad outlet count: %d", p.status)
	}
	p = get(t, c, ts.URL+"/watches")
	if !strings.Contains(p.body, "port strike") || !strings.Contains(p.body, "reported by at least 2 outlets") {
		t.Errorf("the watch is not listed:\n%.2000s", p.body)
	}
	ws, _ := a.Watches(context.Background())
	if len(ws) != 1 {
		t.Fatalf("%d watches", len(ws))
	}
	postForm(t, c, ts.URL+fmt.Sprintf("/watches/%d/remove", ws[0].ID), url.Values{"csrf": {token}, "confirm": {"yes"}}, nil)
	if ws, _ := a.Watches(context.Background()); len(ws) != 0 {
		t.Errorf("%d watches after removing the one", len(ws))
	}
}

// TestStaticFiles serves the style sheet and script under hashed names
// for a year, with an ETag.
func TestStaticFiles(t *testing.T) {
	ts := servertest.Serve(t, demo(t), server.Options{})
	c := client(t)
	p := get(t, c, ts.URL+"/")
	for _, re := range []string{`href="(/static/app\.[0-9a-f]{10}\.css)"`, `src="(/static/app\.[0-9a-f]{10}\.js)"`} {
		m := regexp.MustCompile(re).FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("no %s in the page", re)
		}
		f := get(t, c, ts.URL+m[1])
		if f.status != 200 || !strings.Contains(f.header.Get("Cache-Control"), "immutable") || f.header.Get("ETag") == "" || len(f.body) < 1000 {
			t.Errorf("%s: %d %v", m[1], f.status, f.header)
		}
		req, _ := http.NewRequest(http.MethodGet, ts.URL+m[1], nil)
		req.Header.Set("If-None-Match", f.header.Get("ETag"))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if r := read(t, resp); r.status != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d", m[1], r.status)
		}
	}
}
