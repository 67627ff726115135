package feeds

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/sqlite"
)

var ctx = context.Background()

// clock is a fake time that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// ingester records what a poller hands over.
type ingester struct {
	mu   sync.Mutex
	docs []model.RawDocument
	err  error
}

func (in *ingester) ingest(_ context.Context, items iter.Seq[source.Item]) (Ingested, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.err != nil {
		return Ingested{}, in.err
	}
	n := 0
	for it := range items {
		in.docs = append(in.docs, it.Doc)
		n++
	}
	return Ingested{Added: n}, nil
}

func (in *ingester) titles() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []string
	for _, d := range in.docs {
		out = append(out, d.Meta.Title)
	}
	return out
}

type fixture struct {
	st    *sqlite.DB
	clock *clock
	in    *ingester
	p     *Poller
}

func newFixture(t testing.TB, o Options) *fixture {
	t.Helper()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, clock: newClock(), in: &ingester{}}
	o.Store, o.Now, o.Ingest = st, f.clock.Now, f.in.ingest
	if o.Fetcher == nil {
		o.Fetcher = fetch.New(fetch.Options{AllowPrivate: true, Timeout: 5 * time.Second})
	}
	f.p = New(o)
	return f
}

func (f *fixture) add(t testing.TB, url string, interval time.Duration) model.Feed {
	t.Helper()
	now := f.clock.Now()
	fd, err := f.st.AddFeed(ctx, model.Feed{URL: url, Interval: interval, Added: now, NextPoll: now})
	if err != nil {
		t.Fatal(err)
	}
	return fd
}

func (f *fixture) feed(t testing.TB, id int64) model.Feed {
	t.Helper()
	fd, err := f.st.Feed(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return fd
}

// pollOne moves the clock to the feed's due time and polls what is due.
func (f *fixture) pollOne(t testing.TB, id int64) Result {
	t.Helper()
	f.clock.Set(f.feed(t, id).NextPoll)
	res, err := f.p.PollDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.FeedID == id {
			return r
		}
	}
	t.Fatalf("feed %d was not due at its NextPoll", id)
	return Result{}
}

func rss(title string, extra string, items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>%s`, title, extra)
	for _, it := range items {
		b.WriteString(it)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

var longText = strings.Repeat("The harbour council voted on Tuesday to extend the fishing season by two weeks. ", 12)

func fullItem(guid, title string) string {
	return fmt.Sprintf(`<item><guid>%s</guid><title>%s</title><link>https://news.example/%s</link><description>%s</description></item>`, guid, title, guid, longText)
}

func TestConditionalGET(t *testing.T) {
	var requests, conditional atomic.Int32
	body := rss("Harbour", "", fullItem("a1", "Council extends season"), fullItem("a2", "Ferry delayed"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	f := newFixture(t, Options{})
	fd := f.add(t, srv.URL+"/rss", 0)

	r := f.pollOne(t, fd.ID)
	if r.Err != nil || r.Outcome != Changed || r.Items != 2 || r.New != 2 || r.Added != 2 {
		t.Fatalf("first poll: %+v", r)
	}
	got := f.feed(t, fd.ID)
	if got.Title != "Harbour" || got.ItemsSeen != 2 || got.ArticlesAdded != 2 || !got.LastSuccess.Equal(f.clock.Now()) {
		t.Errorf("after the first poll: %+v", got)
	}
	// The default interval, with at most 10% jitter.
	if wait := got.NextPoll.Sub(f.clock.Now()); wait < DefaultInterval || wait > DefaultInterval*11/10 {
		t.Errorf("next poll in %v, want 15m to 16m30s", wait)
	}

	r = f.pollOne(t, fd.ID)
	if r.Err != nil || r.Outcome != NotModified || r.New != 0 {
		t.Fatalf("second poll: %+v", r)
	}
	if requests.Load() != 2 || conditional.Load() != 1 {
		t.Errorf("server saw %d requests, %d conditional; want 2, 1", requests.Load(), conditional.Load())
	}
	if n := len(f.in.titles()); n != 2 {
		t.Errorf("ingested %d items, want 2", n)
	}
}

func TestOnlyNewItemsIngested(t *testing.T) {
	var mu sync.Mutex
	items := []string{fullItem("a1", "One"), fullItem("a2", "Two")}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Write([]byte(rss("Wire", "", items...))) // no validators: a full download each time
	}))
	defer srv.Close()
	f := newFixture(t, Options{})
	fd := f.add(t, srv.URL, time.Hour)
	f.pollOne(t, fd.ID)
	mu.Lock()
	items = append([]string{fullItem("a3", "Three")}, items...)
	mu.Unlock()
	r := f.pollOne(t, fd.ID)
	if r.Outcome != Changed || r.Items != 3 || r.New != 1 {
		t.Fatalf("second poll: %+v", r)
	}
	if got := strings.Join(f.in.titles(), ","); got != "One,Two,Three" {
		t.Errorf("ingested %s, want One,Two,Three", got)
	}
	if got := f.feed(t, fd.ID); got.ItemsSeen != 3 || got.ArticlesAdded != 3 {
		t.Errorf("counters: %+v", got)
	}
}

