package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// collect reads inputs and returns every item.
func collect(t *testing.T, inputs []string, opts Options) []Item {
	t.Helper()
	var out []Item
	for it := range Read(context.Background(), inputs, opts) {
		out = append(out, it)
	}
	return out
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// origins lists the items' origins, failures marked with "!".
func origins(items []Item) []string {
	var out []string
	for _, it := range items {
		o := it.Origin
		if it.Err != nil {
			o = "!" + o
		}
		out = append(out, o)
	}
	return out
}

func equal(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

func TestDirectoryOrderAndSkips(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.txt", "Second\n\nBody.")
	write(t, dir, "a.html", "<html><body><p>First</p></body></html>")
	write(t, dir, "sub/c.htm", "<p>Third</p>")
	write(t, dir, "photo.jpg", "\xff\xd8\xff")   // not an article format
	write(t, dir, ".hidden.txt", "skipped")      // hidden
	write(t, dir, ".git/HEAD.txt", "skipped")    // hidden directory
	write(t, dir, "notes.TXT", "Upper-case ext") // extensions are case-blind

	items := collect(t, []string{dir}, Options{})
	want := []string{
		filepath.Join(dir, "a.html"),
		filepath.Join(dir, "b.txt"),
		filepath.Join(dir, "notes.TXT"),
		filepath.Join(dir, "sub/c.htm"),
	}
	if got := origins(items); !equal(got, want) {
		t.Fatalf("origins:\n%v\nwant\n%v", got, want)
	}
	formats := []model.Format{model.FormatHTML, model.FormatText, model.FormatText, model.FormatHTML}
	for i, it := range items {
		if it.Doc.Format != formats[i] {
			t.Errorf("%s: format %v, want %v", it.Origin, it.Doc.Format, formats[i])
		}
		if it.Doc.Origin != it.Origin {
			t.Errorf("doc origin %q, item origin %q", it.Doc.Origin, it.Origin)
		}
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	empty := write(t, dir, "empty.txt", " \n\t\n")
	big := write(t, dir, "big.txt", strings.Repeat("word ", 300))
	good := write(t, dir, "good.txt", "Fine\n\nA short article.")
	missing := filepath.Join(dir, "missing.txt")

	items := collect(t, []string{empty, missing, big, good}, Options{MaxFileSize: 1000})
	if got, want := origins(items), []string{"!" + empty, "!" + missing, "!" + big, good}; !equal(got, want) {
		t.Fatalf("origins %v, want %v", got, want)
	}
	for i, frag := range []string{"empty file", "no such file", "above the 1000 bytes limit"} {
		msg := items[i].Err.Error()
		if !strings.Contains(msg, frag) || !strings.Contains(msg, items[i].Origin) {
			t.Errorf("error %q: want it to name the file and say %q", msg, frag)
		}
	}
}

// TestGzipFiles checks that pages saved compressed are read as what their
// name says under the .gz, and that a bomb, a file that is not gzip and
// an empty one are each refused with their name.
func TestGzipFiles(t *testing.T) {
	dir := t.TempDir()
	gz := func(name, body string) string {
		t.Helper()
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(body))
		zw.Close()
		return write(t, dir, name, b.String())
	}
	html := gz("a.html.gz", "<html><head><title>Bridge opens</title></head><body><p>The bridge opened.</p></body></html>")
	jsonl := gz("b.jsonl.gz", `{"title": "One", "text": "First."}`+"\n"+`{"title": "Two", "text": "Second."}`+"\n")
	bomb := gz("c.txt.gz", strings.Repeat("0", 1<<20))
	fake := write(t, dir, "d.txt.gz", "Plain text saved with a .gz name.")
	empty := gz("e.txt.gz", "  \n")
	write(t, dir, "f.png.gz", "not read: not an article")

	items := collect(t, []string{dir}, Options{MaxFileSize: 64 << 10})
	if got, want := origins(items), []string{html, jsonl + ":1", jsonl + ":2", "!" + bomb, "!" + fake, "!" + empty}; !equal(got, want) {
		t.Fatalf("origins %v, want %v", got, want)
	}
	if items[0].Doc.Format != model.FormatHTML || !strings.Contains(string(items[0].Doc.Body), "Bridge opens") {
		t.Errorf("the compressed page: %+v", items[0].Doc)
	}
	for i, frag := range map[int]string{3: "decompresses to more than", 4: "not a gzip file", 5: "empty once decompressed"} {
		if msg := items[i].Err.Error(); !strings.Contains(msg, frag) || !strings.Contains(msg, items[i].Origin) {
			t.Errorf("error %q: want it to name the file and say %q", msg, frag)
		}
	}
}

// TestFolderWithNothingToRead checks that a folder of files Storywire
// does not read is reported, with or without a trailing separator.
func TestFolderWithNothingToRead(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "report.pdf", "%PDF-1.4")
	for _, in := range []string{dir, dir + string(filepath.Separator)} {
		items := collect(t, []string{in}, Options{})
		if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "no file Storywire reads") {
			t.Errorf("%s: %+v, want one error saying there is nothing to read", in, items)
		}
	}
}

