package timex

import (
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// Tuesday, 12 March 2024, 15:00 UTC.
var published = time.Date(2024, 3, 12, 15, 0, 0, 0, time.UTC)

func find(t *testing.T, text string) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, r := range Find(text, published) {
		if text[r.Start:r.End] != r.Text {
			t.Fatalf("%q: offsets [%d,%d) give %q, not %q", text, r.Start, r.End, text[r.Start:r.End], r.Text)
		}
		got[r.Text] = r.Type + " " + r.Value
	}
	return got
}

func TestExpressions(t *testing.T) {
	cases := []struct{ text, expr, want string }{
		{"The talks ended on Monday, 11 March, in Ostrel.", "Monday, 11 March", "DATE 2024-03-11"},
		{"The ministry said on Thursday that it had no plans.", "Thursday", "DATE 2024-03-07"},
		{"The summit will open on Thursday.", "Thursday", "DATE 2024-03-14"},
		{"Talks resumed on Tuesday.", "Tuesday", "DATE 2024-03-12"},
		{"The vote took place yesterday.", "yesterday", "DATE 2024-03-11"},
		{"He spoke today.", "today", "DATE 2024-03-12"},
		{"She arrived this morning.", "this morning", "TIME 2024-03-12TMO"},
		{"A decision is expected later this week.", "later this week", "DATE 2024-W11"},
		{"Prices rose earlier this month.", "earlier this month", "DATE 2024-03"},
		{"Exports fell last month.", "last month", "DATE 2024-02"},
		{"Elections are due next year.", "next year", "DATE 2025"},
		{"The strike began in May.", "May", "DATE 2023-05"},
		{"The plant will reopen in May.", "May", "DATE 2024-05"},
		{"Sanctions have been in force since 2014.", "2014", "DATE 2014"},
		{"The board meets twice a year.", "twice a year", "SET P1Y"},
		{"The bank cited costs from its 2019 recapitalisation.", "2019", "DATE 2019"},
		{"Profit rose from the year-earlier quarter.", "year-earlier quarter", "DATE 2022-Q4"},
		{"Sales beat year-ago levels.", "year-ago", "DATE 2023"},
		{"A ruling is expected soon.", "soon", "DATE FUTURE_REF"},
		{"Crimea was annexed on March 17, 2014.", "March 17, 2014", "DATE 2014-03-17"},
		{"Growth was faster in the 1990s.", "the 1990s", "DATE 199"},
		{"The talks lasted three days.", "three days", "DURATION P3D"},
		{"A four-minute delay followed.", "four-minute", "DURATION PT4M"},
		{"The vote took 20 minutes.", "20 minutes", "DURATION PT20M"},
		{"A three-month ban was imposed.", "three-month", "DURATION P3M"},
		{"It happened two years ago.", "two years ago", "DATE 2022"},
		{"The ferry leaves at 9:30 a.m.", "9:30 a.m.", "TIME 2024-03-12T09:30"},
		{"Profits rose in the third quarter.", "the third quarter", "DATE 2023-Q3"},
		{"The report covers the week of 4 March.", "4 March", "DATE 2024-03-04"},
		{"The deadline is 17 March 2024.", "17 March 2024", "DATE 2024-03-17"},
		{"The law dates from March 2019.", "March 2019", "DATE 2019-03"},
		{"Talks are now under way.", "now", "DATE PRESENT_REF"},
	}
	for _, c := range cases {
		got := find(t, c.text)
		if got[c.expr] != c.want {
			t.Errorf("%q: %q = %q, want %q (all: %v)", c.text, c.expr, got[c.expr], c.want, got)
		}
	}
}

func TestRanges(t *testing.T) {
	for _, c := range []struct{ text, from, to string }{
		{"A decision is expected later this week.", "2024-03-12", "2024-03-17"},
		{"Prices rose earlier this month.", "2024-03-01", "2024-03-12"},
		{"Sanctions have been in force since 2014.", "2014-01-01", ""},
	} {
		refs := Find(c.text, published)
		if len(refs) != 1 || refs[0].From != c.from || refs[0].To != c.to {
			t.Errorf("%q: %+v, want from %s to %s", c.text, refs, c.from, c.to)
		}
	}
}

