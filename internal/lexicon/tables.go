package lexicon

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

var (
	//go:embed countries.txt
	countriesText string
	//go:embed places.txt
	placesText string
	//go:embed metonyms.txt
	metonymsText string
	//go:embed orgs.txt
	orgsText string
	//go:embed nicknames.txt
	nicknamesText string
)

// CountryEntry is a country, territory or the European Union.
type CountryEntry struct {
	// Code is the ISO 3166-1 alpha-2 code: "XK" for Kosovo (user-assigned,
	// in wide use) and "EU" for the European Union.
	Code string
	// Kind is "member" (UN member state), "observer" (UN observer state:
	// Palestine, the Holy See), "partial" (partially recognised: Taiwan,
	// Kosovo), "territory" or "supranational" (the EU).
	Kind string
	// Name is the common English short name ("Russia", "United States").
	Name string
	// Capital is the capital city, "" if there is none.
	Capital string
	// Aliases are other names: long official names, abbreviations, older
	// and local names ("Russian Federation"; "US", "U.S.", "America").
	Aliases []string
	// Demonyms are nouns and adjectives for the people, each followed by
	// its plural where it has a distinct one ("Russian", "Russians").
	Demonyms []string
	// Metonyms are the names that stand for the government (see Metonym).
	Metonyms []string
}

// PlaceEntry is a city or a region within a country.
type PlaceEntry struct {
	// Code is the ISO 3166-1 alpha-2 code of the country the place is
	// internationally recognised as part of; "" for a region divided
	// between countries (Kashmir).
	Code string
	// Kind is "capital", "city" or "region" (a state, province, oblast,
	// nation of the UK or other area).
	Kind string
	// Name is the common English name.
	Name string
	// Aliases are other spellings and names ("Kiev" for Kyiv).
	Aliases []string
	// Contested are the codes of other states that claim, occupy or
	// administer all or part of the place (Crimea: RU). Not exhaustive.
	Contested []string
}

// Org is an international organisation, alliance, court, forum or NGO.
type Org struct {
	// Acronym is the usual acronym ("NATO"), "" if none is in use.
	Acronym string
	// Kind is "un", "eu", "intergovernmental", "alliance", "regional",
	// "forum", "financial", "court", "agency", "ngo" or "sport".
	Kind string
	// Name is the full name in English.
	Name string
	// Aliases are other names and spellings ("Nato", "North Atlantic
	// Alliance").
	Aliases []string
}

// Metonymy is a name that stands for a government or one of its
// institutions: a capital, a building, a street.
type Metonymy struct {
	Name string
	// Code is the country code ("EU" for Brussels).
	Code string
	// Institution is what the name stands for: "government",
	// "presidency", "defence department", "prime minister's office"...
	Institution string
}

// tables is the parsed data.
type tables struct {
	countries  []CountryEntry
	countryIdx index
	byCode     map[string]int
	// capitalSensitive are the codes of countries whose capital is a
	// case-sensitive name ("Malé").
	capitalSensitive map[string]bool

	places   []PlaceEntry
	placeIdx index
	// shadowed are capitals that are not places because a place of the
	// same name in another country is listed ("Victoria").
	shadowed []string

	metonyms []Metonymy
	metIdx   index

	orgs   []Org
	orgIdx index

	// placeNames are, by place, its name and aliases with their markers.
	placeNames [][]marked

	nickGroups [][]string
	nickIdx    map[string][]int

	titles map[string]bool // title phrases, see titles.go
	// titleStarts are the first words of the title phrases.
	titleStarts map[string]bool

	// secondary are names marked "~", which must lead to another entry.
	secondary []secondaryName
	// problems are malformed or inconsistent data; tests require none.
	problems []string
}

type secondaryName struct {
	table string
	name  string
	id    int
}

var countryKinds = map[string]bool{"member": true, "observer": true, "partial": true, "territory": true, "supranational": true}
var placeKinds = map[string]bool{"capital": true, "city": true, "region": true}
var orgKinds = map[string]bool{"un": true, "eu": true, "intergovernmental": true, "alliance": true, "regional": true,
	"forum": true, "financial": true, "court": true, "agency": true, "ngo": true, "sport": true}

// governs reports whether a country's capital stands for its government
// and is a place: true for states, false for territories and the EU.
func governs(kind string) bool {
	return kind == "member" || kind == "observer" || kind == "partial"
}

var data = sync.OnceValue(build)

