package compare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/analyze/quantity"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/stories"
)

// art builds an input article from sentences; quantities are found with
// the quantity package and quotes are given as (speaker, words) pairs
// located in the text, so the tests exercise compare, not the analysers.
func art(id, outlet string, hour int, sentences []string, quotes ...[2]string) stories.Input {
	text := strings.Join(sentences, " ")
	a := model.Article{ID: id, Origin: id + ".txt", Outlet: outlet, Title: outlet + " report", Text: text,
		Published: model.Published{Time: time.Date(2024, 3, 11, hour, 0, 0, 0, time.UTC), Reliability: model.Exact, Source: model.FromMetadata}}
	var ann model.Annotations
	pos := 0
	for _, s := range sentences {
		ann.Sentences = append(ann.Sentences, model.TextSpan{Start: pos, End: pos + len(s)})
		pos += len(s) + 1
	}
	ann.Quantities = quantity.Find(text)
	for _, q := range quotes {
		k := strings.Index(text, q[1])
		if k < 0 {
			panic("quote not in text: " + q[1])
		}
		ann.Quotes = append(ann.Quotes, model.Quote{Start: k, End: k + len(q[1]), Text: q[1], Kind: "direct", Speaker: q[0], Entity: -1})
	}
	return stories.Input{Article: a, Annotations: ann}
}

func mustCompare(t *testing.T, in ...stories.Input) Comparison {
	t.Helper()
	c, err := Compare(1, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func claimWith(c Comparison, words string) *Claim {
	for i := range c.Claims {
		for _, r := range c.Claims[i].Reports {
			if strings.Contains(r.Text, words) {
				return &c.Claims[i]
			}
		}
	}
	return nil
}

func TestNumbersConsistentAndConflicting(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{"Norland imposed sanctions on 27 Veldoran individuals and companies on Monday over illegal fishing."}),
		art("b", "Tabloid", 10, []string{"Norland slapped sanctions on nearly 30 Veldoran individuals and companies over illegal fishing on Monday."}),
		art("c", "Paper", 11, []string{"Norland imposed sanctions on 41 Veldoran individuals and companies on Monday over illegal fishing."}),
	)
	kinds := map[string]string{}
	for _, d := range c.Numbers {
		kinds[d.A.Article+d.B.Article] = d.Kind
	}
	want := map[string]string{"ab": Consistent, "ac": Conflicting, "bc": Conflicting}
	for k, v := range want {
		if kinds[k] != v {
			t.Errorf("numbers %s: %q, want %q (all: %+v)", k, kinds[k], v, c.Numbers)
		}
	}
}

func TestAtLeastAgainstExactCount(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{"At least 12 miners were killed when a tunnel collapsed at the Sorvik copper mine."}),
		art("b", "Tabloid", 20, []string{"Nineteen miners were killed when a tunnel collapsed at the Sorvik copper mine."}),
	)
	if len(c.Numbers) != 1 || c.Numbers[0].Kind != Conflicting {
		t.Fatalf("numbers: %+v", c.Numbers)
	}
}

// Two words for the people counted, and a later figure of the same unit
// counting something else: the counts conflict once, "several" missing
// is not a count of the dead.
func TestPeopleCountedInOtherWords(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{"At least 12 miners were killed and several were missing after a tunnel collapsed at the Sorvik copper mine."}),
		art("b", "Ledger", 10, []string{"At least 12 workers were killed when a tunnel collapsed at the Sorvik copper mine."}),
		art("c", "Tabloid", 20, []string{"Nineteen miners were killed when a tunnel collapsed at the Sorvik copper mine."}),
	)
	var got []string
	for _, d := range c.Numbers {
		got = append(got, d.Kind+" "+d.A.Text+" / "+d.B.Text)
	}
	want := []string{"conflicting At least 12 miners / Nineteen miners", "conflicting At least 12 workers / Nineteen miners"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("numbers:\n got %q\nwant %q", got, want)
	}
}

