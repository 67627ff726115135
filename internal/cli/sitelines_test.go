package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A line that a site prints on every page, written as prose, is kept with
// the first pages' articles; once three stored pages of the site carry
// it, the next run knows it for the site's furniture.
func TestSiteRepeatedLinesAreFurniture(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	promo := "Harbour Times journalism is funded by readers like you, and every subscription keeps our newsroom independent."
	page := func(n int, headline, lead, rest string) string {
		path := filepath.Join(dir, fmt.Sprintf("page%d.txt", n))
		writeFile(t, path, "Home\n\nWorld\n\nBusiness\n\nSport\n\nOpinion\n\nSign In\n\n"+headline+"\n\n"+lead+"\n\n"+promo+"\n\n"+rest+
			"\n\nAbout Us\n\nContact\n\nPrivacy Policy\n\nTerms of Use\n\n© 2024 Harbour Times. All rights reserved.\n")
		return path
	}
	first := []string{
		page(1, "Dock strike ends after three weeks", "Workers at the port of Kostrava voted on Tuesday to accept a 9 percent pay rise over two years, ending a strike that halted most container traffic.", "The union said 71 percent of its members backed the offer, and cranes were expected to move again on Wednesday morning."),
		page(2, "Floods close the coast road", "Heavy rain flooded the coast road between Ostrel and Harn on Sunday, cutting off three villages for most of the day.", "Emergency crews pumped water from dozens of homes, and the road reopened to lorries late in the evening."),
		page(3, "Bridge opens after four years", "A 1.4-kilometre bridge across the Kostrava estuary opened to traffic on Friday, cutting the drive to the port to under ten minutes.", "The bridge cost 410 million euros, about 60 million more than planned, and opened a year late."),
	}
	later := page(4, "Mine inspections ordered", "The labour inspectorate ordered safety checks at every copper mine in the north on Monday, after a tunnel collapse killed 12 workers.", "Unions called for the mines' safety records to be published in full.")
	texts := func() map[string]string {
		_, out, _ := run(t, db, "", "export", "--format", "jsonl")
		got := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var a struct{ Title, Text string }
			if err := json.Unmarshal([]byte(line), &a); err != nil {
				t.Fatal(err)
			}
			got[a.Title] = a.Text
		}
		return got
	}
	if code, _, errOut := run(t, db, "", append([]string{"ingest", "-q", "--no-analyze"}, first...)...); code != ExitOK {
		t.Fatalf("first run: %d %s", code, errOut)
	}
	if !strings.Contains(texts()["Floods close the coast road"], promo) {
		t.Fatal("the first run already cuts the promotion: the test would not show what the site's pages teach")
	}
	if code, _, errOut := run(t, db, "", "ingest", "-q", "--no-analyze", later); code != ExitOK {
		t.Fatalf("second run: %d %s", code, errOut)
	}
	text := texts()["Mine inspections ordered"]
	if strings.Contains(text, promo) || !strings.Contains(text, "labour inspectorate") || !strings.Contains(text, "Unions called") {
		t.Errorf("fourth page's text %q: want the article without the promotion its site repeats", text)
	}
}