func TestBackoffAndRecovery(t *testing.T) {
	var failing atomic.Bool
	failing.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		w.Write([]byte(rss("Back", "", fullItem("b1", "Back again"))))
	}))
	defer srv.Close()
	f := newFixture(t, Options{})
	fd := f.add(t, srv.URL, 15*time.Minute)
	first := f.clock.Now()
	var prev time.Duration
	for i := 1; i <= 12; i++ {
		r := f.pollOne(t, fd.ID)
		if r.Outcome != Failed || r.Err == nil || !strings.Contains(r.Err.Error(), "500") {
			t.Fatalf("poll %d: %+v", i, r)
		}
		got := f.feed(t, fd.ID)
		wait := got.NextPoll.Sub(f.clock.Now())
		want := min(15*time.Minute<<i, MaxBackoff)
		if wait < want || wait > min(want*11/10, MaxBackoff) {
			t.Errorf("failure %d: next poll in %v, want %v (+10%%, at most 24h)", i, wait, want)
		}
		if wait < prev {
			t.Errorf("failure %d: wait %v shorter than the one before (%v)", i, wait, prev)
		}
		prev = wait
		if got.Failures != i || !got.FailingSince.Equal(first) || !strings.Contains(got.LastError, "500") {
			t.Errorf("failure %d: %+v", i, got)
		}
	}
	if prev != MaxBackoff {
		t.Errorf("after 12 failures the wait is %v, want the 24h cap", prev)
	}
	failing.Store(false)
	r := f.pollOne(t, fd.ID)
	if r.Err != nil || r.Outcome != Changed || r.Added != 1 {
		t.Fatalf("recovery: %+v", r)
	}
	got := f.feed(t, fd.ID)
	if got.Failures != 0 || !got.FailingSince.IsZero() || got.LastError == "" || got.NextPoll.Sub(f.clock.Now()) > 15*time.Minute*11/10 {
		t.Errorf("after recovery: %+v", got)
	}
}

func TestServerFloors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		min     time.Duration
		max     time.Duration
	}{
		{"Retry-After on 503", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7200")
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}, 2 * time.Hour, 2 * time.Hour},
		{"Retry-After on 429 as a date", func(w http.ResponseWriter, r *http.Request) {
			now := time.Now().UTC().Truncate(time.Second)
			w.Header().Set("Date", now.Format(http.TimeFormat))
			w.Header().Set("Retry-After", now.Add(3*time.Hour).Format(http.TimeFormat))
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, 3 * time.Hour, 3 * time.Hour},
		{"max-age", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=5400")
			w.Write([]byte(rss("M", "")))
		}, 90 * time.Minute, 90 * time.Minute},
		{"RSS ttl", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(rss("T", "<ttl>240</ttl>")))
		}, 4 * time.Hour, 4 * time.Hour},
		{"a floor below the interval changes nothing", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "max-age=60")
			w.Write([]byte(rss("S", "")))
		}, 15 * time.Minute, 15 * time.Minute * 11 / 10},
		{"a floor is capped at 24h", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "max-age=31536000")
			w.Write([]byte(rss("Y", "")))
		}, MaxBackoff, MaxBackoff},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			f := newFixture(t, Options{})
			fd := f.add(t, srv.URL, 15*time.Minute)
			f.pollOne(t, fd.ID)
			wait := f.feed(t, fd.ID).NextPoll.Sub(f.clock.Now())
			if wait < tc.min || wait > tc.max {
				t.Errorf("next poll in %v, want %v to %v", wait, tc.min, tc.max)
			}
		})
	}
}

