package extract

import (
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/model"
)

// A page nested deeper than the HTML parser builds a tree for (512
// elements) is read with the tokenizer; it failed with "a page built by
// JavaScript or behind a login" or a parser's message.
func TestDeeplyNestedHTML(t *testing.T) {
	ex, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	para := strings.Repeat("The council approved the budget on Monday after a long debate about the new bridge and its cost. ", 3)
	for _, depth := range []int{600, 5000} {
		page := "<html><head><title>Budget approved</title><script>var x = '<p>no</p>';</script></head><body>" +
			strings.Repeat("<div>", depth) + "<p>" + para + "</p><p>The mayor said work starts in May.</p>" + strings.Repeat("</div>", depth) + "</body></html>"
		a, err := ex.Extract(model.RawDocument{Origin: "deep.html", Format: model.FormatHTML, Body: []byte(page)})
		if err != nil {
			t.Fatalf("depth %d: %v", depth, err)
		}
		if a.Title != "Budget approved" || !strings.Contains(a.Text, "approved the budget on Monday") || !strings.Contains(a.Text, "work starts in May") || strings.Contains(a.Text, "var x") {
			t.Errorf("depth %d: title %q, text %q", depth, a.Title, a.Text)
		}
	}
	// Nothing to read: the error says what happened, not that the page
	// was built by JavaScript.
	_, err = ex.Extract(model.RawDocument{Origin: "empty.html", Format: model.FormatHTML, Body: []byte("<html><body>" + strings.Repeat("<div>", 600) + "</body></html>")})
	if err == nil || strings.Contains(err.Error(), "JavaScript") || !strings.Contains(err.Error(), "512") {
		t.Errorf("err = %v", err)
	}
}
