package feeds

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// BenchmarkPoll1000Feeds polls 1,000 feeds on one loopback server that
// answers 304 to every conditional GET after the first poll; each
// iteration is one round of 1,000 polls (-benchtime 10x: 10,000 polls).
// It reports polls/s, CPU per poll (the server's share included: it runs
// in the process) and the live heap after the first and the last round,
// which stays flat when nothing leaks.
func BenchmarkPoll1000Feeds(b *testing.B) {
	const n = 1000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Feed %[1]s</title><item><guid>%[1]s/1</guid><title>Item</title><description>%[2]s</description></item></channel></rss>`, r.URL.Path, longText)
	}))
	defer srv.Close()
	// One host: the per-host limit (2) is what bounds the rate, as it
	// would for 1,000 feeds of one site.
	f := newFixture(b, Options{})
	for i := range n {
		f.add(b, fmt.Sprintf("%s/feed/%d", srv.URL, i), 0)
	}
	round := func() {
		f.clock.Set(f.clock.Now().Add(25 * time.Hour))
		res, err := f.p.PollDue(ctx)
		if err != nil || len(res) != n {
			b.Fatalf("%d polls: %v", len(res), err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
	round() // the first poll downloads every feed; the rounds measured get 304s
	heap := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc) / (1 << 20)
	}
	startHeap := heap()
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	cpu0, t0 := cpu(), time.Now()
	rounds := 0
	for b.Loop() {
		round()
		rounds++
	}
	polls := float64(rounds * n)
	b.ReportMetric(polls/time.Since(t0).Seconds(), "polls/s")
	b.ReportMetric(float64((cpu()-cpu0).Microseconds())/polls, "cpu-µs/poll")
	b.ReportMetric(startHeap, "heap-start-MiB")
	b.ReportMetric(heap(), "heap-end-MiB")
}
