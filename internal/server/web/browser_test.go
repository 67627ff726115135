package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/storywire/storywire/internal/server"
	"github.com/storywire/storywire/internal/server/servertest"
)

// The browser tests drive Debian's chromium, headless, with chromedp:
// nothing is downloaded. Without chromium they skip, unless
// STORYWIRE_BROWSER=require (CI sets it), when they fail.

// chromiumPath finds the browser: $STORYWIRE_CHROMIUM, else chromium on
// the PATH.
func chromiumPath() string {
	if p := os.Getenv("STORYWIRE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// stepTimeout bounds each step of a browser test: a page load, a click,
// a wait.
const stepTimeout = 30 * time.Second

// tab is a browser tab for one test.
type tab struct {
	t   *testing.T
	ctx context.Context
}

// newTab starts headless chromium (as root, so without its sandbox) and
// opens a tab 1280 pixels wide. Every page it opens records the
// Content-Security-Policy violations it sees in window.__violations.
func newTab(t *testing.T) *tab {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("STORYWIRE_BROWSER") == "require" {
			t.Fatal("no chromium found, and STORYWIRE_BROWSER=require: install it (apt-get install chromium) or set STORYWIRE_CHROMIUM")
		}
		t.Skip("no chromium found: install Debian's chromium (apt-get install chromium) to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-gpu", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first call starts the browser; it lives as long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	tb := &tab{t: t, ctx: ctx}
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__violations = []; document.addEventListener("securitypolicyviolation", function (e) { window.__violations.push(e.violatedDirective + " " + e.blockedURI); });`,
		})
		return err
	})
	return tb
}

// call runs f with the step timeout, failing the test on an error.
func (tb *tab) call(f func(ctx context.Context) error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// do runs actions in order.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error { return chromedp.Do(ctx, actions...) })
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	var v T
	tb.call(func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr))
		return err
	})
	return v
}

// text is an element's text as shown.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	var s string
	tb.call(func(ctx context.Context) error {
		var err error
		s, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		return err
	})
	return s
}

// count is how many elements sel selects.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	return eval[int](tb, fmt.Sprintf("document.querySelectorAll(%q).length", sel))
}

// noViolations checks the page broke none of its Content-Security-Policy:
// no inline script or style, nothing from elsewhere.
func (tb *tab) noViolations(what string) {
	tb.t.Helper()
	if v := eval[[]string](tb, "window.__violations || []"); len(v) > 0 {
		tb.t.Errorf("%s: Content-Security-Policy violations: %v", what, v)
	}
}

// TestBrowserStories: the stories page lists the demo's stories, and
// the keyboard moves through them and opens one.
func TestBrowserStories(t *testing.T) {
	tb := newTab(t)
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	list := storyIDs(t, a)
	tb.do(chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ol.stories")))
	if got := tb.count("ol.stories > li.story"); got != len(list) {
		t.Errorf("%d stories shown, the demo has %d", got, len(list))
	}
	body := tb.text("main")
	for _, title := range []string{"Bank of Veldora raises rates to 6.5 percent", "Norland sanctions 27 Veldoran people and firms", "Kostrava bridge opens"} {
		if !strings.Contains(body, title) {
			t.Errorf("the stories page does not show %q", title)
		}
	}
	tb.noViolations("/")
	// j, j, o opens the second story.
	second := eval[string](tb, `document.querySelectorAll("ol.stories > li.story")[1].querySelector("a[data-open]").getAttribute("href")`)
	tb.do(chromedp.KeyEvent("j"), chromedp.KeyEvent("j"))
	if cur := eval[string](tb, `document.querySelector("li.story.current a[data-open]").getAttribute("href")`); cur != second {
		t.Errorf("after j j the current story is %q, want %q", cur, second)
	}
	tb.do(chromedp.KeyEvent("o"), chromedp.WaitVisible(chromedp.CSS("#compare")))
	if loc := eval[string](tb, "location.pathname"); loc != second {
		t.Errorf("o opened %q, want %q", loc, second)
	}
}

// TestBrowserStory: a story's page shows its articles and its
// comparison.
func TestBrowserStory(t *testing.T) {
	tb := newTab(t)
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	list := storyIDs(t, a)
	id := list[0].Summary.ID
	tb.do(chromedp.Navigate(ts.URL+fmt.Sprintf("/stories/%d", id)), chromedp.WaitVisible(chromedp.CSS("#compare")))
	if got := tb.count("#coverage li.article"); got != list[0].Summary.Articles {
		t.Errorf("%d articles shown, story %d has %d", got, id, list[0].Summary.Articles)
	}
	if got := tb.count("#coverage .lanes .mark"); got == 0 {
		t.Error("the coverage chart has no marks")
	}
	if got := tb.count("#compare li.claim"); got == 0 {
		t.Error("the comparison shows no claim")
	}
	compare := tb.text("#compare")
	for _, w := range []string{"Told by every outlet", "Told by some outlets", "Numbers told differently", "Quotes by speaker", "Framing"} {
		if !strings.Contains(compare, w) {
			t.Errorf("the comparison has no %q", w)
		}
	}
	// "Why is this here?" opens on a click and explains.
	tb.do(chromedp.Click(chromedp.CSS("#coverage details.why > summary")))
	if why := tb.text("#coverage details.why[open]"); !strings.Contains(why, "story") {
		t.Errorf("the explanation says %q", why)
	}
	tb.noViolations("a story")
}

// TestBrowserMergeAndSplit merges a story into another and splits it out
// again by clicking through the pages, confirming each step.
func TestBrowserMergeAndSplit(t *testing.T) {
	tb := newTab(t)
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	list := storyIDs(t, a)
	into, from := list[0].Summary.ID, list[1].Summary.ID
	before, moving := storyArticles(t, a, into), storyArticles(t, a, from)

	tb.do(
		chromedp.Navigate(ts.URL+fmt.Sprintf("/stories/%d", into)),
		chromedp.SetValue(chromedp.ID("merge-from"), fmt.Sprint(from)),
		chromedp.Click(chromedp.CSS("form.merge-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("confirm")),
	)
	if h := tb.text("h1"); h != "Merge these stories?" {
		t.Fatalf("after Merge the page says %q", h)
	}
	if got := storyArticles(t, a, from); len(got) != len(moving) {
		t.Fatal("the stories changed before the merge was confirmed")
	}
	tb.do(chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if msg := tb.text("p.flash"); !strings.Contains(msg, "was merged into this story") {
		t.Errorf("after the merge: %q", msg)
	}
	if got := tb.count("#coverage li.article"); got != len(before)+len(moving) {
		t.Errorf("after the merge the page lists %d articles, want %d", got, len(before)+len(moving))
	}
	tb.do(chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ol.stories")))
	if got := tb.count("ol.stories > li.story"); got != len(list)-1 {
		t.Errorf("after the merge the stories page lists %d stories, want %d", got, len(list)-1)
	}

	// Tick the merged articles on the story's page and split them out.
	tb.do(chromedp.Navigate(ts.URL+fmt.Sprintf("/stories/%d", into)), chromedp.WaitVisible(chromedp.CSS("form.articles-form")))
	for _, id := range moving {
		tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="article"][value=%q]`, id))))
	}
	tb.do(
		chromedp.Click(chromedp.CSS("form.articles-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("confirm")),
	)
	if h := tb.text("h1"); h != "Split these articles out?" {
		t.Fatalf("after Split the page says %q", h)
	}
	tb.do(chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if msg := tb.text("p.flash"); !strings.Contains(msg, "split out of story") {
		t.Errorf("after the split: %q", msg)
	}
	var next int64
	if _, err := fmt.Sscanf(eval[string](tb, "location.pathname"), "/stories/%d", &next); err != nil || next == into {
		t.Fatalf("the split led to %q", eval[string](tb, "location.pathname"))
	}
	if got := tb.count("#coverage li.article"); got != len(moving) {
		t.Errorf("the new story lists %d articles, want %d", got, len(moving))
	}
	if got := storyArticles(t, a, into); len(got) != len(before) {
		t.Errorf("story %d holds %d articles after the split, want %d", into, len(got), len(before))
	}
	tb.do(chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ol.stories")))
	if got := tb.count("ol.stories > li.story"); got != len(list) {
		t.Errorf("after the split the stories page lists %d stories, want %d", got, len(list))
	}
	tb.noViolations("after the corrections")
}

// TestBrowserLive: an article posted to the API shows on the open
// stories page as a new story, without a reload.
func TestBrowserLive(t *testing.T) {
	tb := newTab(t)
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	tb.do(chromedp.Navigate(ts.URL + "/"))
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.liveState === "open"`, chromedp.WithPollingTimeout(stepTimeout)))
		return err
	})
	if !eval[bool](tb, `document.getElementById("live").hidden`) {
		t.Fatal("the banner shows before anything happened")
	}
	// The page is marked so a reload would show: it must not be one.
	tb.do(chromedp.Evaluate[chromedp.Void](`window.__samePage = true`))
	body := `{"title": "Lighthouse keeper rescues stranded kayakers off Cape Varn", "outlet": "Coast Courier",
"url": "https://coast.example/kayak", "published": "2025-03-05T08:00:00Z",
"text": "A lighthouse keeper on Cape Varn pulled three kayakers from the sea on Wednesday after their boats overturned in a sudden squall, the coastguard said. The keeper, Tomas Brenn, saw the kayaks capsize and rowed out in a dinghy. All three were treated for cold at the harbour clinic and went home."}`
	resp, err := http.Post(ts.URL+"/api/v1/articles", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if p := read(t, resp); p.status != 200 || !strings.Contains(p.body, `"added":1`) {
		t.Fatalf("POST /api/v1/articles: %d %s", p.status, p.body)
	}
	tb.do(chromedp.WaitVisible(chromedp.ID("live")))
	if got := tb.text("#live-text"); got != "1 new story" {
		t.Errorf("the banner says %q", got)
	}
	if !eval[bool](tb, `window.__samePage === true`) {
		t.Error("the page was reloaded")
	}
	if title := eval[string](tb, "document.title"); !strings.HasPrefix(title, "(1) ") {
		t.Errorf("the title is %q", title)
	}
	// Following the banner shows the new story.
	tb.do(chromedp.Click(chromedp.ID("live-link")), chromedp.WaitVisible(chromedp.CSS("ol.stories")))
	if !strings.Contains(tb.text("ol.stories"), "Lighthouse keeper rescues stranded kayakers") {
		t.Error("the new story is not listed after following the banner")
	}
}

// TestBrowserHostile: an article whose title and text carry script and
// event-handler markup shows it as text, and none of it runs: checked
// with the Content-Security-Policy bypassed, so escaping alone must keep
// it inert.
func TestBrowserHostile(t *testing.T) {
	tb := newTab(t)
	a := demo(t)
	ts := servertest.Serve(t, a, server.Options{})
	id := hostileID(t, ts.URL, a)
	why, err := a.Why(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	})
	for _, p := range []string{"/articles/" + id, fmt.Sprintf("/stories/%d", why.Explanation.Story), "/", "/search?q=crane"} {
		tb.do(chromedp.Navigate(ts.URL+p), chromedp.WaitVisible(chromedp.CSS("main")))
		if ran := eval[string](tb, `String(window.__pwned)`); ran != "undefined" {
			t.Errorf("%s: the article's script ran (window.__pwned = %s)", p, ran)
		}
		if title := eval[string](tb, "document.title"); title == "pwned" {
			t.Errorf("%s: the article's script set the title to %q", p, title)
		}
		if n := tb.count(`img[src="x"], script:not([src]), [onerror]`); n != 0 {
			t.Errorf("%s: %d elements of the article's markup in the page", p, n)
		}
		if !strings.Contains(tb.text("main"), "<script>document.title='pwned'") {
			t.Errorf("%s: the title's markup is not shown as text", p)
		}
	}
	tb.do(chromedp.Navigate(ts.URL+"/articles/"+id), chromedp.WaitVisible(chromedp.CSS(".text")))
	if text := tb.text(".text"); !strings.Contains(text, "<script>window.__pwned=3</script>") || !strings.Contains(text, "<img src=x onerror=window.__pwned=4>") {
		t.Errorf("the text's markup is not shown as text: %q", text)
	}
}
