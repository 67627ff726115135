// Package entity turns tagged tokens into the mentions and entities of one
// article: it keeps titles out of names and records them as roles, with the
// affiliation the text gives ("US Secretary of State Antony Blinken",
// "Ned Price, the department's spokesman"), notes places used for their
// government ("Moscow said"), maps nationality words to their country, and
// groups the mentions of one person, organisation or place ("Sergei
// Shoigu" ... "Shoigu" ... "Mr Shoigu") into one local entity.
//
// Resolution across articles (internal/analyze/resolve) starts from these
// local entities.
package entity

import (
	"strings"

	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/text/iob"
	"github.com/storywire/storywire/internal/text/token"
)

// Sentence is one sentence's tokens and their IOB2 tags.
type Sentence struct {
	Tokens []token.Token
	Tags   []string
}

// Mentions builds the mentions of an article from its tagged sentences.
func Mentions(text string, sents []Sentence) []model.Mention {
	var out []model.Mention
	for si, s := range sents {
		words := make([]string, len(s.Tokens))
		for i, t := range s.Tokens {
			words[i] = t.Text
		}
		spans := nameSpans(text, s.Tokens, words, s.Tags)
		for k, sp := range spans {
			start, end := sp.Start, sp.End
			typ := sp.Type
			// A name right after an honorific is a person's ("Ms Lusk"),
			// whatever type the tagger gave it.
			if typ != model.Person && start > 0 && lexicon.IsHonorific(words[start-1]) && !hasInstitutionWord(words[start:end]) {
				typ = model.Person
			}
			var m model.Mention
			if typ == model.Person {
				// The tagger may have put a title or an honorific inside
				// the name ("Defence Minister Sergei Shoigu" as one PER):
				// the name starts after it.
				for end-start > 1 {
					if n := lexicon.MatchTitle(words[:end-1], start); n > 0 && start+n < end {
						start += n
					} else if lexicon.IsHonorific(words[start]) {
						start++
					} else {
						break
					}
				}
				if start > sp.Start {
					m.Role = strings.TrimSpace(text[s.Tokens[sp.Start].Start:s.Tokens[start-1].End])
					m.RoleSpan = &model.TextSpan{Start: s.Tokens[sp.Start].Start, End: s.Tokens[start-1].End}
				}
				// "President [Joe] Biden": the name starts inside the
				// bracket.
				for start < end-1 && !hasAlnum(words[start]) {
					start++
				}
			}
			m.Start, m.End = s.Tokens[start].Start, s.Tokens[end-1].End
			m.Text = cleanName(text[m.Start:m.End])
			m.Type = typ
			m.Sentence = si
			if typ == model.Person {
				roleFor(&m, text, s.Tokens, words, spans, k, sp.Start, start, end)
			}
			if typ == model.Location || typ == model.Organization {
				if code, ok := lexicon.Metonym(m.Text); ok && actsAsGovernment(words, sp.Start, end) {
					if c, ok := lexicon.CountryByCode(code); ok {
						m.StandsFor = c.Name
					}
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// roleFor finds a person's title before the name ("German Chancellor Olaf
// Scholz", "Mr Shoigu"), or in an apposition after it ("Ned Price, the
// department's spokesman") or before it ("Norland's foreign minister,
// Dmitri Varenko"), and the affiliation the text gives the title.
// tagStart is where the tagger's span began (a title inside it was already
// taken as the role).
func roleFor(m *model.Mention, text string, toks []token.Token, words []string, spans []iob.Span, k, tagStart, start, end int) {
	span := func(i, j int) string { return text[toks[i].Start:toks[j-1].End] }
	setRole := func(i, j int) {
		m.Role = span(i, j)
		m.RoleSpan = &model.TextSpan{Start: toks[i].Start, End: toks[j-1].End}
	}
	// A title right before the name, or before the bracket of an
	// editor's insertion that starts it ("President [Joe] Biden").
	titleStart := -1
	if m.Role == "" {
		stop := tagStart
		for stop > 0 && (words[stop-1] == "[" || words[stop-1] == "{") {
			stop--
		}
		for i := max(0, stop-8); i < stop; i++ {
			if lexicon.MatchTitle(words[:stop], i) == stop-i {
				titleStart = i
				setRole(i, stop)
				break
			}
		}
		if titleStart < 0 && stop > 0 && lexicon.IsHonorific(words[stop-1]) {
			titleStart = stop - 1
			setRole(stop-1, stop)
		}
	} else {
		titleStart = tagStart
	}
	if titleStart >= 0 {
		if m.Affiliation == "" {
			m.Affiliation = affiliationBefore(text, toks, words, spans, titleStart)
		}
		return
	}
	// "NAME, the [X's] TITLE [of ORG]"
	if end+1 < len(words) && words[end] == "," {
		i := end + 1
		if isDeterminer(words[i]) {
			i++
		}
		affil := ""
		if j := possessiveEnd(words, i); j > 0 {
			affil = span(i, j-1)
			if i > end+1 && words[end+1] != "a" && words[end+1] != "an" {
				affil = span(end+1, j-1)
			}
			i = j
		} else if i < len(words) && isCountryWord(words[i]) {
			affil = words[i]
			i++
		}
		// "…by Halvard Foods, the economy minister said": a title followed
		// by its own verb is the subject of the next clause, not an
		// apposition to the name.
		if n := lexicon.MatchTitle(words, i); n > 0 && !(i+n < len(words) && clauseVerbs[strings.ToLower(words[i+n])]) {
			setRole(i, i+n)
			m.Affiliation = affil
			if m.Affiliation == "" {
				m.Affiliation = ofAffiliation(text, toks, words, spans, i+n)
			}
			return
		}
	}
	// "[X's] TITLE, NAME"
	if tagStart >= 2 && words[tagStart-1] == "," {
		stop := tagStart - 1
		for i := max(0, stop-6); i < stop; i++ {
			if lexicon.MatchTitle(words[:stop], i) == stop-i {
				setRole(i, stop)
				m.Affiliation = affiliationBefore(text, toks, words, spans, i)
				return
			}
		}
	}
}

// clauseVerbs are verbs that follow a subject at the end of a sentence
// ("…, the minister said").
var clauseVerbs = wordSet(`said says told tells added adds argued argues warned warns insisted
	insists explained explains stressed stresses noted notes announced announces claimed claims
	confirmed confirms wrote writes declared declares`)

// affiliationBefore reads the affiliation written before a title at
// tokens[i]: a country or nationality word ("US", "German"), a name the
// tagger found ("NATO"), or a possessive ("Russia's", "the ministry's").
func affiliationBefore(text string, toks []token.Token, words []string, spans []iob.Span, i int) string {
	if i == 0 {
		return ""
	}
	j := i
	if words[j-1] == "'s" || words[j-1] == "'" {
		j--
	}
	if j == 0 {
		return ""
	}
	for _, sp := range spans {
		if sp.End == j && sp.Type != model.Person {
			return text[toks[sp.Start].Start:toks[sp.End-1].End]
		}
	}
	if isCountryWord(words[j-1]) {
		return words[j-1]
	}
	if j < i { // a possessive of a common noun: "the department's"
		k := j - 1
		if k > 0 && isDeterminer(words[k-1]) {
			k--
		}
		return text[toks[k].Start:toks[j-1].End]
	}
	return ""
}

// ofAffiliation reads "of [the] ORG" after a title ending at tokens[i].
func ofAffiliation(text string, toks []token.Token, words []string, spans []iob.Span, i int) string {
	if i >= len(words) || words[i] != "of" {
		return ""
	}
	i++
	if i < len(words) && strings.EqualFold(words[i], "the") {
		i++
	}
	for _, sp := range spans {
		if sp.Start == i && sp.Type != model.Person {
			return text[toks[sp.Start].Start:toks[sp.End-1].End]
		}
	}
	return ""
}

// possessiveEnd returns the index after "X 's" or "X Y 's" starting at
// tokens[i], or 0.
func possessiveEnd(words []string, i int) int {
	for j := i + 1; j < len(words) && j <= i+3; j++ {
		if words[j] == "'s" || words[j] == "'" {
			return j + 1
		}
		if words[j] == "," {
			return 0
		}
	}
	return 0
}

func isDeterminer(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an", "its", "their", "his", "her":
		return true
	}
	return false
}

func isCountryWord(w string) bool {
	_, ok := lexicon.Country(w)
	return ok
}

// actsAsGovernment reports whether a place or institution at tokens
// [start, end) is the subject of a reporting or decision verb ("Moscow
// said", "the Kremlin has denied"), or the source after "according to".
func actsAsGovernment(words []string, start, end int) bool {
	if start >= 2 && strings.EqualFold(words[start-2], "according") && words[start-1] == "to" {
		return true
	}
	i := end
	if i < len(words) && (words[i] == "'s" || words[i] == "has" || words[i] == "had" || words[i] == "have" || words[i] == "will" || words[i] == "would" || words[i] == "is" || words[i] == "was") {
		if words[i] == "'s" {
			return false // "Moscow's metro" is the city
		}
		i++
	}
	for i < len(words) && strings.HasSuffix(strings.ToLower(words[i]), "ly") { // "Moscow firmly rejected"
		i++
	}
	return i < len(words) && governmentVerbs[strings.ToLower(words[i])]
}

var governmentVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range strings.Fields(`said says say told denied denies deny insisted insists insist
		announced announces announce accused accuses accuse warned warns warn responded responds
		rejected rejects reject demanded demands demand called calls urged urges claimed claims
		confirmed confirms condemned condemns threatened threatens agreed agrees refused refuses
		wants wanted decided decides imposed imposes expelled expels recalled recalls summoned
		summons sanctioned sanctions retaliated vowed vows protested protests argued argues
		believes believed hopes hoped fears feared sees saw signalled signaled pledged pledges
		offered offers proposed proposes replied replies stated states declared declares`) {
		m[v] = true
	}
	return m
}()

// cleanName is a name as an entity alias keeps it: without the brackets
// of an editor's insertion ("[Joe] Biden") and with any line break or run
// of spaces inside it made one space.
func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '[' || r == ']' || r == '{' || r == '}' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
