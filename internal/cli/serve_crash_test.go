package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/sqlite"
)

// Sizes of TestKilledServerLosesNothing.
const (
	crashFeeds        = 3
	crashFeedItems    = 120 // per feed
	crashBatches      = 60  // POST /articles requests
	crashBatchSize    = 8
	crashKills        = 5
	crashFirstReveal  = 5 // items a feed lists at first
	crashRevealByPoll = 4 // more items listed at each request
	// The clients' pace, so the work spans the kills.
	crashPostPause = 120 * time.Millisecond
	crashPollPause = 150 * time.Millisecond
)

// crashText is article n's text: distinct words and numbers, so articles
// are neither duplicates nor copies of each other.
func crashText(kind string, n int) string {
	places := []string{"Ostrel", "Varnholm", "Cape Verin", "Westhaven", "Arvena", "Vask", "Dunmore", "Kessling"}
	topics := []string{"bridge repairs", "a water main", "the tram depot", "school roofs", "harbour cranes", "flood barriers", "a library annex"}
	p, q := places[n%len(places)], topics[(n/len(places))%len(topics)]
	return fmt.Sprintf("Officials in %s said on day %d of the %s review that work on %s, item %d, would cost %d thousand crowns. "+
		"The %s committee voted %d to %d after a debate about contract %d-%s, according to minutes seen by reporters. "+
		"Residents near site %d had complained about delays since %d.",
		p, n, kind, q, n, 100+7*n, p, 5+n%4, 1+n%3, 9000+n, kind, n*13%997, 1990+n%30)
}

// crashFeedServer serves crashFeeds RSS feeds that list more items at
// every request (as a live feed does), up to all of them once final is
// set.
type crashFeedServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests [crashFeeds]int
	final    atomic.Bool
}

func newCrashFeedServer() *crashFeedServer {
	s := &crashFeedServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

func (s *crashFeedServer) url(feed int) string { return fmt.Sprintf("%s/f%d/rss", s.URL, feed) }

func (s *crashFeedServer) itemURL(feed, n int) string {
	return fmt.Sprintf("%s/f%d/a/%d", s.URL, feed, n)
}

func (s *crashFeedServer) serve(w http.ResponseWriter, r *http.Request) {
	var feed int
	if _, err := fmt.Sscanf(r.URL.Path, "/f%d/rss", &feed); err != nil || feed < 0 || feed >= crashFeeds {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	listed := min(crashFirstReveal+crashRevealByPoll*s.requests[feed], crashFeedItems)
	s.requests[feed]++
	s.mu.Unlock()
	if s.final.Load() {
		listed = crashFeedItems
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Crash feed %d</title>`, feed)
	for n := listed - 1; n >= 0; n-- { // newest first, as feeds list them
		u := s.itemURL(feed, n)
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>Feed %d report %d</title><link>%s</link><pubDate>%s</pubDate><description><![CDATA[%s]]></description></item>`,
			u, feed, n, u, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(feed*crashFeedItems+n)*time.Minute).Format(time.RFC1123Z),
			strings.Repeat("<p>"+crashText(fmt.Sprintf("feed%d", feed), n)+"</p>", 2))
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	io.WriteString(w, b.String())
}

// crashBatch is the body of POST number b.
func crashBatch(b int) string {
	var arts []map[string]string
	for i := range crashBatchSize {
		n := b*crashBatchSize + i
		arts = append(arts, map[string]string{
			"title": fmt.Sprintf("Posted report %d", n), "url": crashPostURL(n), "outlet": fmt.Sprintf("Poster %d", n%5),
			"published": time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute).Format(time.RFC3339),
			"text":      crashText("post", n),
		})
	}
	body, _ := json.Marshal(arts)
	return string(body)
}

func crashPostURL(n int) string { return fmt.Sprintf("https://post.example/news/%d", n) }

// crashServer is one serve process of the test.
type crashServer struct {
	cmd  *exec.Cmd
	base string
}

// startCrashServer re-executes the test binary as storywire serve on db
// and waits for its address.
func startCrashServer(t *testing.T, db string) *crashServer {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestServeCrashChild$")
	cmd.Env = append(os.Environ(), "STORYWIRE_SERVE_CRASH_CHILD="+db)
	logs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(logs)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	for lines.Scan() {
		var l struct{ Msg, Addr string }
		if json.Unmarshal(lines.Bytes(), &l) == nil && l.Msg == "listening" {
			go io.Copy(io.Discard, logs) // keep the log flowing
			return &crashServer{cmd: cmd, base: "http://" + l.Addr}
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatalf("the server exited before listening")
	return nil
}

func (s *crashServer) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
}

// crashClient offers the POST batches and asks for feed polls, as
// clients of a live server do; acked records the batches answered 200.
type crashClient struct {
	mu    sync.Mutex
	acked map[int]bool
	next  int // the batch to send next
}

// post sends batches in turn, each until it is answered 200, until ctx
// ends or all are acknowledged. A batch not acknowledged is sent again,
// as a client would after a failure.
func (c *crashClient) post(ctx context.Context, base string) {
	for ctx.Err() == nil {
		c.mu.Lock()
		b := c.next
		c.mu.Unlock()
		if b >= crashBatches {
			return
		}
		req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/articles", strings.NewReader(crashBatch(b)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			c.mu.Lock()
			c.acked[b] = true
			c.next++
			c.mu.Unlock()
		}
		time.Sleep(crashPostPause)
	}
}

