package storetest

import (
	"errors"
	"testing"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// annotations gives an article two mentions of one person (with a role)
// and one of a country, resolved to the given entity ids.
func annotations(person, country int64, surname string) model.Annotations {
	return model.Annotations{
		Tagger:    "test",
		Sentences: []model.TextSpan{{Start: 0, End: 40}},
		Mentions: []model.Mention{
			{Start: 0, End: 10, Text: "Anna " + surname, Type: model.Person, Entity: 0, Role: "minister", Affiliation: "Norland"},
			{Start: 20, End: 25, Text: surname, Type: model.Person, Entity: 0},
			{Start: 30, End: 37, Text: "Norland", Type: model.Location, Entity: 1},
		},
		Entities: []model.LocalEntity{
			{Name: "Anna " + surname, Type: model.Person, Aliases: []string{"Anna " + surname, surname}, Mentions: 2, ID: person},
			{Name: "Norland", Type: model.Location, Aliases: []string{"Norland"}, Mentions: 1, ID: country},
		},
	}
}

func testEntities(t *testing.T, s store.Store) {
	insert(t, s, article("a1", day(1)), article("a2", day(2)))
	var anna, norland int64
	err := s.Write(ctx, func(tx store.Tx) error {
		var err error
		if anna, err = tx.CreateEntity(ctx, model.Entity{Type: model.Person, Name: "Anna Lind"}); err != nil {
			return err
		}
		if norland, err = tx.CreateEntity(ctx, model.Entity{Type: model.Location, Name: "Norland", Country: "NL"}); err != nil {
			return err
		}
		if err := tx.AddEntityKeys(ctx, anna, []string{"per:sn:lind", "per:sn:lind"}); err != nil {
			return err
		}
		if err := tx.SetAnnotations(ctx, "a1", annotations(anna, norland, "Lind")); err != nil {
			return err
		}
		return tx.SetAnnotations(ctx, "a2", annotations(anna, norland, "Lind"))
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.Entity(ctx, anna)
	if err != nil {
		t.Fatal(err)
	}
	if e.Mentions != 4 || e.Articles != 2 || len(e.Aliases) != 2 || len(e.Roles) != 2 || e.Name != "Anna Lind" {
		t.Errorf("entity after two articles: %+v", e)
	}
	if len(e.Keys) != 1 || e.Keys[0] != "per:sn:lind" {
		t.Errorf("keys %v", e.Keys)
	}
	ann, ok, err := s.Annotations(ctx, "a1")
	if err != nil || !ok || len(ann.Mentions) != 3 || ann.Entities[0].ID != anna {
		t.Errorf("annotations: %+v %v %v", ann, ok, err)
	}
	if _, ok, err := s.Annotations(ctx, "nope"); ok || err != nil {
		t.Errorf("annotations of a missing article: %v %v", ok, err)
	}
	var analysed []string
	err = s.EachAnnotated(ctx, store.Filter{}, func(art model.Article, ann model.Annotations, ok bool) error {
		if ok && len(ann.Mentions) == 3 && ann.Entities[0].ID == anna {
			analysed = append(analysed, art.ID)
		}
		return nil
	})
	if err != nil || len(analysed) != 2 || analysed[0] != "a2" || analysed[1] != "a1" {
		t.Errorf("each annotated, newest first: %v %v", analysed, err)
	}
	arts, err := s.EntityArticles(ctx, anna, 0)
	if err != nil || len(arts) != 2 || arts[0].Article.ID != "a2" || arts[0].Count != 2 {
		t.Errorf("entity articles: %+v %v", arts, err)
	}
	list, err := s.Entities(ctx, store.EntityFilter{Type: model.Person})
	if err != nil || len(list) != 1 || list[0].ID != anna {
		t.Errorf("entities of type PER: %+v %v", list, err)
	}
	if list, _ := s.Entities(ctx, store.EntityFilter{Query: "lind"}); len(list) != 1 {
		t.Errorf("query by alias: %+v", list)
	}
	err = s.Write(ctx, func(tx store.Tx) error {
		c, err := tx.EntityCandidates(ctx, []string{"per:sn:lind", "other"})
		if err != nil {
			return err
		}
		// The role both articles gave her, once, as matching compares it.
		if len(c) != 1 || c[0].ID != anna || len(c[0].Aliases) != 2 || len(c[0].Roles) != 1 ||
			c[0].Roles[0].Role != "minister" || c[0].Roles[0].Affiliation != "Norland" {
			t.Errorf("candidates: %+v", c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Re-annotating an article replaces its contribution; an entity only
	// the old annotations named is deleted.
	err = s.Write(ctx, func(tx store.Tx) error {
		other, err := tx.CreateEntity(ctx, model.Entity{Type: model.Person, Name: "Anna Lund"})
		if err != nil {
			return err
		}
		return tx.SetAnnotations(ctx, "a2", annotations(other, norland, "Lund"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Entity(ctx, anna); e.Mentions != 2 || e.Articles != 1 || len(e.Roles) != 1 {
		t.Errorf("after re-annotating a2: %+v", e)
	}
	if e, _ := s.Entity(ctx, norland); e.Mentions != 2 || e.Name != "Norland" {
		t.Errorf("country after re-annotating: %+v", e)
	}
	err = s.Write(ctx, func(tx store.Tx) error {
		ann := annotations(norland, norland, "Lind")
		ann.Entities[0].ID = 0 // the person left unresolved
		return tx.SetAnnotations(ctx, "a1", ann)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entity(ctx, anna); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an entity no article mentions is kept: %v", err)
	}

	// A failed write leaves no entity behind.
	boom := errors.New("boom")
	err = s.Write(ctx, func(tx store.Tx) error {
		if _, err := tx.CreateEntity(ctx, model.Entity{Type: model.Organization, Name: "Ghost Corp"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if list, _ := s.Entities(ctx, store.EntityFilter{Query: "Ghost"}); len(list) != 0 {
		t.Errorf("rolled-back entity visible: %+v", list)
	}
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.SetAnnotations(ctx, "missing", model.Annotations{}) }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("annotations for a missing article: %v", err)
	}
	if err := s.Write(ctx, func(tx store.Tx) error { return tx.ClearEntities(ctx) }); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Entities(ctx, store.EntityFilter{}); len(list) != 0 {
		t.Errorf("entities after ClearEntities: %+v", list)
	}
}
