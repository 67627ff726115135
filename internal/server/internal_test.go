package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestOpenAPIListsEveryRoute keeps the OpenAPI document in step with the
// routes: every route is described, and nothing else.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	s := &Server{metrics: &metrics{}}
	described := 0
	for _, ops := range doc.Paths {
		described += len(ops)
	}
	routes := s.endpoints()
	for _, e := range routes {
		method, path, _ := strings.Cut(e.pattern, " ")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s is not in openapi.json", e.pattern)
		}
	}
	if described != len(routes) {
		t.Errorf("openapi.json describes %d operations, the server has %d routes", described, len(routes))
	}
}

// TestPanicRecovered answers a panicking handler 500 and goes on.
func TestPanicRecovered(t *testing.T) {
	var logged strings.Builder
	s := &Server{log: slog.New(slog.NewTextHandler(&logged, nil))}
	h := s.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/boom" {
			panic("a bug a request found")
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	ts := httptest.NewServer(h)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || !strings.Contains(string(b), `"error"`) {
		t.Errorf("panic answered %d %s", resp.StatusCode, b)
	}
	if !strings.Contains(logged.String(), "panic") || !strings.Contains(logged.String(), "a bug a request found") {
		t.Errorf("the panic was not logged: %s", logged.String())
	}
	if resp, err := http.Get(ts.URL + "/fine"); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Errorf("after the panic: %v %v", resp, err)
	}
}