func TestTwoDates(t *testing.T) {
	got := find(t, "Hearings were held on Feb. 27 and April 10.")
	if got["Feb. 27"] != "DATE 2024-02-27" || got["April 10"] != "DATE 2023-04-10" {
		t.Errorf("%v", got)
	}
}

func TestNotDates(t *testing.T) {
	for _, text := range []string{
		"The bill fell on February 30.",    // no such date
		"2000 people marched.",             // a count
		"You may leave.",                   // the verb
		"The Sun reported it.",             // a newspaper
		"He sold 1500 shares to 12 banks.", // counts
	} {
		for _, r := range Find(text, published) {
			if strings.Contains(r.Text, "30") || r.Text == "2000" || r.Text == "may" || r.Text == "Sun" || r.Text == "1500" {
				t.Errorf("%q: found %+v", text, r)
			}
		}
	}
}

func TestUnknownAnchor(t *testing.T) {
	refs := Find("The vote took place yesterday, on March 17, 2014.", time.Time{})
	vals := map[string]string{}
	for _, r := range refs {
		vals[r.Text] = r.Value
	}
	if vals["yesterday"] != "XXXX-XX-XX" || vals["March 17, 2014"] != "2014-03-17" {
		t.Errorf("%v", vals)
	}
	for _, r := range refs {
		if r.Anchor != "" {
			t.Errorf("%q has an anchor %q without a publication time", r.Text, r.Anchor)
		}
	}
}

