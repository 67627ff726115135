package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestFeedsCommands(t *testing.T) {
	text := strings.Repeat("The Ostrel harbour ferry ran aground on Tuesday near the northern breakwater, the port authority said. ", 8)
	var up atomic.Bool
	up.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Harbour Times</title><item><guid>f1</guid><title>Ferry runs aground</title><link>http://%s/ferry</link><description>%s</description></item></channel></rss>`, r.Host, text)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "s.db")

	if code, out, errOut := run(t, db, "", "feeds", "add", srv.URL+"/rss", "--interval", "30m"); code != ExitOK || !strings.Contains(out, "feed 1:") || !strings.Contains(out, "every 30m") {
		t.Fatalf("feeds add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, db, "", "feeds", "add", srv.URL+"/rss"); code != ExitFatal || !strings.Contains(errOut, "already subscribed") {
		t.Errorf("feeds add again: %d %q", code, errOut)
	}
	// Loopback is refused unless allowed: the feed fails, exit 2.
	if code, out, _ := run(t, db, "", "feeds", "poll"); code != ExitPartial || !strings.Contains(out, "--allow-private") {
		t.Errorf("feeds poll without --allow-private: %d %q", code, out)
	}
	if code, out, errOut := run(t, db, "", "feeds", "poll", "1", "--allow-private"); code != ExitOK || !strings.Contains(out, "1 articles added") {
		t.Fatalf("feeds poll 1: %d %q %q", code, out, errOut)
	}
	up.Store(false)
	if code, out, _ := run(t, db, "", "feeds", "poll", "1", "--allow-private", "--json"); code != ExitPartial || !strings.Contains(out, `"outcome": "failed"`) {
		t.Errorf("feeds poll of a failing feed: %d %q", code, out)
	}
	code, out, _ := run(t, db, "", "feeds", "list", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); code != ExitOK || err != nil || len(list) != 1 {
		t.Fatalf("feeds list --json: %d %v %q", code, err, out)
	}
	f := list[0]
	if f["title"] != "Harbour Times" || f["failing"] != true || f["failing_since"] == nil || f["last_success"] == nil ||
		!strings.Contains(fmt.Sprint(f["last_error"]), "503") || f["items_seen"] != 1.0 || f["articles_added"] != 1.0 {
		t.Errorf("feed health: %v", f)
	}
	if _, out, _ := run(t, db, "", "feeds", "list"); !strings.Contains(out, "failing since") || !strings.Contains(out, "503") {
		t.Errorf("feeds list: %q", out)
	}
	_, opml, _ := run(t, db, "", "feeds", "export")
	db2 := filepath.Join(t.TempDir(), "t.db")
	if code, out, _ := run(t, db2, opml, "feeds", "import", "-"); code != ExitOK || !strings.Contains(out, "1 feeds added") {
		t.Errorf("feeds import: %d %q", code, out)
	}
	if code, out, _ := run(t, db, "", "feeds", "remove", "1"); code != ExitOK || !strings.Contains(out, "removed") {
		t.Errorf("feeds remove: %d %q", code, out)
	}
	if code, _, errOut := run(t, db, "", "feeds", "remove", "1"); code != ExitFatal || !strings.Contains(errOut, "no feed 1") {
		t.Errorf("feeds remove again: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, db, "", "feeds", "remove", "x"); code != ExitFatal || !strings.Contains(errOut, "feed id") {
		t.Errorf("feeds remove x: %d %q", code, errOut)
	}
}
