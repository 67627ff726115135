package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServe runs storywire serve, waits for it to be ready, ingests
// through the API, and stops it as SIGTERM would (its context ends).
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sw.db")
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	logR, logW := io.Pipe()
	env := Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: logW, Getenv: func(string) string { return "" }}
	exited := make(chan int, 1)
	go func() {
		exited <- Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, env)
		logW.Close()
	}()
	// The log is JSON off a terminal, one object a line; the address is
	// in the "listening" line.
	lines := bufio.NewScanner(logR)
	var addr string
	var logged []map[string]any
	for addr == "" && lines.Scan() {
		var l map[string]any
		if err := json.Unmarshal(lines.Bytes(), &l); err != nil {
			t.Fatalf("log line %q is not JSON: %v", lines.Text(), err)
		}
		logged = append(logged, l)
		if l["msg"] == "listening" {
			addr, _ = l["addr"].(string)
		}
	}
	if addr == "" {
		t.Fatalf("no listening line in %v", logged)
	}
	go io.Copy(io.Discard, logR) // keep the log flowing
	base := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if i > 200 {
			t.Fatalf("not ready: %v", err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	resp, err := http.Post(base+"/api/v1/articles", "application/json", strings.NewReader(`{"title": "Port reopens", "text": "`+wireStory+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct{ Added int }
	json.NewDecoder(resp.Body).Decode(&sum)
	resp.Body.Close()
	if resp.StatusCode != 200 || sum.Added != 1 {
		t.Fatalf("post: %d %+v", resp.StatusCode, sum)
	}
	stop()
	select {
	case code := <-exited:
		if code != ExitOK {
			t.Errorf("serve exited %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if code, out, _ := run(t, db, "", "articles", "--json"); code != ExitOK || !strings.Contains(out, "Port reopens") {
		t.Errorf("after serve: %d %s", code, out)
	}
}

func TestServeRefuses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sw.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "0.0.0.0:0"}, "needs a token"},
		{[]string{"serve", "--private"}, "needs a token"},
		{[]string{"serve", "--log-format", "xml"}, "use text or json"},
		{[]string{"serve", "--addr", "nonsense"}, "host:port"},
	} {
		if code, _, errOut := run(t, db, "", c.args...); code != ExitFatal || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d %q, want %q", c.args, code, errOut, c.want)
		}
	}
}