// A unit given once serves the next figure of the sentence: "about 60
// million" after "410 million euros" is euros, and agrees with "60
// million euros" elsewhere, while the cost itself is another quantity.
func TestElidedUnit(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{"The Kostrava bridge cost 410 million euros, about 60 million more than planned, and opened a year late on Friday."}),
		art("b", "Courier", 10, []string{"The Kostrava bridge opened a year late on Friday and 60 million euros over budget."}),
	)
	if len(c.Numbers) != 1 || c.Numbers[0].Kind != Consistent || c.Numbers[0].Unit != "EUR" {
		t.Fatalf("numbers: %+v", c.Numbers)
	}
	if a, b := c.Numbers[0].A.Text, c.Numbers[0].B.Text; a != "about 60 million" || b != "60 million euros" {
		t.Errorf("figures paired: %q / %q", a, b)
	}
}

func TestCopyCountsOnce(t *testing.T) {
	wire := []string{
		"The Bank of Veldora raised its main interest rate to 6.5 percent on Thursday.",
		"Governor Ilse Marek said inflation was still far too high.",
	}
	orig := art("w", "Wire", 9, wire)
	cp1 := art("h", "Harbour Times", 10, append([]string{"The Times carries this report from the wire agency, our partner."}, wire...))
	cp1.Article.CopyOf = "w"
	cp2 := art("k", "Courier", 11, wire)
	cp2.Article.CopyOf = "h" // a copy of a copy still counts for the original
	other := art("l", "Ledger", 12, []string{"Homeowners face higher repayments after the Bank of Veldora lifted its main rate to 6.5 percent on Thursday."})
	c := mustCompare(t, orig, cp1, cp2, other)

	cl := claimWith(c, "Governor Ilse Marek")
	if cl == nil || cl.Label != OnlyBy || cl.Only != "Wire" {
		t.Fatalf("a claim only the wire and its copies carry: %+v", cl)
	}
	if len(cl.Reports) != 1 || strings.Join(cl.Reports[0].Copies, ",") != "h,k" {
		t.Errorf("copies not shown with the original: %+v", cl.Reports)
	}
	if fmt.Sprint(c.Outlets) != "[Ledger Wire]" {
		t.Errorf("independent outlets: %v", c.Outlets)
	}
	if claimWith(c, "carries this report") != nil {
		t.Errorf("syndication note became a claim")
	}
	if len(c.Lineage.Copies) != 2 || c.Lineage.First != "w" {
		t.Errorf("lineage: %+v", c.Lineage)
	}
	rate := claimWith(c, "raised its main interest rate")
	if rate == nil || rate.Label != ByAll || len(rate.Outlets) != 2 {
		t.Errorf("rate claim: %+v", rate)
	}
}

func TestSameQuoteDifferentWords(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{`"We will not sit at the table while our fishermen remain in detention," Foreign Minister Anya Kovalenko told reporters.`},
			[2]string{"Anya Kovalenko", "We will not sit at the table while our fishermen remain in detention"}),
		art("b", "Broadcaster", 10, []string{`Foreign Minister Anya Kovalenko said her government would not "sit at the table while our fishermen are in detention".`},
			[2]string{"Kovalenko", "sit at the table while our fishermen are in detention"}),
	)
	if len(c.Quotes) != 1 || len(c.Quotes[0].Outlets) != 2 {
		t.Fatalf("quotes not matched across outlets: %+v", c.Quotes)
	}
	if cl := claimWith(c, "Kovalenko"); cl == nil || cl.Label != ByAll {
		t.Errorf("the quote's sentences are one claim: %+v", c.Claims)
	}
}

func TestQuoteGivenToDifferentSpeakers(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{`"This is a day for families, not for politics," Foreign Minister Anya Kovalenko said on the quay.`},
			[2]string{"Anya Kovalenko", "This is a day for families, not for politics"}),
		art("b", "Paper", 10, []string{`"This is a day for families, not politics," Prime Minister Viktor Sand said on the quay.`},
			[2]string{"Viktor Sand", "This is a day for families, not politics"}),
	)
	if len(c.QuoteDiffs) != 1 || c.QuoteDiffs[0].Kind != OtherSpeaker {
		t.Fatalf("quote diffs: %+v", c.QuoteDiffs)
	}
}

