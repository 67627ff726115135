package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// show --annotations says how sure a guessed year is: "Thursday, 8 March"
// takes the year the text's other dates support.
func TestShowTimeConfidence(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	writeFile(t, filepath.Join(dir, "a.txt"), "Ferry strike ends\n\nThe ferry strike that began on Thursday, 8 March ended after four days, the union said. Talks had broken down in 2018.\n")
	if code, _, errOut := run(t, db, "", "ingest", "-q", filepath.Join(dir, "a.txt")); code != ExitOK {
		t.Fatalf("ingest: %d %s", code, errOut)
	}
	_, out, _ := run(t, db, "", "articles", "--json")
	var arts []struct{ ID string }
	if err := json.Unmarshal([]byte(out), &arts); err != nil || len(arts) != 1 {
		t.Fatalf("articles: %v %s", err, out)
	}
	code, out, _ := run(t, db, "", "show", arts[0].ID, "--annotations")
	if code != ExitOK || !strings.Contains(out, "TIME Thursday, 8 March = DATE 2018-03-08") || !strings.Contains(out, "confidence 0.") {
		t.Fatalf("show --annotations: %d\n%s", code, out)
	}
}
