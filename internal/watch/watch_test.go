package watch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
)

func TestMatches(t *testing.T) {
	s := Story{ID: 3, Title: "Veldora calls off Ostrel trade talks", Summary: "Talks were suspended on Monday.",
		Outlets: 3, Entities: []string{"Ana Roos", "Veldora"}}
	for _, tc := range []struct {
		w    model.Watch
		want bool
	}{
		{model.Watch{Query: "trade talks"}, true},
		{model.Watch{Query: "TALKS suspended"}, true}, // the summary counts, case does not
		{model.Watch{Query: "trade war"}, false},      // every word must be there
		{model.Watch{Entity: "Roos"}, true},           // a surname names the person
		{model.Watch{Entity: "Oos"}, false},           // part of a word does not
		{model.Watch{Entity: "veldora", MinOutlets: 3}, true},
		{model.Watch{Query: "talks", MinOutlets: 4}, false},
	} {
		if got := Matches(tc.w, s); got != tc.want {
			t.Errorf("%+v: matches %v, want %v", tc.w, got, tc.want)
		}
	}
}

func TestEvent(t *testing.T) {
	w := model.Watch{Query: "talks"}
	s := Story{Title: "Talks off", Outlets: 2}
	if ev, ok := Event(w, s, 0, false); !ok || ev != model.WatchNewStory {
		t.Errorf("first match: %q %v", ev, ok)
	}
	if _, ok := Event(w, s, 2, true); ok {
		t.Error("fired again for a story that has not grown")
	}
	s.Outlets = 3
	if ev, ok := Event(w, s, 2, true); !ok || ev != model.WatchMoreOutlet {
		t.Errorf("one more outlet: %q %v", ev, ok)
	}
}

func TestValidate(t *testing.T) {
	if err := Validate(model.Watch{Webhook: "https://h.example/x"}); err == nil {
		t.Error("a watch that asks nothing was accepted")
	}
	if err := Validate(model.Watch{Query: "x", Webhook: "ftp://h.example/x"}); err == nil {
		t.Error("a non-HTTP webhook was accepted")
	}
	if err := Validate(model.Watch{Query: "x", Webhook: "https://h.example/x"}); err != nil {
		t.Error(err)
	}
}

// TestSendRetries: a webhook that fails twice gets the message on the
// third try, each try logged; one that answers 404 is not tried again;
// a private address is refused unless allowed.
func TestSendRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/gone":
			w.WriteHeader(http.StatusNotFound)
		case calls.Add(1) <= 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	var waits []time.Duration
	s := Sender{
		Client:  fetch.New(fetch.Options{AllowPrivate: true}),
		Backoff: time.Second,
		Sleep:   func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil },
	}
	var statuses []int
	log := func(_ int, status int, _ error) { statuses = append(statuses, status) }
	if !s.Send(context.Background(), srv.URL+"/hook", []byte(`{}`), log) {
		t.Fatal("not delivered")
	}
	if len(statuses) != 3 || statuses[0] != 503 || statuses[2] != 200 || len(waits) != 2 || waits[1] != 2*time.Second {
		t.Errorf("attempts %v, waits %v", statuses, waits)
	}
	statuses = nil
	if s.Send(context.Background(), srv.URL+"/gone", []byte(`{}`), log) || len(statuses) != 1 {
		t.Errorf("a 404 webhook: attempts %v", statuses)
	}
	statuses = nil
	guarded := Sender{Client: fetch.New(fetch.Options{}), Sleep: s.Sleep}
	if guarded.Send(context.Background(), srv.URL+"/hook", []byte(`{}`), log) || len(statuses) != 1 || statuses[0] != 0 {
		t.Errorf("a loopback webhook without --allow-private: attempts %v", statuses)
	}
}
