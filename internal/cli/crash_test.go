package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/sqlite"
)

// TestKilledIngestResumes kills an ingest with SIGKILL part way and runs
// it again: nothing is stored twice, nothing is half stored, and the
// second run completes the rest, the stories of the articles the killed
// run stored but had not clustered included.
func TestKilledIngestResumes(t *testing.T) {
	if os.Getenv("STORYWIRE_CRASH_CHILD") != "" {
		return // the child's work is done in TestCrashChild
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	const n = 3000
	dir := t.TempDir()
	for i := range n {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%02d", i/100), fmt.Sprintf("%04d.txt", i)),
			fmt.Sprintf("Report number %d\n\nCouncil officials in district %d said on Monday that repairs to bridge %d would start in spring, and that the cost, %d thousand, was agreed by the finance committee after a long debate.", i, i%37, i, 100+i))
	}
	db := filepath.Join(t.TempDir(), "s.db")

	child := exec.Command(os.Args[0], "-test.run", "^TestCrashChild$", "-test.v")
	child.Env = append(os.Environ(), "STORYWIRE_CRASH_CHILD="+db+"|"+dir)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once some batches are committed.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if c := count(t, db); c >= 400 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()
	before := count(t, db)
	if before == 0 || before >= n {
		t.Skipf("child stored %d of %d before the kill; cannot test a partial ingest here", before, n)
	}

	code, out, errOut := run(t, db, "", "ingest", "--json", dir)
	if code != ExitOK {
		t.Fatalf("rerun exit %d\n%s\n%s", code, out, errOut)
	}
	if after := count(t, db); after != n {
		t.Fatalf("%d articles after the rerun, want %d (had %d after the kill)", after, n, before)
	}
	if !strings.Contains(out, fmt.Sprintf(`"duplicates": %d`, before)) {
		t.Errorf("rerun should skip the %d stored before the kill:\n%s", before, out)
	}
	// Every stored article is whole: its full-text entry and its sketch.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hits, err := st.Search(context.Background(), `"finance committee"`, n+10)
	if err != nil || len(hits) != n {
		t.Errorf("full-text index holds %d of %d articles (%v)", len(hits), n, err)
	}
	left, err := st.Articles(context.Background(), store.Filter{Unassigned: true})
	if err != nil || len(left) != 0 {
		t.Errorf("%d articles are in no story after the rerun (%v)", len(left), err)
	}
}

// TestCrashChild is the process TestKilledIngestResumes kills.
func TestCrashChild(t *testing.T) {
	spec := os.Getenv("STORYWIRE_CRASH_CHILD")
	if spec == "" {
		t.Skip("run by TestKilledIngestResumes")
	}
	db, dir, _ := strings.Cut(spec, "|")
	run(t, db, "", "ingest", "-q", dir)
}

// count returns the number of stored articles, 0 while there is no
// database yet.
func count(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		return 0
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		return 0
	}
	return s.Articles
}
