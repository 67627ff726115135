package lexicon

import (
	"slices"
	"strings"
	"testing"
)

func TestNicknames(t *testing.T) {
	cases := []struct {
		in   string
		want []string // all must be present
		not  []string // none may be present
	}{
		{"Bill", []string{"william", "will", "billy"}, []string{"bill"}},
		{"William", []string{"bill", "will", "billy", "liam"}, []string{"william"}},
		{"will", []string{"william", "bill"}, nil},
		{"Bob", []string{"robert", "rob", "bobby"}, nil},
		{"Tony", []string{"anthony", "antony"}, nil},
		{"Antony", []string{"anthony", "tony"}, nil},
		{"Jim", []string{"james", "jimmy"}, nil},
		{"Mike", []string{"michael"}, nil},
		{"Alex", []string{"alexander", "alexandr", "alexandra", "sasha"}, nil},
		{"Alexander", []string{"alex", "alexandr", "aleksandr", "oleksandr", "sasha"}, []string{"alexandra"}},
		{"Sasha", []string{"alexander", "alexandra"}, nil},
		{"Oleksandr", []string{"alexander", "aleksandr"}, nil},
		{"Dmitri", []string{"dmitry", "dmitriy", "dmytro"}, nil},
		{"Sergei", []string{"sergey", "serhiy"}, nil},
		{"Serhiy", []string{"sergei", "sergey"}, nil},
		{"Volodymyr", []string{"vladimir", "wladimir"}, nil},
		{"Wladimir", []string{"vladimir", "volodymyr"}, nil},
		{"Mykola", []string{"nikolai", "nikolay"}, nil},
		{"Yuri", []string{"yury", "yuriy"}, nil},
		{"Mohammed", []string{"muhammad", "mohamed"}, nil},
		{"Youssef", []string{"yusuf"}, nil},
		{"Hussein", []string{"hussain", "hossein"}, nil},
		{"Zelensky", nil, nil},
	}
	for _, c := range cases {
		got := Nicknames(c.in)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Nicknames(%q) = %v, lacks %q", c.in, got, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("Nicknames(%q) = %v, has %q", c.in, got, w)
			}
		}
		if c.want == nil && got != nil {
			t.Errorf("Nicknames(%q) = %v, want nil", c.in, got)
		}
	}
	if a, b := Nicknames("Alex"), Nicknames("alex"); !slices.Equal(a, b) || !slices.Equal(a, Nicknames("Alex")) {
		t.Error("Nicknames not deterministic or case-sensitive")
	}
}

// TestNicknameGroups checks that the relation is symmetric within a group,
// never returns the input, has no duplicates, and that the data holds at
// least 150 English formal/short pairs.
func TestNicknameGroups(t *testing.T) {
	d := data()
	for _, g := range d.nickGroups {
		for _, a := range g {
			got := Nicknames(a)
			if slices.Contains(got, a) {
				t.Errorf("Nicknames(%q) contains itself", a)
			}
			sorted := slices.Clone(got)
			slices.Sort(sorted)
			if len(slices.Compact(sorted)) != len(got) {
				t.Errorf("Nicknames(%q) = %v has duplicates", a, got)
			}
			for _, b := range g {
				if a != b && !slices.Contains(got, b) {
					t.Errorf("Nicknames(%q) lacks %q of its group", a, b)
				}
			}
		}
	}
	english, _, _ := strings.Cut(nicknamesText, "# Russian")
	pairs := 0
	for _, line := range strings.Split(english, "\n") {
		if f := strings.Fields(line); len(f) > 1 && !strings.HasPrefix(line, "#") {
			pairs += len(f) - 1
		}
	}
	if pairs < 150 {
		t.Errorf("%d English name pairs, want at least 150", pairs)
	}
	t.Logf("%d groups, %d English pairs", len(d.nickGroups), pairs)
	if n := GivenNames(); !slices.IsSorted(n) || !slices.Contains(n, "volodymyr") {
		t.Error("GivenNames not sorted or incomplete")
	}
}