// concurrency counts requests in flight at a server, overall and by host.
type concurrency struct {
	mu      sync.Mutex
	now     map[string]int
	maxHost map[string]int
	total   int
	max     int
}

func (c *concurrency) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		c.mu.Lock()
		c.now[host]++
		c.total++
		c.maxHost[host] = max(c.maxHost[host], c.now[host])
		c.max = max(c.max, c.total)
		c.mu.Unlock()
		time.Sleep(40 * time.Millisecond)
		h.ServeHTTP(w, r)
		c.mu.Lock()
		c.now[host]--
		c.total--
		c.mu.Unlock()
	})
}

func TestRequestLimits(t *testing.T) {
	c := &concurrency{now: map[string]int{}, maxHost: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed/", func(w http.ResponseWriter, r *http.Request) {
		// Summary items whose pages are on the same host.
		base := "http://" + r.Host + "/page" + r.URL.Path
		w.Write([]byte(rss("F", "",
			fmt.Sprintf(`<item><guid>%s/1</guid><title>One</title><link>%s/1</link><description>Teaser.</description></item>`, base, base),
			fmt.Sprintf(`<item><guid>%s/2</guid><title>Two</title><link>%s/2</link><description>Teaser.</description></item>`, base, base))))
	})
	mux.HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><body><article><h1>Page</h1><p>%s</p></article></body></html>", longText)
	})
	// Four host names on one server: 127.0.0.1 to 127.0.0.4 all reach
	// loopback on Linux; elsewhere the test runs with the one it has.
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(c.wrap(mux))
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	f := newFixture(t, Options{Global: 3})
	hosts := 0
	for i := 1; i <= 4; i++ {
		host := fmt.Sprintf("127.0.0.%d", i)
		conn, err := net.Dial("tcp", net.JoinHostPort(host, fmt.Sprint(port)))
		if err != nil {
			continue
		}
		conn.Close()
		hosts++
		for j := range 4 {
			f.add(t, fmt.Sprintf("http://%s:%d/feed/%d", host, port, j), 0)
		}
	}
	res, err := f.p.PollDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil || r.FullText != 2 {
			t.Fatalf("poll: %+v", r)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Logf("%d hosts: at most %d requests at once in all, by host %v", hosts, c.max, c.maxHost)
	for h, n := range c.maxHost {
		if n > DefaultPerHost {
			t.Errorf("%d requests at once at %s, want at most %d", n, h, DefaultPerHost)
		}
	}
	if c.max > 3 {
		t.Errorf("%d requests at once in all, want at most 3", c.max)
	}
	if hosts > 1 && c.max < 3 {
		t.Errorf("at most %d requests at once over %d hosts: the limits serialise more than they should", c.max, hosts)
	}
}

