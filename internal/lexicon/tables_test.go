package lexicon

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestDataConsistent checks the tables parse cleanly: no malformed line,
// no name leading to two entries of one table, no unknown country code,
// every secondary ("~") name leading to another entry, every listed
// capital the capital of its country.
func TestDataConsistent(t *testing.T) {
	d := data()
	for _, p := range d.problems {
		t.Error(p)
	}
	if want := []string{"Victoria (SC)"}; !slices.Equal(d.shadowed, want) {
		t.Errorf("capitals shadowed by other places: %v, want %v", d.shadowed, want)
	}
}

func TestCountryTable(t *testing.T) {
	members := 0
	kinds := map[string]int{}
	for _, c := range Countries() {
		kinds[c.Kind]++
		if c.Kind == "member" {
			members++
		}
		if !validCode(c.Code) {
			t.Errorf("%s: bad code %q", c.Name, c.Code)
		}
		if governs(c.Kind) && c.Capital == "" {
			t.Errorf("%s: no capital", c.Name)
		}
		// Every name of an entry finds the entry, except secondary ones.
		for _, n := range append(append([]string{c.Name}, c.Aliases...), c.Demonyms...) {
			got, ok := Country(n)
			if !ok {
				t.Errorf("Country(%q) not found (%s)", n, c.Code)
			} else if got.Code != c.Code && !secondaryOf("countries", n, c.Code) {
				t.Errorf("Country(%q) = %s, want %s", n, got.Code, c.Code)
			}
		}
		// A state's capital is a place of that country (Victoria aside)
		// and stands for its government.
		if governs(c.Kind) && c.Capital != "Victoria" {
			if p, ok := Place(c.Capital); !ok || p.Code != c.Code || p.Kind != "capital" {
				t.Errorf("Place(%q) = %+v, %v; want the capital of %s", c.Capital, p, ok, c.Code)
			}
			if !slices.Contains(c.Metonyms, c.Capital) && c.Capital != "Brussels" {
				t.Errorf("%s: capital %s not among metonyms %v", c.Code, c.Capital, c.Metonyms)
			}
		}
	}
	if members != 193 {
		t.Errorf("%d UN member states, want 193", members)
	}
	t.Logf("countries by kind: %v", kinds)
}

// secondaryOf reports whether name is marked secondary for the entry with
// code (countries) or name (places, orgs) in table.
func secondaryOf(table, name, owner string) bool {
	d := data()
	for _, s := range d.secondary {
		if s.table != table || s.name != name {
			continue
		}
		switch table {
		case "countries":
			if d.countries[s.id].Code == owner {
				return true
			}
		case "places":
			if d.places[s.id].Name == owner {
				return true
			}
		default:
			if d.orgs[s.id].Name == owner {
				return true
			}
		}
	}
	return false
}

func TestPlaceTable(t *testing.T) {
	for _, p := range Places() {
		if p.Code == "" && len(p.Contested) < 2 {
			t.Errorf("%s: no country and fewer than two claimants", p.Name)
		}
		if p.Code != "" {
			if _, ok := CountryByCode(p.Code); !ok {
				t.Errorf("%s: unknown code %s", p.Name, p.Code)
			}
		}
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			got, ok := Place(n)
			if !ok || got.Name != p.Name && !secondaryOf("places", n, p.Name) {
				t.Errorf("Place(%q) = %q, %v; want %q", n, got.Name, ok, p.Name)
			}
		}
	}
}

func TestOrgTable(t *testing.T) {
	for _, o := range Organizations() {
		names := append([]string{o.Name}, o.Aliases...)
		if o.Acronym != "" {
			names = append(names, o.Acronym)
		}
		for _, n := range names {
			got, ok := Organization(n)
			if !ok || got.Name != o.Name && !secondaryOf("orgs", n, o.Name) {
				t.Errorf("Organization(%q) = %q, %v; want %q", n, got.Name, ok, o.Name)
			}
		}
	}
}

func TestMetonymTable(t *testing.T) {
	for _, m := range Metonyms() {
		if _, ok := CountryByCode(m.Code); !ok {
			t.Errorf("%s: unknown code %s", m.Name, m.Code)
		}
		got, ok := MetonymInfo(m.Name)
		if !ok || got != m {
			t.Errorf("MetonymInfo(%q) = %+v, %v; want %+v", m.Name, got, ok, m)
		}
	}
}

