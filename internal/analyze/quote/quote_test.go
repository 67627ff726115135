package quote_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/model"
)

var analyzer = sync.OnceValues(func() (*analyze.Analyzer, error) {
	m, err := ner.Builtin()
	if err != nil {
		return nil, err
	}
	return analyze.New(m), nil
})

// quotes analyses text as the pipeline does and returns its quotes.
func quotes(t testing.TB, text string) []model.Quote {
	t.Helper()
	a, err := analyzer()
	if err != nil {
		t.Fatal(err)
	}
	return a.Analyze(text, model.Published{}).Quotes
}

type want struct {
	text, kind, speaker, cue string
	partial                  bool
}

func check(t *testing.T, text string, wants []want) {
	t.Helper()
	got := quotes(t, text)
	for _, w := range wants {
		found := false
		for _, q := range got {
			if q.Text != w.text {
				continue
			}
			found = true
			if q.Kind != w.kind || q.Speaker != w.speaker || q.Partial != w.partial || (w.cue != "" && q.Cue != w.cue) {
				t.Errorf("%q: got kind %s speaker %q cue %q partial %v; want %s %q %q %v", w.text, q.Kind, q.Speaker, q.Cue, q.Partial, w.kind, w.speaker, w.cue, w.partial)
			}
		}
		if !found {
			var texts []string
			for _, q := range got {
				texts = append(texts, q.Kind+":"+q.Text)
			}
			t.Errorf("no quote %q; got %q", w.text, texts)
		}
	}
}

func TestQuoteStyles(t *testing.T) {
	check(t, `Prime Minister Mira Kallas spoke in Arvena on Monday. "We will not be pushed around," Kallas said.

Her deputy, Jonas Berg, was more cautious. “There is still time for talks,” Berg told reporters.

‘It’s been an honour to serve,’ said Viktor Sand, the outgoing prime minister.

The ministry’s spokeswoman, Marina Zavolskaya, said: «Norland has always been a reliable supplier.»`,
		[]want{
			{"We will not be pushed around", "direct", "Mira Kallas", "said", false},
			{"There is still time for talks", "direct", "Jonas Berg", "told", false},
			{"It’s been an honour to serve", "direct", "Viktor Sand", "said", false},
			{"Norland has always been a reliable supplier.", "direct", "Marina Zavolskaya", "said", false},
		})
}

func TestSplitAndContinuedQuotes(t *testing.T) {
	check(t, `Agnes Kolar leads the nurses' union. "We are not going anywhere," she said, "not until the ward is safe."

"They have had our letters since January," said Kolar, who has worked on the cardiac ward for 22 years. "They did not answer one."`,
		[]want{
			{"We are not going anywhere", "direct", "Agnes Kolar", "said", false},
			{"not until the ward is safe.", "direct", "Agnes Kolar", "said", false},
			{"They have had our letters since January", "direct", "Agnes Kolar", "said", false},
			{"They did not answer one.", "direct", "Agnes Kolar", "said", false},
		})
}

func TestQuoteOverParagraphs(t *testing.T) {
	text := `Marta Holm, the chief executive of Arkon Mining, wrote to the families on Friday.

"We failed the men of section 14. There is no form of words that changes that.

"What I can promise is that every warning will now reach my desk," Ms Holm wrote.`
	got := quotes(t, text)
	if len(got) == 0 || got[0].Kind != "direct" {
		t.Fatalf("got %+v", got)
	}
	q := got[0]
	if !strings.HasPrefix(q.Text, "We failed the men") || !strings.HasSuffix(q.Text, "reach my desk") {
		t.Errorf("a quote over two paragraphs should be one quote, got %q", q.Text)
	}
	if q.Speaker != "Marta Holm" {
		t.Errorf("speaker %q, want Marta Holm", q.Speaker)
	}
}

func TestPartialQuotes(t *testing.T) {
	check(t, `Norland's foreign minister, Dmitri Varenko, called the move "a provocation" and said his country's patience was "not unlimited".`,
		[]want{
			{"a provocation", "direct", "Dmitri Varenko", "called", true},
			{"not unlimited", "direct", "Dmitri Varenko", "said", true},
		})
}

func TestAccordingTo(t *testing.T) {
	check(t, `Industrial users are less sure. "We cannot run a chemical plant on promises", according to Agrovel's operations director, Hanne Voss.

According to the electoral commission, turnout was the highest since 2009.`,
		[]want{
			{"We cannot run a chemical plant on promises", "direct", "Hanne Voss", "according to", false},
			{"turnout was the highest since 2009", "indirect", "electoral commission", "according to", false},
		})
}

