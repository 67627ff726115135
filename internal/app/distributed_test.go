package app_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/queue"
	"github.com/storywire/storywire/internal/queue/queuetest"
	"github.com/storywire/storywire/internal/source"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres"
	"github.com/storywire/storywire/internal/store/postgres/pgtest"
)

// cluster is a test's distributed deployment: an in-process NATS server,
// a PostgreSQL database, and the processes started on them (each an App
// with its own pool, as a process would have).
type deployment struct {
	t   *testing.T
	db  string
	srv *queuetest.Server
	o   app.QueueOptions
	wg  sync.WaitGroup
}

func newDeployment(t *testing.T) *deployment {
	t.Helper()
	d := &deployment{t: t, db: pgtest.Database(t), srv: queuetest.Start(t),
		o: app.QueueOptions{AckWait: 2 * time.Second, Attempts: 3}}
	// The database first, so that processes started at once do not race
	// to make it.
	a, err := app.Open(context.Background(), d.db)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	t.Cleanup(d.wg.Wait)
	return d
}

func (d *deployment) queue() *app.Queue {
	d.t.Helper()
	q, err := queue.New(context.Background(), d.srv.Conn(d.t), d.o)
	if err != nil {
		d.t.Fatal(err)
	}
	return q
}

func (d *deployment) open() *app.App {
	d.t.Helper()
	a, err := app.Open(context.Background(), d.db)
	if err != nil {
		d.t.Fatal(err)
	}
	return a
}