func TestJSONObjectArrayAndFields(t *testing.T) {
	dir := t.TempDir()
	one := write(t, dir, "one.json", `{"headline":"Port strike ends","body":"Dockers returned to work.",
		"link":"https://example.com/a?utm_source=x","publisher":{"name":"Harbour Times"},
		"author":[{"name":"Ana Ruiz"},"Ben Cole"],"publishedAt":1709457000000,"lang":"en",
		"section":"business","tags":["ports","labour"]}`)
	arr := write(t, dir, "arr.json", `[{"title":"A","text":"Alpha text.","published":"2024-03-03T10:00:00+02:00"},
		42,
		{"title":"C","html":"<p>Gamma</p>","id":7}]`)

	items := collect(t, []string{one, arr}, Options{})
	if got, want := origins(items), []string{one, arr + "#1", "!" + arr + "#2", arr + "#3"}; !equal(got, want) {
		t.Fatalf("origins %v, want %v", got, want)
	}
	m := items[0].Doc.Meta
	if m.Title != "Port strike ends" || m.Outlet != "Harbour Times" || m.URL != "https://example.com/a?utm_source=x" || m.Language != "en" {
		t.Errorf("aliases not read: %+v", m)
	}
	if strings.Join(m.Authors, "|") != "Ana Ruiz|Ben Cole" {
		t.Errorf("authors %q", m.Authors)
	}
	if m.Published != "2024-03-03T09:10:00Z" || m.PublishedSource != model.FromMetadata {
		t.Errorf("published %q from %v; want Unix milliseconds read as 2024-03-03T09:10:00Z from metadata", m.Published, m.PublishedSource)
	}
	if string(m.Extra["section"]) != `"business"` || string(m.Extra["tags"]) != `["ports","labour"]` || len(m.Extra) != 2 {
		t.Errorf("extra fields %v: want section and tags kept, nothing else", m.Extra)
	}
	if string(items[0].Doc.Body) != "Dockers returned to work." || items[0].Doc.Format != model.FormatText {
		t.Errorf("body %q format %v", items[0].Doc.Body, items[0].Doc.Format)
	}
	if !strings.Contains(items[2].Err.Error(), "not a JSON object") {
		t.Errorf("non-object element: %v", items[2].Err)
	}
	if d := items[3].Doc; d.Format != model.FormatHTML || d.Meta.ID != "7" {
		t.Errorf("html element: format %v id %q", d.Format, d.Meta.ID)
	}
}

func TestJSONWithoutText(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "x.json", `[{"outlet":"Nothing else"}, {"title":"VIDEO: Only a title"}]`)
	items := collect(t, []string{p}, Options{})
	if len(items) != 2 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), `"text" or "html"`) {
		t.Fatalf("want an error saying what field to give, got %+v", items)
	}
	// A headline alone is a short item for extract to make, not a failure.
	if d := items[1]; d.Err != nil || d.Doc.Meta.Title != "VIDEO: Only a title" || d.Doc.Format != model.FormatText {
		t.Fatalf("headline-only item: %+v", d)
	}
}

func TestJSONLMalformedLine(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "export.jsonl", "\xef\xbb\xbf"+`{"title":"One","text":"First article."}
{"title":"Two","text":"broken
{"title":"Three","text":"Third article."}

{"title":"Five","text":"Fifth article."}
`)
	items := collect(t, []string{p}, Options{})
	want := []string{p + ":1", "!" + p + ":2", p + ":3", p + ":5"}
	if got := origins(items); !equal(got, want) {
		t.Fatalf("origins %v, want %v", got, want)
	}
	if msg := items[1].Err.Error(); !strings.Contains(msg, p+":2") || !strings.Contains(msg, "invalid JSON") {
		t.Errorf("bad line error %q: want it to name line 2", msg)
	}
	if items[0].Doc.Meta.Title != "One" {
		t.Errorf("byte-order mark broke the first line: %+v", items[0].Doc.Meta)
	}
}

