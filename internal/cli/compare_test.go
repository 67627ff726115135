package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/compare"
)

func TestCompareCommand(t *testing.T) {
	db := demoDB(t)
	mine := findStory(storyList(t, db), "Sorvik")
	if mine == nil {
		t.Fatal("no mine story in the demo")
	}
	id := itoa(mine.ID)
	code, out, errOut := run(t, db, "", "compare", id, "--json")
	var c compare.Comparison
	if code != ExitOK || json.Unmarshal([]byte(out), &c) != nil || len(c.Claims) == 0 || c.Story != mine.ID {
		t.Fatalf("compare --json: %d %s\n%.300s", code, errOut, out)
	}
	// The text report gives each claim under the heading of its label.
	heading := map[string]string{compare.ByAll: "Reported by all outlets", compare.BySome: "Reported by some outlets", compare.OnlyBy: "Reported by one outlet only"}
	code, out, errOut = run(t, db, "", "compare", id)
	if code != ExitOK || !strings.Contains(out, "CONFLICTING") {
		t.Fatalf("compare: %d %s\n%s", code, errOut, out)
	}
	section := func(label string) string {
		at := strings.Index(out, heading[label])
		if at < 0 {
			return ""
		}
		rest := out[at+len(heading[label]):]
		// The section ends at the next heading (a line of dashes under it).
		if end := strings.Index(rest, "\n\n"); end >= 0 {
			if next := strings.Index(rest[end:], "\n---"); next >= 0 {
				if k := strings.LastIndex(rest[:end+next], "\n"); k >= 0 {
					rest = rest[:k]
				}
			}
		}
		return rest
	}
	for _, cl := range c.Claims {
		if !strings.Contains(section(cl.Label), cl.Text) {
			t.Errorf("claim %q (%s) is not under %q:\n%s", cl.Text, cl.Label, heading[cl.Label], out)
		}
	}
	file := filepath.Join(t.TempDir(), "r.html")
	if code, _, errOut := run(t, db, "", "compare", id, "--format", "html", "--out", file); code != ExitOK {
		t.Fatal(errOut)
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(b), "<!DOCTYPE html>") || strings.Contains(string(b), "<script") {
		t.Errorf("HTML report: %v %.200s", err, b)
	}
	if code, _, _ := run(t, db, "", "compare", id, "--format", "pdf"); code == ExitOK {
		t.Error("unknown format accepted")
	}
	if code, _, _ := run(t, db, "", "compare", "999"); code == ExitOK {
		t.Error("missing story accepted")
	}
}

func TestEvalCompareCommand(t *testing.T) {
	gold := filepath.Join("..", "..", "testdata", "compare", "demo-gold.json")
	code, out, errOut := run(t, filepath.Join(t.TempDir(), "unused.db"), "", "eval", "compare", "--data", gold, "--corpus", "demo")
	if code != ExitOK || !strings.Contains(out, "10 of 10 gold stories matched") || !strings.Contains(out, "number conflicts") {
		t.Fatalf("eval compare: %d %s\n%s", code, errOut, out)
	}
}
