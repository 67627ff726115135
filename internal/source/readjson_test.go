package source

import (
	"context"
	"strings"
	"testing"
)

func TestReadJSON(t *testing.T) {
	for _, c := range []struct {
		name, body string
		max        int64
		want       []string // each item's origin, "!" before a failure
	}{
		{"object", `{"title": "Talks", "text": "The talks were called off."}`, 0, []string{"body"}},
		{"array", `[{"title": "A", "text": "a"}, "not an object", {"title": "C", "text": "c"}]`, 0,
			[]string{"body#1", "!body#2", "body#3"}},
		{"JSON Lines with a bad line", "{\"title\": \"A\", \"text\": \"a\"}\n{\"title\": \n{\"title\": \"C\", \"text\": \"c\"}\n", 0,
			[]string{"body:1", "!body:2", "body:3"}},
		{"malformed", `{"title": `, 0, []string{"!body"}},
		{"not JSON", `plain words`, 0, []string{"!body"}},
		{"empty", "  \n", 0, []string{"!body"}},
		{"too large", `{"title": "A", "text": "a"}`, 10, []string{"!body"}},
		{"a URL alone is not fetched", `{"url": "https://news.example/a"}`, 0, []string{"!https://news.example/a"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for it := range ReadJSON(context.Background(), "body", strings.NewReader(c.body), c.max) {
				o := it.Origin
				if it.Err != nil {
					o = "!" + o
				} else if len(it.Doc.Body) == 0 && it.Doc.Meta.Title == "" {
					t.Errorf("%s: an empty document", o)
				}
				got = append(got, o)
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("items %v, want %v", got, c.want)
			}
		})
	}
}