func TestOnlyOneOutlet(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{"Floods cut off 14 villages in the Lenna valley on Tuesday after three days of rain.", "No deaths were reported by the civil protection agency."}),
		art("b", "Paper", 10, []string{"Floodwater has cut off 14 villages in the Lenna valley after three days of heavy rain.", "Teodor Lang, a baker in Brask, said he had never seen the river rise so fast."}),
	)
	if cl := claimWith(c, "Teodor Lang"); cl == nil || cl.Label != OnlyBy || cl.Only != "Paper" {
		t.Errorf("unique claim: %+v", cl)
	}
	if cl := claimWith(c, "14 villages"); cl == nil || cl.Label != ByAll {
		t.Errorf("shared claim: %+v", cl)
	}
	if cl := claimWith(c, "No deaths"); cl == nil || cl.Only != "Wire" {
		t.Errorf("unique claim of the wire: %+v", cl)
	}
}

func TestFramingPair(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{"Government forces shelled positions held by the rebels near the town of Harn on Saturday."}),
		art("b", "Herald", 10, []string{"Government forces shelled positions held by the terrorists near the town of Harn on Saturday."}),
	)
	var aligned, lexicon bool
	for _, p := range c.Framing {
		if p.Terms == [2]string{"rebels", "terrorists"} {
			aligned = aligned || p.Source == "aligned"
			lexicon = lexicon || p.Source == "lexicon" && p.Loaded
		}
	}
	if !aligned || !lexicon {
		t.Errorf("framing pair rebels/terrorists (aligned %v, lexicon %v): %+v", aligned, lexicon, c.Framing)
	}
	if len(c.Loaded) != 1 || c.Loaded[0].Outlet != "Herald" || c.Loaded[0].Uses[0].Term != "terrorists" {
		t.Errorf("loaded words: %+v", c.Loaded)
	}
}

func TestHTMLEscapes(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire<script>", 9, []string{`The mayor said the bridge <script>alert("x")</script> joins two halves of the city.`}),
		art("b", "Paper", 10, []string{`The mayor said the new bridge joins two halves of the city at last.`}),
	)
	var b bytes.Buffer
	if err := HTML(&b, c); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<script") || !strings.Contains(out, "&lt;script&gt;") {
		t.Errorf("article text not escaped:\n%s", out)
	}
	var md bytes.Buffer
	if err := Markdown(&md, c); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "<script") {
		t.Errorf("Markdown passes raw HTML through:\n%s", md.String())
	}
}

func TestDeterministic(t *testing.T) {
	in := []stories.Input{
		art("a", "Wire", 9, []string{"Norland imposed sanctions on 27 Veldoran individuals and companies on Monday.", "The list includes a deputy minister."}),
		art("b", "Tabloid", 10, []string{"Norland slapped sanctions on nearly 30 Veldoran individuals and companies on Monday.", "Officials called it a step backwards."}),
		art("c", "Paper", 11, []string{"Norland imposed sanctions on more than two dozen Veldoran individuals and companies.", "A deputy minister is on the list."}),
	}
	first := mustCompare(t, in...)
	rev := []stories.Input{in[2], in[0], in[1]}
	second := mustCompare(t, rev...)
	x, _ := json.Marshal(first)
	y, _ := json.Marshal(second)
	if !bytes.Equal(x, y) {
		t.Errorf("input order changes the comparison:\n%s\n%s", x, y)
	}
}

func TestBadInput(t *testing.T) {
	a := art("a", "Wire", 9, []string{"Something happened in the town today."})
	if _, err := Compare(1, []stories.Input{a, a}, Options{}); err == nil {
		t.Error("the same article twice is accepted")
	}
	if c, err := Compare(1, nil, Options{}); err != nil || len(c.Claims) != 0 {
		t.Errorf("empty story: %v %+v", err, c)
	}
}

