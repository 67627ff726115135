package timex

import (
	"strings"
	"testing"
	"time"
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