const rss = `<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire Service</title><language>en</language>
<item><title>Bridge reopens</title><link>https://wire.example/bridge</link><guid>w-1</guid>
<pubDate>Tue, 05 Mar 2024 08:00:00 +0000</pubDate><dc:creator>Mia Lang</dc:creator><category>transport</category>
<description>&lt;p&gt;The bridge reopened on Tuesday.&lt;/p&gt;</description></item>
<item><link>https://wire.example/empty</link></item>
</channel></rss>`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Broadcast</title>
<entry><title>Flood warning</title><link href="https://vbc.example/flood"/><id>v-1</id>
<published>2024-03-06T07:30:00+01:00</published><author><name>Tom Ash</name></author>
<content type="html">&lt;p&gt;Rivers rose overnight.&lt;/p&gt;</content></entry></feed>`

const jsonFeed = `{"version":"https://jsonfeed.org/version/1.1","title":"Data Desk",
"items":[{"id":"d-1","url":"https://data.example/x","title":"Rates hold","content_text":"The bank held rates.","date_published":"2024-03-07T12:00:00Z"}]}`

func TestFeeds(t *testing.T) {
	dir := t.TempDir()
	r := write(t, dir, "wire.rss", rss)
	a := write(t, dir, "vbc.atom", atom)
	j := write(t, dir, "desk.json", jsonFeed)
	items := collect(t, []string{r, a, j}, Options{})
	want := []string{r + "#1", "!" + r + "#2", a + "#1", j + "#1"}
	if got := origins(items); !equal(got, want) {
		t.Fatalf("origins %v, want %v", got, want)
	}
	m := items[0].Doc.Meta
	if m.Outlet != "Wire Service" || m.Title != "Bridge reopens" || m.URL != "https://wire.example/bridge" ||
		m.PublishedSource != model.FromFeed || m.Published == "" || strings.Join(m.Authors, "|") != "Mia Lang" ||
		string(m.Extra["categories"]) != `["transport"]` {
		t.Errorf("RSS item metadata %+v", m)
	}
	if !strings.Contains(items[1].Err.Error(), "neither content nor a title") {
		t.Errorf("empty item error %v", items[1].Err)
	}
	if m := items[2].Doc.Meta; m.Outlet != "Valley Broadcast" || strings.Join(m.Authors, "|") != "Tom Ash" || !strings.Contains(string(items[2].Doc.Body), "Rivers rose") {
		t.Errorf("Atom entry %+v %q", m, items[2].Doc.Body)
	}
	if m := items[3].Doc.Meta; m.Outlet != "Data Desk" || m.Title != "Rates hold" || !strings.Contains(string(items[3].Doc.Body), "held rates") {
		t.Errorf("JSON Feed item %+v %q", m, items[3].Doc.Body)
	}
}

func TestTruncatedFeed(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "cut.xml", rss[:len(rss)/2])
	good := write(t, dir, "ok.txt", "Still read\n\nThe next file.")
	items := collect(t, []string{p, good}, Options{})
	if got, want := origins(items), []string{"!" + p, good}; !equal(got, want) {
		t.Fatalf("origins %v, want %v", got, want)
	}
	if msg := items[0].Err.Error(); !strings.Contains(msg, p) || !strings.Contains(msg, "not a valid RSS") {
		t.Errorf("truncated feed error %q", msg)
	}
}

func TestOPML(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "feeds/wire.rss", rss)
	write(t, dir, "feeds/vbc.atom", atom)
	opml := write(t, dir, "lists/news.opml", `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Wires"><outline text="Wire" xmlUrl="../feeds/wire.rss"/></outline>
