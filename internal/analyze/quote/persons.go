package quote

import (
	"strings"
	"unicode"

	"github.com/storywire/storywire/internal/analyze/entity"
	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/model"
)

// Who in an article is a person, how each is named when shown as a
// speaker, and their grammatical gender for pronouns: what resolving a
// speaker (speaker.go) looks up about the article's people.

func (d *doc) genderOf(e int) byte {
	if e < 0 || e >= len(d.gender) {
		return 0
	}
	return d.gender[e]
}

// genders guesses each person's sex from what the article calls them:
// an honorific or a gendered role word before a mention (Ms Kohl, the
// spokeswoman X), or a gendered role.
func (d *doc) genders() []byte {
	g := make([]byte, len(d.ann.Entities))
	for mi, m := range d.ann.Mentions {
		if !d.person[mi] || m.Entity < 0 || m.Entity >= len(g) {
			continue
		}
		i := d.tokAt(m.Start)
		var words []string
		for k := i - 1; k >= 0 && k >= i-3; k-- {
			words = append(words, strings.TrimSuffix(d.low[k], "."))
		}
		words = append(words, strings.Fields(lower(m.Role))...)
		for _, w := range words {
			switch {
			case femaleWords[w]:
				g[m.Entity] = 'f'
			case maleWords[w]:
				g[m.Entity] = 'm'
			}
		}
	}
	// Failing that, a given name ending in -a is usually a woman's in the
	// languages news names come from (Mira, Marta, Anna), with known
	// exceptions.
	for i := range d.ann.Entities {
		if g[i] != 0 || !d.personEnt[i] {
			continue
		}
		n := entity.PersonName(d.names[i])
		if len(n.Given) == 0 || len(n.Given[0]) < 3 {
			continue
		}
		given := lower(n.Given[0])
		if strings.HasSuffix(given, "a") && !maleInA[given] {
			g[i] = 'f'
		}
	}
	return g
}

var maleInA = set(`luca andrea nikita ilya sasha misha kosta joshua jonah elijah ezra costa mustafa musa
	isa yahya zakaria attila batiatia jiska dima vova`)

// displayNames gives each local entity the name to report a speaker by:
// a person's fullest name in the article, without a role word the
// tagger took into it ("Pensioner Albin Roth"), taken from another entity
// when the article used a short form for one of them (M. Zavolskaya and
// Marina Zavolskaya).
func (d *doc) displayNames() []string {
	ents := d.ann.Entities
	d.personEnt = make([]bool, len(ents))
	for mi, m := range d.ann.Mentions {
		if d.person[mi] && m.Entity >= 0 && m.Entity < len(ents) {
			d.personEnt[m.Entity] = true
		}
	}
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name
		if d.personEnt[i] || strings.ContainsFunc(e.Name, unicode.IsLower) && hasRoleWords(e.Name) {
			names[i] = cleanPersonName(e.Name, d.given, d.places)
		}
	}
	for i := range ents {
		if d.personEnt[i] && !strings.Contains(names[i], " ") {
			names[i] = d.givenBefore(names[i])
		}
	}
	for i := range ents {
		if !d.personEnt[i] {
			continue
		}
		n := entity.PersonName(names[i])
		for j := range ents {
			if j != i && d.personEnt[j] && len(names[j]) > len(names[i]) && entity.SamePerson(entity.PersonName(names[j]), n) {
				names[i] = names[j]
			}
		}
	}
	return names
}

// givenBefore returns a lone surname with the given name the text once
// puts before it ("Mayor Earl Whitfield", whose "Earl" the tagger took
// for a title), or the surname unchanged.
func (d *doc) givenBefore(surname string) string {
	for i := 1; i < len(d.toks); i++ {
		if d.toks[i].Text != surname {
			continue
		}
		g, lg := d.toks[i-1].Text, lower(d.toks[i-1].Text)
		if i+1 < len(d.toks) && isCapitalized(d.toks[i+1].Text) && isWord(d.toks[i+1].Text) {
			continue // "Edna Pike": the word is a given name here
		}
		// Two titles in a row are a title and a name ("Mayor Earl").
		titled := i >= 2 && (lexicon.IsTitleWord(d.toks[i-2].Text) || personNouns[d.low[i-2]])
		if !isCapitalized(g) || !isWord(g) || d.toks[i-1].End >= d.toks[i].Start || i >= 2 && isSentenceEnd(d.low[i-2]) ||
			lexicon.IsTitleWord(g) && !titled || lexicon.IsHonorific(g) || personNouns[lg] && !titled || d.places[g] {
			continue
		}
		if d.given[lg] || i >= 2 && !isCapitalized(d.toks[i-2].Text) || titled {
			return g + " " + surname
		}
	}
	return surname
}