func TestTranslitKey(t *testing.T) {
	same := [][]string{
		{"Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskii", "Zelenskij", "ZELENSKY"},
		{"Sergei", "Sergey", "Sergej"},
		{"Shoigu", "Shoygu", "Schoigu"},
		{"Dmitri", "Dmitry", "Dmitriy", "Dmitrij"},
		{"Yuri", "Yury", "Yuriy", "Yurii", "Iurii", "Jurij"},
		{"Alexei", "Alexey", "Aleksei", "Aleksey"},
		{"Tatyana", "Tatiana"},
		{"Natalya", "Natalia", "Nataliya"},
		{"Yevgeny", "Evgeny", "Evgeniy", "Yevgeniy"},
		{"Wladimir", "Vladimir"},
		{"Khodorkovsky", "Hodorkovsky", "Khodorkovskiy"},
		{"Kharkov", "Harkov"},
		{"Shevchenko", "Schewtschenko"},
		{"Hassan", "Hasan"},
		{"Mohammed", "Mohamed"},
		{"Youssef", "Yusef"},
		{"Rasheed", "Rashid"},
		{"Qassem", "Kassem"},
		{"Moritz", "Morits"},
		{"Stephan", "Stefan"},
		{"Lewandowski", "Levandovski", "Lewandowskij"},
		{"Zelenska", "Zelens'ka"},
		{"Gérard", "Gerard"},
		{"Pyotr Poroshenko", "Pyotr  Poroshenko", "pyotr-poroshenko"},
	}
	for _, g := range same {
		k := TranslitKey(g[0])
		for _, n := range g[1:] {
			if got := TranslitKey(n); got != k {
				t.Errorf("TranslitKey(%q) = %q, TranslitKey(%q) = %q; want equal", g[0], k, n, got)
			}
		}
	}
	different := [][2]string{
		{"Shoigu", "Lavrov"}, {"Kovalenko", "Kovalchuk"}, {"Price", "Rice"}, {"Ivanov", "Ivanova"},
		{"Zelensky", "Zelenska"}, {"Sergei", "Serhiy"}, {"Putin", "Peskov"}, {"Maria", "Mario"},
		{"Yaroslav", "Jaroslava"}, {"Maya", "Mia"}, {"Lavrov", "Lavrova"},
		{"Dmitri", "Dmitrieva"},
	}
	for _, p := range different {
		if a, b := TranslitKey(p[0]), TranslitKey(p[1]); a == b {
			t.Errorf("TranslitKey(%q) = TranslitKey(%q) = %q; want different", p[0], p[1], a)
		}
	}
	for in, want := range map[string]string{
		"Zelenskyy": "zelenski", "Sergey": "sergei", "Shoygu": "shoigu", "": "", "--": "", "O'Brien": "obrien",
	} {
		if got := TranslitKey(in); got != want {
			t.Errorf("TranslitKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDemonymStem(t *testing.T) {
	first := map[string]string{
		"Veldoran": "Veldora", "Veldorans": "Veldora", "Veldoran's": "Veldora", "Veldorans'": "Veldora",
		"Norlandic": "Norland", "Norlander": "Norland", "Norlanders": "Norland", "Kostravan": "Kostrava",
		"Bulgarian": "Bulgaria", "Japanese": "Japan", "Polish": "Poland", "English": "England",
		"Finnish": "Finland", "Scottish": "Scotland", "Pakistani": "Pakistan", "Pakistanis": "Pakistan",
		"Icelandic": "Iceland", "Norwegian": "Norway", "Cypriot": "Cyprus", "VELDORAN": "VELDORA",
	}
	for in, want := range first {
		got := DemonymStem(in)
		if len(got) == 0 || got[0] != want {
			t.Errorf("DemonymStem(%q) = %v, want %q first", in, got, want)
		}
	}
	contains := map[string]string{
		"Italian": "Italy", "Ukrainian": "Ukraine", "Canadian": "Canada", "Belgian": "Belgium",
		"Peruvian": "Peru", "Iranian": "Iran", "Kenyan": "Kenya", "Chilean": "Chile", "Mexican": "Mexico",
		"Chinese": "China", "Lebanese": "Lebanon", "Congolese": "Congo", "Portuguese": "Portugal",
		"Swedish": "Sweden", "Turkish": "Turkey", "Kurdish": "Kurdistan", "Irish": "Ireland",
		"Somali": "Somalia", "Iraqi": "Iraq", "Argentine": "Argentina", "Quebecois": "Quebec",
		"Londoner": "London", "Yemenite": "Yemen",
	}
	for in, want := range contains {
		if got := DemonymStem(in); !slices.Contains(got, want) {
			t.Errorf("DemonymStem(%q) = %v, lacks %q", in, got, want)
		}
	}
	for _, in := range []string{"Veldoran", "Scottish", "Kostravans", "Portuguese"} {
		got := DemonymStem(in)
		if !slices.Equal(got, DemonymStem(in)) {
			t.Errorf("DemonymStem(%q) not deterministic", in)
		}
		seen := map[string]bool{}
		for _, c := range got {
			if strings.EqualFold(c, in) || seen[strings.ToLower(c)] || len(c) < 3 {
				t.Errorf("DemonymStem(%q) = %v: bad candidate %q", in, got, c)
			}
			seen[strings.ToLower(c)] = true
		}
	}
	for _, in := range []string{"", "   ", "Lao", "Han"} {
		if got := DemonymStem(in); got != nil {
			t.Errorf("DemonymStem(%q) = %v, want nil", in, got)
		}
	}
}

// TestIndexConflict checks that the consistency check catches a name
// given to two entries, keeps the first, and that case-sensitive names
// match only as written or in capitals.
func TestIndexConflict(t *testing.T) {
	var x index
	label := func(id int) string { return []string{"A", "B"}[id] }
	x.add("Georgia", false, 0, label)
	x.add("the georgia", false, 1, label)
	x.add("Georgia", false, 0, label)
	x.add("US", true, 0, label)
	if len(x.conflicts) != 1 || !strings.Contains(x.conflicts[0], "both A and B") {
		t.Errorf("conflicts = %q", x.conflicts)
	}
	if id, ok := x.find("GEORGIA's"); !ok || id != 0 {
		t.Errorf("find(GEORGIA's) = %d, %v", id, ok)
	}
	for in, want := range map[string]bool{"US": true, "the US": true, "US's": true, "us": false, "Us": false} {
		if _, ok := x.find(in); ok != want {
			t.Errorf("find(%q) = %v, want %v", in, ok, want)
		}
	}
}

func TestRomanize(t *testing.T) {
	for in, want := range map[string]string{
		"Коваленко": "Kovalenko",
		"Щербина":   "Shcherbina",
		"Норландии": "Norlandii",
		"Élysée":    "Elysee",
		"Søren":     "Soren",
		"Kovalenko": "Kovalenko",
		"Жук-Ёлкин": "Zhuk-Elkin",
	} {
		if got := Romanize(in); got != want {
			t.Errorf("Romanize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGivenNameGroups(t *testing.T) {
	cases := []struct {
		a, b  string
		share bool
	}{
		{"Bill", "William", true},
		{"Tony", "Antony", true},
		{"Sergei", "Serhiy", true},
		{"Alex", "Alexandra", true},
		{"Alex", "Alexander", true},
		{"Alexander", "Alexandra", false},
		{"Bill", "Robert", false},
		{"Zelensky", "Zelensky", false}, // in no group
	}
	for _, c := range cases {
		ga, gb := GivenNameGroups(c.a), GivenNameGroups(c.b)
		share := slices.ContainsFunc(ga, func(g string) bool { return slices.Contains(gb, g) })
		if share != c.share {
			t.Errorf("GivenNameGroups(%q) = %v, GivenNameGroups(%q) = %v: shared %v, want %v", c.a, ga, c.b, gb, share, c.share)
		}
	}
}