<outline text="VBC" xmlUrl="../feeds/vbc.atom"/>
<outline text="Gone" xmlUrl="../feeds/missing.rss"/>
<outline text="Remote" xmlUrl="https://remote.example/feed"/>
</body></opml>`)
	items := collect(t, []string{opml, opml}, Options{}) // listed twice: read once
	wire := filepath.Join(dir, "feeds/wire.rss")
	vbc := filepath.Join(dir, "feeds/vbc.atom")
	gone := filepath.Join(dir, "feeds/missing.rss")
	want := []string{wire + "#1", "!" + wire + "#2", vbc + "#1", "!" + gone, "!https://remote.example/feed"}
	if got := origins(items); !equal(got, want) {
		t.Fatalf("origins\n%v\nwant\n%v", got, want)
	}
	if msg := items[3].Err.Error(); !strings.Contains(msg, `"Gone"`) || !strings.Contains(msg, opml) {
		t.Errorf("missing feed error %q: want the outline and the OPML file named", msg)
	}
	if msg := items[4].Err.Error(); !strings.Contains(msg, "no HTTP client") {
		t.Errorf("URL without a fetcher: %q", msg)
	}
}

func TestStdinSniff(t *testing.T) {
	cases := []struct {
		name, body string
		want       []model.Format
	}{
		{"text", "Headline\n\nPlain words.", []model.Format{model.FormatText}},
		{"html", "<!DOCTYPE html><html><body><p>Hi</p></body></html>", []model.Format{model.FormatHTML}},
		{"jsonl", "{\"title\":\"a\",\"text\":\"x\"}\n{\"title\":\"b\",\"html\":\"<p>y</p>\"}\n", []model.Format{model.FormatText, model.FormatHTML}},
		{"json array", `[{"title":"a","text":"x"}]`, []model.Format{model.FormatText}},
		{"rss", rss, []model.Format{model.FormatHTML}}, // the second item fails
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items := collect(t, []string{"-"}, Options{Stdin: strings.NewReader(c.body)})
			var got []model.Format
			for _, it := range items {
				if it.Err == nil {
					got = append(got, it.Doc.Format)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("formats %v, want %v (items %v)", got, c.want, origins(items))
			}
		})
	}
	items := collect(t, []string{"-"}, Options{Stdin: strings.NewReader("  \n")})
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "empty") {
		t.Errorf("empty stdin: %+v", items)
	}
	items = collect(t, []string{"-"}, Options{})
	if len(items) != 1 || items[0].Err == nil {
		t.Errorf("no stdin: %+v", items)
	}
}

// fakeFetcher serves canned responses and records requests.
type fakeFetcher struct {
	pages map[string]*fetch.Response
	errs  map[string]error
	reqs  []fetch.Request
}

func (f *fakeFetcher) Get(_ context.Context, req fetch.Request) (*fetch.Response, error) {
	f.reqs = append(f.reqs, req)
	if err := f.errs[req.URL]; err != nil {
		return nil, err
	}
	r, ok := f.pages[req.URL]
	if !ok {
		return nil, &fetch.StatusError{URL: req.URL, Code: 404}
	}
	if r.ETag != "" && req.ETag == r.ETag {
		return &fetch.Response{URL: req.URL, StatusCode: 304, NotModified: true}, nil
	}
	return r, nil
}

// memStates is an in-memory FeedStates.
type memStates map[string]model.FeedState

func (m memStates) FeedState(_ context.Context, url string) (model.FeedState, error) {
	s, ok := m[url]
	if !ok {
		return s, store.ErrNotFound
	}
	return s, nil
}

func (m memStates) PutFeedState(_ context.Context, s model.FeedState) error {
	m[s.URL] = s
	return nil
}

func TestURLs(t *testing.T) {
	summaryFeed := strings.ReplaceAll(rss, "&lt;p&gt;The bridge reopened on Tuesday.&lt;/p&gt;", "Short summary.")
	f := &fakeFetcher{
		pages: map[string]*fetch.Response{
			"https://news.example/story":  {URL: "https://news.example/story", StatusCode: 200, ContentType: "text/html", Charset: "windows-1251", Body: []byte("<html><body><p>Page</p></body></html>")},
			"https://news.example/feed":   {URL: "https://news.example/feed", StatusCode: 200, ContentType: "application/rss+xml", Body: []byte(summaryFeed), ETag: `"v1"`},
			"https://wire.example/bridge": {URL: "https://wire.example/bridge", StatusCode: 200, ContentType: "text/html", Body: []byte("<html><body><p>Full bridge story</p></body></html>")},
			"https://news.example/notes":  {URL: "https://news.example/notes", StatusCode: 200, ContentType: "text/plain", Body: []byte("Plain\n\nText.")},
		},
		errs: map[string]error{"https://slow.example/": errors.New("fetch https://slow.example/: timeout after 30s")},
	}
	states := memStates{}
	opts := Options{Fetcher: f, FeedStates: states}
	in := []string{"https://news.example/story", "https://news.example/feed", "https://slow.example/", "https://news.example/gone", "https://news.example/notes"}
	items := collect(t, in, opts)
	// The feed's first item is only a summary, so its page is fetched and
	// keeps the feed's metadata; the second has no link content at all.
	want := []string{"https://news.example/story", "https://wire.example/bridge", "!https://wire.example/empty",
		"!https://slow.example/", "!https://news.example/gone", "https://news.example/notes"}
	if got := origins(items); !equal(got, want) {
		t.Fatalf("origins\n%v\nwant\n%v", got, want)
	}
	if d := items[0].Doc; d.Charset != "windows-1251" || d.Format != model.FormatHTML || d.Meta.URL != "https://news.example/story" {
		t.Errorf("page doc %+v", d)
	}
	if m := items[1].Doc.Meta; m.Title != "Bridge reopens" || m.Outlet != "Wire Service" || m.PublishedSource != model.FromFeed {
		t.Errorf("fetched feed item lost the feed's metadata: %+v", m)
	}
	if !strings.Contains(items[4].Err.Error(), "404") {
		t.Errorf("404 error %q", items[4].Err)
	}
	if items[5].Doc.Format != model.FormatText {
		t.Errorf("text/plain read as %v", items[5].Doc.Format)
	}
	if states["https://news.example/feed"].ETag != `"v1"` {
		t.Errorf("feed validators not kept: %+v", states)
	}

	// The second read of the unchanged feed sends the ETag and yields
	// nothing.
	f.reqs = nil
	items = collect(t, []string{"https://news.example/feed"}, opts)
	if len(items) != 0 {
		t.Errorf("unchanged feed yielded %v", origins(items))
	}
	if len(f.reqs) != 1 || f.reqs[0].ETag != `"v1"` {
		t.Errorf("conditional GET not sent: %+v", f.reqs)
	}
}

func TestJSONRecordWithOnlyURLIsFetched(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "links.jsonl", `{"url":"https://news.example/story","outlet":"Daily","published":"2024-03-03"}`+"\n")
	f := &fakeFetcher{pages: map[string]*fetch.Response{
		"https://news.example/story": {URL: "https://news.example/story", StatusCode: 200, ContentType: "text/html", Body: []byte("<p>Page</p>")},
	}}
	items := collect(t, []string{p}, Options{Fetcher: f})
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("items %+v", items)
	}
	if m := items[0].Doc.Meta; m.Outlet != "Daily" || m.Published != "2024-03-03" || m.PublishedSource != model.FromMetadata {
		t.Errorf("record metadata lost: %+v", m)
	}
}

func TestTenThousandFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 10,000 files")
	}
	dir := t.TempDir()
	const n = 10_000
	for i := range n {
		write(t, dir, fmt.Sprintf("%02d/%05d.txt", i/1000, i), fmt.Sprintf("Article %d\n\nBody %d.", i, i))
	}
	count, prev := 0, ""
	for it := range Read(context.Background(), []string{dir}, Options{}) {
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		if it.Origin <= prev {
			t.Fatalf("out of order: %s after %s", it.Origin, prev)
		}
		prev = it.Origin
		count++
	}
	if count != n {
		t.Fatalf("read %d of %d files", count, n)
	}
}

func TestEarlyStop(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		write(t, dir, fmt.Sprintf("%d.txt", i), "Text\n\nBody.")
	}
	seen := 0
	for range Read(context.Background(), []string{dir, dir}, Options{}) {
		seen++
		if seen == 2 {
			break
		}
	}
	if seen != 2 {
		t.Fatalf("seen %d", seen)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen = 0
	for range Read(ctx, []string{dir}, Options{}) {
		seen++
		cancel()
	}
	if seen != 1 {
		t.Fatalf("read %d items after cancel, want 1", seen)
	}
}

func TestParseFeed(t *testing.T) {
	long := strings.Repeat("The council met on Tuesday and agreed the budget. ", 20)
	body := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title> Wire </title><ttl>45</ttl>
<item><guid>g-1</guid><title>Short one</title><link>https://news.example/1</link><description>Just a teaser.</description></item>
<item><title>Long one</title><link>https://news.example/2</link><description>` + long + `</description></item>
<item><title>No link</title><description>Teaser without a page.</description></item>
</channel></rss>`)
	f, err := ParseFeed("wire.rss", body)
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Wire" || f.TTL != 45*time.Minute || len(f.Entries) != 3 {
		t.Fatalf("feed = %q ttl %v, %d entries", f.Title, f.TTL, len(f.Entries))
	}
	for i, want := range []struct {
		key     string
		summary bool
	}{{"g-1", true}, {"https://news.example/2", false}, {"title:No link\n", false}} {
		e := f.Entries[i]
		if e.Key != want.key || e.Summary != want.summary || e.Doc.Origin != fmt.Sprintf("wire.rss#%d", i+1) {
			t.Errorf("entry %d: key %q summary %v origin %s, want %q %v", i, e.Key, e.Summary, e.Doc.Origin, want.key, want.summary)
		}
	}
	if _, err := ParseFeed("x", []byte("not a feed")); err == nil || !strings.Contains(err.Error(), "x: not a valid") {
		t.Errorf("not a feed: %v", err)
	}
	atom := []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>e1</id><title>T</title></entry></feed>`)
	if f, err := ParseFeed("a", atom); err != nil || f.TTL != 0 || f.Entries[0].Key != "e1" {
		t.Errorf("atom: %+v %v", f, err)
	}
}
