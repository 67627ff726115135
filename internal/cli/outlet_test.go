package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/model"
)

// The articles table names an outlet one way whatever its articles call
// it, and the articles nothing names as the unknown outlet that
// --outlet unknown selects.
func TestArticleTableOutletNames(t *testing.T) {
	var b bytes.Buffer
	list := []model.Article{
		{ID: "a", Title: "One", Outlet: "harbour-times.example", URL: "https://harbour-times.example/1"},
		{ID: "b", Title: "Two", Outlet: "Harbour Times - World"},
		{ID: "c", Title: "Three"},
	}
	err := printArticleTable(&b, list, model.NewOutletDirectory(map[string]int{"harbour-times.example": 5, "Harbour Times": 1}))
	if err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if strings.Contains(got, "harbour-times.example") || strings.Count(got, "Harbour Times") != 2 || !strings.Contains(got, model.UnknownOutlet) {
		t.Errorf("table:\n%s", got)
	}
}