func TestSummaryItemsFetchedInFull(t *testing.T) {
	mux := http.NewServeMux()
	var srvURL string
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(rss("Briefs", "",
			fmt.Sprintf(`<item><guid>s1</guid><title>Readable</title><link>%s/story/1</link><description>Short teaser.</description></item>`, srvURL),
			fmt.Sprintf(`<item><guid>s2</guid><title>Gone</title><link>%s/story/2</link><description>Teaser of the gone story.</description></item>`, srvURL),
			fmt.Sprintf(`<item><guid>s3</guid><title>Video</title><link>%s/story/3</link><description>Watch it.</description></item>`, srvURL),
			fullItem("s4", "Complete"))))
	})
	mux.HandleFunc("/story/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><body><article><h1>Readable</h1><p>%s</p></article></body></html>", longText)
	})
	mux.HandleFunc("/story/2", http.NotFound)
	mux.HandleFunc("/story/3", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "video/mp4")
		w.Write([]byte("\x00\x00\x00 ftypmp4"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL
	f := newFixture(t, Options{})
	fd := f.add(t, srv.URL+"/rss", 0)
	r := f.pollOne(t, fd.ID)
	if r.Err != nil || r.FullText != 1 || r.Fallbacks != 2 || r.Added != 4 {
		t.Fatalf("poll: %+v", r)
	}
	docs := f.in.docs
	if d := docs[0]; d.Origin != srv.URL+"/story/1" || !strings.Contains(string(d.Body), "harbour council") || d.Meta.Title != "Readable" || d.Meta.Extra[SummaryExtra] != nil {
		t.Errorf("full page: %+v", d)
	}
	for _, d := range docs[1:3] {
		if string(d.Meta.Extra[SummaryExtra]) != "true" || !strings.Contains(string(d.Body), "easer") && !strings.Contains(string(d.Body), "Watch") {
			t.Errorf("fallback not marked as the feed's summary: %s %q %v", d.Origin, d.Body, d.Meta.Extra)
		}
	}
	if d := docs[3]; d.Meta.Extra[SummaryExtra] != nil || !strings.Contains(string(d.Body), "harbour council") {
		t.Errorf("a full item is taken as it is: %+v", d)
	}
}

func TestIngestFailureLosesNothing(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte(rss("E", "", fullItem("e1", "Kept"))))
	}))
	defer srv.Close()
	f := newFixture(t, Options{})
	fd := f.add(t, srv.URL, 0)
	f.in.err = errors.New("disk full")
	r := f.pollOne(t, fd.ID)
	if r.Outcome != Failed || !strings.Contains(r.Err.Error(), "disk full") {
		t.Fatalf("poll with a failing ingest: %+v", r)
	}
	if st, _ := f.st.FeedState(ctx, fd.URL); st.ETag != "" {
		t.Errorf("validators saved although the items were not stored: %+v", st)
	}
	f.in.err = nil
	r = f.pollOne(t, fd.ID)
	if r.Outcome != Changed || r.Added != 1 || strings.Join(f.in.titles(), ",") != "Kept" {
		t.Fatalf("poll after the store recovered: %+v, ingested %v", r, f.in.titles())
	}
}

func TestPollNowAndRun(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Write([]byte(rss("R", "", fullItem("r1", "Run"))))
	}))
	defer srv.Close()
	polls := make(chan Result, 10)
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in := &ingester{}
	p := New(Options{Store: st, Ingest: in.ingest, Fetcher: fetch.New(fetch.Options{AllowPrivate: true}),
		OnPoll: func(r Result) { polls <- r }})
	if _, err := p.PollNow(ctx, 42); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PollNow(unknown) = %v, want ErrNotFound", err)
	}

	c, cancel := context.WithCancel(ctx)
	stopped := make(chan error)
	go func() { stopped <- p.Run(c) }()
	// A feed added while Run sleeps is polled once Run is woken.
	now := time.Now()
	fd, err := st.AddFeed(ctx, model.Feed{URL: srv.URL, Interval: time.Hour, Added: now, NextPoll: now})
	if err != nil {
		t.Fatal(err)
	}
	p.Wake()
	select {
	case r := <-polls:
		if r.FeedID != fd.ID || r.Outcome != Changed {
			t.Errorf("Run's poll: %+v", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not poll the feed it was woken for")
	}
	// Not due for an hour, but polled now when asked.
	r, err := p.PollNow(ctx, fd.ID)
	if err != nil || r.Outcome != Changed || r.New != 0 || requests.Load() != 2 {
		t.Errorf("PollNow: %+v %v (%d requests)", r, err, requests.Load())
	}
	cancel()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}
