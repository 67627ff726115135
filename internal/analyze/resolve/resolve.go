// Package resolve links an article's own entities to canonical entities
// across articles: one entity per real person, organisation or place,
// whatever the spelling. It is pure: the caller looks up candidates by the
// keys Keys gives (in the store) and asks Match which one, if any, a local
// entity is.
//
// People match on the surname (compared by transliteration key, so
// Zelensky / Zelenskyy / Zelenskiy agree) with a compatible given name
// (Sergei / Sergey, Bill / William, an initial, or none). A surname that
// differs by a letter or two (Shoigu / Shoygu, Varenko / Varenco) matches
// only when the same given name and a shared role or affiliation confirm
// it. A bare surname whose role contradicts the candidate's stays apart.
// Countries match on their ISO code, so demonyms and names agree;
// organisations on their name, canonical name or acronym.
package resolve

import (
	"context"
	"slices"
	"strings"

	"github.com/storywire/storywire/internal/analyze/entity"
	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Keys returns the lookup keys of a local entity: every canonical entity
// it may be shares at least one.
func Keys(le model.LocalEntity) []string {
	var keys []string
	add := func(k string) {
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	switch {
	case le.Type == model.Person:
		for _, alias := range append([]string{le.Name}, le.Aliases...) {
			// The tagger sometimes calls a place or a firm a person
			// ("Arkon Mining"): the exact name finds it.
			add("name:" + strings.ToLower(alias))
			n := entity.PersonName(alias)
			sk := lexicon.TranslitKey(n.Surname)
			if sk == "" {
				continue
			}
			add("per:sn:" + sk)
			if len(n.Given) > 0 {
				// Finds a misspelt surname with a compatible given name:
				// under the name and its nickname groups, so "Bill
				// Burnes" meets "William Burns".
				for _, g := range append([]string{n.Given[0]}, lexicon.GivenNameGroups(n.Given[0])...) {
					if gk := lexicon.TranslitKey(g); gk != "" && !entity.IsInitial(g) {
						add("per:gn:" + gk + ":" + sk[:1])
					}
				}
			}
		}
	case le.Country != "":
		add("cc:" + le.Country)
	default: // ORG, LOC, MISC
		// One key space for the three: the tagger does not always agree
		// with itself whether "Norland" is a place or an organisation.
		for _, alias := range append([]string{le.Name}, le.Aliases...) {
			add("name:" + strings.ToLower(strings.TrimPrefix(alias, "the ")))
			if le.Type == model.Organization {
				add("name:" + orgKey(alias))
				if a := acronym(alias); a != "" {
					add("org:acr:" + a)
				}
			}
			if le.Type == model.Misc || (le.Type == model.Organization && !strings.Contains(alias, " ")) {
				// "Veldoran" finds "Veldora".
				for _, stem := range lexicon.DemonymStem(alias) {
					add("name:" + strings.ToLower(stem))
				}
			}
		}
	}
	return keys
}

func orgKey(name string) string {
	name = strings.TrimPrefix(name, "the ")
	if o, ok := lexicon.Organization(name); ok {
		return strings.ToLower(o.Name)
	}
	return strings.ToLower(name)
}

// acronym returns an organisation's acronym: the name itself when it is
// one ("NATO"), the initials of a name of three words or more otherwise.
func acronym(name string) string {
	name = strings.TrimPrefix(name, "the ")
	if !strings.Contains(name, " ") {
		if len(name) >= 2 && strings.ToUpper(name) == name {
			return strings.ReplaceAll(name, ".", "")
		}
		return ""
	}
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "of", "the", "and", "for", "&":
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
		n++
	}
	if n < 3 {
		return ""
	}
	return b.String()
}

// Match returns the candidate a local entity is, or 0 for a new entity.
// Candidates are those sharing a key with it, in the store's order.
func Match(le model.LocalEntity, cands []model.Entity) int64 {
	switch {
	case le.Type == model.Person:
		if id := matchPerson(le, cands); id != 0 {
			return id
		}
		return sameName(le, cands, func(c model.Entity) bool { return c.Type != model.Person })
	case le.Country != "":
		for _, c := range cands {
			if c.Country == le.Country {
				return c.ID
			}
		}
		return 0
	default:
		// The same name, or a nationality word and the place it derives
		// from ("Veldoran", "Veldora"), whatever type the tagger gave.
		// An entity of the same type is preferred.
		var other int64
		for _, c := range cands {
			if c.Type == model.Person {
				continue
			}
			if c.Type == le.Type {
				return c.ID
			}
			if other == 0 {
				other = c.ID
			}
		}
		if other != 0 {
			return other
		}
		return sameName(le, cands, func(c model.Entity) bool { return c.Type == model.Person })
	}
}

// sameName returns the first candidate (among those ok accepts) written
// exactly as one of the local entity's names, ignoring case: a name the
// tagger typed differently in different articles, or in one. A candidate
// made for this article has no aliases stored yet, only its name; it is
// matched by that, so the same name typed two ways in one article meets
// itself as it would across articles, whichever article comes first.
func sameName(le model.LocalEntity, cands []model.Entity, ok func(model.Entity) bool) int64 {
	names := append([]string{le.Name}, le.Aliases...)
	for _, c := range cands {
		if !ok(c) {
			continue
		}
		if len(c.Aliases) == 0 && slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(c.Name, n) }) {
			return c.ID
		}
		for _, a := range c.Aliases {
			for _, n := range names {
				if strings.EqualFold(a.Text, n) {
					return c.ID
				}
			}
		}
	}
	return 0
}

