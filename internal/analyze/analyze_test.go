package analyze

import (
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/model"
)

func analyzer(t *testing.T) *Analyzer {
	m, err := ner.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return New(m)
}

func TestRolesAndAffiliations(t *testing.T) {
	a := analyzer(t)
	cases := []struct {
		text, name, role, affil string
	}{
		{"Defence Minister Sergei Shoigu visited the front on Monday.", "Sergei Shoigu", "Defence Minister", ""},
		{"US Secretary of State Antony Blinken arrived in Kyiv on Tuesday.", "Antony Blinken", "Secretary of State", "US"},
		{"NATO Secretary General Jens Stoltenberg said the alliance would respond.", "Jens Stoltenberg", "Secretary General", "NATO"},
		{"\"We are concerned,\" said Ned Price, the department's spokesman.", "Ned Price", "spokesman", "the department"},
		{"German Chancellor Olaf Scholz met Emmanuel Macron in Paris.", "Olaf Scholz", "Chancellor", "German"},
		{"Norland's foreign minister, Dmitri Varenko, rejected the claim.", "Dmitri Varenko", "foreign minister", "Norland"},
	}
	for _, c := range cases {
		ann := a.Analyze(c.text, model.Published{})
		var found *model.Mention
		for i, m := range ann.Mentions {
			if m.Text == c.name {
				found = &ann.Mentions[i]
			}
		}
		if found == nil {
			t.Errorf("%q: no mention %q in %+v", c.text, c.name, ann.Mentions)
			continue
		}
		if found.Type != model.Person || found.Role != c.role || found.Affiliation != c.affil {
			t.Errorf("%q: %q is %s, role %q, affiliation %q; want PER, %q, %q", c.text, c.name, found.Type, found.Role, found.Affiliation, c.role, c.affil)
		}
		if found.RoleSpan == nil || c.text[found.RoleSpan.Start:found.RoleSpan.End] != c.role {
			t.Errorf("%q: role span %+v", c.text, found.RoleSpan)
		}
		if c.text[found.Start:found.End] != c.name {
			t.Errorf("%q: mention offsets [%d,%d) give %q", c.text, found.Start, found.End, c.text[found.Start:found.End])
		}
	}
}

func TestWithinArticle(t *testing.T) {
	a := analyzer(t)
	text := "Russian Defence Minister Sergei Shoigu flew to Minsk on Monday. Shoigu met Belarusian officials. " +
		"Mr Shoigu said Russia would keep its troops there. Moscow said the talks went well. " +
		"Hana Varga, the fisheries minister, disagreed. Tomas Varga, a fisherman, did not."
	ann := a.Analyze(text, model.Published{})
	ent := func(mention string) int {
		for _, m := range ann.Mentions {
			if m.Text == mention {
				return m.Entity
			}
		}
		t.Fatalf("no mention %q in %+v", mention, ann.Mentions)
		return -1
	}
	if ent("Sergei Shoigu") != ent("Shoigu") {
		t.Errorf("Shoigu not linked to Sergei Shoigu: %+v", ann.Entities)
	}
	if ent("Russian") != ent("Russia") || ann.Entities[ent("Russia")].Country != "RU" {
		t.Errorf("Russian and Russia are not one country: %+v", ann.Entities)
	}
	if ent("Hana Varga") == ent("Tomas Varga") {
		t.Errorf("two Vargas merged: %+v", ann.Entities)
	}
	for _, m := range ann.Mentions {
		if m.Text == "Moscow" && m.StandsFor != "Russia" {
			t.Errorf("Moscow said: stands for %q, want Russia", m.StandsFor)
		}
	}
}

func TestHardInputs(t *testing.T) {
	a := analyzer(t)
	for _, text := range []string{"", "   ", "президент россии владимир путин прибыл в минск", "中国外交部发言人表示反对"} {
		ann := a.Analyze(text, model.Published{})
		if len(ann.Mentions) != 0 {
			t.Errorf("%q: mentions %+v", text, ann.Mentions)
		}
	}
	if ann := a.Analyze("Владимир Путин прибыл в Минск.", model.Published{}); ann.Note == "" || len(ann.Mentions) != 0 {
		t.Errorf("Cyrillic: note %q, mentions %+v", ann.Note, ann.Mentions)
	}
}

// TestLongTextAnalysedInPart: a text far longer than any article (a table
// dump with no sentence break) is analysed up to MaxAnalysedBytes, cut
// between words, and the annotations say so; an article is analysed whole.
func TestLongTextAnalysedInPart(t *testing.T) {
	a := analyzer(t)
	dump := "Table dump\n\n" + strings.Repeat("Kostrava 1024, ", 3*MaxAnalysedBytes/15)
	ann := a.Analyze(dump, model.Published{})
	if ann.AnalysedBytes == 0 || ann.AnalysedBytes > MaxAnalysedBytes || !strings.Contains(ann.Note, "only the first") {
		t.Fatalf("a %d-byte dump: analysed %d bytes, note %q", len(dump), ann.AnalysedBytes, ann.Note)
	}
	if c := dump[ann.AnalysedBytes]; c != ' ' && c != '\n' {
		t.Errorf("cut inside a word at %d: %q", ann.AnalysedBytes, dump[ann.AnalysedBytes-5:ann.AnalysedBytes+5])
	}
	for _, m := range ann.Mentions {
		if m.End > ann.AnalysedBytes {
			t.Fatalf("a mention past the analysed part: %+v", m)
		}
	}
	if short := a.Analyze("The mayor of Kostrava said the bridge would open.", model.Published{}); short.AnalysedBytes != 0 || short.Note != "" {
		t.Errorf("a short article: analysed %d bytes, note %q", short.AnalysedBytes, short.Note)
	}
}