func TestLexicon(t *testing.T) {
	l := DefaultLexicon()
	if len(l.Groups) < 5 {
		t.Fatalf("built-in lexicon has %d groups", len(l.Groups))
	}
	if _, err := ParseLexicon(strings.NewReader("# comment\nlonely\n")); err == nil {
		t.Error("a group of one neutral term is accepted")
	}
	l, err := ParseLexicon(strings.NewReader("regime, !junta, government\n"))
	if err != nil || len(l.Groups) != 1 || !l.Groups[0].Terms[1].Loaded {
		t.Errorf("parse: %v %+v", err, l)
	}
}

func TestRenderText(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{"Floods cut off 14 villages in the Lenna valley on Tuesday after three days of rain."}),
		art("b", "Paper", 10, []string{"Floodwater has cut off at least 14 villages in the Lenna valley after three days of heavy rain."}),
	)
	var b bytes.Buffer
	if err := Text(&b, c); err != nil {
		t.Fatal(err)
	}
	// The one claim both outlets carry is listed under its heading, with
	// each outlet's wording.
	all, _, _ := strings.Cut(b.String(), "Reported by some outlets")
	_, all, _ = strings.Cut(all, "Reported by all outlets")
	for _, want := range []string{"Floods cut off 14 villages", "Floodwater has cut off at least 14 villages", "Wire", "Paper"} {
		if !strings.Contains(all, want) {
			t.Errorf("the 'reported by all' section lacks %q:\n%s", want, b.String())
		}
	}
}

// TestAlignParaphraseNotNeighbour checks the alignment threshold from
// both sides: a claim told in other words is one claim ("pay has not
// risen in four years" / "had not had a rise in four years"), and another
// claim of the same story that shares its common words (the dock
// workers, Kostrava, their pay) is not. At 0.25 the first fails, at 0.15
// the second.
func TestAlignParaphraseNotNeighbour(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{
			"About 4,000 dock workers at Kostrava walked out on Tuesday, demanding a 15 percent pay rise.",
			"Dock workers at Kostrava say their pay has not risen in four years.",
		}),
		art("b", "Paper", 10, []string{
			"Some 4,000 workers on the Kostrava docks went on strike on Tuesday over a 15 percent pay claim.",
			"The union's leader said the workers at the port had not had a rise in four years.",
		}),
		art("c", "Radio", 11, []string{
			"Kostrava's 4,000 dock workers began a strike on Tuesday.",
			"The strike by Kostrava dock workers over pay is the first at the port in a decade.",
		}),
	)
	if cl := claimWith(c, "walked out"); cl == nil || cl.Label != ByAll {
		t.Errorf("the lead in other words should be one claim of all three: %+v", cl)
	}
	if cl := claimWith(c, "not risen"); cl == nil || len(cl.Outlets) != 2 || claimWith(c, "had not had a rise") != cl {
		t.Errorf("the pay claim in other words should be one claim of Wire and Paper: %+v", cl)
	}
	if cl := claimWith(c, "first at the port"); cl == nil || cl.Label != OnlyBy {
		t.Errorf("the first strike in a decade is Radio's claim alone: %+v", cl)
	}
	// The pay claim is aligned loosely: its differing words fill no
	// common slot, so they are not framing.
	for _, p := range c.Framing {
		for _, u := range p.Uses {
			if p.Source == "aligned" && strings.Contains(u.Sentence, "not risen") {
				t.Errorf("framing pair from a loosely aligned claim: %v", p.Terms)
			}
		}
	}
}

