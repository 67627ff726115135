package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/queue/queuetest"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres/pgtest"
)

// background runs a long-running command (a worker) until the returned
// stop is called; its exit code must be 0.
func background(t *testing.T, db string, args ...string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var out, errOut syncBuffer
	go func() {
		defer close(done)
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		if code := Run(ctx, append([]string{"--db", db}, args...), env); code != ExitOK {
			t.Errorf("%s: exit %d\n%s", strings.Join(args, " "), code, errOut.String())
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	// Cleanups run last first: the log is shown once the process stopped.
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s logged:\n%s", strings.Join(args, " "), errOut.String())
		}
	})
	t.Cleanup(stop)
	return stop
}

// makeDatabase makes Storywire's tables in db before processes start on
// it, so that they do not race to.
func makeDatabase(t testing.TB, db string) {
	t.Helper()
	a, err := app.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
}

// syncBuffer is a buffer a command writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor polls cond until it holds, failing the test after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// queueIdle reports whether the queue at url holds no work, the
// clusterer's included.
func queueIdle(t *testing.T, url string) func() bool {
	return func() bool {
		q, err := app.DialQueue(context.Background(), url, app.QueueOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		st, err := q.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st.Idle()
	}
}

// unassigned counts the stored articles in no story.
func unassigned(t *testing.T, db string) int {
	t.Helper()
	a, err := app.OpenExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	left, err := a.Articles(context.Background(), store.Filter{Unassigned: true})
	if err != nil {
		t.Fatal(err)
	}
	return len(left)
}

// TestDistributedGivesEmbeddedAnswers ingests the demo corpus through the
// queue (ingest --nats), one worker and the clusterer on PostgreSQL, and
// checks that the answers are exactly those of one process on SQLite:
// the same stories with the same ids and articles, the same entities
// with the same ids, quotes and comparisons.
func TestDistributedGivesEmbeddedAnswers(t *testing.T) {
	distributedDemo(t, 1, "1000", false)
}

// TestDistributedWorkersGiveEmbeddedAnswers is the same with two workers
// taking small batches at once: the stories come out with the same ids
// (the clusterer keeps the order the items were published in), and the
// entities, quotes and comparisons are the same; only the entities' ids
// differ (they are numbered as the workers met them), and so does the
// order of undated articles in a listing (the order they were stored in).
func TestDistributedWorkersGiveEmbeddedAnswers(t *testing.T) {
	distributedDemo(t, 2, "4", true)
}

// distributedDemo compares the demo corpus ingested through the
// distributed mode (workers taking batch items at a time) with one
// process on SQLite. The clusterer starts once the workers are done, so
// that it clusters the whole corpus in one group, as one ingest run does.
// With relabel, entity ids are compared by the entities' names.
func distributedDemo(t *testing.T, workers int, batch string, relabel bool) {
	pg := pgtest.Database(t)
	lite := filepath.Join(t.TempDir(), "s.db")
	nats := queuetest.Listen(t).URL()
	corpus, err := app.WriteDemoCorpus(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, lite, "", "ingest", "-q", corpus); code != ExitOK {
		t.Fatalf("embedded ingest: exit %d: %s", code, errOut)
	}
	makeDatabase(t, pg)
	code, out, errOut := run(t, "", "", "ingest", "--nats", nats, "--json", corpus)
	if code != ExitOK {
		t.Fatalf("ingest --nats: exit %d: %s", code, errOut)
	}
	var queued struct{ Queued, Failed int }
	if err := json.Unmarshal([]byte(out), &queued); err != nil || queued.Queued < 30 || queued.Failed != 0 {
		t.Fatalf("ingest --nats: %v\n%s", err, out)
	}
	var stops []func()
	for range workers {
		stops = append(stops, background(t, pg, "worker", "--nats", nats, "--batch", batch, "--log-format", "json"))
	}
	waitFor(t, 3*time.Minute, "the workers storing the corpus", func() bool {
		q, err := app.DialQueue(context.Background(), nats, app.QueueOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		st, err := q.Status(context.Background())
		return err == nil && st.Waiting == 0 && st.Working == 0
	})
	for _, stop := range stops {
		stop()
	}
	clusterer := background(t, pg, "worker", "--nats", nats, "--role", "cluster", "--log-format", "json")
	waitFor(t, 3*time.Minute, "the clusterer", func() bool { return queueIdle(t, nats)() && unassigned(t, pg) == 0 })
	clusterer()

	labels := [2]map[float64]string{}
	if relabel {
		for i, db := range []string{lite, pg} {
			labels[i] = entityLabels(t, db)
		}
	}
	// check runs a command on both databases and compares the JSON; with
	// sorted, a listing's entries are compared in any order.
	check := func(sorted bool, args ...string) any {
		t.Helper()
		got := answers(t, [2]string{lite, pg}, func(i int, v any) any {
			if relabel {
				v = relabelEntities(v, labels[i])
			}
			if list, ok := v.([]any); ok && sorted {
				sort.Slice(list, func(a, b int) bool {
					ja, _ := json.Marshal(list[a])
					jb, _ := json.Marshal(list[b])
					return string(ja) < string(jb)
				})
			}
			return v
		}, args...)
		sameAnswers(t, got, args...)
		return got[0]
	}
	same := func(args ...string) any { t.Helper(); return check(false, args...) }
	sameDemoAnswers(t, same)
	if relabel {
		// Quotes heard as often come in the order their articles were
		// stored in.
		if qs, _ := check(true, "quotes", "--limit", "0").([]any); len(qs) == 0 {
			t.Error("no quotes")
		}
	} else if qs, _ := same("quotes", "--limit", "0").([]any); len(qs) == 0 {
		t.Error("no quotes")
	}
	if relabel {
		sameSet(t, lite, pg, "articles")
	} else {
		same("articles")
	}
}

// entityLabels names each entity of db by its type and name, by id.
func entityLabels(t *testing.T, db string) map[float64]string {
	t.Helper()
	code, out, errOut := run(t, db, "", "entities", "--limit", "0", "--json")
	if code != ExitOK {
		t.Fatalf("entities: exit %d: %s", code, errOut)
	}
	var list []struct {
		ID   float64
		Name string
		Type string
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	labels := map[float64]string{}
	for _, e := range list {
		labels[e.ID] = e.Type + " " + e.Name
	}
	return labels
}

// relabelEntities puts the entities' labels where their ids are: in an
// object with an id, a name and a type (an entity), and in entity_id; a
// list of entities, ordered by id among ties, is sorted by label.
func relabelEntities(v any, labels map[float64]string) any {
	switch v := v.(type) {
	case map[string]any:
		_, named := v["name"]
		_, typed := v["type"]
		for k, x := range v {
			id, isID := x.(float64)
			switch {
			case isID && k == "id" && named && typed, isID && k == "entity_id":
				v[k] = labels[id]
			default:
				v[k] = relabelEntities(x, labels)
			}
		}
	case []any:
		entities := len(v) > 0
		for i, x := range v {
			v[i] = relabelEntities(x, labels)
			if m, ok := v[i].(map[string]any); !ok || m["name"] == nil || m["type"] == nil {
				entities = false
			} else if _, ok := m["id"].(string); !ok {
				entities = false
			}
		}
		if entities {
			sort.SliceStable(v, func(i, j int) bool {
				return v[i].(map[string]any)["id"].(string) < v[j].(map[string]any)["id"].(string)
			})
			// A story's key entities are cut at a length, ties at the cut
			// broken by id: those tied with the last are left out.
			least := math.Inf(1)
			for _, x := range v {
				if n, ok := x.(map[string]any)["articles"].(float64); ok {
					least = min(least, n)
				}
			}
			v = slices.DeleteFunc(v, func(x any) bool { return x.(map[string]any)["articles"] == least })
		}
	}
	return v
}

// TestKilledWorkerIsRedone kills a worker process with SIGKILL while it
// holds a batch, then lets another worker and the clusterer finish:
// every article is stored once and in a story, and nothing is recorded
// as failed.
func TestKilledWorkerIsRedone(t *testing.T) {
	if os.Getenv("STORYWIRE_WORKER_CHILD") != "" {
		return // the child's work is done in TestWorkerChild
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	pg := pgtest.Database(t)
	nats := queuetest.Listen(t).URL()
	const n = 400
	dir := t.TempDir()
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%04d.txt", i)),
			fmt.Sprintf("Report number %d\n\nCouncil officials in district %d said on Monday that repairs to bridge %d would start in spring, and that the cost, %d thousand, was agreed by the finance committee after a long debate.", i, i%37, i, 100+i))
	}
	makeDatabase(t, pg)
	if code, out, errOut := run(t, "", "", "ingest", "--nats", nats, dir); code != ExitOK || !strings.Contains(out, fmt.Sprintf("%d queued", n)) {
		t.Fatalf("ingest --nats: exit %d\n%s%s", code, out, errOut)
	}

	var childOut syncBuffer
	child := startWorker(t, pg, nats, "--batch 25 --concurrency 1 --ack-wait 2s", &childOut)
	// Killed once it has stored some batches and holds another.
	a, err := app.OpenExisting(context.Background(), pg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	count := func() int {
		st, err := a.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st.Articles
	}
	q, err := app.DialQueue(context.Background(), nats, app.QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	waitFor(t, 2*time.Minute, "the child worker storing a batch and holding another", func() bool {
		st, err := q.Status(context.Background())
		return err == nil && count() >= 50 && st.Working > 0
	})
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()
	before := count()
	st, _ := q.Status(context.Background())
	if before >= n || st.Working == 0 {
		t.Skipf("the child stored %d of %d and held %d jobs when killed; cannot test a killed batch here", before, n, st.Working)
	}
	t.Logf("killed the worker with %d articles stored and %d jobs in its hands", before, st.Working)

	background(t, pg, "worker", "--nats", nats, "--role", "all", "--ack-wait", "2s", "--log-format", "json")
	waitFor(t, 3*time.Minute, "the killed worker's jobs redone", func() bool { return queueIdle(t, nats)() && unassigned(t, pg) == 0 && count() == n })
	if after := count(); after != n {
		t.Errorf("%d articles stored, want %d", after, n)
	}
	hits, err := a.Search(context.Background(), `"finance committee"`, n+10)
	if err != nil || len(hits) != n {
		t.Errorf("the full-text index holds %d of %d articles (%v)", len(hits), n, err)
	}
	if st, _ := q.Status(context.Background()); st.Failed != 0 {
		fs, _ := q.Failures(context.Background(), 5)
		t.Errorf("%d failures recorded: %+v", st.Failed, fs)
	}
}

// TestWorkerChild is a worker process of the tests and benchmarks that
// start one (TestKilledWorkerIsRedone kills it). STORYWIRE_WORKER_CHILD
// is "DB|NATS URL" and, after another "|", the worker's flags.
func TestWorkerChild(t *testing.T) {
	spec := os.Getenv("STORYWIRE_WORKER_CHILD")
	if spec == "" {
		t.Skip("run by TestKilledWorkerIsRedone")
	}
	parts := strings.SplitN(spec, "|", 3)
	args := []string{"--db", parts[0], "worker", "--nats", parts[1], "--log-format", "json"}
	if len(parts) == 3 {
		args = append(args, strings.Fields(parts[2])...)
	}
	env := Env{Stdin: strings.NewReader(""), Stdout: os.Stdout, Stderr: os.Stderr, Getenv: func(string) string { return "" }}
	// ctx ends on SIGTERM, as in cmd/storywire: the worker stops
	// gracefully.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if code := Run(ctx, args, env); code != ExitOK {
		t.Errorf("worker: exit %d", code)
	}
}

// startWorker starts a worker process (TestWorkerChild) with flags; it is
// killed when the test ends, if still running.
func startWorker(t testing.TB, db, nats, flags string, out io.Writer) *exec.Cmd {
	t.Helper()
	child := exec.Command(os.Args[0], "-test.run", "^TestWorkerChild$", "-test.v")
	child.Env = append(os.Environ(), "STORYWIRE_WORKER_CHILD="+db+"|"+nats+"|"+flags)
	child.Stdout, child.Stderr = out, out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if child.ProcessState == nil {
			child.Process.Kill()
			child.Wait()
		}
	})
	return child
}

// TestDistributedFlags: the commands of the distributed mode refuse what
// cannot work, before they reach NATS or a database.
func TestDistributedFlags(t *testing.T) {
	lite := filepath.Join(t.TempDir(), "s.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"ingest", "--nats", "nats://127.0.0.1:1", "--languages", "en", "x.txt"}, "--languages is the workers' setting"},
		{[]string{"ingest", "--nats", "nats://127.0.0.1:1", "--no-analyze", "x.txt"}, "--no-analyze is the workers' setting"},
		{[]string{"worker"}, "give the NATS server with --nats"},
		{[]string{"worker", "--nats", "nats://127.0.0.1:1", "--role", "both"}, `--role "both"`},
		{[]string{"worker", "--nats", "nats://127.0.0.1:1"}, "needs a PostgreSQL database"},
		{[]string{"serve", "--nats", "nats://127.0.0.1:1"}, "needs the PostgreSQL database"},
		{[]string{"queue", "status"}, "give the NATS server with --nats"},
	} {
		code, _, errOut := run(t, lite, "", c.args...)
		if code != ExitFatal || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d %q, want %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
	if _, err := os.Stat(lite); err == nil {
		t.Error("a refused command made the database")
	}
}
