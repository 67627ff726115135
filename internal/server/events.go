package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/storywire/storywire/internal/app"
)

// storyEvent is one event of GET /events: a story created or grown.
type storyEvent struct {
	Kind     string   `json:"kind"` // "created" or "grown"
	Story    int64    `json:"story"`
	Title    string   `json:"title"`
	Articles int      `json:"articles"` // how many it holds now
	Added    []string `json:"added"`    // the articles just put in it
}

// subscriberBuffer is how many events a slow client may lag behind before
// it is dropped (it reconnects and reads the stories it missed).
const subscriberBuffer = 256

// heartbeat keeps an idle stream's connection open through proxies.
const heartbeat = 15 * time.Second

// broker fans events out to the clients of GET /events. A publisher never
// waits for a client.
type broker struct {
	mu     sync.Mutex
	subs   map[chan []byte]struct{}
	closed bool
	seq    int64 // the last event's id
}

func newBroker() *broker { return &broker{subs: map[chan []byte]struct{}{}} }

// subscribe returns a channel of encoded events, closed when the broker
// closes or the client falls too far behind; ok is false once closed.
func (b *broker) subscribe() (ch chan []byte, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, false
	}
	ch = make(chan []byte, subscriberBuffer)
	b.subs[ch] = struct{}{}
	return ch, true
}

func (b *broker) unsubscribe(ch chan []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[ch]; ok {
		delete(b.subs, ch)
		close(ch)
	}
}

// publish sends an event to every client, dropping the ones whose buffer
// is full.
func (b *broker) publish(e storyEvent) {
	data, err := json.Marshal(e)
	if err != nil {
		return // plain fields: cannot fail
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	msg := []byte(fmt.Sprintf("id: %d\nevent: story\ndata: %s\n\n", b.seq, data))
	for ch := range b.subs {
		select {
		case ch <- msg:
		default:
			delete(b.subs, ch)
			close(ch)
		}
	}
}

// clients counts the connected clients, for the metrics.
func (b *broker) clients() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// close ends every stream and refuses new ones: the server is stopping.
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}

// storiesChanged publishes what an ingest did to the stories (whoever ran
// it: a request or background work).
func (s *Server) storiesChanged(events []app.StoryEvent) {
	for _, e := range events {
		s.events.publish(storyEvent{Kind: e.Kind, Story: e.Story, Title: e.Title, Articles: e.Articles, Added: e.Added})
	}
}

// streamEvents is GET /events: a Server-Sent Events stream of stories
// created or grown, from the moment of connecting.
func (s *Server) streamEvents(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.events.subscribe()
	if !ok {
		writeError(w, http.StatusServiceUnavailable, "the server is stopping")
		return
	}
	defer s.events.unsubscribe(ch)
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream has no end to wait for
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)
	// A comment first, so the client sees the stream open.
	if _, err := fmt.Fprint(w, ": stories created or grown\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case m, open := <-ch:
			if !open {
				return
			}
			msg = m
		case <-tick.C:
			msg = []byte(": ping\n\n")
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
