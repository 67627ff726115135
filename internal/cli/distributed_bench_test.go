package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/queue/queuetest"
	"github.com/storywire/storywire/internal/store/postgres/pgtest"
)

// ecbDev is the ECB+ development set the ingest benchmarks read (772
// articles), beside the repository.
const ecbDev = "../../../shared/data/ecbplus/ecbplus-dev.jsonl"

// benchDeployment is a NATS server and a PostgreSQL database for a
// benchmark, with the ECB+ dev set to ingest; skipped without either.
func benchDeployment(b *testing.B) (db, nats string) {
	b.Helper()
	pgtest.Server(b)
	if _, err := os.Stat(ecbDev); err != nil {
		b.Skipf("ECB+ dev (%s) is not here: %v", ecbDev, err)
	}
	db = pgtest.Database(b)
	makeDatabase(b, db)
	return db, queuetest.Listen(b).URL()
}

// readyWorkers starts n worker processes with flags and waits until each
// has loaded its models and is ready for jobs.
func readyWorkers(b *testing.B, n int, db, nats, flags string) []*exec.Cmd {
	b.Helper()
	var cmds []*exec.Cmd
	var outs []*syncBuffer
	for range n {
		out := &syncBuffer{}
		cmds = append(cmds, startWorker(b, db, nats, flags, out))
		outs = append(outs, out)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for _, out := range outs {
		for !strings.Contains(out.String(), `"msg":"worker ready"`) {
			if time.Now().After(deadline) {
				b.Fatalf("a worker is not ready after 2 minutes:\n%s", out.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return cmds
}

// stopWorkers stops worker processes gracefully and returns the CPU time
// they used.
func stopWorkers(b *testing.B, cmds []*exec.Cmd) time.Duration {
	b.Helper()
	var cpu time.Duration
	for _, c := range cmds {
		c.Process.Signal(syscall.SIGTERM)
	}
	for _, c := range cmds {
		c.Wait()
		cpu += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	}
	return cpu
}

// readQueue reads the queue at nats.
func readQueue(b testing.TB, nats string) app.QueueStatus {
	b.Helper()
	q, err := app.DialQueue(context.Background(), nats, app.QueueOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	st, err := q.Status(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// pgCounts are a database's counters of committed transactions and of
// rows inserted, updated and deleted (pg_stat_database).
type pgCounts struct{ commits, rows int64 }

func (c pgCounts) add(d pgCounts) pgCounts { return pgCounts{c.commits + d.commits, c.rows + d.rows} }
func (c pgCounts) sub(d pgCounts) pgCounts { return pgCounts{c.commits - d.commits, c.rows - d.rows} }

// readPGCounts reads db's counters, once the server has them all: a
// session sends its counts when it ends or within a second.
func readPGCounts(b *testing.B, db string) pgCounts {
	b.Helper()
	time.Sleep(1500 * time.Millisecond)
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(context.Background())
	var c pgCounts
	err = conn.QueryRow(context.Background(), `SELECT xact_commit, tup_inserted + tup_updated + tup_deleted
		FROM pg_stat_database WHERE datname = current_database()`).Scan(&c.commits, &c.rows)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDistributedIngest publishes the 772 ECB+ dev articles to the
// queue and times 1, 2 and 4 worker processes (started and ready
// before) storing them all on PostgreSQL: articles/s from the first
// publish to the last acknowledgement (publishing included; clustering
// not: BenchmarkDistributedClusterer). worker-cpu-s is the CPU time the
// worker processes used per article, their start-up included;
// pg-commits and pg-rows-written count the database's transactions and
// rows written per article (pg_stat_database; the benchmark's own few
// reads of the queue's state aside). Skipped
// without STORYWIRE_TEST_POSTGRES or the ECB+ data.
func BenchmarkDistributedIngest(b *testing.B) {
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var stored int
			var took, cpu time.Duration
			var pg pgCounts
			for b.Loop() {
				b.StopTimer()
				db, nats := benchDeployment(b)
				before := readPGCounts(b, db)
				cmds := readyWorkers(b, workers, db, nats, "")
				b.StartTimer()
				start := time.Now()
				if code, out, errOut := run(b, "", "", "ingest", "--nats", nats, ecbDev); code != ExitOK {
					b.Fatalf("ingest --nats: exit %d\n%s%s", code, out, errOut)
				}
				for {
					st := readQueue(b, nats)
					if st.Waiting == 0 && st.Working == 0 {
						stored += int(st.Stored)
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				took += time.Since(start)
				b.StopTimer()
				cpu += stopWorkers(b, cmds)
				pg = pg.add(readPGCounts(b, db).sub(before))
				b.StartTimer()
			}
			b.ReportMetric(float64(stored)/took.Seconds(), "articles/s")
			b.ReportMetric(cpu.Seconds()/float64(stored), "worker-cpu-s/article")
			b.ReportMetric(float64(pg.commits)/float64(stored), "pg-commits/article")
			b.ReportMetric(float64(pg.rows)/float64(stored), "pg-rows-written/article")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkDistributedClusterer times the clusterer's own work: with
// the clusterer active (and told to wait 5 s of quiet before it
// clusters what it gathered), one worker stores the ECB+ dev articles,
// and the clusterer gives them their stories in one group (reading them,
// assigning, settling, storing). articles/s is the articles clustered
// over the groups' time: the clusterer's ceiling. Skipped without
// STORYWIRE_TEST_POSTGRES or the ECB+ data.
func BenchmarkDistributedClusterer(b *testing.B) {
	var clustered, groups int
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		db, nats := benchDeployment(b)
		a, err := app.OpenExisting(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		q, err := app.DialQueue(context.Background(), nats, app.QueueOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		active := make(chan struct{}, 1)
		got := make(chan app.ClusterGroup, 64)
		done := make(chan error, 1)
		go func() {
			done <- a.RunClusterer(ctx, q, app.ClustererOptions{Quiet: 5 * time.Second, MaxDelay: 5 * time.Minute, Logger: quietLog(),
				OnActive: func() { active <- struct{}{} },
				OnGroup:  func(g app.ClusterGroup) { got <- g }})
		}()
		<-active
		cmds := readyWorkers(b, 1, db, nats, "")
		if code, out, errOut := run(b, "", "", "ingest", "--nats", nats, ecbDev); code != ExitOK {
			b.Fatalf("ingest --nats: exit %d\n%s%s", code, out, errOut)
		}
		for st := readQueue(b, nats); !st.Idle(); st = readQueue(b, nats) {
			time.Sleep(50 * time.Millisecond)
		}
		stopWorkers(b, cmds)
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		close(got)
		for g := range got {
			clustered += g.Clustered
			took += g.Took
			groups++
		}
		q.Close()
		a.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(clustered)/took.Seconds(), "articles/s")
	b.ReportMetric(float64(groups)/float64(b.N), "groups")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkWorkerRecovery measures the time from a worker's SIGKILL to
// its work being redone: two worker processes each take a batch of 100
// of 200 ECB+ articles; one is killed before it commits, and the clock
// runs from the kill until the other has stored both batches (its own,
// then the killed one's once the queue gives it out again). The
// recovery is the queue's AckWait (after the killed worker's last word)
// plus the batch's own time, so it is run with the default 30 s and with
// 5 s. Skipped without STORYWIRE_TEST_POSTGRES or the ECB+ data.
func BenchmarkWorkerRecovery(b *testing.B) {
	for _, ackWait := range []string{"30s", "5s"} {
		b.Run("ack-wait="+ackWait, func(b *testing.B) {
			var took time.Duration
			for b.Loop() {
				b.StopTimer()
				db, nats := benchDeployment(b)
				input := firstLines(b, ecbDev, 200)
				if code, out, errOut := run(b, "", "", "ingest", "--nats", nats, input); code != ExitOK || !strings.Contains(out, "200 queued") {
					b.Fatalf("ingest --nats: exit %d\n%s%s", code, out, errOut)
				}
				cmds := readyWorkers(b, 2, db, nats, "--batch 100 --concurrency 1 --ack-wait "+ackWait)
				for st := readQueue(b, nats); st.Working < 200; st = readQueue(b, nats) {
					time.Sleep(5 * time.Millisecond)
				}
				b.StartTimer()
				start := time.Now()
				cmds[0].Process.Signal(syscall.SIGKILL)
				redelivered := false
				for st := readQueue(b, nats); st.Stored < 200; st = readQueue(b, nats) {
					redelivered = redelivered || st.Redelivered > 0
					time.Sleep(20 * time.Millisecond)
				}
				took += time.Since(start)
				b.StopTimer()
				if !redelivered {
					b.Fatal("the killed worker's batch was not delivered again: it had stored it before the kill")
				}
				cmds[0].Wait()
				stopWorkers(b, cmds[1:])
				b.StartTimer()
			}
			b.ReportMetric(took.Seconds()/float64(b.N), "s/recovery")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// firstLines writes the first n lines of a file to a temporary file of
// the same extension and returns its path.
func firstLines(b *testing.B, path string, n int) string {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	out := filepath.Join(b.TempDir(), "first"+filepath.Ext(path))
	if err := os.WriteFile(out, []byte(strings.Join(lines[:min(n, len(lines))], "")), 0o644); err != nil {
		b.Fatal(err)
	}
	return out
}

// quietLog discards a process's log.
func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
