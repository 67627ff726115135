package model

import (
	"reflect"
	"testing"
)

func TestOutletNames(t *testing.T) {
	got := OutletNames([]Article{
		{ID: "a", Outlet: "Harbour Times", URL: "https://www.harbour-times.example/news/1"},
		{ID: "b", URL: "https://harbour-times.example/news/2"}, // no masthead found
		{ID: "c", URL: "https://coast-wire.example/x"},
		{ID: "d", Origin: "/tmp/pile/notes.txt"},
		{ID: "e", Origin: "/tmp/pile/other.txt"},
		{ID: "f"},
	})
	want := map[string]string{
		"a": "Harbour Times", "b": "Harbour Times", "c": "coast-wire.example",
		"d": "(unknown: notes.txt)", "e": "(unknown: other.txt)", "f": "(unknown: f)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
