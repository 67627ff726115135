package entity

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/text/iob"
	"github.com/storywire/storywire/internal/text/token"
)

// nameSpans returns the names of one sentence: the tagger's spans, with
// the mistakes the tagger makes on news pages corrected by rules that
// hold for any name. An editorial insertion in brackets is part of the
// name it completes ("President [Joe] Biden"); a name never runs across a
// line that stands alone (a banner or menu line) or a paragraph break; a
// span never starts or ends with punctuation; a title inside a span that
// is not a person's ("US Defense Secretary Lloyd Austin" as one ORG) is
// cut out, leaving the country or organisation before it and the person
// after it; and phrases of the page around the article ("Sign In",
// "Breaking News") are no names.
func nameSpans(text string, toks []token.Token, words, tags []string) []iob.Span {
	spans := iob.Chunks(tags)
	spans = joinBracketed(spans, words)
	spans = cutAtLineBreaks(spans, text, toks)
	spans = cutAtSeparators(spans, words)
	spans = trimPunctuation(spans, words)
	spans = splitTitles(spans, words)
	spans = joinBodyParts(spans, words)
	out := spans[:0]
	for _, sp := range spans {
		if !slices.ContainsFunc(words[sp.Start:sp.End], hasLetter) {
			continue // "1", "$"
		}
		if isPageFurniture(words[sp.Start:sp.End], sp.Type == model.Person || ownLine(text, toks, sp)) || sp.End-sp.Start == 1 && isPronoun(words[sp.Start]) {
			continue
		}
		if sp.Type == model.Person && !nameLike(words[sp.Start:sp.End]) {
			continue
		}
		if sp.Type == model.Person && sp.End-sp.Start >= 3 && ownLine(text, toks, sp) && allCaps(words[sp.Start:sp.End]) {
			continue // a banner line in capitals ("DON'T MISS OUT")
		}
		out = append(out, sp)
	}
	return out
}

// isBracket reports whether a token is a square or curly bracket, which
// news text uses for editorial insertions, not for asides.
func isBracket(w string) bool {
	return w == "[" || w == "]" || w == "{" || w == "}"
}

// joinBracketed joins the parts of a name that an editor completed in
// brackets ("[Joe] Biden", "Joseph [R.] Biden", "Foreign Minister
// [Sergei] Lavrov"), which the tagger cuts or half-covers, into one span.
// Only capitalised words in brackets followed by a name count: "[sic]"
// or "[the minister]" are no part of a name.
func joinBracketed(spans []iob.Span, words []string) []iob.Span {
	for i := 0; i < len(words); i++ {
		if words[i] != "[" && words[i] != "{" {
			continue
		}
		j := i + 1
		for j < len(words) && j-i <= 5 && nameWord(words[j]) {
			j++
		}
		if j == i+1 || j >= len(words) || !isBracket(words[j]) || words[j] == "[" || words[j] == "{" {
			continue
		}
		// words[i+1:j] are the inserted words, words[j] the closing
		// bracket. The name must go on after it.
		after := -1
		for k, sp := range spans {
			if sp.Start <= j+1 && sp.End > j+1 || sp.Start == j+1 {
				after = k
			}
		}
		if after < 0 {
			continue
		}
		joined := iob.Span{Start: i, End: spans[after].End, Type: spans[after].Type}
		keep := spans[:0:0]
		for _, sp := range spans {
			// A span ending right before the bracket is the name's
			// start ("Joseph [R.] Biden"); spans inside or across the
			// brackets are its parts.
			touches := sp.End == i && sp.End > sp.Start && nameWord(words[sp.End-1]) || sp.Start < joined.End && sp.End > i
			if !touches {
				keep = append(keep, sp)
				continue
			}
			joined.Start = min(joined.Start, sp.Start)
			joined.End = max(joined.End, sp.End)
			if sp.Type == model.Person {
				joined.Type = model.Person
			}
		}
		spans = insertSpan(keep, joined)
		i = j
	}
	return spans
}

