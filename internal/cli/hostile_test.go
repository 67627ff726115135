package cli

import (
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/app/view"
)

// A UTF-8 file with a few bytes that are not UTF-8 is read as UTF-8, the
// bytes replaced and named in a warning; it was read as a legacy
// encoding, every accented letter garbled ("Café" became "CafĂ©").
func TestIngestDamagedUTF8(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cafe.txt")
	writeFile(t, path, "Café on Main Street reopens\n\nThe café on Main Street reopened on Monday after a fire, its owner said. \x93We are back,\x94 she said, and thanked the neighbours who helped rebuild the kitchen over the winter months.\n")
	db := filepath.Join(t.TempDir(), "s.db")
	code, out, errOut := run(t, db, "", "ingest", path)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "cafe.txt: 2 bytes that are not UTF-8 read as U+FFFD (at byte 104, 117)") {
		t.Errorf("ingest does not warn of the bytes by offset:\n%s", out)
	}
	_, out, _ = run(t, db, "", "articles")
	if !strings.Contains(out, "Café on Main Street reopens") {
		t.Errorf("title garbled:\n%s", out)
	}
	_, out, _ = run(t, db, "", "ingest", "--json", path)
	var sum view.IngestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || len(sum.Warnings) != 1 || sum.Warnings[0].Origin != path {
		t.Errorf("--json warnings: %v\n%s", err, out)
	}
}

// Random bytes with no NUL byte named .txt are refused as binary, not
// stored with a garbage title.
func TestIngestRandomBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 21))
	body := make([]byte, 0, 4096)
	for len(body) < cap(body) {
		if c := byte(rng.UintN(256)); c != 0 {
			body = append(body, c)
		}
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "noise.txt"), string(body))
	code, out, _ := run(t, filepath.Join(t.TempDir(), "s.db"), "", "ingest", dir)
	if code != ExitPartial || !strings.Contains(out, "noise.txt: not text but binary data") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// Titles and outlets carrying terminal control sequences are printed
// without them as text, and kept (escaped) in JSON.
func TestControlCharactersNotPrinted(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "evil.jsonl"),
		`{"title":"\u001b]0;owned\u0007Harbour \u001b[31mstrike\u001b[0m ends\u009b2J","outlet":"Evil\u0007 Wire\r","text":"The harbour strike ended on Tuesday \u001b[8mhidden\u001b[0m after nine days, the union said, and ships were unloaded again by the evening shift.","url":"https://evil.example/\u001b[2Jstrike"}`+"\n")
	db := filepath.Join(t.TempDir(), "s.db")
	if code, out, errOut := run(t, db, "", "ingest", dir); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	_, list, _ := run(t, db, "", "articles", "--json")
	var arts []view.Article
	if err := json.Unmarshal([]byte(list), &arts); err != nil || len(arts) != 1 {
		t.Fatalf("articles --json: %v\n%s", err, list)
	}
	if !strings.Contains(list, `\u001b]0;owned\u0007`) || !strings.Contains(arts[0].Title, "\x1b[31m") {
		t.Errorf("--json does not keep the controls escaped:\n%s", list)
	}
	id := arts[0].ID
	for _, args := range [][]string{{"articles"}, {"show", id}, {"search", "harbour"}, {"stories"}, {"story", "1"}} {
		code, out, errOut := run(t, db, "", args...)
		if code != ExitOK {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
		if i := strings.IndexFunc(out, func(r rune) bool { return isControl(r) }); i >= 0 {
			t.Errorf("%v prints a control character at %d: %q", args, i, out)
		}
		if strings.Contains(out, "owned") || strings.Contains(out, "[31m") {
			t.Errorf("%v prints a control sequence's text: %q", args, out)
		}
		if args[0] != "stories" && !strings.Contains(out, "Harbour strike ends") {
			t.Errorf("%v: title not printed:\n%s", args, out)
		}
	}
	// An error quoting input is printed without the controls too.
	_, _, errOut := run(t, db, "", "show", "x\x1b]0;owned\x07")
	if strings.ContainsRune(errOut, 0x1b) || strings.ContainsRune(errOut, 0x07) {
		t.Errorf("error quotes controls: %q", errOut)
	}
}

func TestTerminalText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ttext\nnext line", "plain\ttext\nnext line"},
		{"\x1b]0;title\x07after", "after"},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"\x1b[1;31mred\x1b[0m", "red"},
		{"a\x1bcb", "ab"},
		{"bell\x07 cr\r del\x7f nul\x00", "bell cr del nul"},
		{"c1 \u009b2J csi, \u009d0;t\u009c osc, \u0085nel", "c1  csi,  osc, nel"},
		{"Café — naïve “quotes”", "Café — naïve “quotes”"},
		{"bad \xff byte", "bad  byte"},
	}
	for _, tt := range tests {
		if got := terminalText(tt.in); got != tt.want {
			t.Errorf("terminalText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A sequence or a rune split across writes.
	var sb strings.Builder
	w := newTerminalWriter(&sb)
	for _, part := range []string{"ti\x1b]0;", "owned", "\x07tle \xc3", "\xa9 \x1b", "[31", "mok\xc2", "\x9b2Jx"} {
		if n, err := w.Write([]byte(part)); n != len(part) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if got := sb.String(); got != "title é okx" {
		t.Errorf("split writes gave %q", got)
	}
}

// Invalid flag values are refused with a message naming the flag; they
// were taken silently.
func TestInvalidFlagValues(t *testing.T) {
	dir := corpus(t)
	db := filepath.Join(t.TempDir(), "s.db")
	for _, args := range [][]string{
		{"ingest", "--max-size", "-1", dir},
		{"ingest", "--max-size", "0", dir},
		{"ingest", "--workers", "-5", dir},
		{"ingest", "--timeout", "-3s", dir},
		{"ingest", "--timeout", "0", dir},
		{"articles", "--limit", "-2"},
		{"stories", "--min-outlets", "-1"},
	} {
		code, out, errOut := run(t, db, "", args...)
		if code != ExitFatal || !strings.HasPrefix(errOut, "storywire: "+args[1]+" ") || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}