func TestQuoteInsideQuote(t *testing.T) {
	text := `Bruno Fell told the court about the dinner. "He leaned across and said, 'Nobody checks the quotas, Bruno.' Then he asked about my daughter," Mr Fell said.`
	got := quotes(t, text)
	direct := 0
	for _, q := range got {
		if q.Kind == "direct" {
			direct++
			if !strings.Contains(q.Text, "'Nobody checks the quotas, Bruno.'") {
				t.Errorf("outer quote should hold the inner one: %q", q.Text)
			}
			if q.Speaker != "Bruno Fell" {
				t.Errorf("speaker %q, want Bruno Fell", q.Speaker)
			}
		}
	}
	if direct != 1 {
		t.Errorf("got %d direct quotes, want the outer one only: %+v", direct, got)
	}
}

func TestUnbalancedQuote(t *testing.T) {
	text := `Pensioner Albin Roth was not convinced. "They said that last winter too, and then the bills came, he said, before climbing back on his bicycle.

The council said it would open two halls. "We are ready," said Sven Okafor, the terminal manager.`
	got := quotes(t, text)
	var first, second *model.Quote
	for i := range got {
		switch {
		case strings.HasPrefix(got[i].Text, "They said that"):
			first = &got[i]
		case got[i].Text == "We are ready":
			second = &got[i]
		}
	}
	if first == nil || second == nil {
		t.Fatalf("quotes: %+v", got)
	}
	if strings.Contains(first.Text, "he said") || strings.Contains(first.Text, "council") {
		t.Errorf("an unclosed quote ran on: %q", first.Text)
	}
	if first.Speaker != "Albin Roth" {
		t.Errorf("unclosed quote speaker %q, want Albin Roth", first.Speaker)
	}
	if second.Speaker != "Sven Okafor" {
		t.Errorf("a later pair of marks shifted: speaker %q", second.Speaker)
	}
}

func TestUnclosedQuoteStaysInParagraph(t *testing.T) {
	text := "She grovelled: \"I am sorry for what happened and I will make it right\n\nThe board meets on Friday. \"We will decide then,\" said Ilse Marek."
	got := quotes(t, text)
	for _, q := range got {
		if strings.Contains(q.Text, "board meets") {
			t.Errorf("quote swallowed the next paragraph: %q", q.Text)
		}
	}
	found := false
	for _, q := range got {
		if q.Text == "We will decide then" && q.Speaker == "Ilse Marek" {
			found = true
		}
	}
	if !found {
		t.Errorf("later quote lost: %+v", got)
	}
}

func TestPronounsAndRoles(t *testing.T) {
	check(t, `Ms Kohl said the bank had told customers to change their passwords. The advice was echoed by Tomas Lindahl, Nordbank's head of security. "We will never ask for your PIN," he said.

The State Department's spokesman, Ned Price, spoke later. "We are watching closely," the spokesman said.`,
		[]want{
			{"We will never ask for your PIN", "direct", "Tomas Lindahl", "said", false},
			{"We are watching closely", "direct", "Ned Price", "said", false},
		})
}

// A long title before the name (`," Minister of Foreign Affairs Dmitry
// Varenko stressed.`) is part of the speaker's phrase.
func TestTitleBeforeSpeaker(t *testing.T) {
	check(t, `The Government of Norland has adopted restrictive measures against 27 companies. "These measures are a response to systematic violations, not to any nation," Minister of Foreign Affairs Dmitry Varenko stressed.`,
		[]want{
			{"These measures are a response to systematic violations, not to any nation", "direct", "Dmitry Varenko", "stressed", false},
		})
}

func TestIndirectSpeech(t *testing.T) {
	check(t, `Viktor Sand said that his party would not join a government led by the Civic Union.

The men were detained in raids in Arvena and Brask on Tuesday, police said.

Energy Minister Paula Ness warned that prices could rise by a fifth.`,
		[]want{
			{"his party would not join a government led by the Civic Union", "indirect", "Viktor Sand", "said", false},
			{"The men were detained in raids in Arvena and Brask on Tuesday", "indirect", "police", "said", false},
			{"prices could rise by a fifth", "indirect", "Paula Ness", "warned", false},
		})
}

func TestNotQuotes(t *testing.T) {
	text := `Top inspector Henrik Vass - known to miners as "the Bulldog" - visited the site. Elias Brenner's "The Herring Fleet at Dawn" was found in a garage. The so-called "winter clause" was never used. Sales rose in the '90s and rock 'n' roll was everywhere; the ministers' decision stood.`
	for _, q := range quotes(t, text) {
		if q.Kind == "direct" {
			t.Errorf("not speech, but found as a quote: %q", q.Text)
		}
	}
}

