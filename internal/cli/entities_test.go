package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/app/view"
)

const shoiguStory = `Russian Defence Minister Sergei Shoigu visits troops

Russian Defence Minister Sergei Shoigu visited troops near the border on Monday, the ministry said. Shoigu inspected new equipment and met commanders.

"The situation is under control," Mr Shoigu told reporters. Moscow said the visit had been planned for weeks.`

const shoyguStory = `Shoygu tours the front

Defence Minister Sergey Shoygu toured positions in the south on Tuesday. NATO Secretary General Jens Stoltenberg said the alliance was watching closely.`

func entitiesCorpus(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), shoiguStory)
	writeFile(t, filepath.Join(dir, "b.txt"), shoyguStory)
	return dir
}

func TestEntityCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if code, _, errOut := run(t, db, "", "ingest", "-q", entitiesCorpus(t)); code != ExitOK {
		t.Fatalf("ingest: %d %s", code, errOut)
	}

	code, out, errOut := run(t, db, "", "entities", "--type", "PER", "--json")
	if code != ExitOK {
		t.Fatalf("entities: %d %s", code, errOut)
	}
	var list []view.Entity
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("entities --json: %v\n%s", err, out)
	}
	var shoigu *view.Entity
	for i, e := range list {
		if strings.Contains(e.Name, "Sho") {
			if shoigu != nil {
				t.Fatalf("Shoigu and Shoygu are two entities: %+v", list)
			}
			shoigu = &list[i]
		}
	}
	if shoigu == nil || shoigu.Articles != 2 || len(shoigu.Aliases) < 3 {
		t.Fatalf("one Shoigu in both articles with his spellings, got %+v", shoigu)
	}

	code, out, _ = run(t, db, "", "entity", "Shoygu")
	if code != ExitOK || !strings.Contains(out, "Defence Minister") || !strings.Contains(out, "Mentioned in:") {
		t.Fatalf("entity Shoygu: %d\n%s", code, out)
	}
	if code, _, errOut := run(t, db, "", "entity", "Nobody At All"); code != ExitFatal || !strings.Contains(errOut, "no entity named") {
		t.Fatalf("unknown entity: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, db, "", "entities", "--type", "PLANET"); code != ExitFatal || !strings.Contains(errOut, "PER, ORG, LOC or MISC") {
		t.Fatalf("bad type: %d %s", code, errOut)
	}

	// show --annotations: roles in text; offsets in JSON point at the names.
	_, out, _ = run(t, db, "", "articles", "--json")
	var arts []struct{ ID, Title, Text string }
	if err := json.Unmarshal([]byte(out), &arts); err != nil {
		t.Fatal(err)
	}
	var id, text string
	for _, a := range arts {
		if strings.HasPrefix(a.Title, "Russian Defence") {
			id = a.ID
		}
	}
	code, out, _ = run(t, db, "", "show", id, "--annotations")
	if code != ExitOK || !strings.Contains(out, "role: Defence Minister (Russian)") || !strings.Contains(out, "stands for: Russia") {
		t.Fatalf("show --annotations: %d\n%s", code, out)
	}
	_, out, _ = run(t, db, "", "show", id, "--annotations", "--json")
	var shown struct {
		Text        string `json:"text"`
		Annotations struct {
			Mentions []struct {
				Start, End int
				Text, Type string
				Role       string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	text = shown.Text
	if len(shown.Annotations.Mentions) == 0 {
		t.Fatalf("no mentions in --json: %s", out)
	}
	for _, m := range shown.Annotations.Mentions {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %q has offsets [%d,%d) giving %q", m.Text, m.Start, m.End, text[m.Start:m.End])
		}
	}

	// analyze --all rebuilds the same entities; analyze ID works too.
	if code, out, errOut := run(t, db, "", "analyze", "--all"); code != ExitOK || !strings.Contains(out, "analysed 2 articles") {
		t.Fatalf("analyze --all: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, db, "", "analyze", id); code != ExitOK {
		t.Fatalf("analyze ID: %d %s", code, errOut)
	}
	_, out, _ = run(t, db, "", "entities", "--query", "Sho", "--json")
	list = nil
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].Articles != 2 {
		t.Fatalf("after analyze: %v %s", err, out)
	}
	if code, _, errOut := run(t, db, "", "analyze"); code != ExitFatal || !strings.Contains(errOut, "--all") {
		t.Fatalf("analyze without IDs: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, db, "", "analyze", "nosuchid"); code != ExitPartial || !strings.Contains(errOut, "no article") {
		t.Fatalf("analyze unknown ID: %d %s", code, errOut)
	}
}

func TestModelErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	missing := filepath.Join(dir, "missing.ner")
	code, _, errOut := run(t, db, "", "ingest", "--ner-model", missing, entitiesCorpus(t))
	if code != ExitFatal || !strings.Contains(errOut, missing) {
		t.Fatalf("missing model: %d %s", code, errOut)
	}
	bad := filepath.Join(dir, "bad.ner")
	if err := os.WriteFile(bad, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	gold := filepath.Join(dir, "gold.txt")
	writeFile(t, gold, "-DOCSTART- -X- -X- O\n\nAnna NNP B-NP B-PER\nSmith NNP I-NP I-PER\nvisited VBD B-VP O\nParis NNP B-NP B-LOC\n. . O O\n")
	code, _, errOut = run(t, db, "", "eval", "ner", "--data", gold, "--model", bad)
	if code != ExitFatal || !strings.Contains(errOut, bad) || !strings.Contains(errOut, "retrain") {
		t.Fatalf("corrupt model: %d %s", code, errOut)
	}
	code, out, errOut := run(t, db, "", "eval", "ner", "--data", gold)
	if code != ExitOK || !strings.Contains(out, "**overall**") {
		t.Fatalf("eval ner: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, db, "", "eval", "ner"); code != ExitFatal || !strings.Contains(errOut, "--data") {
		t.Fatalf("eval ner without data: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, db, "", "train", "ner", "--out", filepath.Join(dir, "m.ner")); code != ExitFatal || !strings.Contains(errOut, "--train") {
		t.Fatalf("train ner without data: %d %s", code, errOut)
	}
}

// TestTrainNER trains a tiny model from the command line and evaluates it.
func TestTrainNER(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	names := []string{"Anna Smith", "Boris Lenko", "Carla Diaz", "David Moor", "Erik Sand", "Fiona Hart"}
	places := []string{"Paris", "Berlin", "Madrid", "Oslo", "Lima", "Quito"}
	for i := 0; i < 60; i++ {
		b.WriteString("-DOCSTART- -X- -X- O\n\n")
		n := strings.Fields(names[i%len(names)])
		b.WriteString(n[0] + " NNP B-NP B-PER\n" + n[1] + " NNP I-NP I-PER\nvisited VBD B-VP O\n" + places[i%len(places)] + " NNP B-NP B-LOC\n. . O O\n\n")
	}
	train := filepath.Join(dir, "train.txt")
	writeFile(t, train, b.String())
	out := filepath.Join(dir, "m.ner")
	code, stdout, errOut := run(t, filepath.Join(dir, "s.db"), "", "train", "ner", "--train", train, "--dev", train, "--epochs", "3", "--out", out)
	if code != ExitOK || !strings.Contains(stdout, "wrote "+out) {
		t.Fatalf("train ner: %d %s %s", code, stdout, errOut)
	}
	code, stdout, _ = run(t, filepath.Join(dir, "s.db"), "", "eval", "ner", "--data", train, "--model", out)
	if code != ExitOK || !strings.Contains(stdout, "| **overall** | 120 |") {
		t.Fatalf("eval of the trained model: %d\n%s", code, stdout)
	}
}

// TestEntitiesOnPageCopies runs the three entity mistakes of issue 17
// through ingest, tagger and resolution: a misspelt surname with the same
// given name and title, a title tagged into an organisation's name, and a
// page copy with banner lines and an editor's bracket.
func TestEntitiesOnPageCopies(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), `Troops move to the border

Published: 12 March 2024

Defence Minister Sergei Shoigu said on Tuesday that troops would move to the border region. Shoigu told reporters the move was planned months ago.

Former US President Donald Trump said he would run again. US Defense Secretary Lloyd Austin disagreed.`)
	writeFile(t, filepath.Join(dir, "b.txt"), `Troops reach the border, minister says

Sign In
Subscribe Now
Breaking News

Published: 13 March 2024

Defence Minister Sergei Shiogu said troops would reach the border region within days. Shiogu gave no figures.

President [Joe] Biden said allies had been informed.`)
	db := filepath.Join(t.TempDir(), "s.db")
	if code, _, errOut := run(t, db, "", "ingest", "-q", dir); code != ExitOK {
		t.Fatalf("ingest: %d %s", code, errOut)
	}
	_, out, _ := run(t, db, "", "entities", "--limit", "0", "--json")
	var list []view.Entity
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("entities --json: %v\n%s", err, out)
	}
	var shoigu []view.Entity
	for _, e := range list {
		for _, a := range append([]view.Alias{{Text: e.Name}}, e.Aliases...) {
			if strings.ContainsAny(a.Text, "[]{}") {
				t.Errorf("a bracket in the name %q of %q", a.Text, e.Name)
			}
			for _, w := range []string{"Sign", "Subscribe", "Breaking", "Defense Secretary"} {
				if strings.Contains(a.Text, w) {
					t.Errorf("%s %q holds %q", e.Type, a.Text, w)
				}
			}
		}
		if strings.Contains(e.Name, "Sergei Sh") {
			shoigu = append(shoigu, e)
		}
	}
	if len(shoigu) != 1 || shoigu[0].Articles != 2 {
		t.Errorf("Sergei Shiogu and Sergei Shoigu should be one person in two articles: %+v", shoigu)
	}
	for _, c := range []struct{ name, role, affiliation string }{
		{"Lloyd Austin", "Defense Secretary", "US"},
		{"Joe Biden", "President", ""},
	} {
		_, out, _ := run(t, db, "", "entity", c.name, "--json")
		var e view.Entity
		if err := json.Unmarshal([]byte(out), &e); err != nil {
			t.Fatalf("entity %s --json: %v\n%s", c.name, err, out)
		}
		if e.Type != "PER" || len(e.Roles) != 1 || e.Roles[0].Role != c.role || e.Roles[0].Affiliation != c.affiliation {
			t.Errorf("%s: want a PER with role %q of %q, got %+v", c.name, c.role, c.affiliation, e)
		}
	}
}
