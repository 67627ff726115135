package resolve

import (
	"testing"

	"github.com/storywire/storywire/internal/model"
)

func person(id int64, aliases []string, roles ...string) model.Entity {
	e := model.Entity{ID: id, Type: model.Person, Name: aliases[0], Mentions: 1}
	for _, a := range aliases {
		e.Aliases = append(e.Aliases, model.Alias{Text: a, Count: 1})
	}
	for _, r := range roles {
		e.Roles = append(e.Roles, model.Role{Role: r})
	}
	return e
}

func local(name string, roles ...string) model.LocalEntity {
	return model.LocalEntity{Name: name, Type: model.Person, Aliases: []string{name}, Roles: roles}
}

// sharesKey reports whether two local entities would meet as candidates.
func sharesKey(a, b model.LocalEntity) bool {
	for _, x := range Keys(a) {
		for _, y := range Keys(b) {
			if x == y {
				return true
			}
		}
	}
	return false
}

func TestPeople(t *testing.T) {
	cases := []struct {
		name    string
		stored  model.Entity
		new     model.LocalEntity
		matches bool
	}{
		{"transliteration of the given name", person(1, []string{"Sergei Shoigu"}), local("Sergey Shoigu"), true},
		{"transliterations of the surname", person(1, []string{"Volodymyr Zelensky"}), local("Volodymyr Zelenskyy"), true},
		{"Zelenskiy", person(1, []string{"Volodymyr Zelensky"}), local("Volodymyr Zelenskiy"), true},
		{"Volodymyr / Vladimir", person(1, []string{"Volodymyr Zelenskyy"}), local("Vladimir Zelensky"), true},
		{"short form", person(1, []string{"William Burns"}), local("Bill Burns"), true},
		{"Tony / Antony", person(1, []string{"Antony Blinken"}), local("Tony Blinken"), true},
		{"surname alone", person(1, []string{"Antony Blinken"}, "Secretary of State"), local("Blinken"), true},
		{"misspelling confirmed by the role", person(1, []string{"Sergei Shoigu"}, "Defence Minister"), local("Sergey Shoygu", "Defence Minister"), true},
		{"misspelling, same given name and title", person(1, []string{"Sergei Shoigu"}, "Defence Minister"), local("Sergei Shoigo", "Defence Minister"), true},
		{"misspelling by two swapped letters", person(1, []string{"Sergei Shoigu"}, "Defence Minister"), local("Sergei Shiogu", "Defence Minister"), true},
		{"misspelling, title written another way", person(1, []string{"Sergei Shoigu"}, "Defence Minister"), local("Sergey Shiogu", "Minister of Defense"), true},
		{"misspelling, short form of the given name", person(1, []string{"William Burns"}, "Director"), local("Bill Burnes", "director"), true},
		{"one letter apart, other given name", person(1, []string{"Sergei Shoigu"}, "Defence Minister"), local("Pavel Shoigo", "Defence Minister"), false},
		{"one letter apart, initial only", person(1, []string{"Sergei Shoigu"}, "Defence Minister"), local("S. Shoigo", "Defence Minister"), false},
		{"one letter apart, other title", person(1, []string{"John Kerry"}, "Secretary of State"), local("John Kelly", "Chief of Staff"), false},
		{"one letter apart, title part of a word", person(1, []string{"Anna Brandt"}, "chairman"), local("Anna Brant", "chair"), false},
		{"misspelling without context", person(1, []string{"Dmitri Varenko"}, "foreign minister"), local("Dmitri Varenco"), false},
		{"same surname, other given name", person(1, []string{"Hana Varga"}, "fisheries minister"), local("Tomas Varga"), false},
		{"bare surname, other role", person(1, []string{"Hana Varga"}, "fisheries minister"), local("Varga", "fisherman"), false},
		{"similar surname, other person", person(1, []string{"Anya Kovalenko"}), local("Anya Kovalchuk"), false},
	}
	for _, c := range cases {
		local := c.new
		if c.matches && !sharesKey(local, model.LocalEntity{Name: c.stored.Name, Type: model.Person, Aliases: []string{c.stored.Name}}) {
			t.Errorf("%s: %q and %q share no key, so the store would never offer the candidate", c.name, local.Name, c.stored.Name)
		}
		got := Match(local, []model.Entity{c.stored}) == c.stored.ID
		if got != c.matches {
			t.Errorf("%s: %q matches %q = %v, want %v", c.name, local.Name, c.stored.Name, got, c.matches)
		}
	}
}

func TestPlacesAndOrganisations(t *testing.T) {
	russia := model.Entity{ID: 7, Type: model.Location, Name: "Russia", Country: "RU"}
	for _, le := range []model.LocalEntity{
		{Name: "Russia", Type: model.Location, Country: "RU"},
		{Name: "Russian", Type: model.Misc, Country: "RU"},
	} {
		if Match(le, []model.Entity{russia}) != 7 {
			t.Errorf("%q does not match Russia", le.Name)
		}
	}
	veldora := model.Entity{ID: 3, Type: model.Location, Name: "Veldora"}
	demonym := model.LocalEntity{Name: "Veldoran", Type: model.Misc, Aliases: []string{"Veldoran"}}
	if !sharesKey(demonym, model.LocalEntity{Name: "Veldora", Type: model.Location, Aliases: []string{"Veldora"}}) {
		t.Errorf("Veldoran and Veldora share no key: %v", Keys(demonym))
	}
	if Match(demonym, []model.Entity{veldora}) != 3 {
		t.Error("Veldoran does not match Veldora")
	}
	nato := model.LocalEntity{Name: "North Atlantic Treaty Organization", Type: model.Organization, Aliases: []string{"North Atlantic Treaty Organization"}}
	if !sharesKey(nato, model.LocalEntity{Name: "NATO", Type: model.Organization, Aliases: []string{"NATO"}}) {
		t.Errorf("NATO and its full name share no key: %v", Keys(nato))
	}
	// The same name typed as a person here and a place there (the tagger
	// does not always agree with itself) is one entity, whether the place
	// is stored with its aliases or was made for this same article (no
	// aliases yet): so the entities do not depend on which came first.
	stored := veldora
	stored.Aliases = []model.Alias{{Text: "Veldora", Count: 3}}
	for _, c := range []model.Entity{veldora, stored} {
		if Match(local("Veldora"), []model.Entity{c}) != 3 {
			t.Errorf("a place typed as a person does not find the place %+v", c)
		}
	}
	if Match(local("Anna Veldora"), []model.Entity{stored}) != 0 {
		t.Error("a person matched a place")
	}
}