func TestSlogans(t *testing.T) {
	check(t, `Many carried banners reading "The Lenna is not for sale" and "No dam at Ostby". Chants of "Stop the dam!" echoed off the shopfronts.`,
		[]want{
			{"The Lenna is not for sale", "direct", "", "", false},
			{"No dam at Ostby", "direct", "", "", false},
			{"Stop the dam!", "direct", "", "", false},
		})
}

func TestNoAnnotations(t *testing.T) {
	// Without the entity stage the quotes are still found, with the
	// speaker as the text words it.
	got := quote.Find(`"We are ready," said the terminal manager.`, model.Annotations{})
	if len(got) != 1 || got[0].Text != "We are ready" || got[0].Speaker != "terminal manager" {
		t.Errorf("got %+v", got)
	}
}

func TestNormalizeAndSimilarity(t *testing.T) {
	a := "We will rebuild trust with our neighbors, but we will not buy it"
	for _, b := range []string{
		"We will rebuild trust with our neighbours – but we won’t buy it",
		"“We will rebuild trust with our neighbours, but we will not buy it.”",
		"We shall restore trust with our neighbours, but we shall not purchase it",
	} {
		if !quote.SameQuote(a, b) {
			t.Errorf("%q and %q should be the same quote (similarity %.2f)", a, b, quote.Similarity(a, b))
		}
	}
	if quote.SameQuote(a, "The voters have spoken and I accept it") {
		t.Error("different quotes matched")
	}
	if got := quote.Normalize("It’s the “centre” of our labour, isn't it?"); got != "it is the center of our labor is not it" {
		t.Errorf("Normalize: %q", got)
	}
	// A partial quote matches the longer quote it comes from.
	if !quote.SameQuote("a response to systematic violations", "These measures are a response to systematic violations, not to any nation") {
		t.Error("partial quote not matched to its source")
	}
}

func TestGroup(t *testing.T) {
	qs := []quote.Reported{
		{Text: "We will rebuild trust with our neighbors, but we will not buy it", Speaker: "mira kallas"},
		{Text: "The voters have spoken. I accept it.", Speaker: "viktor sand"},
		{Text: "We will rebuild trust with our neighbours – but we will not buy it", Speaker: "mira kallas"},
		{Text: "We will rebuild trust with our neighbours, but we will never buy it.", Speaker: ""},
		{Text: "We will rebuild trust with our neighbours, but we will not buy it", Speaker: "viktor sand"},
	}
	groups := quote.Group(qs)
	if len(groups) != 3 {
		t.Fatalf("groups %v, want 3", groups)
	}
	if len(groups[0]) != 3 || groups[0][0] != 0 || groups[0][1] != 2 || groups[0][2] != 3 {
		t.Errorf("first group %v, want [0 2 3]", groups[0])
	}
}

// TestGoldArticlesDoNotPanic runs the finder over the gold corpus and
// checks the spans it returns.
func TestGoldArticlesSpans(t *testing.T) {
	files, _ := filepath.Glob("../../../testdata/quotes/articles/*.txt")
	if len(files) == 0 {
		t.Skip("no gold articles")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		checkSpans(t, text, quotes(t, text))
	}
}

func checkSpans(t testing.TB, text string, qs []model.Quote) {
	t.Helper()
	prev := -1
	for _, q := range qs {
		if q.Start < 0 || q.End > len(text) || q.Start >= q.End {
			t.Fatalf("bad span %d-%d in %d bytes", q.Start, q.End, len(text))
		}
		if text[q.Start:q.End] != q.Text {
			t.Fatalf("text %q is not the span %q", q.Text, text[q.Start:q.End])
		}
		if q.Start < prev {
			t.Fatalf("quotes out of order at %d", q.Start)
		}
		prev = q.Start
		if q.Kind != "direct" && q.Kind != "indirect" {
			t.Fatalf("kind %q", q.Kind)
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		`"A," she said, "B."`, `“x ‘y’ z”`, `«a» b`, `'90s 'n' it's`, `"unclosed`, "\"a\n\n\"b\n\nc\"",
		`X said: "…"`, `According to X, y.`, `„Deutsch“ sagte er`, `""""`, `'`, `— "a" —`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, quote.Find(text, model.Annotations{}))
	})
}

func BenchmarkFind(b *testing.B) {
	files, _ := filepath.Glob("../../../testdata/quotes/articles/*.txt")
	if len(files) == 0 {
		b.Skip("no gold articles")
	}
	a, err := analyzer()
	if err != nil {
		b.Fatal(err)
	}
	type doc struct {
		text string
		ann  model.Annotations
	}
	var docs []doc
	size := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text := string(raw)
		docs = append(docs, doc{text, a.Analyze(text, model.Published{})})
		size += len(text)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			quote.Find(d.text, d.ann)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "articles/s")
}