// TestSharedNames pins the names that more than one table knows, so a new
// overlap is a decision, not an accident: city-states and the capitals
// named like their country, Georgia (country and US state) and the EU
// (a country-like entry and an organisation).
func TestSharedNames(t *testing.T) {
	var got []string
	for _, c := range Countries() {
		for _, n := range append(append([]string{c.Name}, c.Aliases...), c.Demonyms...) {
			if _, ok := Place(n); ok {
				got = append(got, "place:"+n)
			}
			if _, ok := Organization(n); ok {
				got = append(got, "org:"+n)
			}
		}
	}
	for _, p := range Places() {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if _, ok := Organization(n); ok {
				got = append(got, "place-org:"+n)
			}
		}
	}
	slices.Sort(got)
	want := []string{
		"org:E.U.", "org:EU", "org:European Union",
		"place:Djibouti", "place:Georgia", "place:Luxembourg", "place:Monaco",
		"place:San Marino", "place:Singapore", "place:Vatican City",
	}
	if !slices.Equal(got, want) {
		t.Errorf("names in more than one table:\n got %v\nwant %v", got, want)
	}
}

func TestCountry(t *testing.T) {
	cases := []struct {
		in   string
		want string // code, "" for not found
	}{
		{"Russia", "RU"}, {"russia", "RU"}, {"RUSSIA", "RU"}, {"the Russian Federation", "RU"},
		{"Russian Federation", "RU"}, {"Russian", "RU"}, {"Russians", "RU"},
		{"Russia's", "RU"}, {"Russia’s", "RU"}, {"Russians'", "RU"}, {"the Russian Federation's", "RU"},
		{"United States", "US"}, {"the United States", "US"}, {"the US", "US"}, {"US", "US"},
		{"U.S.", "US"}, {"USA", "US"}, {"America", "US"}, {"America's", "US"}, {"American", "US"},
		{"Americans", "US"}, {"us", ""}, {"Us", ""},
		{"the United Kingdom", "GB"}, {"UK", "GB"}, {"U.K.", "GB"}, {"Britain", "GB"},
		{"Great Britain", "GB"}, {"British", "GB"}, {"Briton", "GB"}, {"Britons", "GB"},
		{"Ukraine", "UA"}, {"the Ukraine", "UA"}, {"Ukrainian", "UA"}, {"Ukrainians'", "UA"},
		{"Frenchman", "FR"}, {"Frenchmen", "FR"}, {"French", "FR"},
		{"Swiss", "CH"}, {"Chinese", "CN"}, {"china", ""}, {"China", "CN"}, {"PRC", "CN"},
		{"Turkey", "TR"}, {"turkey", ""}, {"TURKEY", "TR"}, {"Türkiye", "TR"}, {"Turkiye", "TR"}, {"Turks", "TR"},
		{"Polish", "PL"}, {"polish", ""}, {"Poles", "PL"}, {"poles", ""},
		{"Côte d'Ivoire", "CI"}, {"Cote d’Ivoire", "CI"}, {"Ivory Coast", "CI"}, {"Ivorian", "CI"},
		{"Guinea-Bissau", "GW"}, {"Guinea Bissau", "GW"}, {"Guinea", "GN"}, {"guinea", ""},
		{"Trinidad & Tobago", "TT"}, {"Bosnia-Herzegovina", "BA"}, {"Bosnia & Herzegovina", "BA"},
		{"São Tomé and Príncipe", "ST"}, {"Sao Tome and Principe", "ST"},
		{"Congo", "CD"}, {"Congolese", "CD"}, {"DRC", "CD"}, {"Congo-Brazzaville", "CG"}, {"Republic of the Congo", "CG"},
		{"Korea", "KR"}, {"Korean", "KR"}, {"South Korean", "KR"}, {"North Korean", "KP"}, {"DPRK", "KP"},
		{"Dominican", "DO"}, {"Dominica", "DM"}, {"Georgia", "GE"}, {"Georgian", "GE"},
		{"Niger", "NE"}, {"Nigerien", "NE"}, {"Nigerian", "NG"}, {"Sudanese", "SD"}, {"South Sudanese", "SS"},
		{"Netherlands", "NL"}, {"the Netherlands", "NL"}, {"Holland", "NL"}, {"Dutch", "NL"},
		{"the Gambia", "GM"}, {"Gambia", "GM"}, {"Philippines'", "PH"}, {"Filipinos", "PH"},
		{"Burma", "MM"}, {"Swaziland", "SZ"}, {"Czechia", "CZ"}, {"Czechs", "CZ"}, {"Kazakhs", "KZ"},
		{"Taiwan", "TW"}, {"Kosovo", "XK"}, {"Kosovar", "XK"}, {"Palestine", "PS"}, {"Palestinians", "PS"},
		{"Hong Kong", "HK"}, {"Macao", "MO"}, {"Holy See", "VA"}, {"the Vatican", "VA"}, {"Western Sahara", "EH"},
		{"European Union", "EU"}, {"the EU", "EU"}, {"E.U.", "EU"}, {"eu", ""},
		{"Emirati", "AE"}, {"UAE", "AE"}, {"Saudi", "SA"}, {"Saudis", "SA"}, {"Kiwis", "NZ"},
		{"Russian-backed", ""}, {"Veldora", ""}, {"", ""}, {"the", ""}, {"Moscow", ""}, {"Kremlin", ""},
	}
	for _, c := range cases {
		got, ok := Country(c.in)
		if ok != (c.want != "") || got.Code != c.want {
			t.Errorf("Country(%q) = %q, %v; want %q", c.in, got.Code, ok, c.want)
		}
	}
	ru, _ := Country("Russia")
	if ru.Name != "Russia" || ru.Capital != "Moscow" || ru.Kind != "member" ||
		!slices.Contains(ru.Demonyms, "Russians") || !slices.Contains(ru.Metonyms, "Kremlin") {
		t.Errorf("Country(Russia) = %+v", ru)
	}
}

