package entity

import (
	"testing"

	"github.com/storywire/storywire/internal/model"
)

func TestGroupCorrectsMistypedPeople(t *testing.T) {
	ms := []model.Mention{
		{Text: "Mira Kallas", Type: model.Person},
		{Text: "Ms Kallas", Type: model.Organization},
		{Text: "Viktor Sand", Type: model.Person},
		{Text: "Sand", Type: model.Organization},
		{Text: "Norland", Type: model.Organization},
	}
	ents := Group(ms)
	if ms[1].Entity != ms[0].Entity || ms[1].Type != model.Person {
		t.Errorf("Ms Kallas should join Mira Kallas as a person: %+v", ms)
	}
	if ms[3].Entity != ms[2].Entity {
		t.Errorf("Sand should join Viktor Sand: %+v", ms)
	}
	if ms[4].Type != model.Organization {
		t.Errorf("Norland retyped: %+v", ms[4])
	}
	if len(ents) != 3 {
		t.Errorf("got %d entities, want 3: %+v", len(ents), ents)
	}
}

func TestGroupJoinsMisspeltPeople(t *testing.T) {
	shoigu := model.Mention{Text: "Sergei Shoigu", Type: model.Person, Role: "Defence Minister"}
	cases := []struct {
		name  string
		later model.Mention
		same  bool
	}{
		{"a letter apart, same given name and title", model.Mention{Text: "Sergei Shoygo", Role: "Defence Minister"}, true},
		{"swapped letters, title written another way", model.Mention{Text: "Sergey Shiogu", Role: "Minister of Defense"}, true},
		{"other given name", model.Mention{Text: "Pavel Shoigo", Role: "Defence Minister"}, false},
		{"other title", model.Mention{Text: "Sergei Shoigo", Role: "Foreign Minister"}, false},
		{"no title", model.Mention{Text: "Sergei Shoigo"}, false},
		{"initial only", model.Mention{Text: "S. Shoigo", Role: "Defence Minister"}, false},
		{"other surname", model.Mention{Text: "Sergei Lavrov", Role: "Defence Minister"}, false},
	}
	for _, c := range cases {
		later := c.later
		later.Type = model.Person
		ms := []model.Mention{shoigu, {Text: "Shoigu", Type: model.Person}, later}
		Group(ms)
		if got := ms[2].Entity == ms[0].Entity; got != c.same {
			t.Errorf("%s: %q joins %q = %v, want %v", c.name, later.Text, shoigu.Text, got, c.same)
		}
	}
}
