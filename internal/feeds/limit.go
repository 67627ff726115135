package feeds

import (
	"context"
	"sync"
)

// limiter bounds requests: at most perHost at a time to one host name,
// and at most global in all. A request takes its host's slot before a
// global one, so requests queued behind a busy host hold no global slot
// and other hosts keep going.
type limiter struct {
	global  chan struct{}
	perHost int

	mu    sync.Mutex
	hosts map[string]*hostSlots
}

// hostSlots is one host's semaphore; users counts the requests holding
// or waiting for it, so an idle host's entry is dropped and the map does
// not grow with every host ever polled.
type hostSlots struct {
	sem   chan struct{}
	users int
}

func newLimiter(perHost, global int) *limiter {
	return &limiter{global: make(chan struct{}, global), perHost: perHost, hosts: map[string]*hostSlots{}}
}

// acquire waits for a slot for host; release must be called once after
// the request.
func (l *limiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	h := l.hosts[host]
	if h == nil {
		h = &hostSlots{sem: make(chan struct{}, l.perHost)}
		l.hosts[host] = h
	}
	h.users++
	l.mu.Unlock()
	leave := func() {
		l.mu.Lock()
		if h.users--; h.users == 0 {
			delete(l.hosts, host)
		}
		l.mu.Unlock()
	}
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-h.sem
		leave()
		return nil, ctx.Err()
	}
	return func() {
		<-l.global
		<-h.sem
		leave()
	}, nil
}