// joinBodyParts joins an organisation's name that the tagger cut in
// two: at "and" before a body's name ("Port" + "and" + "Dock Workers'
// Union") and at a plural possessive ("Food and Allied Workers" + "'" +
// "Union").
func joinBodyParts(spans []iob.Span, words []string) []iob.Span {
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		if i+1 < len(spans) {
			nx := spans[i+1]
			gap := words[sp.End:nx.Start]
			last := strings.ToLower(words[nx.End-1])
			andBody := len(gap) == 1 && gap[0] == "and" && sp.End-sp.Start == 1 && nameWord(words[sp.Start]) &&
				nx.Type == model.Organization && bodyWords[last]
			possessive := len(gap) == 1 && (gap[0] == "'" || gap[0] == "’") && sp.Type == model.Organization &&
				nx.End-nx.Start <= 2 && bodyWords[last]
			if andBody || possessive {
				out = append(out, iob.Span{Type: model.Organization, Start: sp.Start, End: nx.End})
				i++
				continue
			}
		}
		out = append(out, sp)
	}
	return out
}

// bodyWords end the names of unions, associations and the like, which
// often join two words with "and" ("Food and Allied Workers' Union").
var bodyWords = wordSet(`union association federation council society institute league guild
	alliance confederation congress committee board chamber`)

// insertSpan puts sp into spans, kept in order of start.
func insertSpan(spans []iob.Span, sp iob.Span) []iob.Span {
	k := 0
	for k < len(spans) && spans[k].Start < sp.Start {
		k++
	}
	spans = append(spans, iob.Span{})
	copy(spans[k+1:], spans[k:])
	spans[k] = sp
	return spans
}

// nameWord reports whether w can be a word of a name: it starts with a
// capital letter and holds only letters and the punctuation names use
// (hyphen, apostrophe, the period of an initial).
func nameWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	return lettersOnly(w)
}

// lettersOnly reports whether w holds letters and the punctuation names
// use, and at least one letter.
func lettersOnly(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			letters++
		case r == '-' || r == '\'' || r == '’' || r == '.' || r == '‐':
		default:
			return false
		}
	}
	return letters > 0
}

// nameLike reports whether the words of a person span can be a name:
// every word is a word of letters (a bracket may stand around an
// inserted part), and at least one is capitalised (lower-case particles
// such as "bin" or "van" are words of a name, "de la cérémonie" is none).
func nameLike(words []string) bool {
	capital := false
	for _, w := range words {
		if isBracket(w) {
			continue
		}
		if !lettersOnly(w) {
			return false
		}
		capital = capital || nameWord(w)
	}
	return capital
}

// cutAtLineBreaks cuts a span where the text between two of its tokens
// breaks a paragraph or ends a line that stands alone: a short line is a
// heading, a banner or a menu item, and the name does not go on in the
// next line ("Subscribe Now\nBreaking News"). A name wrapped at the end
// of a long line stays whole.
func cutAtLineBreaks(spans []iob.Span, text string, toks []token.Token) []iob.Span {
	var out []iob.Span
	for _, sp := range spans {
		start := sp.Start
		for k := sp.Start + 1; k < sp.End; k++ {
			gap := text[toks[k-1].End:toks[k].Start]
			nl := strings.IndexByte(gap, '\n')
			if nl < 0 {
				continue
			}
			lineStart := strings.LastIndexByte(text[:toks[k-1].End], '\n') + 1
			line := text[lineStart : toks[k-1].End+nl]
			if strings.Count(gap, "\n") > 1 || utf8.RuneCountInString(strings.TrimSpace(line)) < 50 {
				out = append(out, iob.Span{Start: start, End: k, Type: sp.Type})
				start = k
			}
		}
		out = append(out, iob.Span{Start: start, End: sp.End, Type: sp.Type})
	}
	return out
}

// cutAtSeparators cuts a span at punctuation that no name holds inside
// it, a colon, a quotation mark, a bar or a dash standing alone
// ("Klaxon: "They"), which ends one phrase and starts another, and at a
// social-media handle or hashtag, which is no name either.
func cutAtSeparators(spans []iob.Span, words []string) []iob.Span {
	var out []iob.Span
	for _, sp := range spans {
		start := sp.Start
		for k := sp.Start; k < sp.End; k++ {
			if separators[words[k]] || strings.HasPrefix(words[k], "@") || strings.HasPrefix(words[k], "#") {
				out = append(out, iob.Span{Start: start, End: k, Type: sp.Type})
				start = k + 1
			}
		}
		out = append(out, iob.Span{Start: start, End: sp.End, Type: sp.Type})
	}
	return out
}

var separators = wordSet(`: ; | ¦ • · — – " “ ” « » „ ( ) < > / \ © ® ™ @ #`)

