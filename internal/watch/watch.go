// Package watch decides when a watch fires and sends its message: a
// story that matches a watch for the first time, or a matching story that
// more outlets now report, is POSTed as JSON to the watch's webhook,
// retried with backoff, each attempt logged.
package watch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
)

// Story is what a watch is matched against: a story as it stands after a
// run.
type Story struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary,omitempty"`
	Articles  int       `json:"articles"`
	Outlets   int       `json:"outlets"`
	Entities  []string  `json:"entities,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
}

// Validate says what is wrong with a watch a user asks for, or nil.
func Validate(w model.Watch) error {
	if strings.TrimSpace(w.Query) == "" && strings.TrimSpace(w.Entity) == "" && w.MinOutlets <= 0 {
		return errors.New("a watch needs a query, an entity or a minimum number of outlets")
	}
	if w.MinOutlets < 0 {
		return fmt.Errorf("--min-outlets %d: give 1 or more", w.MinOutlets)
	}
	low := strings.ToLower(w.Webhook)
	if !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") {
		return fmt.Errorf("webhook %q: give an http or https URL", w.Webhook)
	}
	return nil
}

// Matches reports whether s answers w: every word of the query in its
// title or summary, the entity among its entities (a name, or the end of
// one: "Roos" matches "Ana Roos"), and at least MinOutlets outlets.
func Matches(w model.Watch, s Story) bool {
	if w.MinOutlets > 0 && s.Outlets < w.MinOutlets {
		return false
	}
	if q := words(w.Query); len(q) > 0 {
		have := map[string]bool{}
		for _, x := range words(s.Title + " " + s.Summary) {
			have[x] = true
		}
		for _, x := range q {
			if !have[x] {
				return false
			}
		}
	}
	if e := strings.Join(words(w.Entity), " "); e != "" {
		found := false
		for _, name := range s.Entities {
			n := strings.Join(words(name), " ")
			if n == e || strings.HasSuffix(n, " "+e) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Event says whether w fires for s, given the outlets s had when w last
// sent a message about it (sent is false when it never did).
func Event(w model.Watch, s Story, lastOutlets int, sent bool) (model.WatchEvent, bool) {
	if !Matches(w, s) {
		return "", false
	}
	if !sent {
		return model.WatchNewStory, true
	}
	if s.Outlets > lastOutlets {
		return model.WatchMoreOutlet, true
	}
	return "", false
}

// Message is the JSON a webhook receives.
type Message struct {
	Watch model.Watch      `json:"watch"`
	Event model.WatchEvent `json:"event"`
	Story Story            `json:"story"`
}

// Sender posts messages, retrying failures with doubling waits.
type Sender struct {
	Client   *fetch.Client
	Attempts int           // tries per message; 4 when 0
	Backoff  time.Duration // wait before the second try, doubled after; 1s when 0
	// Sleep waits between tries; tests replace it. time.Sleep semantics,
	// but returns early with ctx's error when ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Send posts body to url until it is accepted or the tries run out,
// calling log after every attempt, and reports whether it was accepted.
func (s Sender) Send(ctx context.Context, url string, body []byte, log func(attempt, status int, err error)) bool {
	attempts, wait := s.Attempts, s.Backoff
	if attempts <= 0 {
		attempts = 4
	}
	if wait <= 0 {
		wait = time.Second
	}
	sleep := s.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	for i := 1; i <= attempts; i++ {
		status, err := s.Client.PostJSON(ctx, url, body)
		log(i, status, err)
		if err == nil {
			return true
		}
		if i == attempts || !retryable(status, err) {
			return false
		}
		if sleep(ctx, wait) != nil {
			return false
		}
		wait *= 2
	}
	return false
}

// retryable: a refused address or a 4xx other than 408 and 429 will not
// get better by trying again.
func retryable(status int, err error) bool {
	if errors.Is(err, fetch.ErrPrivateAddress) {
		return false
	}
	if status >= 400 && status < 500 {
		return status == 408 || status == 429
	}
	return true
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// words are the lower-case words of s, letters and digits only.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
