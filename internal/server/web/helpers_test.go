package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/store"
)

// The demo store is ingested once per test binary and copied for each
// test, so a test's corrections never reach another's.
var demoOnce struct {
	sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoOnce.path != "" {
		os.RemoveAll(filepath.Dir(demoOnce.path))
	}
	os.Exit(code)
}

// demoDB is the path of a database holding the demo corpus, made on the
// first call.
func demoDB(t testing.TB) string {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "storywire-web-demo-")
		if err != nil {
			demoOnce.err = err
			return
		}
		corpus, err := app.WriteDemoCorpus(dir)
		if err != nil {
			demoOnce.err = err
			return
		}
		path := filepath.Join(dir, "demo.db")
		ctx := context.Background()
		a, err := app.Open(ctx, path)
		if err != nil {
			demoOnce.err = err
			return
		}
		if _, err := a.Ingest(ctx, []string{corpus}, app.IngestOptions{}); err != nil {
			a.Close()
			demoOnce.err = err
			return
		}
		demoOnce.err = a.Close()
		demoOnce.path = path
	})
	if demoOnce.err != nil {
		t.Fatalf("the demo store: %v", demoOnce.err)
	}
	return demoOnce.path
}

// demo opens a copy of the demo store for one test.
func demo(t testing.TB) *app.App {
	t.Helper()
	src := demoDB(t)
	dst := filepath.Join(t.TempDir(), "sw.db")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), dst)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// client is a browser-like HTTP client: it keeps cookies and does not
// follow redirects, so a test sees each answer.
func client(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// answer is a response read whole.
type answer struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, c *http.Client, u string) answer {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func postForm(t testing.TB, c *http.Client, u string, form url.Values, header map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func read(t testing.TB, resp *http.Response) answer {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formToken is the form token of a page the client has read (its
// cookie is in the client's jar).
func formToken(t testing.TB, p answer) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no form token on the page:\n%.2000s", p.body)
	}
	return m[1]
}

// storyIDs lists the demo store's stories, largest first.
func storyIDs(t testing.TB, a *app.App) []app.StoryEntry {
	t.Helper()
	list, err := a.Stories(context.Background(), app.StoriesOptions{Filter: store.StoryFilter{Largest: true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 5 {
		t.Fatalf("the demo store has %d stories", len(list))
	}
	return list
}

// storyArticles are a story's article ids, copies included.
func storyArticles(t testing.TB, a *app.App, id int64) []string {
	t.Helper()
	v, err := a.StoryView(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range v.Articles {
		out = append(out, x.ID)
		for _, c := range x.Copies {
			out = append(out, c.ID)
		}
	}
	return out
}

// hostileArticle is an article whose title and text carry markup that
// would run script if a page inserted it unescaped: the title raw, the
// text with entities (the text field is plain text, so they decode to
// the characters).
func hostileArticle() string {
	return `{"title": "<script>document.title='pwned';window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> Crane collapses at Ostrel harbour",
"outlet": "Evil Times", "url": "https://evil.example/crane", "published": "2025-03-01T10:00:00Z",
"text": "A crane collapsed at the Ostrel harbour on Saturday, officials said. The notice read &lt;script&gt;window.__pwned=3&lt;/script&gt; and &lt;img src=x onerror=window.__pwned=4&gt; in full. \"We heard a loud crack,\" said dock worker Anna Ruskova. The port authority said nobody was hurt and that the harbour would reopen on Monday after an inspection of every crane."}`
}

// hostileID ingests the hostile article through the API and returns its
// id.
func hostileID(t testing.TB, base string, a *app.App) string {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/articles", "application/json", strings.NewReader(hostileArticle()))
	if err != nil {
		t.Fatal(err)
	}
	p := read(t, resp)
	if p.status != 200 || !strings.Contains(p.body, `"added":1`) {
		t.Fatalf("POST the hostile article: %d %s", p.status, p.body)
	}
	arts, err := a.Articles(context.Background(), store.Filter{Outlet: "Evil Times"})
	if err != nil || len(arts) != 1 {
		t.Fatalf("the hostile article: %v, %d found", err, len(arts))
	}
	return arts[0].ID
}