func matchPerson(le model.LocalEntity, cands []model.Entity) int64 {
	name := entity.PersonName(le.Name)
	sk := lexicon.TranslitKey(name.Surname)
	var best int64
	bestScore := 0
	for _, c := range cands {
		if c.Type != model.Person {
			continue
		}
		score := 0
		for _, a := range c.Aliases {
			cn := entity.PersonName(a.Text)
			ck := lexicon.TranslitKey(cn.Surname)
			switch {
			case ck == sk && len(name.Given) > 0 && len(cn.Given) > 0:
				if entity.GivenCompatible(name.Given, cn.Given) {
					score = max(score, 3)
				} else {
					score = -100 // a different given name: another person
				}
			case ck == sk:
				// A bare surname on either side.
				if len(le.Roles) > 0 && len(c.Roles) > 0 && !rolesOverlap(le, c) {
					continue
				}
				score = max(score, 2)
			case entity.GivenAgree(name.Given, cn.Given) && entity.Misspelt(sk, ck) && rolesOverlap(le, c):
				score = max(score, 1) // a misspelling the context confirms
			}
			if score < 0 {
				break
			}
		}
		if score > bestScore || (score == bestScore && score > 0 && c.Mentions > mentionsOf(cands, best)) {
			best, bestScore = c.ID, score
		}
	}
	if bestScore <= 0 {
		return 0
	}
	return best
}

func mentionsOf(cands []model.Entity, id int64) int {
	for _, c := range cands {
		if c.ID == id {
			return c.Mentions
		}
	}
	return 0
}

// rolesOverlap reports whether the local entity shares a role (one
// containing the other, compared by lexicon.TitleKey so that "Defence
// Minister" and "Minister of Defense" agree) or an affiliation with a
// candidate.
func rolesOverlap(le model.LocalEntity, c model.Entity) bool {
	for _, r := range le.Roles {
		r = roleKey(r)
		for _, cr := range c.Roles {
			x := roleKey(cr.Role)
			if strings.Contains(x, r) || strings.Contains(r, x) {
				return true
			}
		}
	}
	for _, a := range le.Affiliations {
		for _, cr := range c.Roles {
			if cr.Affiliation != "" && sameAffiliation(a, cr.Affiliation) {
				return true
			}
		}
	}
	return false
}

// roleKey is a role as compared: its title key between spaces, so that
// containment holds only for whole words ("chair" is not in "chairman").
func roleKey(r string) string {
	k := lexicon.TitleKey(r)
	if k == "" {
		k = strings.ToLower(r)
	}
	return " " + k + " "
}

func sameAffiliation(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	ca, ok1 := lexicon.Country(a)
	cb, ok2 := lexicon.Country(b)
	return ok1 && ok2 && ca.Code == cb.Code
}

// Link resolves every local entity of an article's annotations against
// the entities stored so far, creating new ones where none matches, and
// sets their IDs. Run it inside the transaction that stores the
// annotations, article after article in a fixed order, so the same input
// gives the same entities.
//
// The candidates of all the article's entities are read in one lookup;
// each entity is then matched, in order, against those holding one of
// its keys, counting the keys and entities this article has added so far
// as the store would. One lookup per entity cost a round trip each, which
// a store on a server pays in full.
func Link(ctx context.Context, tx store.EntityTx, ann *model.Annotations) error {
	keysOf := make([][]string, len(ann.Entities))
	var all []string
	seen := map[string]bool{}
	for i := range ann.Entities {
		keysOf[i] = Keys(ann.Entities[i])
		for _, k := range keysOf[i] {
			if !seen[k] {
				seen[k] = true
				all = append(all, k)
			}
		}
	}
	pool, err := tx.EntityCandidates(ctx, all) // in the store's order, by id
	if err != nil {
		return err
	}
	held := make(map[int64]map[string]bool, len(pool))
	for _, c := range pool {
		held[c.ID] = map[string]bool{}
		for _, k := range c.Keys {
			held[c.ID][k] = true
		}
	}
	for i := range ann.Entities {
		le := &ann.Entities[i]
		keys := keysOf[i]
		var cands []model.Entity
		for _, c := range pool {
			if holdsAny(held[c.ID], keys) {
				cands = append(cands, c)
			}
		}
		id := Match(*le, cands)
		if id == 0 {
			typ := le.Type
			if le.Country != "" {
				typ = model.Location
			}
			e := model.Entity{Type: typ, Name: le.Name, Country: le.Country}
			if id, err = tx.CreateEntity(ctx, e); err != nil {
				return err
			}
			// As the store now holds it: no aliases, roles or mentions
			// until the annotations are stored. Its id is above every
			// other's, so the pool stays in the store's order.
			e.ID = id
			pool = append(pool, e)
			held[id] = map[string]bool{}
		}
		// Only the keys it does not hold yet: most mentions of a known
		// entity bring none.
		var add []string
		for _, k := range keys {
			if !held[id][k] {
				add = append(add, k)
				held[id][k] = true
			}
		}
		if len(add) > 0 {
			if err := tx.AddEntityKeys(ctx, id, add); err != nil {
				return err
			}
		}
		le.ID = id
	}
	return nil
}

func holdsAny(held map[string]bool, keys []string) bool {
	for _, k := range keys {
		if held[k] {
			return true
		}
	}
	return false
}