func TestSameThing(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"ships", "container ships", true},
		{"firms", "companies", true},
		{"dock workers", "people", true}, // people count as any kind of people
		{"people", "miners", true},
		{"workers", "miners", false}, // two kinds of people: the same only within one claim
		{"shipping companies", "individuals and companies", false},
		{"euros", "people", false},
	} {
		if got := sameThing(c.a, c.b); got != c.want {
			t.Errorf("sameThing(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// A report in another script shares no words with the others, but a
// sentence naming the same rarer person is the same claim; one that
// shares only the name of the place most sentences use is not.
func TestAlignAcrossLanguages(t *testing.T) {
	lang := func(in stories.Input, l string) stories.Input {
		in.Article.Language = l
		return in
	}
	c := mustCompare(t,
		lang(art("a", "Wire", 9, []string{
			"A new bridge across the Kostrava estuary opened to traffic on Friday.",
			"Mayor Ruth Emmer said the bridge joins two halves of the city.",
			"Ferry crews in Kostrava fear they will lose their passengers.",
			"The work took four years and ran over budget.",
		}), "en"),
		lang(art("b", "Courier", 10, []string{
			"The Kostrava bridge opened on Friday after four years of work.",
			"The mayor, Ruth Emmer, called it a bridge that joins the city.",
			"Lorries will now spend half as long in traffic.",
		}), "en"),
		lang(art("c", "Herald", 11, []string{
			"В Костраве в пятницу открылся новый мост через эстуарий.",
			"Мэр города Рут Эммер заявила, что мост соединяет две половины города.",
			"Торговцы Костравы ждут роста продаж.",
		}), "ru"),
	)
	if cl := claimWith(c, "Рут Эммер"); cl == nil || len(cl.Outlets) != 3 {
		t.Errorf("the mayor's claim in Russian should be one claim with the English ones: %+v", cl)
	}
	if cl := claimWith(c, "Торговцы"); cl == nil || cl.Label != OnlyBy {
		t.Errorf("a Russian claim sharing only the story's place name should stand alone: %+v", cl)
	}
}

// A speaker named by a phrase speaks for the place or organisation the
// phrase names, labelled as most of the story's articles name it.
func TestPhraseSpeakerSide(t *testing.T) {
	withPlace := func(in stories.Input, name, speaker string) stories.Input {
		text := in.Article.Text
		in.Annotations.Entities = []model.LocalEntity{{Name: name, Type: model.Location, ID: 5, Mentions: 1}}
		k := strings.Index(text, name)
		in.Annotations.Mentions = []model.Mention{{Start: k, End: k + len(name), Text: name, Type: model.Location, Entity: 0}}
		if speaker != "" {
			s := strings.Index(text, speaker)
			for i := range in.Annotations.Quotes {
				in.Annotations.Quotes[i].Entity = -1
				in.Annotations.Quotes[i].SpeakerSpan = &model.TextSpan{Start: s, End: s + len(speaker)}
			}
		}
		return in
	}
	c := mustCompare(t,
		withPlace(art("a", "Ledger", 9, []string{`Veldora's foreign ministry said the sanctions were "a step backwards" for the region.`},
			[2]string{"Veldora's foreign ministry", "a step backwards"}), "Veldora", "Veldora's foreign ministry"),
		withPlace(art("b", "Klaxon", 10, []string{`Veldoran officials blasted the sanctions as a "step backwards" for the region.`},
			[2]string{"Veldoran officials", "step backwards"}), "Veldoran", "Veldoran officials"),
		withPlace(art("c", "Wire", 11, []string{"Norland imposed sanctions on Veldora on Monday."}), "Veldora", ""),
	)
	for _, ov := range c.Voices {
		if len(ov.Voices) == 0 {
			continue
		}
		if len(ov.Sides) != 1 || ov.Sides[0].Name != "Veldora" {
			t.Errorf("%s: sides %+v, want all quotes for Veldora", ov.Outlet, ov.Sides)
		}
	}
}

// A day-only date is "some time that day": an exact time of the same day
// is first, whatever the IDs or the input order; a day-only date of an
// earlier day still comes before.
func TestExactTimeBeforeDayOnSameDay(t *testing.T) {
	dayOnly := func(in stories.Input, day int) stories.Input {
		in.Article.Published = model.Published{Time: time.Date(2024, 3, day, 0, 0, 0, 0, time.UTC), Reliability: model.Day, Source: model.FromText}
		return in
	}
	sent := []string{"Floods cut off 14 villages in the Lenna valley on Monday after three days of rain."}
	exact := art("b", "Wire", 18, sent)
	for _, order := range [][]stories.Input{
		{dayOnly(art("a", "Paper", 0, sent), 11), exact},
		{exact, dayOnly(art("a", "Paper", 0, sent), 11)},
	} {
		c := mustCompare(t, order...)
		if c.Lineage.First != "b" {
			t.Errorf("first = %q, want the exact time (b) before the day-only date of its day", c.Lineage.First)
		}
		if len(c.Claims) != 1 || c.Claims[0].First == nil || c.Claims[0].First.Article != "b" {
			t.Errorf("claim first: %+v", c.Claims)
		}
		if len(c.Lineage.Timeline) != 2 || c.Lineage.Timeline[0].Article != "b" {
			t.Errorf("timeline: %+v", c.Lineage.Timeline)
		}
	}
	c := mustCompare(t, dayOnly(art("a", "Paper", 0, sent), 10), exact)
	if c.Lineage.First != "a" {
		t.Errorf("first = %q, want the day-only date of the day before (a)", c.Lineage.First)
	}
}

// Two different quotes that share only function words ("we will not")
// are not one quote given to two speakers; the same words with a word
// changed still are.
func TestOtherSpeakerOnlyForOneQuote(t *testing.T) {
	c := mustCompare(t,
		art("a", "Wire", 9, []string{`"We will not sit at the table while our fishermen remain in detention," Foreign Minister Anya Kovalenko said.`},
			[2]string{"Anya Kovalenko", "We will not sit at the table while our fishermen remain in detention"}),
		art("b", "Paper", 10, []string{`"We will not accept this," Prime Minister Viktor Sand said of the detention of the crews.`},
			[2]string{"Viktor Sand", "We will not accept this"}),
	)
	for _, d := range c.QuoteDiffs {
		if d.Kind == OtherSpeaker {
			t.Errorf("unrelated quotes reported as one quote given to two speakers: %q / %q", d.A.Text, d.B.Text)
		}
	}
	c = mustCompare(t,
		art("a", "Wire", 9, []string{`"We will not sit at the table while our fishermen remain in detention," Foreign Minister Anya Kovalenko said.`},
			[2]string{"Anya Kovalenko", "We will not sit at the table while our fishermen remain in detention"}),
		art("b", "Paper", 10, []string{`"We will not sit at the table while our fishermen are in prison," Prime Minister Viktor Sand said.`},
			[2]string{"Viktor Sand", "We will not sit at the table while our fishermen are in prison"}),
	)
	if len(c.QuoteDiffs) != 1 || c.QuoteDiffs[0].Kind != OtherSpeaker {
		t.Errorf("one quote given to two speakers: %+v", c.QuoteDiffs)
	}
}

// A quote whose speaker the quote finder left unlinked, but whose name
// the article's entities resolve to the same canonical entity as another
// outlet's spelling, is one quote under one speaker, not two.
func TestQuoteGroupedBySpeakerEntity(t *testing.T) {
	withEntity := func(in stories.Input, name string, linked bool) stories.Input {
		text := in.Article.Text
		k := strings.LastIndex(text, name)
		in.Annotations.Entities = []model.LocalEntity{{Name: name, Type: model.Person, ID: 7, Mentions: 1}}
		in.Annotations.Mentions = []model.Mention{{Start: k, End: k + len(name), Text: name, Type: model.Person, Entity: 0}}
		for i := range in.Annotations.Quotes {
			if linked {
				in.Annotations.Quotes[i].Entity = 0
			} else {
				in.Annotations.Quotes[i].SpeakerSpan = &model.TextSpan{Start: k, End: k + len(name)}
			}
		}
		return in
	}
	for _, span := range []bool{true, false} {
		b := withEntity(art("b", "Paper", 10, []string{`"These measures are a response to systematic violations," said Dmitri Varenco, a Norland spokesman.`},
			[2]string{"Dmitri Varenco", "These measures are a response to systematic violations"}), "Dmitri Varenco", false)
		if !span {
			b.Annotations.Quotes[0].SpeakerSpan = nil // found by the speaker's name alone
		}
		c := mustCompare(t,
			withEntity(art("a", "Wire", 9, []string{`"These measures are a response to systematic violations," Dmitri Varenko told reporters.`},
				[2]string{"Dmitri Varenko", "These measures are a response to systematic violations"}), "Dmitri Varenko", true),
			b,
		)
		if len(c.Quotes) != 1 || len(c.Quotes[0].Outlets) != 2 || c.Quotes[0].Speaker != "Dmitri Varenko" {
			t.Errorf("span %v: quotes %+v, want one quote of Dmitri Varenko from both outlets", span, c.Quotes)
		}
		if len(c.QuoteDiffs) != 0 {
			t.Errorf("span %v: quote diffs %+v", span, c.QuoteDiffs)
		}
	}
}

// Two articles of one outlet spelling one resolved speaker two ways give
// that outlet one voice.
func TestVoiceBySpeakerEntity(t *testing.T) {
	linked := func(in stories.Input, name string) stories.Input {
		in.Annotations.Entities = []model.LocalEntity{{Name: name, Type: model.Person, ID: 7, Mentions: 1}}
		in.Annotations.Quotes[0].Entity = 0
		return in
	}
	c := mustCompare(t,
		linked(art("a", "Courier", 9, []string{`"The bridge joins our city," Mayor Ruth Emmer said on Friday.`},
			[2]string{"Ruth Emmer", "The bridge joins our city"}), "Ruth Emmer"),
		linked(art("b", "Courier", 10, []string{`"Ferries will keep running for now," Mayor Ruth Emer said at the opening.`},
			[2]string{"Ruth Emer", "Ferries will keep running for now"}), "Ruth Emer"),
		linked(art("c", "Wire", 11, []string{`"The bridge joins our city," Mayor Ruth Emmer said.`},
			[2]string{"Ruth Emmer", "The bridge joins our city"}), "Ruth Emmer"),
	)
	for _, ov := range c.Voices {
		if ov.Outlet == "Courier" && (len(ov.Voices) != 1 || ov.Voices[0].Speaker != "Ruth Emmer" || ov.Voices[0].Quotes != 2) {
			t.Errorf("Courier voices: %+v, want Ruth Emmer twice", ov.Voices)
		}
	}
}

// A figure counting two kinds of things ("firms and people") is the same
// quantity as another naming the same kinds in any order and words, and
// the pair is reported the same way whichever article comes first.
func TestCoordinatedUnitsAnyOrder(t *testing.T) {
	as := []string{"27 firms and people", "27 people and firms", "27 individuals and entities", "27 Veldoran individuals and companies"}
	bs := []string{"more than two dozen companies and individuals", "more than two dozen individuals and companies", "more than two dozen people and businesses"}
	for _, x := range as {
		for _, y := range bs {
			var units []string
			for _, hours := range [][2]int{{9, 10}, {10, 9}} {
				c := mustCompare(t,
					art("a", "Wire", hours[0], []string{"Norland imposed sanctions on " + x + " over illegal fishing on Monday."}),
					art("b", "Paper", hours[1], []string{"On Monday Norland imposed sanctions on " + y + " over illegal fishing."}))
				if len(c.Numbers) != 1 || c.Numbers[0].Kind != Consistent {
					t.Errorf("%q / %q (hours %v): numbers %+v, want one consistent pair", x, y, hours, c.Numbers)
					continue
				}
				units = append(units, c.Numbers[0].Unit)
			}
			if len(units) == 2 && units[0] != units[1] {
				t.Errorf("%q / %q: unit %q or %q by article order", x, y, units[0], units[1])
			}
		}
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"individuals and companies", "firms and people", true},
		{"individuals and entities", "companies and people", true},
		{"individuals and companies", "shipping companies", false},
		{"ships and crews", "firms and people", false},
	} {
		if got := sameThing(c.a, c.b); got != c.want {
			t.Errorf("sameThing(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
