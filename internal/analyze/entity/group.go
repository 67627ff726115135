package entity

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/model"
)

// Group puts mentions of the same entity within one article together, sets
// each mention's Entity index, and returns the entities in order of first
// mention.
//
//   - People: a full name starts an entity; a later mention of the surname
//     alone, or of the given name alone, joins the most recent person with
//     it ("Sergei Shoigu" ... "Shoigu"). A full name joins an earlier one
//     with the same surname and a compatible given name (the same, a
//     spelling or short form of it, or an initial).
//   - Countries: names, nationality words and possessives of one country
//     ("Russia", "Russian", "the Russian Federation") are one entity. For
//     countries the lexicon does not know, a nationality word joins a
//     place it can be derived from ("Veldoran" -> "Veldora").
//   - Organisations: the same name, or an acronym of a name used before.
func Group(ms []model.Mention) []model.LocalEntity {
	unifyTypes(ms)
	var ents []model.LocalEntity
	type key struct{ typ, k string }
	byKey := map[key]int{}
	var people []int // person entities, most recent last
	touch := func(e int) {
		if i := slices.Index(people, e); i >= 0 {
			people = append(people[:i], people[i+1:]...)
		}
		people = append(people, e)
	}
	add := func(m *model.Mention, e int) {
		m.Entity = e
		le := &ents[e]
		le.Mentions++
		if !slices.Contains(le.Aliases, m.Text) {
			le.Aliases = append(le.Aliases, m.Text)
		}
		if len(strings.Fields(m.Text)) > len(strings.Fields(le.Name)) {
			le.Name = m.Text
		}
		if m.Role != "" && !slices.Contains(le.Roles, m.Role) {
			le.Roles = append(le.Roles, m.Role)
		}
		if m.Affiliation != "" && !slices.Contains(le.Affiliations, m.Affiliation) {
			le.Affiliations = append(le.Affiliations, m.Affiliation)
		}
	}
	newEntity := func(m *model.Mention, typ, country string) int {
		ents = append(ents, model.LocalEntity{Name: m.Text, Type: typ, Country: country})
		return len(ents) - 1
	}
	for i := range ms {
		m := &ms[i]
		switch m.Type {
		case model.Person:
			name := PersonName(m.Text)
			e := -1
			for k := len(people) - 1; k >= 0 && e < 0; k-- {
				if SamePerson(name, PersonName(ents[people[k]].Name)) {
					e = people[k]
				}
			}
			for k := len(people) - 1; k >= 0 && e < 0; k-- {
				if misspeltPerson(*m, name, ents[people[k]]) {
					e = people[k]
				}
			}
			if e < 0 {
				e = newEntity(m, model.Person, "")
			}
			add(m, e)
			touch(e)
		case model.Location, model.Misc:
			name := strings.TrimPrefix(m.Text, "the ")
			if c, ok := lexicon.Country(name); ok {
				k := key{"country", c.Code}
				e, ok := byKey[k]
				if !ok {
					e = newEntity(m, model.Location, c.Code)
					ents[e].Name = c.Name
					byKey[k] = e
				}
				add(m, e)
				ents[e].Name = c.Name
				continue
			}
			k := key{"name", strings.ToLower(name)}
			e, ok := byKey[k]
			if !ok && m.Type == model.Misc {
				for _, stem := range lexicon.DemonymStem(name) {
					if x, found := byKey[key{"name", strings.ToLower(stem)}]; found && ents[x].Type == model.Location {
						e, ok = x, true
						break
					}
				}
			}
			if !ok {
				e = newEntity(m, m.Type, "")
				byKey[k] = e
			}
			add(m, e)
		default: // ORG
			name := strings.TrimPrefix(m.Text, "the ")
			k := key{model.Organization, orgKey(name)}
			e, ok := byKey[k]
			if !ok {
				// The same name tagged as a place elsewhere in the article.
				e, ok = byKey[key{"name", strings.ToLower(name)}]
			}
			if !ok {
				for x, le := range ents {
					if le.Type == model.Organization && (acronymOf(name, le.Name) || acronymOf(le.Name, name)) {
						e, ok = x, true
						break
					}
				}
			}
			if !ok {
				e = newEntity(m, model.Organization, "")
				byKey[k] = e
			}
			add(m, e)
		}
	}
	return ents
}

// unifyTypes gives every mention of the same written name the type most
// of its mentions in the article have: the tagger may call "Norland" a
// place in one sentence and an organisation in the next, and one name
// within one article is nearly always one thing.
func unifyTypes(ms []model.Mention) {
	// A name led by an honorific is a person's ("Ms Kallas"), and so is a
	// lone word that is the surname of a person the article named in full
	// ("Viktor Sand" ... "Sand said"), whatever the tagger said.
	surnames := map[string]bool{}
	lone := map[string]bool{} // surnames the text gives a person alone ("Ms Lusk")
	for i, m := range ms {
		f := strings.Fields(m.Text)
		if len(f) >= 2 && lexicon.IsHonorific(strings.TrimSuffix(f[0], ".")) {
			ms[i].Type = model.Person
		}
		if ms[i].Type == model.Person && len(f) >= 2 {
			surnames[f[len(f)-1]] = true
		}
		if ms[i].Type == model.Person && len(f) == 1 {
			lone[f[0]] = true
		}
	}
	// And a full name ending in such a surname is that person's, when
	// none of its words names an institution ("Theodora Lusk", tagged an
	// organisation, then "Ms Lusk").
	for i, m := range ms {
		f := strings.Fields(m.Text)
		if m.Type != model.Person && len(f) >= 2 && len(f) <= 3 && lone[f[len(f)-1]] && !hasInstitutionWord(f) {
			if _, country := lexicon.Country(m.Text); !country {
				ms[i].Type = model.Person
			}
		}
	}
	for i, m := range ms {
		if m.Type != model.Person && !strings.Contains(m.Text, " ") && surnames[m.Text] {
			if _, country := lexicon.Country(m.Text); !country {
				ms[i].Type = model.Person
			}
		}
	}
	counts := map[string]map[string]int{}
	for _, m := range ms {
		k := strings.ToLower(m.Text)
		if counts[k] == nil {
			counts[k] = map[string]int{}
		}
		counts[k][m.Type]++
	}
	for i := range ms {
		c := counts[strings.ToLower(ms[i].Text)]
		best := ms[i].Type
		for _, t := range []string{model.Person, model.Organization, model.Location, model.Misc} {
			if c[t] > c[best] {
				best = t
			}
		}
		ms[i].Type = best
	}
}

