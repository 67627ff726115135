package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// listing is the JSON of every story's head, as a listing gives it.
func listing(t *testing.T, a *App) string {
	t.Helper()
	list, err := a.Stories(context.Background(), StoriesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestStoryCacheFollowsChanges: listings of heads served from the cache
// are what building them again gives, after a merge in this App, after
// one by another process on the same database, and after an ingest.
func TestStoryCacheFollowsChanges(t *testing.T) {
	ctx := context.Background()
	a, db := ingestedDemo(t)
	first := listing(t, a)
	if again := listing(t, a); again != first {
		t.Fatal("a second listing differs from the first")
	}
	fresh := func() string {
		t.Helper()
		b, err := Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		return listing(t, b)
	}
	list, err := a.Stories(ctx, StoriesOptions{})
	if err != nil || len(list) < 4 {
		t.Fatalf("%d stories (%v)", len(list), err)
	}
	if _, err := a.Merge(ctx, list[0].Summary.ID, list[1].Summary.ID); err != nil {
		t.Fatal(err)
	}
	if got, want := listing(t, a), fresh(); got != want || got == first {
		t.Errorf("after a merge here the listing is not rebuilt:\ngot  %s\nwant %s", got, want)
	}
	// Another process's changes show once the listing is read again.
	a.views.ttl = 50 * time.Millisecond
	other, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Merge(ctx, list[2].Summary.ID, list[3].Summary.ID); err != nil {
		t.Fatal(err)
	}
	other.Close()
	time.Sleep(60 * time.Millisecond)
	if got, want := listing(t, a), fresh(); got != want {
		t.Errorf("after a merge by another process the listing is stale:\ngot  %s\nwant %s", got, want)
	}
	post := filepath.Join(t.TempDir(), "late.txt")
	if err := os.WriteFile(post, []byte("Rates rise again in Veldora\n\nThe Bank of Veldora raised its main interest rate to 7 percent on Thursday, Governor Ilse Marek said, as inflation stayed high."), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(ctx, []string{post}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := listing(t, a), fresh(); got != want {
		t.Errorf("after an ingest the listing is stale:\ngot  %s\nwant %s", got, want)
	}
}

// TestListingCache: a listing is read once while it is fresh, again after
// a reset or once it is older than the TTL, and a failed read is not kept.
func TestListingCache(t *testing.T) {
	ctx := context.Background()
	c := newStoryCache()
	c.ttl = 100 * time.Millisecond
	reads := 0
	read := func() ([]store.StorySummary, error) {
		reads++
		return []store.StorySummary{{ID: int64(reads)}}, nil
	}
	f := store.StoryFilter{Limit: 21}
	list := func() int64 {
		t.Helper()
		l, err := c.listing(ctx, f, read)
		if err != nil || len(l) != 1 {
			t.Fatalf("%v %v", l, err)
		}
		return l[0].ID
	}
	if first, again := list(), list(); first != 1 || again != 1 {
		t.Fatalf("a fresh listing was read again: %d reads", reads)
	}
	if l, _ := c.listing(ctx, store.StoryFilter{Limit: 5}, read); l[0].ID != 2 {
		t.Errorf("another filter got the cached listing: %v", l)
	}
	c.reset()
	if got := list(); got != 3 {
		t.Errorf("after a reset: read %d, want 3", got)
	}
	time.Sleep(110 * time.Millisecond)
	if got := list(); got != 4 {
		t.Errorf("after the TTL: read %d, want 4", got)
	}
	c.reset()
	if _, err := c.listing(ctx, f, func() ([]store.StorySummary, error) { return nil, errors.New("busy") }); err == nil {
		t.Fatal("the read's error was not returned")
	}
	if got := list(); got != 5 {
		t.Errorf("after a failed read: read %d, want 5", got)
	}
}

// views is the JSON of every story's whole view (StoryView), in listing
// order, as `storywire story ID --json` and the API give it.
func views(t *testing.T, a *App, ids []int64) string {
	t.Helper()
	var out []byte
	for _, id := range ids {
		v, err := a.StoryView(context.Background(), id)
		if err != nil {
			t.Fatalf("story %d: %v", id, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, b...), '\n')
	}
	return string(out)
}

// TestStoryViewCacheFollowsChanges: whole views served from the cache
// are byte for byte what an App without a cache builds, after a merge in
// this App, after one by another process on the same database, and after
// an ingest; and a story's articles read with their annotations in one
// query are what reading them one by one gives.
func TestStoryViewCacheFollowsChanges(t *testing.T) {
	ctx := context.Background()
	a, db := ingestedDemo(t)
	list, err := a.Stories(ctx, StoriesOptions{})
	if err != nil || len(list) < 4 {
		t.Fatalf("%d stories (%v)", len(list), err)
	}
	var ids []int64
	related := false
	for _, e := range list {
		ids = append(ids, e.Summary.ID)
		arts, anns, err := a.st.StoryArticlesAnnotated(ctx, e.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		one, err := a.st.StoryArticles(ctx, e.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(arts, one) {
			t.Errorf("story %d: the articles read with their annotations differ", e.Summary.ID)
		}
		_, outlines, err := a.st.StoryArticlesOutlined(ctx, e.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, art := range one {
			ann, _, err := a.st.Annotations(ctx, art.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(anns[i], ann) {
				t.Errorf("article %s: the annotations read with the story's differ", art.ID)
			}
			want := model.Annotations{Sentences: ann.Sentences, Entities: ann.Entities, Times: ann.Times}
			if !reflect.DeepEqual(outlines[i], want) {
				t.Errorf("article %s: the outline of its annotations is not their sentences, entities and times", art.ID)
			}
		}
		if links, _ := a.st.RelatedStories(ctx, e.Summary.ID); len(links) > 0 {
			related = true
		}
	}
	if !related {
		t.Error("no story has related stories: the titles shown with them are not tested")
	}
	fresh := func() string {
		t.Helper()
		b, err := Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		b.views.ttl = 0 // nothing kept
		return views(t, b, ids)
	}
	first := views(t, a, ids)
	if len(a.views.views) != len(ids) {
		t.Fatalf("%d views kept, want %d", len(a.views.views), len(ids))
	}
	if again, want := views(t, a, ids), fresh(); again != first || first != want {
		t.Fatalf("cached views differ from built ones:\ngot  %s\nwant %s", again, want)
	}
	// A merge here: the merged stories, and those that show their titles,
	// are built again.
	if _, err := a.Merge(ctx, ids[0], ids[1]); err != nil {
		t.Fatal(err)
	}
	gone := ids[1]
	ids = slices.DeleteFunc(ids, func(id int64) bool { return id == gone })
	if got, want := views(t, a, ids), fresh(); got != want {
		t.Errorf("after a merge here the views are stale:\ngot  %s\nwant %s", got, want)
	}
	// Another process's changes show once the views are older than the TTL.
	a.views.ttl = 50 * time.Millisecond
	other, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Merge(ctx, ids[1], ids[2]); err != nil {
		t.Fatal(err)
	}
	other.Close()
	gone = ids[2]
	ids = slices.DeleteFunc(ids, func(id int64) bool { return id == gone })
	time.Sleep(60 * time.Millisecond)
	if got, want := views(t, a, ids), fresh(); got != want {
		t.Errorf("after a merge by another process the views are stale:\ngot  %s\nwant %s", got, want)
	}
	a.views.ttl = listingTTL
	views(t, a, ids)
	post := filepath.Join(t.TempDir(), "late.txt")
	if err := os.WriteFile(post, []byte("Rates rise again in Veldora\n\nThe Bank of Veldora raised its main interest rate to 7 percent on Thursday, Governor Ilse Marek said, as inflation stayed high."), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(ctx, []string{post}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := views(t, a, ids), fresh(); got != want {
		t.Errorf("after an ingest the views are stale:\ngot  %s\nwant %s", got, want)
	}
}

// ingestedDemo opens an App on a new store holding the demo corpus, and
// returns the database's path, for a second App on it; the App is closed
// when t ends.
func ingestedDemo(t *testing.T) (a *App, db string) {
	t.Helper()
	dir := t.TempDir()
	corpus, err := WriteDemoCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(dir, "sw.db")
	if a, err = Open(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Ingest(context.Background(), []string{corpus}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	return a, db
}
