package app_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/app"
)

// TestOnStories checks that an ingest tells which stories it created and
// which it grew: the demo corpus creates every story; the same articles
// under new URLs and texts (a follow-up) then grow one.
func TestOnStories(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpus, err := app.WriteDemoCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := app.Open(ctx, filepath.Join(dir, "sw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer sw.Close()
	var events []app.StoryEvent
	sw.OnStories(func(es []app.StoryEvent) { events = append(events, es...) })
	sum, err := sw.Ingest(ctx, []string{corpus}, app.IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	for _, e := range events {
		if e.Kind != app.StoryCreated || e.Title == "" || e.Articles != len(e.Added) {
			t.Errorf("first ingest: %+v", e)
		}
		added += len(e.Added)
	}
	if added != sum.Added+sum.Copies {
		t.Errorf("events name %d articles, the ingest stored %d", added, sum.Added+sum.Copies)
	}
	list, err := sw.Stories(ctx, app.StoriesOptions{})
	if err != nil || len(list) == 0 {
		t.Fatalf("stories: %v %v", len(list), err)
	}
	big := list[0]
	for _, e := range list {
		if e.Summary.Articles > big.Summary.Articles {
			big = e
		}
	}
	v, err := sw.StoryView(ctx, big.Summary.ID)
	if err != nil {
		t.Fatal(err)
	}
	art, err := sw.Article(ctx, v.Articles[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	events = nil
	follow := `{"title": ` + quote(art.Title+" (update)") + `, "outlet": "Follow-up Daily", "published": ` + quote(art.Published.Format()) +
		`, "text": ` + quote(art.Text+"\n\nMore details emerged on the matter later in the day, officials said in a fresh statement to reporters.") + `}`
	if _, err := sw.Ingest(ctx, []string{"-"}, app.IngestOptions{Stdin: strings.NewReader(follow)}); err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Kind != app.StoryGrown || events[0].Story != big.Summary.ID ||
		events[0].Articles != big.Summary.Articles+1 || len(events[0].Added) != 1 {
		t.Fatalf("follow-up into story %d (%d articles): %+v", big.Summary.ID, big.Summary.Articles, events)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