// orgKey normalises an organisation name for matching within an article.
func orgKey(name string) string {
	if o, ok := lexicon.Organization(name); ok {
		return "lex:" + o.Name
	}
	return strings.ToLower(name)
}

// acronymOf reports whether short is the acronym of long ("NATO" of
// "North Atlantic Treaty Organization", ignoring "of", "the", "and").
func acronymOf(short, long string) bool {
	if len(short) < 2 || strings.ToUpper(short) != short || !strings.Contains(long, " ") {
		return false
	}
	var b strings.Builder
	for _, w := range strings.Fields(long) {
		switch strings.ToLower(w) {
		case "of", "the", "and", "for", "&":
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String() == strings.ReplaceAll(short, ".", "")
}

// Name is a person's name split into given names and surname.
type Name struct {
	Given   []string // may be empty ("Shoigu")
	Surname string
}

// misspeltPerson reports whether a mention is a misspelling of a person
// named before in the article: a surname a letter or two apart, a given
// name that agrees, and the same title ("Defence Minister Sergei Shoigu"
// ... "Defence Minister Sergei Shoygo").
func misspeltPerson(m model.Mention, name Name, le model.LocalEntity) bool {
	if m.Role == "" {
		return false
	}
	other := PersonName(le.Name)
	if !GivenAgree(name.Given, other.Given) || !Misspelt(lexicon.TranslitKey(name.Surname), lexicon.TranslitKey(other.Surname)) {
		return false
	}
	key := lexicon.TitleKey(m.Role)
	for _, r := range le.Roles {
		if k := lexicon.TitleKey(r); k != "" && k == key {
			return true
		}
	}
	return false
}

// PersonName splits a person's name: the last word is the surname
// (particles such as "al-" stay attached), honorifics are dropped.
func PersonName(s string) Name {
	f := strings.Fields(s)
	for len(f) > 1 && lexicon.IsHonorific(f[0]) {
		f = f[1:]
	}
	// "Jr." and roman numerals are not the surname.
	for len(f) > 1 {
		last := strings.TrimSuffix(f[len(f)-1], ".")
		if last == "Jr" || last == "Sr" || last == "II" || last == "III" {
			f = f[:len(f)-1]
			continue
		}
		break
	}
	if len(f) == 0 {
		return Name{}
	}
	return Name{Given: f[:len(f)-1], Surname: f[len(f)-1]}
}

// SamePerson reports whether a (possibly partial) name b can be a mention
// of the person named a, within one article.
func SamePerson(a, b Name) bool {
	if a.Surname == "" || b.Surname == "" {
		return false
	}
	if lexicon.TranslitKey(a.Surname) == lexicon.TranslitKey(b.Surname) {
		return GivenCompatible(a.Given, b.Given)
	}
	// "Anya" alone after "Anya Kovalenko".
	if len(b.Given) == 0 && len(a.Given) > 0 && lexicon.TranslitKey(a.Given[0]) == lexicon.TranslitKey(b.Surname) {
		return true
	}
	return false
}

// GivenCompatible reports whether two given-name lists can belong to one
// person: either is missing, they are spellings or short forms of each
// other, or one is the other's initial.
func GivenCompatible(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	x, y := a[0], b[0]
	if strings.EqualFold(x, y) || lexicon.TranslitKey(x) == lexicon.TranslitKey(y) {
		return true
	}
	if IsInitial(x) || IsInitial(y) {
		return strings.EqualFold(x[:1], y[:1])
	}
	lx := strings.ToLower(x)
	for _, n := range lexicon.Nicknames(y) {
		if n == lx || lexicon.TranslitKey(n) == lexicon.TranslitKey(x) {
			return true
		}
	}
	return false
}

// IsInitial reports whether a given name is only an initial ("J", "J.").
func IsInitial(s string) bool {
	return utf8.RuneCountInString(strings.TrimSuffix(s, ".")) == 1
}

// GivenAgree reports whether two full given names (not initials, which
// too many people share) are one name: the same, spellings or short
// forms of each other ("Sergei", "Sergey"; "Bill", "William").
func GivenAgree(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 || IsInitial(a[0]) || IsInitial(b[0]) {
		return false
	}
	return GivenCompatible(a, b)
}

// Misspelt reports whether two surname keys (lexicon.TranslitKey) differ
// by at most one edit per five letters, and at least one: enough for a
// misspelling ("Shoigu", "Shoigo", "Shiogu"), not for a different name.
// Two swapped neighbours count as one edit.
func Misspelt(a, b string) bool {
	if a == b || len(a) < 5 || len(b) < 5 {
		return false
	}
	d := editDistance(a, b)
	return d <= max(1, min(len(a), len(b))/5)
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent letters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		pp, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		rows[0], rows[1], rows[2] = prev, cur, pp
	}
	return rows[1][len(rb)]
}
