package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/compare"
)

// runCmd runs a command built by mk directly (the compare commands are
// registered in cli.go separately) with the database db.
func runCmd(t *testing.T, db string, mk func(a *app) *cobra.Command, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{env: Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}, dbPath: db}
	c := mk(a)
	c.SetArgs(args)
	c.SetOut(&out)
	c.SetErr(&errOut)
	c.SilenceUsage, c.SilenceErrors = true, true
	err := c.ExecuteContext(context.Background())
	return out.String(), err
}

func TestCompareCommand(t *testing.T) {
	db := demoDB(t)
	mine := findStory(storyList(t, db), "Sorvik")
	if mine == nil {
		t.Fatal("no mine story in the demo")
	}
	id := itoa(mine.ID)
	out, err := runCmd(t, db, (*app).compareCommand, id)
	if err != nil || !strings.Contains(out, "Reported by all outlets") || !strings.Contains(out, "CONFLICTING") {
		t.Fatalf("compare: %v\n%s", err, out)
	}
	out, err = runCmd(t, db, (*app).compareCommand, id, "--json")
	var c compare.Comparison
	if err != nil || json.Unmarshal([]byte(out), &c) != nil || len(c.Claims) == 0 || c.Story != mine.ID {
		t.Fatalf("compare --json: %v\n%.300s", err, out)
	}
	file := filepath.Join(t.TempDir(), "r.html")
	if _, err := runCmd(t, db, (*app).compareCommand, id, "--format", "html", "--out", file); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(b), "<!DOCTYPE html>") || strings.Contains(string(b), "<script") {
		t.Errorf("HTML report: %v %.200s", err, b)
	}
	if _, err := runCmd(t, db, (*app).compareCommand, id, "--format", "pdf"); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := runCmd(t, db, (*app).compareCommand, "999"); err == nil {
		t.Error("missing story accepted")
	}
}

func TestEvalCompareCommand(t *testing.T) {
	gold := filepath.Join("..", "..", "testdata", "compare", "demo-gold.json")
	out, err := runCmd(t, "", (*app).evalCompareCommand, "--data", gold, "--corpus", "demo")
	if err != nil || !strings.Contains(out, "10 of 10 gold stories matched") || !strings.Contains(out, "number conflicts") {
		t.Fatalf("eval compare: %v\n%s", err, out)
	}
}