func TestAnchorRecorded(t *testing.T) {
	refs := Find("It ended yesterday.", published)
	if len(refs) != 1 || refs[0].Anchor != "2024-03-12 (publication)" {
		t.Errorf("%+v", refs)
	}
	refs = Find("It ended on March 17, 2014.", published)
	if len(refs) != 1 || refs[0].Anchor != "" {
		t.Errorf("an absolute date has an anchor: %+v", refs)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"on Monday, 12 March", "since 2014", "Feb. 27 and April 10", "9:30 a.m. Wednesday", "the 1990s", "twice a year", "February 30", "", "\"unbalanced"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range Find(s, published) {
			if r.Start < 0 || r.End > len(s) || r.Start >= r.End || s[r.Start:r.End] != r.Text || r.Value == "" {
				t.Fatalf("%q: bad ref %+v", s, r)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	text := strings.Repeat("The ministry said on Thursday that talks would resume later this week, two years after they were called off in March 2022. Prices rose 3 percent last month, and the central bank meets twice a year. ", 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text, published)
	}
}

func TestInfer(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cases := []struct{ text, want string }{
		// The latest date reported, not the future one.
		{"The collapse on August 20, 2024 killed 12. An inquiry opened on August 2, 2024. The mine will reopen on September 30, 2024.", "2024-08-20"},
		// A year from the weekday: 25 July was a Thursday in 2024.
		{"The bank raised rates on Thursday. The decision of July 25 surprised traders. The next meeting will be on September 19.", "2024-07-25"},
		// "yesterday" in the sentence of the date.
		{"Yesterday, on March 11, 2024, the talks collapsed.", "2024-03-12"},
	}
	for _, c := range cases {
		got, ok := Infer(c.text, now)
		if !ok || got.Date != c.want || len(got.Evidence) == 0 || got.Confidence <= 0 {
			t.Errorf("%q: %+v %v, want %s", c.text, got, ok, c.want)
		}
	}
	if got, ok := Infer("Workers struck on Tuesday over pay.", now); ok {
		t.Errorf("inferred %+v from a weekday alone", got)
	}
}

func TestInferNeverInTheFuture(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	// Dec. 11 fell on a Friday in 2026 (not yet come) and in 2020.
	got, ok := Infer("Police said the man was let go on Friday, Dec. 11.", now)
	if !ok {
		t.Fatal("no date inferred")
	}
	if got.Date != "2020-12-11" {
		t.Errorf("inferred %s, want 2020-12-11 (the latest past Friday 11 December)", got.Date)
	}
	if got.Confidence > 0.3 {
		t.Errorf("confidence %.1f for a year fixed by the weekday alone", got.Confidence)
	}
}

// TestTenseOfTheClause: a date takes the tense of its own clause, not of
// any verb in the sentence, so "in May" in a report of June is last May
// unless its clause speaks of the future.
func TestTenseOfTheClause(t *testing.T) {
	june := time.Date(2024, 6, 14, 9, 0, 0, 0, time.UTC)
	cases := []struct{ text, expr, want string }{
		{"The company, which filed for bankruptcy in May, will close its stores.", "May", "2024-05"},
		{"He said in May that he will resign.", "May", "2024-05"},
		{"The law passed in May will take effect in July.", "May", "2024-05"},
		{"The law passed in May will take effect in July.", "July", "2024-07"},
		{"Shares tendered by holders will be bought through Nov. 17.", "Nov. 17", "2024-11-17"},
		{"The plant will reopen in May.", "May", "2025-05"},
		{"The report is due to be published in May.", "May", "2025-05"},
		{"The next round of talks opens in May.", "May", "2025-05"},
		{"In May, the plant will reopen.", "May", "2025-05"},
		{"The strike began in May.", "May", "2024-05"},
		{"The agency announced on Monday that it will appeal.", "Monday", "2024-06-10"},
		{"Dozens were wounded in blasts next to the embassy on Friday.", "Friday", "2024-06-14"},
	}
	for _, c := range cases {
		got := ""
		for _, r := range Find(c.text, june) {
			if r.Text == c.expr {
				got = r.Value
			}
		}
		if got != c.want {
			t.Errorf("%q: %q = %q, want %q", c.text, c.expr, got, c.want)
		}
	}
}

// TestYearFromEvidence: a date with a weekday and no year takes the year
// the evidence supports, next to it, with a confidence; when the weekday
// fits no year there it stays there, with a low confidence.
func TestYearFromEvidence(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	thu, mon, tue := []time.Weekday{time.Thursday}, []time.Weekday{time.Monday}, []time.Weekday{time.Tuesday}
	cases := []struct {
		name         string
		m            time.Month
		d            int
		wds          []time.Weekday
		ev           Evidence
		year         int
		minC, maxC   float64
		whyContains  string
		wantResolved bool
	}{
		// 8 March was a Thursday in 2018, the year after the latest the
		// text names; counting back from 2017 would give 2012.
		{"year after the text's latest", time.March, 8, thu, Evidence{Years: []int{2015, 2017}, Now: now}, 2018, 0.5, 0.5, "Thursday in 2018", true},
		{"the text's own year", time.March, 6, thu, Evidence{Years: []int{1972, 2008}, Now: now}, 2008, 0.7, 0.7, "latest year the text names", true},
		// 8 March was a Monday in 2004, not in 2007-2009: keep 2008,
		// and say so.
		{"weekday fits no year near", time.March, 8, mon, Evidence{Years: []int{2008}, Now: now}, 2008, 0.2, 0.2, "no year next to 2008", true},
		{"years named only ahead", time.March, 6, thu, Evidence{FutureYears: []int{2008, 2012}, Now: now}, 2008, 0.7, 0.7, "2008", true},
		{"the story's dates", time.July, 2, tue, Evidence{Story: []time.Time{day(2013, 7, 3), day(2013, 7, 4)}, Years: []int{2010}, Now: now}, 2013, 0.8, 0.8, "its story", true},
		{"the publication date", time.March, 6, thu, Evidence{Published: day(2025, 3, 10), Years: []int{2008}, Now: now}, 2025, 0.8, 0.8, "publication", true},
		{"nothing but the weekday", time.March, 6, thu, Evidence{Now: now}, 2025, 0.2, 0.2, "no year in the text", true},
		{"no weekday, no evidence", time.March, 6, nil, Evidence{Now: now}, 0, 0, 0, "", false},
		{"never after now", time.December, 11, []time.Weekday{time.Friday}, Evidence{Years: []int{2026}, Now: now}, 2025, 0.2, 0.2, "no year next to 2026", true},
	}
	for _, c := range cases {
		got, ok := ResolveYear(c.m, c.d, c.wds, c.ev)
		if ok != c.wantResolved {
			t.Errorf("%s: resolved %v, want %v (%+v)", c.name, ok, c.wantResolved, got)
			continue
		}
		if !ok {
			continue
		}
		if got.Year != c.year || got.Confidence < c.minC || got.Confidence > c.maxC || !strings.Contains(got.Why, c.whyContains) {
			t.Errorf("%s: %+v, want %d with confidence %.1f-%.1f and %q in the reason", c.name, got, c.year, c.minC, c.maxC, c.whyContains)
		}
	}
}

// TestInferNotFromTheIngestTime: an article whose text names 2008 gets a
// date in 2008, not in the years before the ingest time.
func TestInferNotFromTheIngestTime(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cases := []struct{ text, want string }{
		// The year is named only in a sentence about the future.
		{"Organisers met on Thursday, March 6, to inspect the stadium. The 2008 Games will open in Beijing in August.", "2008-03-06"},
		{"The minister resigned on Thursday, 6 March. His party had led the government since 2005 and lost its majority in 2008.", "2008-03-06"},
		// A dateline runs into the next lines when they have no full
		// stop: their "next" and "will" are not its tense.
		{"Ellen DeGeneres To Host Oscars\nAUGUST 2, 2013 | 08: 06AM PT\nTalkshow host returns for second Oscar tour\nAnd the next host of the Academy Awards is… Ellen DeGeneres.\nIt will be her second tour.", "2013-08-02"},
		// 8 March was a Monday in no year next to 2008: a guess does not
		// outrank a date the text states.
		{"The accord was signed on March 2, 2008. The minister resigned on Monday, 8 March.", "2008-03-02"},
	}
	for _, c := range cases {
		got, ok := Infer(c.text, now)
		if !ok || got.Date != c.want {
			t.Errorf("%q: %+v %v, want %s", c.text, got, ok, c.want)
		}
	}
	// A text's later evidence re-resolves it: the same text in a story of
	// July 2013.
	text := "The court ruled on Tuesday, 2 July, after a week of hearings."
	alone, _ := Infer(text, now)
	inStory, ok := InferWith(text, Evidence{Story: []time.Time{time.Date(2013, 7, 3, 9, 0, 0, 0, time.UTC)}, Now: now})
	if !ok || inStory.Date != "2013-07-02" || inStory.Confidence < 0.5 || alone.Confidence >= 0.5 {
		t.Errorf("alone %+v, in a story of July 2013 %+v %v: want 2013-07-02 trusted only with the story", alone, inStory, ok)
	}
}

// TestWeekdayChecksTheYear: with a publication date, a weekday that does
// not fit the date keeps it next to the publication, with a low confidence
// and a note.
func TestWeekdayChecksTheYear(t *testing.T) {
	for _, c := range []struct {
		text, expr, want string
		conf             float64
	}{
		{"The talks ended on Monday, 11 March.", "Monday, 11 March", "2024-03-11", 0.8},
		{"The talks ended on Thursday, 8 March.", "Thursday, 8 March", "2024-03-08", 0.2},
		{"The talks ended on 8 March.", "8 March", "2024-03-08", 0.7},
	} {
		var got *model.TimeRef
		for _, r := range Find(c.text, published) {
			if r.Text == c.expr {
				got = &r
			}
		}
		if got == nil || got.Value != c.want || got.Confidence != c.conf || (c.conf < 0.5) != (got.Note != "") {
			t.Errorf("%q: %+v, want %s with confidence %.1f", c.text, got, c.want, c.conf)
		}
	}
}

// TestInferSkipsFutureLines: inference takes no date from a line of a
// sentence with a future verb, even from a clause of its own, since it
// needs dates it can trust to be past; a line break still ends the line.
func TestInferSkipsFutureLines(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	got, ok := Infer("The talks collapsed on March 2, 2019. The ministers, who met on March 9, 2019, will meet again on April 2, 2019.", now)
	if !ok || got.Date != "2019-03-02" {
		t.Errorf("%+v %v, want 2019-03-02 (the dates of the sentence with \"will\" are not trusted)", got, ok)
	}
}

// BenchmarkFindOneLongSentence finds times in one sentence of 20,000
// words with many verbs, as a hostile or broken page gives: the clause of
// each word is looked up, not scanned for, so it costs linear time.
func BenchmarkFindOneLongSentence(b *testing.B) {
	words := strings.Fields("the minister said on Tuesday the talks will resume in May and the union agreed")
	var sb strings.Builder
	for i := range 20000 {
		sb.WriteString(words[i%len(words)])
		sb.WriteByte(' ')
	}
	text := sb.String() + "end."
	anchor := time.Date(2024, 6, 12, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text, anchor)
	}
}
