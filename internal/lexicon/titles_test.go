package lexicon

import (
	"slices"
	"strings"
	"testing"
)

func TestMatchTitle(t *testing.T) {
	cases := []struct {
		tokens string // space-separated
		i      int
		want   int
	}{
		{"Defence Minister Sergei Shoigu", 0, 2},
		{"Defense Minister Lloyd Austin", 0, 2},
		{"US Secretary of State Antony Blinken", 1, 3},
		{"US Secretary of State Antony Blinken", 0, 0},
		{"NATO Secretary General Jens Stoltenberg", 1, 2},
		{"UN Secretary-General Antonio Guterres", 1, 1},
		{"Foreign Minister Sergei Lavrov", 0, 2},
		{"Minister of Foreign Affairs Dmytro Kuleba", 0, 4},
		{"Minister for Foreign Affairs Penny Wong", 0, 4},
		{"Secretary of the Treasury Janet Yellen", 0, 4},
		{"Deputy Foreign Minister Sergei Ryabkov", 0, 3},
		{"First Deputy Prime Minister Denys Shmyhal", 0, 4},
		{"Acting President Han Duck-soo", 0, 2},
		{"Former President Donald Trump", 0, 2},
		{"former U.S. President Barack Obama", 0, 0},
		{"former U.S. President Barack Obama", 2, 1},
		{"Vice President Kamala Harris", 0, 2},
		{"Vice-President Kamala Harris", 0, 1},
		{"then-President Barack Obama", 0, 1},
		{"ex-Prime Minister Boris Johnson", 0, 2},
		{"President-elect Donald Trump", 0, 1},
		{"Prime Minister-designate Mohammed Shia", 0, 2},
		{"Prime Minister Keir Starmer", 0, 2},
		{"Chancellor Olaf Scholz", 0, 1},
		{"Chancellor of the Exchequer Rachel Reeves", 0, 4},
		{"Home Secretary Yvette Cooper", 0, 2},
		{"Press Secretary Karine Jean-Pierre", 0, 2},
		{"Kremlin spokesman Dmitry Peskov", 1, 1},
		{"Foreign Ministry spokeswoman Maria Zakharova", 0, 3},
		{"Lt. Gen. Kyrylo Budanov", 0, 2},
		{"Lt Gen Kyrylo Budanov", 0, 2},
		{"Lieutenant General Kyrylo Budanov", 0, 2},
		{"Gen. Valery Gerasimov", 0, 1},
		{"Maj. Gen. Ivan Popov", 0, 2},
		{"Rear Adm. John Kirby", 0, 2},
		{"Chief of the General Staff Valery Gerasimov", 0, 5},
		{"Sen. Bernie Sanders", 0, 1},
		{"Sen Amartya", 0, 0},
		{"Rep. Nancy Pelosi", 0, 1},
		{"House Speaker Mike Johnson", 0, 2},
		{"Senate Majority Leader Chuck Schumer", 1, 2},
		{"Attorney General Merrick Garland", 0, 2},
		{"Attorney-General Merrick Garland", 0, 1},
		{"Chief Executive Officer Tim Cook", 0, 3},
		{"chief executive Tim Cook", 0, 2},
		{"CEO Tim Cook", 0, 1},
		{"ceo Tim", 0, 0},
		{"PM Keir Starmer", 0, 1},
		{"Supreme Leader Ali Khamenei", 0, 2},
		{"Pope Francis", 0, 1},
		{"King Charles", 0, 1},
		{"Crown Prince Mohammed bin Salman", 0, 2},
		{"Special Envoy Steve Witkoff", 0, 2},
		{"EU foreign policy chief Kaja Kallas", 1, 3},
		{"Army chief Asim Munir", 0, 2},
		{"Shadow Home Secretary Chris Philp", 0, 3},
		{"spokesman John Kirby", 0, 1},
		{"ambassador Vassily Nebenzia", 0, 1},
		{"Mayor Sadiq Khan", 0, 1},
		{"Governor Gavin Newsom", 0, 1},
		{"Judge Juan Merchan", 0, 1},
		{"Deputy", 0, 0},
		{"Former Deputy", 0, 0},
		{"Foreign Ministry", 0, 0},
		{"the President", 0, 0},
		{"the President", 1, 1},
		{"Mr. President", 0, 0},
		{"Defence Minister", 5, 0},
		{"Defence Minister", -1, 0},
	}
	for _, c := range cases {
		tokens := strings.Fields(c.tokens)
		if got := MatchTitle(tokens, c.i); got != c.want {
			t.Errorf("MatchTitle(%q, %d) = %d, want %d", c.tokens, c.i, got, c.want)
		}
	}
}