func build() *tables {
	t := &tables{byCode: make(map[string]int), capitalSensitive: make(map[string]bool)}
	t.buildCountries()
	capitals := t.buildPlaces()
	t.buildMetonyms(capitals)
	t.buildOrgs()
	t.buildNicknames()
	t.titles = buildTitles()
	t.titleStarts = map[string]bool{}
	for p := range t.titles {
		first, _, _ := strings.Cut(p, " ")
		t.titleStarts[first] = true
	}
	t.checkSecondary()
	for _, x := range []*index{&t.countryIdx, &t.placeIdx, &t.metIdx, &t.orgIdx} {
		t.problems = append(t.problems, x.conflicts...)
	}
	return t
}

func (t *tables) problem(format string, args ...any) {
	t.problems = append(t.problems, fmt.Sprintf(format, args...))
}

func validCode(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

func (t *tables) buildCountries() {
	label := func(id int) string { return t.countries[id].Code }
	for _, row := range parseRows("countries.txt", countriesText, 6, &t.problems) {
		code, kind := row[0], row[1]
		name, capital := parseMarked(row[2]), parseMarked(row[3])
		if !validCode(code) || !countryKinds[kind] || name.name == "" {
			t.problem("countries.txt: bad entry %q", strings.Join(row, " | "))
			continue
		}
		if _, dup := t.byCode[code]; dup {
			t.problem("countries.txt: code %s twice", code)
			continue
		}
		id := len(t.countries)
		c := CountryEntry{Code: code, Kind: kind, Name: name.name, Capital: capital.name}
		t.countries = append(t.countries, c)
		t.byCode[code] = id
		t.capitalSensitive[code] = capital.sensitive
		names := []marked{name}
		for _, a := range parseList(row[4]) {
			t.countries[id].Aliases = append(t.countries[id].Aliases, a.name)
			names = append(names, a)
		}
		for _, d := range parseList(row[5]) {
			t.countries[id].Demonyms = append(t.countries[id].Demonyms, d.name)
			names = append(names, d)
			if p, ok := plural(d); ok {
				t.countries[id].Demonyms = append(t.countries[id].Demonyms, p)
				names = append(names, marked{name: p, sensitive: d.sensitive, secondary: d.secondary})
			}
		}
		for _, n := range names {
			if n.secondary {
				t.secondary = append(t.secondary, secondaryName{"countries", n.name, id})
				continue
			}
			t.countryIdx.add(n.name, n.sensitive, id, label)
		}
	}
}

// plural returns the regular plural of a demonym, if it has a distinct
// one: "Russian" → "Russians", "Frenchman" → "Frenchmen"; none for
// "French", "Swiss", "Chinese" or names marked "!".
func plural(d marked) (string, bool) {
	w := d.name
	lw := strings.ToLower(w)
	switch {
	case d.noPlural:
		return "", false
	case strings.HasSuffix(lw, "chman"), strings.HasSuffix(lw, "shman"), strings.HasSuffix(lw, "chwoman"), strings.HasSuffix(lw, "shwoman"):
		return w[:len(w)-2] + "en", true
	}
	for _, s := range []string{"s", "sh", "ch", "x", "z", "ese"} {
		if strings.HasSuffix(lw, s) {
			return "", false
		}
	}
	return w + "s", true
}

// buildPlaces reads places.txt and adds the capitals it does not list. It
// returns, by country entry, the place entry of its capital (-1 if none).
func (t *tables) buildPlaces() []int {
	label := func(id int) string { return t.places[id].Name + " (" + t.places[id].Code + ")" }
	addPlace := func(p PlaceEntry, names []marked) {
		id := len(t.places)
		t.places = append(t.places, p)
		t.placeNames = append(t.placeNames, names)
		for _, n := range names {
			if n.secondary {
				t.secondary = append(t.secondary, secondaryName{"places", n.name, id})
				continue
			}
			t.placeIdx.add(n.name, n.sensitive, id, label)
		}
	}
	for _, row := range parseRows("places.txt", placesText, 5, &t.problems) {
		code, kind, name := row[0], row[1], parseMarked(row[2])
		contested := parseList(row[4])
		_, known := t.byCode[code]
		if !placeKinds[kind] || name.name == "" || !known && (code != "" || len(contested) < 2) {
			t.problem("places.txt: bad entry %q", strings.Join(row, " | "))
			continue
		}
		p := PlaceEntry{Code: code, Kind: kind, Name: name.name}
		names := []marked{name}
		for _, a := range parseList(row[3]) {
			p.Aliases = append(p.Aliases, a.name)
			names = append(names, a)
		}
		for _, c := range contested {
			if _, ok := t.byCode[c.name]; !ok || c.name == code {
				t.problem("places.txt: %s: bad contested code %q", p.Name, c.name)
			}
			p.Contested = append(p.Contested, c.name)
		}
		addPlace(p, names)
	}
	capitals := make([]int, len(t.countries))
	for i, c := range t.countries {
		capitals[i] = -1
		if c.Capital == "" || !governs(c.Kind) {
			continue
		}
		if id, ok := t.placeIdx.find(c.Capital); ok {
			if t.places[id].Code != c.Code {
				t.shadowed = append(t.shadowed, c.Capital+" ("+c.Code+")")
				continue
			}
			if t.places[id].Kind != "capital" {
				t.problem("places.txt: %s is the capital of %s but listed as a %s", c.Capital, c.Code, t.places[id].Kind)
			}
			capitals[i] = id
			continue
		}
		capitals[i] = len(t.places)
		addPlace(PlaceEntry{Code: c.Code, Kind: "capital", Name: c.Capital},
			[]marked{{name: c.Capital, sensitive: t.capitalSensitive[c.Code]}})
	}
	for i, p := range t.places {
		if p.Kind != "capital" {
			continue
		}
		if c := t.byCode[p.Code]; capitals[c] != i {
			t.problem("places.txt: %s is listed as a capital but is not the capital of %s", p.Name, p.Code)
		}
	}
	return capitals
}

// buildMetonyms reads metonyms.txt, then lets every capital, under its
// name and aliases, stand for its government unless the name is taken.
func (t *tables) buildMetonyms(capitals []int) {
	label := func(id int) string { return t.metonyms[id].Name + " (" + t.metonyms[id].Code + ")" }
	for _, row := range parseRows("metonyms.txt", metonymsText, 3, &t.problems) {
		name, code, inst := parseMarked(row[0]), row[1], row[2]
		if _, ok := t.byCode[code]; !ok || name.name == "" || inst == "" {
			t.problem("metonyms.txt: bad entry %q", strings.Join(row, " | "))
			continue
		}
		id := len(t.metonyms)
		t.metonyms = append(t.metonyms, Metonymy{Name: name.name, Code: code, Institution: inst})
		t.metIdx.add(name.name, name.sensitive, id, label)
	}
	for c, p := range capitals {
		if p < 0 {
			continue
		}
		for _, n := range t.placeNames[p] {
			if n.secondary || t.metIdx.has(n.name) {
				continue
			}
			id := len(t.metonyms)
			t.metonyms = append(t.metonyms, Metonymy{Name: n.name, Code: t.countries[c].Code, Institution: "government"})
			t.metIdx.add(n.name, n.sensitive, id, label)
		}
	}
	for _, m := range t.metonyms {
		c := &t.countries[t.byCode[m.Code]]
		c.Metonyms = append(c.Metonyms, m.Name)
	}
}

func (t *tables) buildOrgs() {
	label := func(id int) string { return t.orgs[id].Name }
	for _, row := range parseRows("orgs.txt", orgsText, 4, &t.problems) {
		acronym, kind, name := parseMarked(row[0]), row[1], parseMarked(row[2])
		if !orgKinds[kind] || name.name == "" {
			t.problem("orgs.txt: bad entry %q", strings.Join(row, " | "))
			continue
		}
		id := len(t.orgs)
		o := Org{Acronym: acronym.name, Kind: kind, Name: name.name}
		names := []marked{name}
		if acronym.name != "" && acronym.name != name.name {
			names = append(names, acronym)
		}
		for _, a := range parseList(row[3]) {
			o.Aliases = append(o.Aliases, a.name)
			names = append(names, a)
		}
		t.orgs = append(t.orgs, o)
		for _, n := range names {
			if n.secondary {
				t.secondary = append(t.secondary, secondaryName{"orgs", n.name, id})
				continue
			}
			t.orgIdx.add(n.name, n.sensitive, id, label)
		}
	}
}

func (t *tables) buildNicknames() {
	t.nickIdx = make(map[string][]int)
	for i, line := range strings.Split(nicknamesText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		group := strings.Fields(line)
		id := len(t.nickGroups)
		ok := len(group) >= 2
		for j, n := range group {
			for _, r := range n {
				if r < 'a' || r > 'z' {
					ok = false
				}
			}
			if slices.Contains(group[:j], n) {
				ok = false
			}
		}
		if !ok {
			t.problem("nicknames.txt:%d: bad group %q", i+1, line)
			continue
		}
		t.nickGroups = append(t.nickGroups, group)
		for _, n := range group {
			t.nickIdx[n] = append(t.nickIdx[n], id)
		}
	}
}

// checkSecondary requires every secondary name to lead to another entry.
func (t *tables) checkSecondary() {
	for _, s := range t.secondary {
		var x *index
		switch s.table {
		case "countries":
			x = &t.countryIdx
		case "places":
			x = &t.placeIdx
		default:
			x = &t.orgIdx
		}
		if id, ok := x.find(s.name); !ok || id == s.id {
			t.problem("%s: secondary name %q leads to no other entry", s.table, s.name)
		}
	}
}

func cloneCountry(c CountryEntry) CountryEntry {
	c.Aliases = slices.Clone(c.Aliases)
	c.Demonyms = slices.Clone(c.Demonyms)
	c.Metonyms = slices.Clone(c.Metonyms)
	return c
}

func clonePlace(p PlaceEntry) PlaceEntry {
	p.Aliases = slices.Clone(p.Aliases)
	p.Contested = slices.Clone(p.Contested)
	return p
}

func cloneOrg(o Org) Org {
	o.Aliases = slices.Clone(o.Aliases)
	return o
}

// Country looks up a country, territory or the EU by its name, an alias or
// a demonym: "Russia", "the Russian Federation", "Russians'", "U.S.",
// "Britain's", "Côte d'Ivoire", "Ivorian". See the package documentation
// for how names are compared and for ambiguous names.
func Country(name string) (CountryEntry, bool) {
	t := data()
	if id, ok := t.countryIdx.find(name); ok {
		return cloneCountry(t.countries[id]), true
	}
	return CountryEntry{}, false
}

// CountryByCode looks up a country by its ISO 3166-1 alpha-2 code, in
// either case; "UK", reserved in ISO 3166-1 for the United Kingdom, finds
// GB, and "EU" the European Union.
func CountryByCode(code string) (CountryEntry, bool) {
	t := data()
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "UK" {
		code = "GB"
	}
	if id, ok := t.byCode[code]; ok {
		return cloneCountry(t.countries[id]), true
	}
	return CountryEntry{}, false
}

// Countries returns every country entry, in the order of the data.
func Countries() []CountryEntry {
	t := data()
	out := make([]CountryEntry, len(t.countries))
	for i, c := range t.countries {
		out[i] = cloneCountry(c)
	}
	return out
}

// Metonym returns the code of the country whose government name stands
// for: "the Kremlin" → RU, "Downing Street" → GB, "Beijing" → CN,
// "Brussels" → EU. Capitals of states stand for their governments.
func Metonym(name string) (code string, ok bool) {
	m, ok := MetonymInfo(name)
	return m.Code, ok
}

// MetonymInfo is Metonym with the institution the name stands for.
func MetonymInfo(name string) (Metonymy, bool) {
	t := data()
	if id, ok := t.metIdx.find(name); ok {
		return t.metonyms[id], true
	}
	return Metonymy{}, false
}

// Metonyms returns every government metonym, those of metonyms.txt first,
// then the capitals.
func Metonyms() []Metonymy {
	return slices.Clone(data().metonyms)
}

// Place looks up a city or region by name or alias: "Kiev" finds Kyiv,
// "Crimea's" Crimea. Countries are not places (see Country); every state's
// capital is.
func Place(name string) (PlaceEntry, bool) {
	t := data()
	if id, ok := t.placeIdx.find(name); ok {
		return clonePlace(t.places[id]), true
	}
	return PlaceEntry{}, false
}

// Places returns every place, those of places.txt first, then the
// capitals it does not list.
func Places() []PlaceEntry {
	t := data()
	out := make([]PlaceEntry, len(t.places))
	for i, p := range t.places {
		out[i] = clonePlace(p)
	}
	return out
}

// Organization looks up an international organisation by name, acronym or
// alias: "NATO", "Nato's", "the UN Security Council", "Red Cross".
func Organization(name string) (Org, bool) {
	t := data()
	if id, ok := t.orgIdx.find(name); ok {
		return cloneOrg(t.orgs[id]), true
	}
	return Org{}, false
}

// Organizations returns every organisation, in the order of the data.
func Organizations() []Org {
	t := data()
	out := make([]Org, len(t.orgs))
	for i, o := range t.orgs {
		out[i] = cloneOrg(o)
	}
	return out
}
