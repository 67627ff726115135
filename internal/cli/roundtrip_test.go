package cli

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestExportRoundTripsExactly: export then ingest into a new database
// gives the demo corpus back with the same ids, titles, texts, dates,
// outlets, URLs and copy links, and the ingest summary counts the copies
// it lists.
func TestExportRoundTripsExactly(t *testing.T) {
	db := demoDB(t)
	export := filepath.Join(t.TempDir(), "export.jsonl")
	if code, _, errOut := run(t, db, "", "export", "--format", "jsonl", "--out", export); code != ExitOK {
		t.Fatalf("export: %d %s", code, errOut)
	}
	again := filepath.Join(t.TempDir(), "again.db")
	code, out, errOut := run(t, again, "", "ingest", "--json", export)
	if code != ExitOK {
		t.Fatalf("ingest of the export: %d %s", code, errOut)
	}
	var sum struct {
		Added, Copies int
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary: %v\n%s", err, out)
	}
	type fields struct {
		Title, Text, Outlet, Language string
		URL, Published, CopyOf        *string
		CopySimilarity                *float64 `json:"copy_similarity"`
	}
	read := func(db string) map[string]fields {
		code, out, errOut := run(t, db, "", "export", "--format", "jsonl")
		if code != ExitOK {
			t.Fatalf("export: %d %s", code, errOut)
		}
		all := map[string]fields{}
		dec := json.NewDecoder(stringsReader(out))
		for dec.More() {
			var rec struct {
				ID string
				fields
				CopyOf    *string `json:"copy_of"`
				Published *string
			}
			if err := dec.Decode(&rec); err != nil {
				t.Fatal(err)
			}
			rec.fields.CopyOf, rec.fields.Published = rec.CopyOf, rec.Published
			all[rec.ID] = rec.fields
		}
		return all
	}
	before, after := read(db), read(again)
	if len(before) != 40 || len(after) != len(before) {
		t.Fatalf("%d articles exported, %d back", len(before), len(after))
	}
	copies := 0
	for id, b := range before {
		a, ok := after[id]
		if !ok {
			t.Errorf("article %s (%q) has another id after the round trip", id, b.Title)
			continue
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("article %s changed:\n before %+v\n after  %+v", id, b, a)
		}
		if b.CopyOf != nil {
			copies++
		}
	}
	if copies == 0 || sum.Copies != copies || sum.Added+sum.Copies != 40 {
		t.Errorf("the summary says %d added and %d copies; %d copies are listed", sum.Added, sum.Copies, copies)
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
