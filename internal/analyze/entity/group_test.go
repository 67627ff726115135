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
