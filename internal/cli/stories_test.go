package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/sqlite"
	"github.com/storywire/storywire/internal/stories"
)

func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "s.db")
	if code, _, errOut := run(t, db, "", "demo"); code != ExitOK {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	return db
}

func storyList(t *testing.T, db string, args ...string) []stories.Story {
	t.Helper()
	code, out, errOut := run(t, db, "", append([]string{"stories", "--json", "--limit", "0"}, args...)...)
	if code != ExitOK {
		t.Fatalf("stories: %d %s", code, errOut)
	}
	var list []stories.Story
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("stories --json: %v\n%s", err, out)
	}
	return list
}

func findStory(list []stories.Story, word string) *stories.Story {
	for i := range list {
		if strings.Contains(list[i].Title, word) {
			return &list[i]
		}
	}
	return nil
}

func TestStoryCommands(t *testing.T) {
	db := demoDB(t)
	list := storyList(t, db)
	if len(list) != 10 {
		t.Fatalf("the demo's 10 events made %d stories", len(list))
	}
	bridge := findStory(list, "bridge")
	if bridge == nil || len(bridge.Outlets) < 4 || len(bridge.Summary) == 0 || bridge.FirstSeen == nil || len(bridge.Entities) == 0 {
		t.Fatalf("bridge story: %+v", bridge)
	}
	// The table gives each story the title, dates and outlets its JSON
	// view has.
	_, table, _ := run(t, db, "", "stories")
	row := regexp.MustCompile(`(?m)^\s*` + itoa(bridge.ID) + `\s+` + regexp.QuoteMeta(*bridge.FirstSeen)[:10] +
		`\s+\S+\s+\d+\s+` + strconv.Itoa(len(bridge.Outlets)) + `\s+` + regexp.QuoteMeta(truncate(bridge.Title, 70)) + `$`)
	if !row.MatchString(table) {
		t.Errorf("stories table lacks the bridge story's row (%d, %s, %d outlets, %q):\n%s",
			bridge.ID, *bridge.FirstSeen, len(bridge.Outlets), bridge.Title, table)
	}
	// The two rounds of talks called off are two stories, related.
	march, october := findStory(list, "Ostrel"), findStory(list, "second round")
	if march == nil || october == nil || march.ID == october.ID {
		t.Fatalf("talks stories: %+v %+v", march, october)
	}
	code, out, _ := run(t, db, "", "story", itoa(october.ID))
	if code != ExitOK || !strings.Contains(out, "Related stories:") || !strings.Contains(out, "Summary:") {
		t.Fatalf("story: %d\n%s", code, out)
	}
	// why explains an assignment.
	art := bridge.Articles[len(bridge.Articles)-1].ID
	code, out, _ = run(t, db, "", "why", art)
	// The verdict line, not a candidate line or a longer id ("story 10").
	verdict := regexp.MustCompile(`(?m)^(Started|Joined|In) story ` + itoa(bridge.ID) + `[: ]`)
	if code != ExitOK || !verdict.MatchString(out) {
		t.Fatalf("why: %d\n%s", code, out)
	}
	// Corrections: move an article out, then rebuild; the move holds.
	code, out, errOut := run(t, db, "", "story", "move", art, itoa(march.ID))
	if code != ExitOK || !strings.Contains(out, "moved") {
		t.Fatalf("move: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, db, "", "recluster"); code != ExitOK {
		t.Fatalf("recluster: %d %s", code, errOut)
	}
	after := storyList(t, db)
	m := findStory(after, "Ostrel")
	found := false
	for _, a := range m.Articles {
		if a.ID == art {
			found = true
		}
	}
	if !found {
		t.Fatalf("the moved article left its corrected story after recluster: %+v", m.Articles)
	}
	// Split it out again, and merge the two talks stories.
	if code, _, errOut := run(t, db, "", "story", "split", itoa(m.ID), art); code != ExitOK {
		t.Fatalf("split: %d %s", code, errOut)
	}
	oct := findStory(storyList(t, db), "second round")
	if code, _, errOut := run(t, db, "", "story", "merge", itoa(m.ID), itoa(oct.ID)); code != ExitOK {
		t.Fatalf("merge: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, db, "", "recluster"); code != ExitOK {
		t.Fatalf("recluster: %d %s", code, errOut)
	}
	// Every article of both talks stories is in one story after rebuilding.
	storyOf := map[string]int64{}
	for _, s := range storyList(t, db) {
		for _, a := range s.Articles {
			storyOf[a.ID] = s.ID
			for _, c := range a.Copies {
				storyOf[c.ID] = s.ID
			}
		}
	}
	for _, a := range append(slices.Clone(m.Articles), oct.Articles...) {
		if a.ID != art && storyOf[a.ID] != storyOf[m.Articles[0].ID] {
			t.Errorf("the merge did not survive recluster: %s is in story %d, not %d", a.ID, storyOf[a.ID], storyOf[m.Articles[0].ID])
		}
	}
	// Bad input names the item.
	if code, _, errOut := run(t, db, "", "story", "abc"); code != ExitFatal || !strings.Contains(errOut, "not a story id") {
		t.Errorf("bad id: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, db, "", "story", "split", itoa(m.ID), "nosuch"); code != ExitFatal || !strings.Contains(errOut, "not in story") {
		t.Errorf("split unknown article: %d %s", code, errOut)
	}
	// timeline: stories naming Kovalenko, oldest first.
	code, out, _ = run(t, db, "", "timeline", "Kovalenko")
	if code != ExitOK || !strings.Contains(out, "Stories involving") {
		t.Errorf("timeline: %d\n%s", code, out)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// why tells a move made when a run settled, names the story the article
// left, and says which step moved it.
func TestWhySettled(t *testing.T) {
	db := demoDB(t)
	list := storyList(t, db)
	bridge, talks := findStory(list, "bridge"), findStory(list, "Ostrel")
	if bridge == nil || talks == nil {
		t.Fatal("demo stories not found")
	}
	art := bridge.Articles[0].ID
	moved := "Moved from story " + itoa(bridge.ID) + " to story " + itoa(talks.ID) + " once the run's later articles were in"
	for _, tc := range []struct {
		step  model.SettleStep
		cands []model.Candidate
		want  string
	}{
		{model.StepRescore, []model.Candidate{{Story: talks.ID, Score: 0.31, Content: 0.31, Text: 0.3, Entity: 0.33, Time: 1, GapDays: 0}},
			moved + ": it scored higher there, at least 0.20."},
		{model.StepCores, nil, moved + ": the articles of story " + itoa(bridge.ID) + " fell into two groups that report different events."},
		{model.StepFragment, nil, moved + ": the articles of story " + itoa(bridge.ID) + " had their nearest articles in story " + itoa(talks.ID)},
		{"", nil, moved + ".\n"},
	} {
		expl := model.Assignment{Article: art, Story: talks.ID, Reason: model.ReasonSettle, Step: tc.step, From: bridge.ID,
			Threshold: 0.2, Candidates: tc.cands}
		ctx := context.Background()
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		err = st.Write(ctx, func(tx store.Tx) error {
			return tx.Assign(ctx, store.Assignment{Assignment: expl})
		})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		code, out, _ := run(t, db, "", "why", art)
		if code != ExitOK || !strings.Contains(out, tc.want) {
			t.Errorf("why, step %q: %d, want %q in\n%s", tc.step, code, tc.want, out)
		}
	}
}

// Ingest clusters a run's articles in publication order, as recluster
// does, so the two give the same stories however the files are ordered:
// here the demo corpus is ingested newest first.
func TestIngestAndReclusterAgree(t *testing.T) {
	dir := t.TempDir()
	corpus, err := app.WriteDemoCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Name the files so that they are read newest first.
	var files []string
	err = filepath.WalkDir(corpus, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(path) != ".json" {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) < 10 {
		t.Fatalf("demo corpus: %v, %d files", err, len(files))
	}
	for i, f := range files {
		if err := os.Rename(f, filepath.Join(filepath.Dir(f), fmt.Sprintf("%03d-%s", len(files)-i, filepath.Base(f)))); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "s.db")
	// The demo corpus holds broken files on purpose: a partial run.
	if code, _, errOut := run(t, db, "", "ingest", corpus); code != ExitOK && code != ExitPartial {
		t.Fatalf("ingest: %d %s", code, errOut)
	}
	partition := func() []string {
		var groups []string
		for _, s := range storyList(t, db) {
			var ids []string
			for _, a := range s.Articles {
				ids = append(ids, a.ID)
			}
			slices.Sort(ids)
			groups = append(groups, strings.Join(ids, " "))
		}
		slices.Sort(groups)
		return groups
	}
	// The oldest report of each story started it (one known only to the
	// day counted at noon).
	when := func(a stories.Article) time.Time {
		if t, err := time.Parse("2006-01-02", *a.Published); err == nil {
			return t.Add(12 * time.Hour)
		}
		at, err := time.Parse(time.RFC3339, *a.Published)
		if err != nil {
			t.Fatalf("published %q: %v", *a.Published, err)
		}
		return at
	}
	for _, s := range storyList(t, db) {
		var first *stories.Article
		for i, a := range s.Articles {
			if a.Published != nil && !a.Inferred && (first == nil || when(a).Before(when(*first))) {
				first = &s.Articles[i]
			}
		}
		if first == nil || len(s.Articles) < 2 {
			continue
		}
		if _, out, _ := run(t, db, "", "why", first.ID); !strings.Contains(out, "\nStarted story") {
			t.Errorf("story %d (%s): its oldest report %s (%s) did not start it:\n%s", s.ID, s.Title, first.ID, *first.Published, out)
		}
	}
	ingested := partition()
	if code, _, errOut := run(t, db, "", "recluster"); code != ExitOK {
		t.Fatalf("recluster: %d %s", code, errOut)
	}
	if reclustered := partition(); !slices.Equal(ingested, reclustered) {
		t.Errorf("ingest and recluster made different stories:\n%q\n%q", ingested, reclustered)
	}
}
