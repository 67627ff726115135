package entity

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/text/iob"
	"github.com/storywire/storywire/internal/text/token"
)

// TestMentionSpans feeds tags as the tagger gives them on news pages and
// checks the names Mentions makes of them, written TYPE "text" and, for
// people, the role and affiliation.
func TestMentionSpans(t *testing.T) {
	cases := []struct {
		name string
		text string
		tags string // one per token
		want []string
	}{
		{"title and name as one ORG", "US Defense Secretary Lloyd Austin disagreed.",
			"B-ORG I-ORG I-ORG I-ORG I-ORG O O",
			[]string{`LOC "US"`, `PER "Lloyd Austin" role "Defense Secretary" of "US"`}},
		{"country and title as an ORG before a PER", "US President Joe Biden spoke.",
			"B-ORG I-ORG B-PER I-PER O O",
			[]string{`LOC "US"`, `PER "Joe Biden" role "President" of "US"`}},
		{"a modifier, a country and a title before a PER", "Former US President Donald Trump spoke.",
			"B-ORG I-ORG I-ORG B-PER I-PER O O",
			[]string{`LOC "US"`, `PER "Donald Trump" role "President" of "US"`}},
		{"nationality, title and name as one MISC", "Russian Defence Minister Sergei Shoigu spoke.",
			"B-MISC I-MISC I-MISC I-MISC I-MISC O O",
			[]string{`LOC "Russian"`, `PER "Sergei Shoigu" role "Defence Minister" of "Russian"`}},
		{"organisation, title and name as one ORG", "University of Texas President Jay Hartzell spoke.",
			"B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG O O",
			[]string{`ORG "University of Texas"`, `PER "Jay Hartzell" role "President" of "University of Texas"`}},
		{"country and title inside a PER", "US President Joe Biden spoke.",
			"B-PER I-PER I-PER I-PER O O",
			[]string{`LOC "US"`, `PER "Joe Biden" role "President" of "US"`}},
		{"title and given name at the start of an ORG", "President Joe Biden spoke.",
			"B-ORG I-ORG I-ORG O O",
			[]string{`PER "Joe Biden" role "President"`}},
		{"a name and the title after it as one PER", "Pioneer Ivan Braiker Chief Strategy Officer joins.",
			"B-PER I-PER I-PER I-PER I-PER I-PER O O",
			[]string{`PER "Pioneer Ivan Braiker Chief Strategy Officer"`}},
		{"a title and one word after an outlet", "CTV News Prince Albert reported.",
			"B-ORG I-ORG I-ORG I-ORG O O",
			[]string{`ORG "CTV News Prince Albert"`}},
		{"a title and a surname after a country", "US President Biden spoke.",
			"B-ORG I-ORG I-ORG O O",
			[]string{`LOC "US"`, `PER "Biden" role "President" of "US"`}},
		{"a number taken for a name", "Call 9-1-1 now.",
			"O B-ORG O O",
			nil},
		{"a title word that starts a firm's name", "General Motors cut jobs.",
			"B-ORG I-ORG O O O",
			[]string{`ORG "General Motors"`}},
		{"a title and given name that start a place's name", "Prince Edward Island voted.",
			"B-LOC I-LOC I-LOC O O",
			[]string{`LOC "Prince Edward Island"`}},
		{"a title and given name that start a hospital's name", "Queen Elizabeth Hospital opened.",
			"B-ORG I-ORG I-ORG O O",
			[]string{`ORG "Queen Elizabeth Hospital"`}},

		{"inserted given name, tagged apart", "President [Joe] Biden spoke.",
			"O O B-PER O B-PER O O",
			[]string{`PER "Joe Biden" role "President"`}},
		{"inserted given name, half covered", "President [Joe] Biden spoke.",
			"O O B-PER I-PER I-PER O O",
			[]string{`PER "Joe Biden" role "President"`}},
		{"inserted given name, all covered", "Foreign Minister [Sergei] Lavrov spoke.",
			"O O B-PER I-PER I-PER I-PER O O",
			[]string{`PER "Sergei Lavrov" role "Foreign Minister"`}},
		{"inserted initial inside a name", "Joseph [R.] Biden spoke.",
			"B-PER O B-PER O B-PER O O",
			[]string{`PER "Joseph R. Biden"`}},
		{"inserted name alone", "[Lavrov] added more.",
			"O B-PER O O O O",
			[]string{`PER "Lavrov"`}},
		{"bracketed words that are no name", "the [sic] Biden spoke.",
			"O O O O B-PER O O",
			[]string{`PER "Biden"`}},

		{"banner lines taken for a person", "Sign In\nSubscribe Now\nBreaking News\n\nThe minister spoke.",
			"B-PER I-PER I-PER I-PER I-PER I-PER O O O O",
			nil},
		{"banner line taken for a person", "Live Updates\n\nThe minister spoke.",
			"B-PER I-PER O O O O",
			nil},
		{"menu line taken for an organisation", "Home World Politics Business Sport Sign In Subscribe",
			"O O B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG",
			nil},
		{"all-caps banner", "BREAKING NEWS | LIVE UPDATES",
			"B-ORG I-ORG O B-PER I-PER",
			nil},
		{"section and common words that are names", "Labour and National met at the World Open to discuss Business Policy.",
			"B-ORG O B-ORG O O O B-MISC I-MISC O O B-ORG I-ORG O",
			[]string{`ORG "Labour"`, `ORG "National"`, `MISC "World Open"`, `ORG "Business Policy"`}},
		{"a title inside a body's name", "The U.N. General Assembly voted.",
			"O B-ORG I-ORG I-ORG O O",
			[]string{`ORG "U.N. General Assembly"`}},
		{"section words on a line of their own", "Top Stories\nWorld\n\nThe talks of the World Council and National went on.",
			"B-ORG I-ORG B-ORG O O O O B-ORG I-ORG O B-ORG O O O",
			[]string{`ORG "World Council"`, `ORG "National"`}},
		{"menu words taken for a person", "Ask Help and Your World for Jobs.",
			"O B-PER O B-PER I-PER O B-PER O",
			[]string{`PER "Jobs"`}},
		{"a joining word at the start, an article cut off", "Follow us on Twitter or Facebook for Financial Freedom: A guide.",
			"O O O B-ORG B-MISC I-MISC O B-MISC I-MISC I-MISC I-MISC O O",
			[]string{`ORG "Twitter"`, `MISC "Facebook"`, `MISC "Financial Freedom"`}},
		{"a banner line in capitals taken for a person", "DON'T MISS OUT\nJOHN SMITH\nBy ANNA LEE, staff writer",
			"B-PER I-PER I-PER I-PER B-PER I-PER O B-PER I-PER O O O",
			[]string{`PER "JOHN SMITH"`, `PER "ANNA LEE"`}},
		{"names holding interface words", "Fox News and the Home Office reported.",
			"B-ORG I-ORG O O B-ORG I-ORG O O",
			[]string{`ORG "Fox News"`, `ORG "Home Office"`}},
		{"a banner line before a name", "Breaking News\nSergei Shoigu spoke.",
			"B-PER I-PER I-PER I-PER O O",
			[]string{`PER "Sergei Shoigu"`}},
		{"a name wrapped at the end of a long line", "The talks were described as productive by Defence Minister Sergei\nShoigu on Monday.",
			"O O O O O O O O O B-PER I-PER O O O",
			[]string{`PER "Sergei Shoigu" role "Defence Minister"`}},
		{"a date taken for a person", "On Jan 20 the talks began.",
			"O B-PER I-PER O O O O",
			nil},
		{"lower-case words taken for a person", "la fin de la cérémonie",
			"O O B-PER I-PER I-PER",
			nil},
		{"a name, a colon and a pronoun", `Klaxon: "They left."`,
			"B-MISC I-MISC I-MISC I-MISC O O O",
			[]string{`MISC "Klaxon"`}},
		{"pronouns and handles, and a country in capitals", "YOU and @catherineshu met US envoys.",
			"B-ORG O B-ORG O B-LOC O O",
			[]string{`LOC "US"`}},
		{"a joining word at the end", "Veldora of the north",
			"B-ORG I-ORG O O",
			[]string{`ORG "Veldora"`}},
	}
	for _, c := range cases {
		toks := token.Tokenize(c.text)
		tags := strings.Fields(c.tags)
		if len(tags) != len(toks) {
			t.Fatalf("%s: %d tags for %d tokens %q", c.name, len(tags), len(toks), c.text)
		}
		var got []string
		for _, m := range Mentions(c.text, []Sentence{{Tokens: toks, Tags: tags}}) {
			s := fmt.Sprintf("%s %q", m.Type, m.Text)
			if m.Role != "" {
				s += fmt.Sprintf(" role %q", m.Role)
			}
			if m.Affiliation != "" {
				s += fmt.Sprintf(" of %q", m.Affiliation)
			}
			got = append(got, s)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q\n got %q\nwant %q", c.name, c.text, got, c.want)
		}
	}
}

// TestBodyNamesJoined: a union's name the tagger cut at "and" or at a
// plural possessive is one organisation.
func TestBodyNamesJoined(t *testing.T) {
	words := strings.Fields("the Port and Dock Workers ' Union and the Food and Allied Workers ' Union met Ford and Ferrari")
	spans := []iob.Span{
		{Type: model.Location, Start: 1, End: 2},       // Port
		{Type: model.Organization, Start: 3, End: 7},   // Dock Workers ' Union
		{Type: model.Organization, Start: 9, End: 13},  // Food and Allied Workers
		{Type: model.Organization, Start: 14, End: 15}, // Union
		{Type: model.Organization, Start: 16, End: 17}, // Ford
		{Type: model.Organization, Start: 18, End: 19}, // Ferrari
	}
	got := joinBodyParts(spans, words)
	var names []string
	for _, sp := range got {
		names = append(names, strings.Join(words[sp.Start:sp.End], " "))
	}
	want := []string{"Port and Dock Workers ' Union", "Food and Allied Workers ' Union", "Ford", "Ferrari"}
	if !slices.Equal(names, want) {
		t.Errorf("got %q, want %q", names, want)
	}
}