// trimPunctuation drops tokens without a letter or digit from both ends
// of each span, and words that only join a name to others ("of", "and",
// "or") from both ends ("Veldora of", "or Facebook"), and spans left
// empty.
func trimPunctuation(spans []iob.Span, words []string) []iob.Span {
	out := spans[:0]
	for _, sp := range spans {
		for sp.Start < sp.End && (!hasAlnum(words[sp.Start]) || trailingConnectors[words[sp.Start]]) {
			sp.Start++
		}
		for sp.End > sp.Start && (!hasAlnum(words[sp.End-1]) || trailingConnectors[words[sp.End-1]]) {
			sp.End--
		}
		if sp.End > sp.Start {
			out = append(out, sp)
		}
	}
	return out
}

// trailingConnectors join the words of a name and never end one; only
// their lower-case forms count. Particles of surnames ("van", "de") are
// not among them: a name wrapped onto the next line ends with one.
var trailingConnectors = wordSet(`of the and or for in on at to a an`)

func hasLetter(w string) bool { return strings.IndexFunc(w, unicode.IsLetter) >= 0 }

func hasAlnum(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// splitTitles cuts a title out of a span the tagger made of a title and a
// name: "US Defense Secretary Lloyd Austin" (ORG) becomes "US" and the
// person "Defense Secretary Lloyd Austin", whose title Mentions then
// takes as the role, with "US" as its affiliation. A span that ends with
// a title right before a person ("US President" + "Joe Biden") keeps only
// what comes before the title. A title that starts the span splits it
// only when a given name follows, so that "General Motors" or "Prince
// Edward Island" stay whole.
func splitTitles(spans []iob.Span, words []string) []iob.Span {
	var out []iob.Span
	for k, sp := range spans {
		nextPerson := k+1 < len(spans) && spans[k+1].Start == sp.End && spans[k+1].Type == model.Person
		split := false
		for i := sp.Start; i < sp.End && !split; i++ {
			if sp.Type == model.Person && i == sp.Start {
				continue // Mentions takes a title that starts a person's name
			}
			n := lexicon.MatchTitle(words[:sp.End], i)
			if n == 0 {
				continue
			}
			rest := words[i+n : sp.End]
			switch {
			case len(rest) == 0 && nextPerson:
				// "US President" + "Joe Biden": the title goes to the
				// person that follows.
			case len(rest) > 0 && personAfterTitle(rest, i > sp.Start) &&
				(sp.Type != model.Person && len(rest) > 1 || knownBody(words[sp.Start:i])):
				// Without a country or a known organisation before the
				// title, a person span is not cut ("Ivan Braiker Chief
				// Strategy Officer" is a name and the title after it), nor
				// is a span that would leave one word ("CTV News Prince
				// Albert", a city).
			default:
				continue
			}
			split = true
			start := sp.Start
			for k := start; k < i && lexicon.IsTitleModifier(words[k]); k++ {
				// "Former US President": "Former" belongs to the title,
				// not to the country.
				if _, ok := lexicon.Country(strings.Join(words[k+1:i], " ")); ok {
					start = k + 1
				}
			}
			if i > start {
				out = append(out, iob.Span{Start: start, End: i, Type: prefixType(words[start:i], sp.Type)})
			}
			if len(rest) > 0 {
				out = append(out, iob.Span{Start: i, End: sp.End, Type: model.Person})
			}
		}
		if !split {
			out = append(out, sp)
		}
	}
	return out
}

// prefixType is the type of what came before a title in a span: a
// country or nationality word is a place (Group makes it the country), an
// organisation stays one.
func prefixType(words []string, spanType string) string {
	if _, ok := lexicon.Country(strings.Join(words, " ")); ok {
		return model.Location
	}
	if spanType == model.Person {
		return model.Organization
	}
	return spanType
}

// knownBody reports whether words are a country, a nationality or an
// organisation the lexicon knows.
func knownBody(words []string) bool {
	name := strings.Join(words, " ")
	if _, ok := lexicon.Country(name); ok {
		return true
	}
	_, ok := lexicon.Organization(name)
	return ok
}

// personAfterTitle reports whether the words after a title in a span are
// a person's name: one to four name words, none of them a title or a
// word that names a place or an institution ("Island", "Hospital").
// Without a country or organisation before the title, the name must
// start with a known given name or an initial and have a surname.
func personAfterTitle(rest []string, prefixed bool) bool {
	if len(rest) > 4 {
		return false
	}
	for _, w := range rest {
		if !nameWord(w) || lexicon.IsTitleWord(w) || institutionWords[strings.ToLower(w)] {
			return false
		}
	}
	if prefixed {
		return true
	}
	first := strings.TrimSuffix(rest[0], ".")
	return len(rest) >= 2 && (utf8.RuneCountInString(first) == 1 || lexicon.Nicknames(first) != nil)
}

// institutionWords end or make the names of places, buildings, firms and
// bodies, or name a post, never a person.
var institutionWords = wordSet(`island islands hospital university college school academy institute
	institution foundation museum library hotel airport station port harbour harbor bridge street
	road avenue square park stadium arena hall palace tower center centre church cathedral mosque
	temple river lake bay sea ocean mountain mount valley county district province state city town
	company co corp corporation inc ltd llc plc group holdings bank fund trust motors airlines
	airways energy oil gas mining party league union council committee commission court ministry
	department agency office authority board bureau service services army navy force forces guard
	police club team cup award awards prize act treaty festival officer officers official officials
	executive executives staff assembly parliament congress senate house conference summit
	convention organisation organization alliance federation association network news times post
	journal press media international national`)

// isPageFurniture reports whether a span is made only of the words of a
// web page's interface and section menus, at least one of them a word of
// the interface itself ("Sign In", "Subscribe Now", "Breaking News",
// "Live Updates", "Home World Politics Sign In"): the tagger takes such
// capitalised lines of a copied page for names. Section and common words
// ("National", "World Open", "Business Policy") can be names, except on
// a line of their own, where they are a menu or section heading ("Top
// Stories", "World"), or as a person's name ("Help", "Your World"): the
// caller says so with alone.
func isPageFurniture(words []string, alone bool) bool {
	n, strong := 0, alone
	for _, w := range words {
		if !hasAlnum(w) {
			continue
		}
		lower := strings.ToLower(w)
		switch {
		case interfaceWords[lower]:
			strong = true
		case menuWords[lower]:
		default:
			return false
		}
		n++
	}
	return n > 0 && strong
}

// allCaps reports whether words have letters and none in lower case.
func allCaps(words []string) bool {
	letters := false
	for _, w := range words {
		for _, r := range w {
			if unicode.IsLower(r) {
				return false
			}
			letters = letters || unicode.IsLetter(r)
		}
	}
	return letters
}

// ownLine reports whether a span is all the words of its line.
// It looks outwards from the span only as far as the first word or line
// break, so a text of one long line costs no more than a short one.
func ownLine(text string, toks []token.Token, sp iob.Span) bool {
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := toks[sp.Start].Start; i > 0; {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if r == '\n' {
			break
		}
		if word(r) {
			return false
		}
		i -= size
	}
	for _, r := range text[toks[sp.End-1].End:] {
		if r == '\n' {
			break
		}
		if word(r) {
			return false
		}
	}
	return true
}

// interfaceWords are words of a web page's interface: buttons, prompts,
// banners. A name made only of them and menuWords is page furniture; a
// name holding any other word ("Fox News", "Human Rights Watch") is not.
var interfaceWords = wordSet(`sign signin signup login logout register account profile settings
	subscribe subscribed subscription subscriber subscribers newsletter newsletters premium
	menu search homepage share follow tweet email comment comments reply listen watch
	download app apps click tap skip toggle navigation nav breaking live update updates
	alert alerts video videos photo photos gallery galleries podcast podcasts trending
	featured related recommended advertisement advertise sponsored privacy cookie cookies
	contact faq feedback careers edition trial headlines feed rss scroll loading`)

// menuWords are the section names, common words and function words that
// page interface phrases are made of along with interfaceWords.
var menuWords = wordSet(`in out up on off now here the and of for to from by with our your me all
	more less log home next previous prev back top close open main content section sections
	topics latest news story stories full view see read get join continue free offer help about or
	policy terms conditions print coverage popular seen
	world politics business sport sports tech technology science health entertainment
	lifestyle culture travel weather markets money local national international style
	arts books food climate obituaries magazine games puzzles crossword horoscopes`)

// pronouns stand for names but are none; the tagger takes a capitalised
// one at the start of a quotation for a name, and an article left alone
// when a span is cut ("Financial Freedom: A").
var pronouns = wordSet(`i you he she it we they me him her us them this that these those a an`)

// isPronoun reports whether w is a pronoun, in any case except two
// letters in capitals: "US" is a country and "IT" a trade, not "us", "it".
func isPronoun(w string) bool {
	lower := strings.ToLower(w)
	return pronouns[lower] && (len(w) != 2 || w != strings.ToUpper(w))
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// hasInstitutionWord reports whether any of words names a place, a
// building or a body rather than a person.
func hasInstitutionWord(words []string) bool {
	for _, w := range words {
		if institutionWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}
