package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/app/view"
)

// run runs the command line with a database in dir and returns the exit
// code, standard output and standard error.
func run(t testing.TB, db string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			if k == "HOME" {
				return t.TempDir()
			}
			return ""
		}}
	code := Run(context.Background(), append([]string{"--db", db}, args...), env)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

const wireStory = `The port of Westhaven reopened on Tuesday after dock workers accepted a pay offer that ends a nine-day strike, the union said. The agreement raises wages by 6 percent this year and 4 percent next year. Shipping companies had diverted more than two dozen vessels to other ports during the stoppage, according to the harbour master, and exporters had warned of mounting losses.`

// corpus writes a small mixed corpus: two outlets running the same wire
// story, a JSONL export with one broken line, an empty file and a PNG
// named .txt.
func corpus(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a-wire.txt"), "Westhaven port reopens as strike ends\n\nMarch 5, 2024\n\n"+wireStory+"\n\nPHOTO: Cranes at the port on March 1. (Wire)\n\nOriginal url: https://wire.example/2024/03/05/port\n")
	writeFile(t, filepath.Join(dir, "b-courier.html"), `<html><head><title>Dockers back at work | Coastline Courier</title>
<meta property="og:site_name" content="Coastline Courier"><meta property="article:published_time" content="2024-03-05T15:00:00Z"></head>
<body><article><h1>Dockers back at work</h1><p>`+wireStory+`</p></article></body></html>`)
	writeFile(t, filepath.Join(dir, "c-export.jsonl"),
		`{"title":"Council passes budget","text":"The city council approved next year's budget on Monday by seven votes to four after a long debate.","outlet":"Town Crier","published":"2024-02-12T18:00:00+01:00","section":"politics"}
{"title":"broken
{"title":"Library hours extended","text":"The public library will open on Sundays again from April, the council said, reversing cuts made last year.","outlet":"Town Crier","published":"2024-02-13"}
`)
	writeFile(t, filepath.Join(dir, "d-empty.txt"), "")
	writeFile(t, filepath.Join(dir, "e-photo.txt"), "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
	return dir
}

func TestIngestAndRead(t *testing.T) {
	dir := corpus(t)
	db := filepath.Join(t.TempDir(), "s.db")

	code, out, errOut := run(t, db, "", "ingest", dir)
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d (some items failed)\nstdout: %s\nstderr: %s", code, ExitPartial, out, errOut)
	}
	if !strings.HasPrefix(out, "3 added, 1 copies, 0 duplicates skipped, 3 failed") {
		t.Errorf("summary:\n%s", out)
	}
	for _, bad := range []string{"c-export.jsonl:2", "d-empty.txt", "e-photo.txt"} {
		if !strings.Contains(out, bad) {
			t.Errorf("summary does not name %s:\n%s", bad, out)
		}
	}

	// Again: everything stored is skipped, the failures fail again.
	code, out, _ = run(t, db, "", "ingest", "--json", dir)
	var sum view.IngestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, out)
	}
	if code != ExitPartial || sum.Added != 0 || sum.Duplicates != 4 || sum.Failed != 3 || len(sum.Failures) != 3 {
		t.Errorf("second ingest: exit %d %+v", code, sum)
	}
	if sum.Failures[0].Origin == "" || sum.Failures[0].Error == "" {
		t.Errorf("failure without origin or message: %+v", sum.Failures[0])
	}

	code, out, _ = run(t, db, "", "articles", "--json")
	if code != ExitOK {
		t.Fatalf("articles exit %d", code)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("articles --json: %v\n%s", err, out)
	}
	if len(list) != 4 {
		t.Fatalf("%d articles, want 4", len(list))
	}
	for _, a := range list {
		for _, k := range []string{"id", "origin", "url", "title", "outlet", "authors", "published", "published_source",
			"published_reliability", "language", "copy_of", "text"} {
			if _, ok := a[k]; !ok {
				t.Errorf("article %v lacks %q", a["id"], k)
			}
		}
	}
	byTitle := map[string]map[string]any{}
	for _, a := range list {
		byTitle[a["title"].(string)] = a
	}
	wire, courier := byTitle["Westhaven port reopens as strike ends"], byTitle["Dockers back at work"]
	if wire == nil || courier == nil {
		t.Fatalf("titles: %v", keys(byTitle))
	}
	if courier["copy_of"] != wire["id"] || wire["copy_of"] != nil {
		t.Errorf("copy links: courier copy_of %v, wire id %v copy_of %v", courier["copy_of"], wire["id"], wire["copy_of"])
	}
	if wire["url"] != "https://wire.example/2024/03/05/port" || wire["published_source"] != "text" || wire["published_reliability"] != "day" {
		t.Errorf("wire article: %v", wire)
	}
	if budget := byTitle["Council passes budget"]; budget["outlet"] != "Town Crier" || budget["published"] != "2024-02-12T18:00:00+01:00" {
		t.Errorf("JSONL article: %v", budget)
	}

	// Filters.
	code, out, _ = run(t, db, "", "articles", "--outlet", "town crier", "--since", "2024-02-13")
	if code != ExitOK || !strings.Contains(out, "Library hours extended") || strings.Contains(out, "Council passes budget") {
		t.Errorf("filtered list (exit %d):\n%s", code, out)
	}

	// show, with what was removed.
	id := wire["id"].(string)
	code, out, _ = run(t, db, "", "show", id, "--removed")
	if code != ExitOK || !strings.Contains(out, "Westhaven port reopens") || !strings.Contains(out, "PHOTO: Cranes") || !strings.Contains(out, "Coastline Courier") {
		t.Errorf("show --removed (exit %d):\n%s", code, out)
	}
	code, _, errOut = run(t, db, "", "show", "0000000000000000")
	if code != ExitFatal || !strings.Contains(errOut, "no article") {
		t.Errorf("show unknown: exit %d, %q", code, errOut)
	}

	// search: ranked, with snippets.
	code, out, _ = run(t, db, "", "search", "--json", `"nine-day strike"`)
	var hits []map[string]any
	if err := json.Unmarshal([]byte(out), &hits); err != nil || code != ExitOK {
		t.Fatalf("search --json: exit %d %v\n%s", code, err, out)
	}
	if len(hits) != 2 || hits[0]["snippet"] == "" {
		t.Errorf("search hits: %v", hits)
	}
	code, out, _ = run(t, db, "", "search", "library")
	if code != ExitOK || !strings.HasPrefix(out, "1. Library hours extended") {
		t.Errorf("search:\n%s", out)
	}
}

