package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/store/postgres/pgtest"
)

// answers runs a command with --json on the two databases and returns its
// answers, normalized (normalize), then each passed to adjust when given.
func answers(t *testing.T, dbs [2]string, adjust func(i int, v any) any, args ...string) [2]any {
	t.Helper()
	var got [2]any
	for i, db := range dbs {
		code, out, errOut := run(t, db, "", append(args, "--json")...)
		if code != ExitOK {
			t.Fatalf("%s on %s: exit %d: %s", strings.Join(args, " "), app.DatabaseName(db), code, errOut)
		}
		if err := json.Unmarshal([]byte(out), &got[i]); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		got[i] = normalize(got[i])
		if adjust != nil {
			got[i] = adjust(i, got[i])
		}
	}
	return got
}

// sameAnswers reports where a command's two answers differ.
func sameAnswers(t *testing.T, got [2]any, args ...string) {
	t.Helper()
	if !reflect.DeepEqual(got[0], got[1]) {
		a, _ := json.MarshalIndent(got[0], "", " ")
		b, _ := json.MarshalIndent(got[1], "", " ")
		t.Errorf("%s differs:\n%s", strings.Join(args, " "), firstDifference(string(a), string(b)))
	}
}

// TestPostgresGivesSQLiteAnswers runs the main flow of the command line
// (ingest the demo corpus, then stories, each story, compare, entities,
// quotes, articles and search) against an SQLite file and a PostgreSQL
// database and checks that the answers are the same: the same stories
// with the same ids and articles, the same entities, quotes and
// comparisons. Search may rank ties apart (bm25 and ts_rank differ), so
// its hits are compared as sets.
func TestPostgresGivesSQLiteAnswers(t *testing.T) {
	pg := pgtest.Database(t)
	lite := filepath.Join(t.TempDir(), "s.db")
	corpus, err := app.WriteDemoCorpus(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// same runs a command on both databases and compares the JSON.
	same := func(args ...string) any {
		t.Helper()
		got := answers(t, [2]string{lite, pg}, nil, args...)
		sameAnswers(t, got, args...)
		return got[0]
	}

	sum := same("ingest", corpus).(map[string]any)
	if sum["added"] == nil || sum["added"].(float64) < 30 {
		t.Fatalf("ingest summary: %v", sum)
	}
	list := sameDemoAnswers(t, same)
	if qs, _ := same("quotes", "--limit", "0").([]any); len(qs) == 0 {
		t.Error("no quotes")
	}
	same("articles")
	// Analysing everything again clears the entities and builds them anew
	// (ids from 1 again), article by article.
	for _, db := range []string{lite, pg} {
		if code, _, errOut := run(t, db, "", "analyze", "--all"); code != ExitOK {
			t.Fatalf("analyze --all on %s: exit %d: %s", app.DatabaseName(db), code, errOut)
		}
	}
	same("entities", "--limit", "0")
	same("story", fmt.Sprint(int64(list[0].(map[string]any)["id"].(float64))))
	for _, q := range []string{"trade talks", `"called off"`, "fishermen detained", "mine"} {
		if hits, _ := sameSet(t, lite, pg, "search", q); hits == 0 {
			t.Errorf("search %s: no hits", q)
		}
	}
}

// sameSet runs a command listing articles on both databases and compares
// the ids it lists, in any order.
func sameSet(t *testing.T, lite, pg string, args ...string) (int, bool) {
	t.Helper()
	var got [2][]string
	for i, db := range []string{lite, pg} {
		code, out, errOut := run(t, db, "", append(args, "--json")...)
		if code != ExitOK {
			t.Fatalf("%s on %s: exit %d: %s", strings.Join(args, " "), app.DatabaseName(db), code, errOut)
		}
		var hits []struct{ ID string }
		if err := json.Unmarshal([]byte(out), &hits); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		for _, h := range hits {
			got[i] = append(got[i], h.ID)
		}
		sort.Strings(got[i])
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("%s: SQLite finds %v, PostgreSQL %v", strings.Join(args, " "), got[0], got[1])
		return len(got[0]), false
	}
	return len(got[0]), true
}

// normalize drops what differs between two runs by nature: when each
// article was stored, and how long a command took.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range []string{"ingested", "elapsed", "seconds", "took"} {
			delete(v, k)
		}
		for k, x := range v {
			v[k] = normalize(x)
		}
	case []any:
		for i, x := range v {
			v[i] = normalize(x)
		}
	}
	return v
}

