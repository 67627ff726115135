package source

import (
	"context"
	"testing"
)

// checkItems is what every input must give: each item either fails with a
// message or carries a document with a body, and both name their origin.
func checkItems(t *testing.T, body []byte, k kind) {
	n := 0
	r := &reader{ctx: context.Background(), opts: Options{MaxFileSize: DefaultMaxFileSize}, opml: map[string]bool{},
		yield: func(it Item) bool {
			n++
			switch {
			case it.Origin == "":
				t.Fatalf("item without origin: %+v", it)
			case it.Err != nil:
				if it.Err.Error() == "" {
					t.Fatal("empty error message")
				}
			case len(it.Doc.Body) == 0 && it.Doc.Meta.Title == "":
				t.Fatalf("%s: document with neither a body nor a title", it.Origin)
			}
			return n < 10_000
		}}
	r.content("fuzz", "", body, k, "")
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte("{\"title\":\"a\",\"text\":\"x\"}\n{bad\n{\"html\":\"<p>y</p>\",\"authors\":[{\"name\":1}]}\n"))
	f.Add([]byte("\xef\xbb\xbf{\"published\":1709457000000,\"text\":\"t\"}"))
	f.Add([]byte("[]\n\"str\"\nnull\n{\"url\":\"ftp://x\"}"))
	f.Fuzz(func(t *testing.T, body []byte) { checkItems(t, body, kindJSONL) })
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"title":"a","text":"x"},42,{"html":"<p>y</p>","id":7}]`))
	f.Add([]byte(jsonFeed))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{}]}`))
	f.Fuzz(func(t *testing.T, body []byte) { checkItems(t, body, kindJSON) })
}

func FuzzFeed(f *testing.F) {
	f.Add([]byte(rss))
	f.Add([]byte(atom))
	f.Add([]byte(rss[:len(rss)/3]))
	f.Fuzz(func(t *testing.T, body []byte) { checkItems(t, body, kindFeed) })
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("Headline\n\nText"))
	f.Add([]byte("<opml><body><outline xmlUrl=\"x.rss\"/></body></opml>"))
	f.Add([]byte("{\"a\":1}\n{\"b\":2}"))
	f.Fuzz(func(t *testing.T, body []byte) { checkItems(t, body, sniff(body)) })
}