func TestExportRoundTrip(t *testing.T) {
	dir := corpus(t)
	db := filepath.Join(t.TempDir(), "s.db")
	run(t, db, "", "ingest", dir)

	code, out, _ := run(t, db, "", "export", "--format", "csv")
	if code != ExitOK {
		t.Fatalf("export csv exit %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("export csv: %v", err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(view.CSVHeader, ",") {
		t.Errorf("csv: %d rows, header %v", len(rows), rows[0])
	}

	exported := filepath.Join(t.TempDir(), "all.jsonl")
	if code, _, errOut := run(t, db, "", "export", "--format", "jsonl", "--out", exported); code != ExitOK {
		t.Fatalf("export jsonl exit %d: %s", code, errOut)
	}
	// What was exported ingests again into a fresh database, whole.
	db2 := filepath.Join(t.TempDir(), "s2.db")
	code, out, errOut := run(t, db2, "", "ingest", "--json", exported)
	var sum view.IngestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != ExitOK {
		t.Fatalf("re-ingest: exit %d %v\n%s%s", code, err, out, errOut)
	}
	if sum.Added+sum.Copies != 4 {
		t.Errorf("re-ingested %+v, want 4 articles", sum)
	}
	_, a1, _ := run(t, db, "", "articles", "--json")
	_, a2, _ := run(t, db2, "", "articles", "--json")
	var l1, l2 []view.Article
	json.Unmarshal([]byte(a1), &l1)
	json.Unmarshal([]byte(a2), &l2)
	for i := range l1 {
		if i >= len(l2) || l1[i].ID != l2[i].ID || l1[i].Title != l2[i].Title || deref(l1[i].Published) != deref(l2[i].Published) || l1[i].Text != l2[i].Text {
			t.Errorf("article %d changed through export and ingest", i)
		}
	}

	if code, _, errOut := run(t, db, "", "export", "--format", "xml"); code != ExitFatal || !strings.Contains(errOut, "jsonl or csv") {
		t.Errorf("bad format: exit %d %q", code, errOut)
	}
}

func TestIngestStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	code, out, _ := run(t, db, "Piped headline\n\nAn article piped in on standard input, with a sentence or two of text.", "ingest", "--outlet", "Pipe News", "--published", "2024-05-01", "-")
	if code != ExitOK || !strings.HasPrefix(out, "1 added") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	_, out, _ = run(t, db, "", "articles", "--json")
	var list []view.Article
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
		t.Fatalf("%v %s", err, out)
	}
	if a := list[0]; deref(a.Outlet) != "Pipe News" || deref(a.PublishedSource) != "user" || a.Origin != "stdin" {
		t.Errorf("article %+v", a)
	}
}

func TestFatalErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	code, _, errOut := run(t, db, "", "articles")
	if code != ExitFatal || !strings.Contains(errOut, "ingest something first") {
		t.Errorf("no database: exit %d %q", code, errOut)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a read command created a database")
	}
	code, _, errOut = run(t, db, "", "ingest", "--published", "someday", "x.txt")
	if code != ExitFatal || !strings.Contains(errOut, "someday") {
		t.Errorf("bad --published: exit %d %q", code, errOut)
	}
	code, _, _ = run(t, db, "", "ingest")
	if code != ExitFatal {
		t.Errorf("ingest without inputs: exit %d", code)
	}
	code, _, errOut = run(t, db, "", "articles", "--since", "yesterday-ish")
	if code != ExitFatal || !strings.Contains(errOut, "--since") {
		t.Errorf("bad --since: exit %d %q", code, errOut)
	}
}

func TestDatabasePath(t *testing.T) {
	env := func(m map[string]string) Env { return Env{Getenv: func(k string) string { return m[k] }} }
	cases := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"/x/flag.db", map[string]string{"STORYWIRE_DB": "/x/env.db"}, "/x/flag.db"},
		{"", map[string]string{"STORYWIRE_DB": "/x/env.db", "XDG_DATA_HOME": "/xdg"}, "/x/env.db"},
		{"", map[string]string{"XDG_DATA_HOME": "/xdg"}, "/xdg/storywire/storywire.db"},
		{"", map[string]string{"HOME": "/home/u"}, "/home/u/.local/share/storywire/storywire.db"},
	}
	for _, c := range cases {
		a := &cli{env: env(c.env), dbPath: c.flag}
		if got, err := a.databasePath(); err != nil || got != c.want {
			t.Errorf("flag %q env %v: %q %v, want %q", c.flag, c.env, got, err, c.want)
		}
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, errOut := run(t, db, "", "demo")
	if code != ExitOK {
		t.Fatalf("demo exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Demo corpus:", "added", "Explore it:"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := run(t, db, "", "demo"); code != ExitFatal || !strings.Contains(errOut, "already exists") {
		t.Errorf("demo over an existing database: exit %d %q", code, errOut)
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestProgramName(t *testing.T) {
	for _, c := range []struct{ arg0, exe, want string }{
		{"/tmp/go-build123/b001/exe/storywire", "/tmp/go-build123/b001/exe/storywire", "go run ./cmd/storywire"},
		{"./storywire", "/home/u/src/storywire/storywire", "./storywire"},
		{"storywire", "/usr/local/bin/storywire", "storywire"},
	} {
		if got := ProgramName(c.arg0, c.exe); got != c.want {
			t.Errorf("ProgramName(%q, %q) = %q, want %q", c.arg0, c.exe, got, c.want)
		}
	}
}

// TestUserErrorsNameNoPackages: what a user reads names the item and the
// fix, not the package the error passed through ("store: search: …").
func TestUserErrorsNameNoPackages(t *testing.T) {
	dir := corpus(t)
	db := filepath.Join(t.TempDir(), "sw.db")
	_, out, errOut := run(t, db, "", "ingest", dir)
	_, _, searchErr := run(t, db, "", "search", "!!")
	_, _, pubErr := run(t, db, "", "ingest", "--published", "someday", dir)
	if !strings.Contains(searchErr, "give words") {
		t.Errorf("an empty query: %q", searchErr)
	}
	for _, text := range []string{out, errOut, searchErr, pubErr} {
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(line, "storywire: "))
			for _, pkg := range []string{"store:", "source:", "extract:", "extract ", "pipeline:", "lang:", "app:", "sqlite:"} {
				if strings.HasPrefix(line, pkg) {
					t.Errorf("%q starts with the package prefix %q", line, pkg)
				}
			}
		}
	}
}

// deref reads an optional string of the JSON output, "" when absent.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
