package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/storywire/storywire/internal/app"
)

// TestWatchSendsNewAndGrown: a watch on "talks" gets one message when the
// story appears and one more when another outlet reports it; nothing when
// a run leaves it as it was. Each attempt is in the watch's log.
func TestWatchSendsNewAndGrown(t *testing.T) {
	var mu sync.Mutex
	var got []map[string]any
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("webhook body %q: %v", b, err)
		}
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
	}))
	defer hook.Close()

	corpus, err := app.WriteDemoCorpus(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// The first report of the talks, alone; then the same outlet's other
	// files; then another outlet's report of the same talks.
	first := filepath.Join(t.TempDir(), "first")
	if err := os.MkdirAll(first, 0o755); err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(filepath.Join(corpus, "txt", "harbour-times-talks-off.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(first, "talks.txt"), string(body))

	db := filepath.Join(t.TempDir(), "sw.db")
	if code, _, errOut := run(t, db, "", "watch", "add", "--webhook", hook.URL+"/hook", "--query", "talks", "--entity", "Veldora"); code != ExitOK {
		t.Fatalf("watch add: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, db, "", "ingest", "-q", "--allow-private", first); code != ExitOK {
		t.Fatalf("ingest: %d %s", code, errOut)
	}
	if len(got) != 1 || got[0]["event"] != "new" {
		t.Fatalf("after the first report: %v", got)
	}
	story := got[0]["story"].(map[string]any)
	if !strings.Contains(strings.ToLower(story["title"].(string)), "talks") || story["outlets"].(float64) != 1 {
		t.Errorf("message story: %v", story)
	}
	// The Klaxon's report of the same talks: the story grows an outlet.
	if code, _, errOut := run(t, db, "", "ingest", "-q", "--allow-private", filepath.Join(corpus, "html", "klaxon-talks-off.html")); code != ExitOK {
		t.Fatalf("second ingest: %d %s", code, errOut)
	}
	if len(got) != 2 || got[1]["event"] != "grew" || got[1]["story"].(map[string]any)["outlets"].(float64) != 2 {
		t.Fatalf("after a second outlet: %v", got)
	}
	// Storing nothing new sends nothing.
	run(t, db, "", "ingest", "-q", "--allow-private", first)
	if len(got) != 2 {
		t.Errorf("a run that changed nothing sent %d more", len(got)-2)
	}
	_, out, _ := run(t, db, "", "watch", "log", "1", "--json")
	var log []map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log) != 2 || log[0]["delivered"] != true {
		t.Errorf("watch log: %s %v", out, err)
	}
	if code, out, _ := run(t, db, "", "watch", "list"); code != ExitOK || !strings.Contains(out, `query "talks"`) {
		t.Errorf("watch list: %s", out)
	}
	if code, _, _ := run(t, db, "", "watch", "remove", "1"); code != ExitOK {
		t.Error("watch remove")
	}
	if code, _, errOut := run(t, db, "", "watch", "remove", "1"); code == ExitOK || !strings.Contains(errOut, "watch list") {
		t.Errorf("removing it again: %d %s", code, errOut)
	}
}
