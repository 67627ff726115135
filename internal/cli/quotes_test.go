package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/app/view"
)

func TestQuotesCommand(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Kallas wins\n\nMira Kallas won the election on Sunday. \"We will rebuild trust with our neighbors, but we will not buy it,\" Kallas told Meridian.")
	writeFile(t, filepath.Join(dir, "b.txt"), "Kallas claims victory\n\nThe opposition leader Mira Kallas claimed victory. ‘We will rebuild trust with our neighbours – but we will not buy it,’ Ms Kallas told supporters. Viktor Sand said he had called her.")
	db := filepath.Join(t.TempDir(), "s.db")
	if code, _, errOut := run(t, db, "", "ingest", "-q", dir); code != ExitOK {
		t.Fatalf("ingest: %d %s", code, errOut)
	}

	code, out, errOut := run(t, db, "", "quotes", "--json")
	if code != ExitOK {
		t.Fatalf("quotes: %d %s", code, errOut)
	}
	var list []view.Quote
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("quotes --json: %v\n%s", err, out)
	}
	if len(list) != 1 || len(list[0].Articles) != 2 || list[0].Speaker != "Mira Kallas" {
		t.Fatalf("want one quote by Mira Kallas carried by both articles, got %+v", list)
	}

	code, out, _ = run(t, db, "", "quotes", "--indirect", "--speaker", "sand")
	if code != ExitOK || !strings.Contains(out, "he had called her") || strings.Contains(out, "rebuild") {
		t.Fatalf("quotes --speaker sand --indirect: %d\n%s", code, out)
	}
	code, out, _ = run(t, db, "", "quotes", "--story", "1")
	if code != ExitOK || !strings.Contains(out, "rebuild trust") {
		t.Fatalf("quotes --story 1: %d\n%s", code, out)
	}
	if code, _, errOut := run(t, db, "", "quotes", "--story", "99"); code != ExitFatal || !strings.Contains(errOut, "no story 99") {
		t.Fatalf("quotes --story 99: %d %s", code, errOut)
	}
	code, out, _ = run(t, db, "", "quotes", "--speaker", "nobody")
	if code != ExitOK || !strings.Contains(out, "No quotes") {
		t.Fatalf("no quotes: %d\n%s", code, out)
	}

	// show --annotations lists quotes with their speakers and cues.
	code, out, _ = run(t, db, "", "articles", "--json")
	var arts []view.Article
	if err := json.Unmarshal([]byte(out), &arts); code != ExitOK || err != nil || len(arts) != 2 {
		t.Fatalf("articles: %d %v %s", code, err, out)
	}
	code, out, _ = run(t, db, "", "show", arts[0].ID, "--annotations")
	if code != ExitOK || !strings.Contains(out, "Quotes") || !strings.Contains(out, "Mira Kallas (told)") {
		t.Fatalf("show --annotations: %d\n%s", code, out)
	}
}