// cleanPersonName drops leading words of a three-word name that are
// common nouns rather than given names.
func cleanPersonName(name string, given, places map[string]bool) string {
	f := strings.Fields(name)
	for len(f) >= 2 && lexicon.IsHonorific(strings.TrimSuffix(f[0], ".")) {
		f = f[1:]
	}
	// "Tarrow Gov. Lena Park", "Port Merrow Mayor Ana Roos": a place and
	// an office before the name; the name is what follows the last title.
	if k := innerTitle(f); k >= 0 {
		f = withoutPlace(f)[k+1:]
	}
	// "leader of the Civic Union party Mira Kallas": the name is the run
	// of capitalised words at the end.
	for k := len(f) - 1; k >= 0; k-- {
		if !isCapitalized(f[k]) && !titleSmall[f[k]] {
			f = f[k+1:]
			break
		}
	}
	if len(f) > 3 {
		f = f[len(f)-2:]
	}
	if len(f) >= 3 && (isCountry(f[0]) || places[f[0]]) {
		f = f[1:]
	}
	for len(f) >= 3 {
		w := lower(f[0])
		if given[w] || !(personNouns[w] || roleSuffix(w)) {
			break
		}
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// innerTitle returns the index of the last title word of a name that
// has capitalised words after it ("Tarrow Gov. Lena Park" gives 1), or
// -1.
func innerTitle(f []string) int {
	f = withoutPlace(f)
	for k := len(f) - 2; k >= 0; k-- {
		if !lexicon.IsTitleWord(f[k]) {
			continue
		}
		for _, w := range f[k+1:] {
			if !isCapitalized(w) || lexicon.IsTitleWord(w) {
				return -1
			}
		}
		return k
	}
	return -1
}

// withoutPlace drops a trailing "of Calder" or "from Calder" from a name:
// "Rep. Ana Roos of Calder".
func withoutPlace(f []string) []string {
	for k := len(f) - 2; k >= 2; k-- {
		if (f[k] == "of" || f[k] == "from") && isCapitalized(f[k+1]) && isCapitalized(f[k-1]) {
			return f[:k]
		}
	}
	return f
}

// hasRoleWords reports whether a name holds a lower-case word that is not
// a particle of a name: "leader of the Civic Union party Mira Kallas".
func hasRoleWords(name string) bool {
	for _, w := range strings.Fields(name) {
		if !isCapitalized(w) && !titleSmall[w] {
			return true
		}
	}
	return false
}

func roleSuffix(w string) bool {
	for _, suf := range []string{"er", "or", "ist", "man", "ian", "ant", "ent", "ee"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// persons marks the mentions that name a person. The tagger's type is
// trusted (the entity stage has already made names led by an honorific,
// and lone surnames of people named in full, persons), with corrections
// for what it still gets wrong in the loose style of popular papers: a name led by a role word ("Gaffer Ugo Farr", "PM
// Viktor Sand") is a person, and so is a single word that is the surname
// or given name of a person already named ("Sand", "Dino").
func (d *doc) persons() []bool {
	ms := d.ann.Mentions
	person := make([]bool, len(ms))
	parts := map[string]bool{}
	places := map[string]bool{} // single words the tagger called a place or organisation
	for _, m := range ms {
		if (m.Type == model.Location || m.Type == model.Organization) && !strings.Contains(m.Text, " ") {
			places[m.Text] = true
		}
	}
	d.places = places
	for mi, m := range ms {
		f := strings.Fields(m.Text)
		switch {
		case m.Type == model.Person && len(f) >= 2 && corporateSuffixes[lower(f[len(f)-1])]:
			// "Halvard Foods": a firm the tagger took for a person.
		case m.Type == model.Person:
			person[mi] = true
		case m.Type == model.Location && d.entityCountry(m.Entity):
		case len(f) >= 3 && (lexicon.IsTitleWord(lower(f[0])) || personNouns[lower(f[0])] || roleSuffix(lower(f[0]))) && !orgWords(f):
			person[mi] = true
		case len(f) >= 2 && d.given[lower(f[0])] && !orgWords(f):
			person[mi] = true
		case len(f) >= 3 && innerTitle(f) >= 1 && !orgWords(f):
			// "Tarrow Gov. Lena Park": a place run into a titled name.
			person[mi] = true
		case len(f) <= 3 && !orgWords(f) && d.titledAt(m.Start):
			// "Gov. Lena Park", "Ms. Roos" with the title left out of the
			// mention.
			person[mi] = true
		case len(f) >= 2 && len(f) <= 3 && !orgWords(f) && d.allCapitalizedWords(f) && d.personContext(m):
			// "the general secretary, Ana Roos-Holt, said", "Ana Roos, 49,":
			// a name beside a role or an age is a person's.
			person[mi] = true
		case len(f) == 3 && (isCountry(f[0]) || places[f[0]]) && !orgWords(f) && isCapitalized(f[1]) && isCapitalized(f[2]):
			// "Norland Marina Zavolskaya": the tagger ran a country into
			// the name after it.
			person[mi] = true
		}
		if k := innerTitle(f); person[mi] && k >= 0 {
			f = withoutPlace(f)[k+1:] // the name parts after the title
		}
		if person[mi] && len(f) >= 2 {
			parts[lower(f[len(f)-1])] = true
			parts[lower(f[len(f)-2])] = true
		}
	}
	for mi, m := range ms {
		if !person[mi] && !strings.Contains(m.Text, " ") && parts[lower(m.Text)] && !d.entityCountry(m.Entity) {
			person[mi] = true
		}
	}
	return person
}

// titledAt reports whether the token before byte offset off is an
// office title or an honorific ("Gov.", "Mayor", "Ms."), which only a
// person's name follows.
func (d *doc) titledAt(off int) bool {
	i := d.tokAt(off)
	if i == 0 || !isCapitalized(d.toks[i-1].Text) {
		return false
	}
	t := d.toks[i-1].Text
	return lexicon.IsTitleWord(t) || lexicon.IsHonorific(t)
}

// personContext reports whether a mention stands where only a person's
// name does: in apposition after a role ("the union's general
// secretary, X,") or before an age ("X, 49,").
func (d *doc) personContext(m model.Mention) bool {
	a, b := d.tokAt(m.Start), d.tokAt(m.End)
	if b+2 < len(d.toks) && d.low[b] == "," && isNumberWord(d.low[b+1]) && len(d.low[b+1]) <= 3 && d.low[b+2] == "," {
		return true
	}
	if a >= 2 && d.low[a-1] == "," && (personNouns[d.low[a-2]] || lexicon.IsTitleWord(d.toks[a-2].Text)) {
		return true
	}
	// "Beatrix Onuoha, a nurse at …": an apposition after the name whose
	// head is a word only a person can be.
	if b+2 < len(d.toks) && d.low[b] == "," && (d.low[b+1] == "a" || d.low[b+1] == "an") {
		for k := b + 2; k < len(d.toks) && k <= b+5; k++ {
			w := d.low[k]
			if commaLike(w) || isSentenceEnd(w) || linkers[w] {
				break
			}
			if personNouns[w] && !bodyRoles[w] {
				return true
			}
		}
	}
	return false
}

// bodyRoles are the role nouns an organisation can fill too ("Halvard,
// an owner of three canneries").
var bodyRoles = set(`owner member partner source ally critic supporter opponent representative
	founder leader manager head chief insider relative witness victim`)

func (d *doc) allCapitalizedWords(f []string) bool {
	for _, w := range f {
		if !isCapitalized(w) {
			return false
		}
	}
	return true
}

// orgWords reports whether a name holds a word that names an organisation.
func orgWords(f []string) bool {
	for _, w := range f {
		w = lower(w)
		if institutionNouns[w] || genericInstitutions[w] || orgSuffixes[w] {
			return true
		}
	}
	return false
}

// corporateSuffixes end a firm's name, never a person's.
var corporateSuffixes = set(`inc ltd llc plc ag sa gmbh corp corporation foods industries systems
	technologies pharmaceuticals motors airlines airways holdings group`)

var orgSuffixes = set(`fc inc ltd plc ag sa gmbh co corp energy mining hydro athletic united city
	alliance coalition front movement federation foods industries
	bank airlines group holdings party union council ministry hospital association
	police court press news times herald gazette courier echo wire`)

func isCountry(w string) bool {
	_, ok := lexicon.Country(w)
	return ok
}

// namedInstitution finds the nearest earlier organisation (or place the
// tagger took one for) whose name holds the noun.
func (d *doc) namedInstitution(noun string, at int) (int, bool) {
	found, ok := 0, false
	d.candidates(at, func(mi int) bool {
		m := d.ann.Mentions[mi]
		if d.person[mi] || m.Type == model.Misc || !strings.Contains(m.Text, " ") {
			return false
		}
		for _, w := range strings.Fields(lower(m.Text)) {
			if w == noun || strings.TrimSuffix(w, "s") == noun {
				found, ok = mi, true
				return true
			}
		}
		return false
	})
	return found, ok
}