func TestIsTitleWord(t *testing.T) {
	yes := []string{"President", "president", "PRESIDENT", "Minister", "spokesman", "Spokeswoman", "spokesperson",
		"Chancellor", "Premier", "Secretary", "ambassador", "envoy", "general", "Gen.", "Gen", "Lt.", "Adm.",
		"Admiral", "senator", "Sen.", "Rep.", "Gov.", "governor", "mayor", "CEO", "chairman", "director",
		"head", "leader", "King", "queen", "prince", "Pope", "judge", "prosecutor", "Secretary-General",
		"ex-President", "Vice-President", "President-elect", "Sheikh", "Ayatollah"}
	no := []string{"Deputy", "Acting", "Foreign", "Defence", "Ministry", "Mr", "Mr.", "Dr", "Sen", "Rep", "ceo",
		"Kremlin", "Russia", "the", "", "-", "Shoigu"}
	for _, w := range yes {
		if !IsTitleWord(w) {
			t.Errorf("IsTitleWord(%q) = false", w)
		}
	}
	for _, w := range no {
		if IsTitleWord(w) {
			t.Errorf("IsTitleWord(%q) = true", w)
		}
	}
}

func TestIsTitleModifier(t *testing.T) {
	for _, w := range []string{"Deputy", "acting", "Former", "First", "Vice", "ex", "Interim", "Asst."} {
		if !IsTitleModifier(w) {
			t.Errorf("IsTitleModifier(%q) = false", w)
		}
	}
	for _, w := range []string{"President", "Foreign", "Mr", "ex-President", ""} {
		if IsTitleModifier(w) {
			t.Errorf("IsTitleModifier(%q) = true", w)
		}
	}
}

func TestIsHonorific(t *testing.T) {
	for _, w := range []string{"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof", "Prof.", "Sir",
		"SIR", "Dame", "Lord", "Lady", "Madam", "Mme", "Rev.", "Señor", "Monsieur"} {
		if !IsHonorific(w) {
			t.Errorf("IsHonorific(%q) = false", w)
		}
	}
	for _, w := range []string{"sir", "lady", "mr", "President", "Gen.", "Minister", "King", "Mrx", "", "."} {
		if IsHonorific(w) {
			t.Errorf("IsHonorific(%q) = true", w)
		}
	}
}

func TestTitlePhrases(t *testing.T) {
	p := TitlePhrases()
	if !slices.IsSorted(p) {
		t.Error("TitlePhrases not sorted")
	}
	for _, want := range []string{"president", "prime minister", "foreign minister", "minister of foreign affairs",
		"secretary of state", "secretary general", "defence minister", "defense minister", "lieutenant general"} {
		if _, ok := slices.BinarySearch(p, want); !ok {
			t.Errorf("TitlePhrases lacks %q", want)
		}
	}
	for _, s := range p {
		if len(strings.Fields(s)) > maxTitleWords {
			t.Errorf("title %q longer than maxTitleWords", s)
		}
		// Every phrase is matched as a whole.
		if n := MatchTitle(strings.Fields(s), 0); n != len(strings.Fields(s)) {
			t.Errorf("MatchTitle(%q) = %d", s, n)
		}
	}
}

func TestTitleKey(t *testing.T) {
	same := [][]string{
		{"Defence Minister", "Defense Minister", "defence minister", "Minister of Defence", "Minister of Defense", "minister for defence"},
		{"Secretary of State", "State Secretary", "Sec. of State"},
		{"Minister of Foreign Affairs", "Foreign Affairs Minister"},
		{"Secretary of the Treasury", "Treasury Secretary"},
		{"Labour Minister", "Minister of Labor"},
	}
	for _, group := range same {
		want := TitleKey(group[0])
		if want == "" {
			t.Errorf("TitleKey(%q) is empty", group[0])
		}
		for _, r := range group[1:] {
			if got := TitleKey(r); got != want {
				t.Errorf("TitleKey(%q) = %q, want %q as for %q", r, got, want, group[0])
			}
		}
	}
	differ := [][2]string{
		{"Defence Minister", "Foreign Minister"},
		{"Secretary of State", "Secretary of Defense"},
		{"Minister", "Prime Minister"},
		{"Chief of Staff", "Staff Chief"}, // "staff" is no department
	}
	for _, p := range differ {
		if TitleKey(p[0]) == TitleKey(p[1]) {
			t.Errorf("TitleKey(%q) = TitleKey(%q) = %q", p[0], p[1], TitleKey(p[0]))
		}
	}
}
