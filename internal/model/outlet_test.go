package model

import (
	"reflect"
	"testing"
)

func TestOutletKey(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Harbour Times", "harbour-times.example", true},
		{"Harbour Times", "www.harbour-times.example", true},
		{"Harbour Times", "edition.harbour-times.example", true},
		{"Harbour Times", "Harbour Times - World", true},
		{"Harbour Times", "HARBOUR TIMES | Business", true},
		{"Harbour Times", "https://www.harbour-times.example/world/1", true},
		{"VBC News", "vbc.example", true},
		{"The Hill", "thehill.com", true},
		{"BBC News", "news.bbc.co.uk", true},
		{"Daily Klaxon", "dailyklaxon.example", true},
		{"Harbour Times", "Harbour Herald", false},
		{"Harbour Times", "times.example", false},
		{"News", "news.example", true}, // a name of "news" alone is kept
		// Sites on a platform's domain are sites of their own.
		{"https://jane.substack.com/p/x", "https://tom.substack.com/p/y", false},
		{"abcnews.go.com", "espn.go.com", false},
		{"ABC News", "abcnews.go.com", true},
		{"Jane Writes", "janewrites.substack.com", true},
	} {
		ka, kb := OutletKey(c.a), OutletKey(c.b)
		if (ka == kb) != c.same || ka == "" {
			t.Errorf("OutletKey(%q) = %q, OutletKey(%q) = %q; same = %v, want %v", c.a, ka, c.b, kb, ka == kb, c.same)
		}
	}
	for _, s := range []string{"", "  ", "-"} {
		if k := OutletKey(s); k != "" {
			t.Errorf("OutletKey(%q) = %q, want none", s, k)
		}
	}
}

func TestOutletNames(t *testing.T) {
	got := OutletNames([]Article{
		{ID: "a", Outlet: "harbour-times.example", URL: "https://harbour-times.example/news/1"}, // the host stood in for a name
		{ID: "b", Outlet: "Harbour Times", URL: "https://www.harbour-times.example/news/2"},
		{ID: "c", Outlet: "Harbour Times - World"}, // a feed title
		{ID: "d", URL: "https://edition.harbour-times.example/x"},
		{ID: "e", URL: "https://coast-wire.example/x"},
		{ID: "f", Origin: "/tmp/pile/notes.txt"},
		{ID: "g", Origin: "/tmp/pile/other.txt"},
		{ID: "h"},
	})
	want := map[string]string{
		"a": "Harbour Times", "b": "Harbour Times", "c": "Harbour Times", "d": "Harbour Times",
		"e": "coast-wire.example", "f": UnknownOutlet, "g": UnknownOutlet, "h": UnknownOutlet,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// A directory built from a whole store names an identity the same way in
// every set of articles, even one holding only its domain.
func TestOutletDirectory(t *testing.T) {
	dir := NewOutletDirectory(map[string]int{"harbour-times.example": 4, "Harbour Times": 1, "Harbour Times - World": 1, "coast-wire.example": 2})
	for _, c := range []struct {
		a    Article
		want string
	}{
		{Article{Outlet: "harbour-times.example"}, "Harbour Times"},
		{Article{URL: "https://edition.harbour-times.example/x"}, "Harbour Times"},
		{Article{Outlet: "coast-wire.example"}, "coast-wire.example"},
		{Article{Outlet: "Kostrava Daily - Business"}, "Kostrava Daily"}, // not in the directory
		{Article{Origin: "notes.txt"}, UnknownOutlet},
	} {
		if got := dir.Name(c.a); got != c.want {
			t.Errorf("Name(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
}