func TestCountryByCode(t *testing.T) {
	cases := map[string]string{
		"RU": "Russia", "ru": "Russia", "GB": "United Kingdom", "UK": "United Kingdom",
		"EU": "European Union", "XK": "Kosovo", "TW": "Taiwan", "PS": "Palestine", " us ": "United States",
		"ZZ": "", "": "", "USA": "",
	}
	for in, want := range cases {
		got, ok := CountryByCode(in)
		if ok != (want != "") || got.Name != want {
			t.Errorf("CountryByCode(%q) = %q, %v; want %q", in, got.Name, ok, want)
		}
	}
}

func TestMetonym(t *testing.T) {
	cases := []struct{ in, want string }{
		{"the Kremlin", "RU"}, {"Kremlin", "RU"}, {"the Kremlin's", "RU"}, {"Moscow", "RU"},
		{"the White House", "US"}, {"White House", "US"}, {"Washington", "US"}, {"the Pentagon", "US"},
		{"pentagon", ""}, {"Foggy Bottom", "US"}, {"Capitol Hill", "US"},
		{"Downing Street", "GB"}, {"Number 10", "GB"}, {"No. 10", "GB"}, {"Whitehall", "GB"}, {"London", "GB"},
		{"the Elysee", "FR"}, {"Élysée", "FR"}, {"Elysée Palace", "FR"}, {"Paris", "FR"},
		{"Beijing", "CN"}, {"Zhongnanhai", "CN"}, {"Kyiv", "UA"}, {"Kiev", "UA"}, {"Bankova", "UA"},
		{"Tehran", "IR"}, {"Teheran", "IR"}, {"Brussels", "EU"}, {"Berlaymont", "EU"},
		{"Jerusalem", "IL"}, {"Ramallah", "PS"}, {"Taipei", "TW"}, {"Pristina", "XK"},
		{"The Hague", "NL"}, {"La Paz", "BO"}, {"Rawalpindi", "PK"}, {"Nur-Sultan", "KZ"},
		{"Malé", "MV"}, {"Male", "MV"}, {"male", ""},
		{"Victoria", ""}, // the Australian state, not the capital of Seychelles
		{"Douglas", ""},  // territories' capitals stand for nothing
		{"New York", ""}, {"Russia", ""}, {"", ""},
	}
	for _, c := range cases {
		got, ok := Metonym(c.in)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("Metonym(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	if m, _ := MetonymInfo("the Pentagon"); m.Institution != "defence department" {
		t.Errorf("MetonymInfo(the Pentagon) = %+v", m)
	}
	if m, _ := MetonymInfo("Moscow"); m.Institution != "government" || m.Name != "Moscow" {
		t.Errorf("MetonymInfo(Moscow) = %+v", m)
	}
}

func TestPlace(t *testing.T) {
	cases := []struct{ in, name, code string }{
		{"Kyiv", "Kyiv", "UA"}, {"Kiev", "Kyiv", "UA"}, {"Kharkov", "Kharkiv", "UA"}, {"Odessa", "Odesa", "UA"},
		{"Crimea", "Crimea", "UA"}, {"Crimea's", "Crimea", "UA"}, {"Donbass", "Donbas", "UA"},
		{"Donetsk", "Donetsk", "UA"}, {"Luhansk", "Luhansk", "UA"}, {"Lugansk", "Luhansk", "UA"},
		{"Gaza", "Gaza Strip", "PS"}, {"the Gaza Strip", "Gaza Strip", "PS"}, {"Gaza City", "Gaza City", "PS"},
		{"West Bank", "West Bank", "PS"}, {"the West Bank's", "West Bank", "PS"}, {"Kashmir", "Kashmir", ""},
		{"Georgia", "Georgia", "US"}, {"California", "California", "US"}, {"Washington", "Washington, D.C.", "US"},
		{"Washington State", "Washington State", "US"}, {"New York", "New York City", "US"}, {"NYC", "New York City", "US"},
		{"Victoria", "Victoria", "AU"}, {"Brussels", "Brussels", "BE"}, {"Moscow", "Moscow", "RU"},
		{"Hague", "The Hague", "NL"}, {"Nice", "Nice", "FR"}, {"nice", "", ""}, {"Munchen", "Munich", "DE"},
		{"Tyre", "Tyre", "LB"}, {"tyre", "", ""}, {"Russia", "", ""}, {"Kremlin", "", ""},
	}
	for _, c := range cases {
		got, ok := Place(c.in)
		if ok != (c.name != "") || got.Name != c.name || got.Code != c.code {
			t.Errorf("Place(%q) = %q %q, %v; want %q %q", c.in, got.Name, got.Code, ok, c.name, c.code)
		}
	}
	if p, _ := Place("Crimea"); !slices.Equal(p.Contested, []string{"RU"}) || p.Kind != "region" {
		t.Errorf("Place(Crimea) = %+v", p)
	}
	if p, _ := Place("Kashmir"); !slices.Equal(p.Contested, []string{"IN", "PK", "CN"}) {
		t.Errorf("Place(Kashmir) = %+v", p)
	}
}

func TestOrganization(t *testing.T) {
	cases := []struct{ in, acronym string }{
		{"NATO", "NATO"}, {"Nato", "NATO"}, {"Nato's", "NATO"}, {"N.A.T.O.", "NATO"},
		{"North Atlantic Treaty Organisation", "NATO"}, {"the EU", "EU"}, {"UN", "UN"}, {"U.N.", "UN"},
		{"un", ""}, {"the United Nations", "UN"}, {"UN Security Council", "UNSC"}, {"the Security Council", "UNSC"},
		{"IMF", "IMF"}, {"WHO", "WHO"}, {"who", ""}, {"Who", ""}, {"World Health Organisation", "WHO"},
		{"OPEC", "OPEC"}, {"Opec", "OPEC"}, {"OPEC+", "OPEC+"}, {"G7", "G7"}, {"G-7", "G7"}, {"G20", "G20"},
		{"African Union", "AU"}, {"AU", "AU"}, {"ASEAN", "ASEAN"}, {"OSCE", "OSCE"}, {"IAEA", "IAEA"},
		{"UN nuclear watchdog", "IAEA"}, {"ICC", "ICC"}, {"WTO", "WTO"}, {"Red Cross", "ICRC"}, {"ICRC", "ICRC"},
		{"UN Development Program", "UNDP"}, {"International Labor Organization", "ILO"},
		{"Medecins Sans Frontieres", "MSF"}, {"Doctors Without Borders", "MSF"},
		{"amnesty", ""}, {"IOC", "IOC"}, {"Kremlin", ""},
	}
	for _, c := range cases {
		got, ok := Organization(c.in)
		if ok != (c.acronym != "") || got.Acronym != c.acronym {
			t.Errorf("Organization(%q) = %q, %v; want %q", c.in, got.Acronym, ok, c.acronym)
		}
	}
	if o, ok := Organization("Amnesty"); !ok || o.Name != "Amnesty International" {
		t.Errorf("Organization(Amnesty) = %+v, %v", o, ok)
	}
	if o, _ := Organization("World Bank"); o.Name != "World Bank" || o.Acronym != "" || o.Kind != "financial" {
		t.Errorf("Organization(World Bank) = %+v", o)
	}
}

// TestCopies checks callers cannot change the tables through what they get.
func TestCopies(t *testing.T) {
	c, _ := Country("Russia")
	c.Aliases[0] = "changed"
	c.Demonyms[0] = "changed"
	all := Countries()
	all[0].Name = "changed"
	p, _ := Place("Crimea")
	p.Contested[0] = "XX"
	o, _ := Organization("NATO")
	o.Aliases[0] = "changed"
	if c2, _ := Country("Russia"); c2.Aliases[0] == "changed" || c2.Demonyms[0] == "changed" {
		t.Error("Country shares its slices")
	}
	if Countries()[0].Name == "changed" {
		t.Error("Countries shares its entries")
	}
	if p2, _ := Place("Crimea"); p2.Contested[0] != "RU" {
		t.Error("Place shares its slices")
	}
	if o2, _ := Organization("NATO"); o2.Aliases[0] == "changed" {
		t.Error("Organization shares its slices")
	}
}

func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if c, ok := Country("Ukrainians'"); !ok || c.Code != "UA" {
					t.Error("Country failed under concurrent use")
					return
				}
				Place("Kiev")
				Metonym("the Kremlin")
				MatchTitle(strings.Fields("Deputy Foreign Minister Andriy"), 0)
			}
		}()
	}
	wg.Wait()
}