// quiet is the processes' log: silent unless STORYWIRE_TEST_LOG is set.
var quiet = func() *slog.Logger {
	if os.Getenv("STORYWIRE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}()

// process runs fn on an App of its own until the returned stop is called
// (or the test ends); fn's error fails the test.
func (d *deployment) process(name string, fn func(ctx context.Context, a *app.App, q *app.Queue) error) (stop func()) {
	a := d.open()
	q := d.queue()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer close(done)
		defer a.Close()
		if err := fn(ctx, a, q); err != nil {
			d.t.Errorf("%s: %v", name, err)
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	d.t.Cleanup(stop)
	return stop
}

func (d *deployment) worker(name string) (stop func()) {
	return d.process(name, func(ctx context.Context, a *app.App, q *app.Queue) error {
		return a.RunWorker(ctx, q, app.WorkerOptions{Batch: 8, Concurrency: 1, Logger: quiet})
	})
}

func (d *deployment) clusterer(name string, active chan<- string) (stop func()) {
	return d.process(name, func(ctx context.Context, a *app.App, q *app.Queue) error {
		return a.RunClusterer(ctx, q, app.ClustererOptions{Quiet: 300 * time.Millisecond, Logger: quiet,
			OnActive: func() {
				if active != nil {
					active <- name
				}
			}})
	})
}

// settled waits until the queue is idle and every stored article has its
// story.
func (d *deployment) settled(a *app.App, q *app.Queue) {
	d.t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		st, err := q.Status(ctx)
		if err != nil {
			d.t.Fatal(err)
		}
		left, err := a.Articles(ctx, store.Filter{Unassigned: true})
		if err != nil {
			d.t.Fatal(err)
		}
		if st.Idle() && len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("not settled after 3 minutes: %+v, %d articles without a story", st, len(left))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// embedded ingests inputs into a new SQLite database in one process, as
// storywire ingest does.
func embedded(t *testing.T, inputs ...string) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Ingest(context.Background(), inputs, app.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	return a
}

// partition is the stories as sets of article ids (story ids aside),
// sorted, one line each.
func partition(t *testing.T, a *app.App) []string {
	t.Helper()
	arts, err := a.Articles(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(arts))
	for i, x := range arts {
		ids[i] = x.ID
	}
	as, err := a.Assignments(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	by := map[int64][]string{}
	for _, id := range ids {
		s, ok := as[id]
		if !ok {
			t.Errorf("article %s has no story", id)
			continue
		}
		by[s.Story] = append(by[s.Story], id)
	}
	var out []string
	for _, m := range by {
		sort.Strings(m)
		out = append(out, strings.Join(m, " "))
	}
	sort.Strings(out)
	return out
}

func demoCorpus(t *testing.T) string {
	t.Helper()
	corpus, err := app.WriteDemoCorpus(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return corpus
}

// TestWorkersStoreEveryArticleOnce: the demo corpus published twice
// (the second time dropped by JetStream as the same items) and taken by
// two workers, with jobs a dead worker took and never acknowledged,
// ends up stored once, every article in a story, in the stories one
// process makes.
func TestWorkersStoreEveryArticleOnce(t *testing.T) {
	ctx := context.Background()
	d := newDeployment(t)
	corpus := demoCorpus(t)
	q := d.queue()
	sum, err := app.EnqueueInputs(ctx, q, []string{corpus}, app.IngestOptions{})
	if err != nil || sum.Queued < 30 || sum.Failed != 0 {
		t.Fatalf("enqueue: %+v, %v", sum, err)
	}
	again, err := app.EnqueueInputs(ctx, q, []string{corpus}, app.IngestOptions{})
	if err != nil || again.Queued != 0 || again.AlreadyQueued != sum.Queued+sum.AlreadyQueued {
		t.Fatalf("enqueue again: %+v, %v; want all %d dropped as queued already", again, err, sum.Queued+sum.AlreadyQueued)
	}
	// A worker that takes jobs and dies before acknowledging them: they
	// come again to the live workers once the acknowledgement wait is
	// over.
	dead, err := q.Workers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if taken, err := dead.Fetch(ctx, 5, time.Second); err != nil || len(taken) != 5 {
		t.Fatalf("the dead worker took %d jobs: %v", len(taken), err)
	}
	// A server publishing to the queue hears of the stories the
	// clusterer makes.
	follower := d.open()
	defer follower.Close()
	var mu sync.Mutex
	told := map[string]bool{}
	follower.OnStories(func(events []app.StoryEvent) {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range events {
			for _, id := range e.Added {
				told[id] = true
			}
		}
	})
	stopFollowing, err := follower.FollowStories(d.queue())
	if err != nil {
		t.Fatal(err)
	}
	defer stopFollowing()

	d.worker("worker 1")
	d.worker("worker 2")
	d.clusterer("clusterer", nil)
	a := d.open()
	defer a.Close()
	d.settled(a, q)

	want := embedded(t, corpus)
	wantStats, _ := want.Stats(ctx)
	gotStats, err := a.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if gotStats != wantStats {
		t.Errorf("stored %+v, one process stores %+v", gotStats, wantStats)
	}
	if got, w := partition(t, a), partition(t, want); !slices.Equal(got, w) {
		t.Errorf("stories differ from one process's:\n got %q\nwant %q", got, w)
	}
	fs, err := q.Failures(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		t.Errorf("failure recorded: %+v", f)
	}
	heard := func() int { mu.Lock(); defer mu.Unlock(); return len(told) }
	for deadline := time.Now().Add(10 * time.Second); heard() < gotStats.Articles && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond) // the last events may be on their way
	}
	if n := heard(); n != gotStats.Articles {
		t.Errorf("the follower heard of %d articles put in stories, %d were stored", n, gotStats.Articles)
	}
}

// holder returns the backend pid of the session holding the clusterer's
// lease, 0 when none does.
func holder(t *testing.T, db string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var pid int
	// Advisory locks are the database's; the server lists every
	// database's (other tests' among them).
	err = conn.QueryRow(context.Background(), `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND objsubid = 1 AND classid = $1 AND objid = $2`, int64(0x7377636c), int64(0x75737472)).Scan(&pid)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestStandbyClustererTakesOver: of two clusterers one is active; when
// its session dies, the standby takes over and clusters what comes next,
// and every article ends up in one story.
func TestStandbyClustererTakesOver(t *testing.T) {
	ctx := context.Background()
	d := newDeployment(t)
	corpus := demoCorpus(t)
	q := d.queue()
	active := make(chan string, 4)
	d.clusterer("clusterer A", active)
	first := <-active
	d.clusterer("clusterer B", active)
	d.worker("worker")
	a := d.open()
	defer a.Close()

	if _, err := app.EnqueueInputs(ctx, q, []string{filepath.Join(corpus, "txt")}, app.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	d.settled(a, q)
	select {
	case second := <-active:
		t.Fatalf("%s became active beside %s", second, first)
	default:
	}

	// The active clusterer's session ends (its machine gone, say).
	pid := holder(t, d.db)
	if pid == 0 {
		t.Fatal("no session holds the clusterer's lease")
	}
	conn, err := pgx.Connect(ctx, d.db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	var second string
	select {
	case second = <-active:
	case <-time.After(time.Minute):
		t.Fatal("no standby took over within a minute")
	}
	if second == first {
		t.Logf("%s took the lease again itself", first)
	}

	if _, err := app.EnqueueInputs(ctx, q, []string{filepath.Join(corpus, "html"), filepath.Join(corpus, "export.jsonl")}, app.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	d.settled(a, q)
	n, _ := a.Stats(ctx)
	got := partition(t, a)
	members := 0
	for _, s := range got {
		members += len(strings.Fields(s))
	}
	if members != n.Articles {
		t.Errorf("%d articles in stories, %d stored", members, n.Articles)
	}
	if n.Articles < 20 {
		t.Errorf("only %d articles stored", n.Articles)
	}
	t.Logf("%d articles in %d stories; the lease went from %s to %s", n.Articles, len(got), first, second)
}

// TestPoisonJobsAreRecordedAndDropped: a job delivered more times than
// the queue's attempts (its workers died with it each time) and a
// message that is no job are recorded as failed with their reasons and
// never come again, and the good jobs beside them are stored; an item
// that fails to extract is recorded with the extractor's reason.
func TestPoisonJobsAreRecordedAndDropped(t *testing.T) {
	ctx := context.Background()
	d := newDeployment(t)
	d.o.AckWait = 500 * time.Millisecond
	q := d.queue()
	good := func(n int) queue.Job {
		return queue.Job{Origin: fmt.Sprintf("good-%d.txt", n), Doc: model.RawDocument{Origin: fmt.Sprintf("good-%d.txt", n), Format: model.FormatText,
			Body: []byte(fmt.Sprintf("Ferry service %d resumes\n\nThe ferry service number %d between Ostrel and Varnholm resumed on Monday after repairs, the operator said.", n, n))}}
	}
	poison := good(0)
	poison.Origin, poison.Doc.Origin = "poison.txt", "poison.txt"
	if _, err := q.Publish(ctx, poison); err != nil {
		t.Fatal(err)
	}
	// The poison job is taken and never acknowledged, as many times as
	// the queue allows attempts: each taker died.
	dead, err := q.Workers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt <= d.o.Attempts; {
		got, err := dead.Fetch(ctx, 1, 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 1 {
			if got[0].Attempt() != attempt {
				t.Fatalf("delivery %d counted as attempt %d", attempt, got[0].Attempt())
			}
			attempt++
		}
	}
	for n := 1; n <= 3; n++ {
		if _, err := q.Publish(ctx, good(n)); err != nil {
			t.Fatal(err)
		}
	}
	empty := queue.Job{Origin: "empty.txt", Doc: model.RawDocument{Origin: "empty.txt", Format: model.FormatText, Body: []byte("  \n")}}
	if _, err := q.Publish(ctx, empty); err != nil {
		t.Fatal(err)
	}
	nc := d.srv.Conn(t)
	if err := nc.Publish("storywire.work", []byte("not a job")); err != nil {
		t.Fatal(err)
	}
	d.worker("worker")
	d.clusterer("clusterer", nil)
	a := d.open()
	defer a.Close()
	d.settled(a, q)
	if st, _ := a.Stats(ctx); st.Articles != 3 {
		t.Errorf("%d articles stored, want the 3 good ones", st.Articles)
	}
	fs, err := q.Failures(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range fs {
		reasons[f.Origin] = f.Reason
	}
	if r := reasons["poison.txt"]; !strings.Contains(r, fmt.Sprintf("delivered %d times", d.o.Attempts)) {
		t.Errorf("poison job: %q", r)
	}
	if r := reasons["empty.txt"]; r == "" {
		t.Errorf("empty item: no failure recorded (%v)", reasons)
	}
	if len(fs) != 3 {
		t.Errorf("%d failures recorded, want 3: %+v", len(fs), reasons)
	}
	for origin, r := range reasons {
		if origin != "poison.txt" && origin != "empty.txt" && !strings.Contains(r, "not a job") {
			t.Errorf("%s: %q, want the undecodable message's reason", origin, r)
		}
	}
}

// TestEnqueueTooLarge: an item too large for one NATS message is queued
// as its URL for a worker to fetch when it has one, and failed, saying
// what to do, when it has none.
func TestEnqueueTooLarge(t *testing.T) {
	ctx := context.Background()
	q, err := queue.New(ctx, queuetest.Start(t).Conn(t), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Text that does not compress below the server's 1 MB.
	var b strings.Builder
	x := uint32(7)
	for b.Len() < 3<<20 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte(byte('a' + x%26))
	}
	big := func(origin, url string) source.Item {
		return source.Item{Origin: origin, Doc: model.RawDocument{Origin: origin, Format: model.FormatHTML, Body: []byte(b.String()), Meta: model.Metadata{URL: url}}}
	}
	sum, err := app.Enqueue(ctx, q, slices.Values([]source.Item{
		big("feed.xml#1", "https://news.example/long-read"),
		big("export.jsonl:2", ""),
	}), app.IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Queued != 1 || sum.ByReference != 1 || sum.Failed != 1 {
		t.Fatalf("summary: %+v", sum)
	}
	if msg := sum.Failures[0].Err.Error(); sum.Failures[0].Origin != "export.jsonl:2" || !strings.Contains(msg, "max_payload") || !strings.Contains(msg, "without --nats") {
		t.Errorf("failure: %s: %s", sum.Failures[0].Origin, msg)
	}
	w, err := q.Workers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Fetch(ctx, 5, time.Second)
	if err != nil || len(got) != 1 {
		t.Fatalf("fetched %d jobs: %v", len(got), err)
	}
	if j := got[0].Job; j.URL != "https://news.example/long-read" || j.Origin != "feed.xml#1" || len(j.Doc.Body) != 0 {
		t.Errorf("the job by reference: %+v", j)
	}
}

// onPostgres opens an App on a database of its own on the test server,
// and a second handle on it that stands for another process (a worker, a
// clusterer); both are closed when the test ends.
func onPostgres(t *testing.T) (*app.App, *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	db := pgtest.Database(t)
	a, err := app.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	pg, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	return a, pg
}

// checkWaitsForNoClusterer checks that run, a rewrite of every story or
// entity, is refused while another process holds the clusterer's lease,
// and runs once it is free.
func checkWaitsForNoClusterer(t *testing.T, what string, run func(*app.App) error) {
	t.Helper()
	ctx := context.Background()
	a, pg := onPostgres(t)
	lock, err := pg.LockClusterer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := run(a); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "a clusterer is running") {
		t.Errorf("%s beside a clusterer: %v", what, err)
	}
	if err := lock.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if err := run(a); err != nil {
		t.Errorf("%s once the clusterer stopped: %v", what, err)
	}
}

// TestReclusterWaitsForNoClusterer: a rebuild of the stories waits for
// no distributed clusterer.
func TestReclusterWaitsForNoClusterer(t *testing.T) {
	checkWaitsForNoClusterer(t, "recluster", func(a *app.App) error {
		_, err := a.Recluster(context.Background())
		return err
	})
}

// TestIngestTakesTurnsWithWorkers checks that a plain ingest on
// PostgreSQL waits for the ingest writers' lock that the distributed
// workers take, so that its decisions (new, duplicate or copy; which
// entity a name is) see what they stored, and theirs see its.
func TestIngestTakesTurnsWithWorkers(t *testing.T) {
	ctx := context.Background()
	a, pg := onPostgres(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(file, []byte("Harbour reopens\n\nThe harbour of Ostrel reopened on Monday after the storm, officials said.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Another writer (a worker's batch) holds the lock until released.
	held, release, writerDone := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	var releaseOnce sync.Once
	releaseWriter := func() { releaseOnce.Do(func() { close(release) }) }
	defer releaseWriter() // before the stores close, whatever fails
	go func() {
		writerDone <- pg.Write(ctx, func(tx store.Tx) error {
			if err := tx.(interface{ LockIngest(context.Context) error }).LockIngest(ctx); err != nil {
				return err
			}
			// The lock is sent with the transaction's next read.
			if _, err := tx.Article(ctx, "none"); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	select {
	case <-held:
	case err := <-writerDone:
		t.Fatalf("the other writer: %v", err)
	}
	ingested := make(chan error, 1)
	var sum app.IngestSummary
	go func() {
		var err error
		sum, err = a.Ingest(ctx, []string{file}, app.IngestOptions{NoAnalyze: true})
		ingested <- err
	}()
	select {
	case err := <-ingested:
		t.Fatalf("the ingest ended (%v) while another ingest writer held the lock", err)
	case <-time.After(time.Second):
	}
	releaseWriter()
	if err := <-writerDone; err != nil {
		t.Fatal(err)
	}
	if err := <-ingested; err != nil || sum.Added != 1 {
		t.Fatalf("ingest after the other writer: %+v, %v", sum, err)
	}
}

// TestReanalyzeAllWaitsForNoClusterer: analysing every article again,
// which makes every entity again under new ids, waits for no distributed
// clusterer.
func TestReanalyzeAllWaitsForNoClusterer(t *testing.T) {
	m, err := app.LoadNERModel("")
	if err != nil {
		t.Fatal(err)
	}
	checkWaitsForNoClusterer(t, "analyse everything again", func(a *app.App) error {
		_, err := a.Reanalyze(context.Background(), m, app.ReanalyzeOptions{All: true})
		return err
	})
}