// poll asks the server to poll every feed now, in turn, until ctx ends;
// it returns the outcome of the last poll of each feed.
func poll(ctx context.Context, base string, ids []int64, once bool) map[int64]string {
	out := map[int64]string{}
	for ctx.Err() == nil {
		for _, id := range ids {
			req, _ := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/feeds/%d/poll", base, id), nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			var r struct{ Outcome string }
			json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				out[id] = r.Outcome
			}
		}
		if once {
			return out
		}
		time.Sleep(crashPollPause)
	}
	return out
}

// TestKilledServerLosesNothing runs storywire serve over feeds that grow
// and clients that post articles, SIGKILLs it at random moments and
// restarts it on the same database each time, then finishes the work:
// every article the feeds listed and the clients posted is stored once,
// every acknowledged POST is stored, and every stored article is in a
// story.
func TestKilledServerLosesNothing(t *testing.T) {
	if os.Getenv("STORYWIRE_SERVE_CRASH_CHILD") != "" {
		return // the child's work is done in TestServeCrashChild
	}
	if testing.Short() {
		t.Skip("runs child processes")
	}
	feeds := newCrashFeedServer()
	defer feeds.Close()
	db := filepath.Join(t.TempDir(), "sw.db")
	var ids []int64
	for f := range crashFeeds {
		code, out, errOut := run(t, db, "", "feeds", "add", "--json", "--interval", "1m", feeds.url(f))
		var added struct{ ID int64 }
		if code != ExitOK || json.Unmarshal([]byte(out), &added) != nil {
			t.Fatalf("feeds add: %d %s %s", code, out, errOut)
		}
		ids = append(ids, added.ID)
	}

	client := &crashClient{acked: map[int]bool{}}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 19))
	for kill := range crashKills {
		srv := startCrashServer(t, db)
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { client.post(ctx, srv.base) })
		wg.Go(func() { poll(ctx, srv.base, ids, false) })
		// A random moment: while the stories load, or during the polls
		// and posts.
		time.Sleep(time.Duration(200+rng.IntN(2500)) * time.Millisecond)
		srv.kill()
		stop()
		wg.Wait()
		t.Logf("kill %d: %d articles stored, %d of %d batches acknowledged", kill+1, count(t, db), len(client.acked), crashBatches)
	}

	// The last start: the feeds list everything, the clients finish.
	feeds.final.Store(true)
	srv := startCrashServer(t, db)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	client.post(ctx, srv.base)
	for id, outcome := range poll(ctx, srv.base, ids, true) {
		if outcome != "changed" && outcome != "not_modified" {
			t.Errorf("the last poll of feed %d: %q", id, outcome)
		}
	}
	srv.cmd.Process.Signal(syscall.SIGTERM)
	if err := srv.cmd.Wait(); err != nil {
		t.Errorf("the last server did not stop cleanly: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the last run did not finish in time")
	}
	if len(client.acked) != crashBatches {
		t.Fatalf("%d of %d batches acknowledged", len(client.acked), crashBatches)
	}

	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts, err := st.Articles(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for _, a := range arts {
		stored[a.URL]++
	}
	want := 0
	check := func(u string) {
		want++
		if n := stored[u]; n != 1 {
			t.Errorf("%s stored %d times, want once", u, n)
		}
	}
	for f := range crashFeeds {
		for n := range crashFeedItems {
			check(feeds.itemURL(f, n))
		}
	}
	for n := range crashBatches * crashBatchSize {
		check(crashPostURL(n))
	}
	if len(arts) != want {
		t.Errorf("%d articles stored, want %d", len(arts), want)
	}
	left, err := st.Articles(context.Background(), store.Filter{Unassigned: true})
	if err != nil || len(left) != 0 {
		t.Errorf("%d stored articles are in no story (%v)", len(left), err)
	}
}

// TestServeCrashChild is the server TestKilledServerLosesNothing kills.
func TestServeCrashChild(t *testing.T) {
	db := os.Getenv("STORYWIRE_SERVE_CRASH_CHILD")
	if db == "" {
		t.Skip("run by TestKilledServerLosesNothing")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	env := Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: os.Stderr, Getenv: func(string) string { return "" }}
	if code := Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--allow-private", "--log-format", "json"}, env); code != ExitOK {
		t.Fatalf("serve exited %d", code)
	}
}
