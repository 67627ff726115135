package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func testStories(t *testing.T, s store.Store) {
	a1, a2, a3, a4 := article("s1", day(1)), article("s2", day(3)), article("s3", time.Time{}), article("s4", day(2))
	a2.Outlet = "Meridian Wire"
	insert(t, s, a1, a2, a3, a4)
	err := s.Write(ctx, func(tx store.Tx) error {
		explained := assignment("s1", 7, 1, model.ReasonNew)
		explained.Threshold = 0.2
		explained.Candidates = []model.Candidate{{Story: 3, Score: 0.12, Terms: []string{"harbour", "strike"}}}
		for _, a := range []store.Assignment{
			explained,
			assignment("s2", 7, 2, model.ReasonScore),
			assignment("s3", 9, 3, model.ReasonNew),
		} {
			if err := tx.Assign(ctx, a); err != nil {
				return err
			}
		}
		if err := tx.LinkStories(ctx, 9, 7, 0.4); err != nil {
			return err
		}
		if err := tx.LinkStories(ctx, 7, 9, 0.3); err != nil { // weaker: kept 0.4
			return err
		}
		return tx.AddCorrection(ctx, store.Correction{Kind: "apart", Article: "s1", Other: "s3"})
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != 7 || list[0].Articles != 2 || list[0].Outlets != 2 ||
		!list[0].FirstSeen.Equal(day(1)) || !list[0].LastSeen.Equal(day(3)) || list[1].Undated != 1 {
		t.Fatalf("stories: %+v", list)
	}
	if l, _ := s.Stories(ctx, store.StoryFilter{MinOutlets: 2}); len(l) != 1 || l[0].ID != 7 {
		t.Errorf("min outlets 2: %+v", l)
	}
	if l, _ := s.Stories(ctx, store.StoryFilter{Since: day(2)}); len(l) != 1 || l[0].ID != 7 {
		t.Errorf("since day 2: %+v", l)
	}
	storyIDs := func(f store.StoryFilter) string {
		t.Helper()
		l, err := s.Stories(ctx, f)
		if err != nil {
			t.Fatalf("stories %+v: %v", f, err)
		}
		var out []string
		for _, x := range l {
			out = append(out, fmt.Sprint(x.ID))
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		name string
		f    store.StoryFilter
		want string
	}{
		{"until day 3 (last seen day 3)", store.StoryFilter{Until: day(3)}, ""},
		{"until day 4", store.StoryFilter{Until: day(4)}, "7"},
		{"outlet", store.StoryFilter{Outlet: "meridian wire"}, "7"},
		{"outlet of both", store.StoryFilter{Outlet: "Harbour Times"}, "7 9"},
		{"query", store.StoryFilter{Query: "detention s3"}, "9"},
		{"after the first", store.StoryFilter{After: &store.StoryKey{LastSeen: day(3), ID: 7}}, "9"},
		{"after a higher id of the same time", store.StoryFilter{After: &store.StoryKey{LastSeen: day(3), ID: 8}}, "7 9"},
		{"after the last", store.StoryFilter{After: &store.StoryKey{ID: 9}}, ""},
		{"after an undated one with a higher id", store.StoryFilter{After: &store.StoryKey{ID: 10}}, "9"},
		{"one page", store.StoryFilter{Limit: 1}, "7"},
	} {
		if got := storyIDs(c.f); got != c.want {
			t.Errorf("stories, %s: %q, want %q", c.name, got, c.want)
		}
	}
	if _, err := s.Stories(ctx, store.StoryFilter{Query: "  "}); !errors.Is(err, store.ErrEmptyQuery) {
		t.Errorf("stories matching an empty query: %v", err)
	}
	arts, err := s.StoryArticles(ctx, 7)
	if err != nil || len(arts) != 2 || arts[0].ID != "s1" || arts[1].ID != "s2" {
		t.Fatalf("story articles: %v %v", ids(arts), err)
	}
	a, ok, err := s.AssignmentOf(ctx, "s1")
	if err != nil || !ok || a.Article != "s1" || a.Story != 7 || a.Reason != model.ReasonNew || a.Threshold != 0.2 ||
		len(a.Candidates) != 1 || a.Candidates[0].Story != 3 || strings.Join(a.Candidates[0].Terms, " ") != "harbour strike" {
		t.Fatalf("assignment of s1 with its explanation: %+v %v %v", a, ok, err)
	}
	if _, ok, _ := s.AssignmentOf(ctx, "nobody"); ok {
		t.Error("assignment of an unknown article")
	}
	// s4 was stored and never clustered (a run stopped in between).
	if un, err := s.Articles(ctx, store.Filter{Unassigned: true}); err != nil || len(un) != 1 || un[0].ID != "s4" {
		t.Errorf("unassigned articles: %v %v", ids(un), err)
	}
	var unannotated []string
	err = s.EachAnnotated(ctx, store.Filter{Unassigned: true}, func(art model.Article, _ model.Annotations, _ bool) error {
		unannotated = append(unannotated, art.ID)
		return nil
	})
	if err != nil || strings.Join(unannotated, " ") != "s4" {
		t.Errorf("unassigned articles with their annotations: %v %v", unannotated, err)
	}
	var seqs []string
	s.EachAssignment(ctx, func(a store.Assignment) error { seqs = append(seqs, a.Article); return nil })
	if len(seqs) != 3 || seqs[0] != "s1" || seqs[2] != "s3" {
		t.Errorf("assignments in order: %v", seqs)
	}
	var with []string
	err = s.EachAssignedArticle(ctx, 0, func(a store.Assignment, art model.Article, ann model.Annotations) error {
		if art.ID != a.Article || len(ann.Mentions) != 0 {
			t.Errorf("assigned article %+v came with %s and annotations %+v", a, art.ID, ann)
		}
		with = append(with, fmt.Sprintf("%s:%d", art.ID, a.Story))
		return nil
	})
	if err != nil || strings.Join(with, " ") != "s1:7 s2:7 s3:9" {
		t.Errorf("assigned articles in order: %v %v", with, err)
	}
	rel, err := s.RelatedStories(ctx, 7)
	if err != nil || len(rel) != 1 || rel[0].Story != 9 || rel[0].Strength != 0.4 {
		t.Errorf("related: %+v %v", rel, err)
	}
	if _, err := s.Story(ctx, 404); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing story: %v", err)
	}
	// Reassigning moves the article; clearing keeps corrections.
	err = s.Write(ctx, func(tx store.Tx) error {
		return tx.Assign(ctx, assignment("s2", 9, 4, model.ReasonCorrection))
	})
	if err != nil {
		t.Fatal(err)
	}
	if a, _, _ := s.AssignmentOf(ctx, "s2"); a.Story != 9 || a.Reason != model.ReasonCorrection {
		t.Errorf("after the move, s2's assignment is %+v", a)
	}
	if st, _ := s.Story(ctx, 9); st.Articles != 2 {
		t.Errorf("after the move, story 9 has %d articles", st.Articles)
	}
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.Assign(ctx, assignment("ghost", 1, 9, model.ReasonNew)) }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("assigning an unknown article: %v", err)
	}
	// Merging moves the articles and the links.
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.MergeStory(ctx, 9, 7) }); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Story(ctx, 7); st.Articles != 3 {
		t.Errorf("after merging 9 into 7, story 7 has %d articles", st.Articles)
	}
	if rel, _ := s.RelatedStories(ctx, 7); len(rel) != 0 {
		t.Errorf("a story merged into its related one left a self-link: %+v", rel)
	}
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.ClearStories(ctx) }); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Stories(ctx, store.StoryFilter{}); len(l) != 0 {
		t.Errorf("after clearing: %+v", l)
	}
	cs, err := s.Corrections(ctx)
	if err != nil || len(cs) != 1 || cs[0].Kind != "apart" || cs[0].Article != "s1" || cs[0].Other != "s3" {
		t.Errorf("corrections after clearing: %+v %v", cs, err)
	}
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.AddCorrection(ctx, store.Correction{Kind: "bogus"}) }); err == nil {
		t.Error("a correction of an unknown kind was stored")
	}
}

// assignment is an assignment with no explanation beyond its reason.
func assignment(article string, story, seq int64, reason model.AssignmentReason) store.Assignment {
	return store.Assignment{Seq: seq, Assignment: model.Assignment{Article: article, Story: story, Reason: reason}}
}