// firstDifference shows where two texts part, with a little context.
func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			from := max(0, i-3)
			return fmt.Sprintf("SQLite:\n%s\nPostgreSQL:\n%s", strings.Join(la[from:min(len(la), i+3)], "\n"), strings.Join(lb[from:min(len(lb), i+3)], "\n"))
		}
	}
	return fmt.Sprintf("SQLite has %d lines, PostgreSQL %d", len(la), len(lb))
}

// withPassword puts a password into a database URL (the test server
// trusts loopback, so it is not checked, only carried).
func withPassword(t *testing.T, db string) string {
	t.Helper()
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "s3cret-pw")
	return u.String()
}

// TestPostgresDatabaseNamed: a read of a PostgreSQL database without
// Storywire's tables says to ingest first and creates nothing; the demo
// goes into the database STORYWIRE_DB names and refuses it the second
// time; no message shows the password.
func TestPostgresDatabaseNamed(t *testing.T) {
	db := withPassword(t, pgtest.Database(t))
	code, out, errOut := run(t, db, "", "stories")
	if code != ExitFatal || !strings.Contains(errOut, "no database at postgres://") || !strings.Contains(errOut, "ingest something first") {
		t.Errorf("stories on an empty database: exit %d %q", code, errOut)
	}
	if strings.Contains(out+errOut, "s3cret-pw") {
		t.Errorf("the password is shown: %s%s", out, errOut)
	}
	if code, _, _ := run(t, db, "", "stories"); code != ExitFatal {
		t.Error("the failed read left a database behind")
	}

	demo := func() (int, string, string) {
		var stdout, stderr bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
			switch k {
			case "STORYWIRE_DB":
				return db
			case "HOME":
				return t.TempDir()
			}
			return ""
		}}
		return Run(context.Background(), []string{"demo"}, env), stdout.String(), stderr.String()
	}
	code, out, errOut = demo()
	if code != ExitOK || !strings.Contains(out, "Database:    postgres://") || !strings.Contains(out, "Explore it:") {
		t.Fatalf("demo into STORYWIRE_DB: exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, "s3cret-pw") {
		t.Errorf("the demo shows the password:\n%s", out)
	}
	if code, out, _ := run(t, db, "", "stories", "--json", "--limit", "0"); code != ExitOK || !strings.Contains(out, `"id"`) {
		t.Errorf("stories after the demo: exit %d", code)
	}
	if code, _, errOut := demo(); code != ExitFatal || !strings.Contains(errOut, "already exists") || strings.Contains(errOut, "s3cret-pw") {
		t.Errorf("demo over a database that holds one: exit %d %q", code, errOut)
	}
}

// sameDemoAnswers asks for the demo's stories, each story, the comparison
// of each story two outlets or more told, and the entities, through same,
// which fails the test when the two runs answer differently; it returns
// the stories listed.
func sameDemoAnswers(t *testing.T, same func(args ...string) any) []any {
	t.Helper()
	list := same("stories", "--limit", "0").([]any)
	if len(list) < 8 {
		t.Fatalf("%d stories, want the demo's", len(list))
	}
	compared := 0
	for _, s := range list {
		id := fmt.Sprint(int64(s.(map[string]any)["id"].(float64)))
		same("story", id)
		if outlets, _ := s.(map[string]any)["outlets"].([]any); len(outlets) >= 2 {
			same("compare", id)
			compared++
		}
	}
	if compared == 0 {
		t.Error("no story with two outlets to compare")
	}
	if ents := same("entities", "--limit", "0").([]any); len(ents) < 10 {
		t.Errorf("%d entities", len(ents))
	}
	return list
}
