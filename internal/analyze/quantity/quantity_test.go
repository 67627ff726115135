package quantity

import (
	"math"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/model"
)

// unbounded marks a wanted High of nil.
const unbounded = math.MaxFloat64

// want is an expected quantity. flags holds "(" for LowOpen, ")" for
// HighOpen and "~" for Approximate.
type want struct {
	text      string
	value     float64
	low, high float64
	flags     string
	unit      string
}

// exactly is a quantity stated as one number.
func exactly(text string, v float64, unit string) want {
	return want{text, v, v, v, "", unit}
}

var findCases = []struct {
	name string
	in   string
	want []want
}{
	// Digits and counted noun phrases.
	{"noun phrase", "Sanctions hit 27 individuals and companies on Monday.",
		[]want{exactly("27 individuals and companies", 27, "individuals and companies")}},
	{"spelled count", "The country closed three consulates in the region.",
		[]want{exactly("three consulates", 3, "consulates")}},
	{"modifiers", "It deployed 12 Syrian refugees and 3 gas stations and 2,000 military personnel.",
		[]want{exactly("12 Syrian refugees", 12, "Syrian refugees"), exactly("3 gas stations", 3, "gas stations"),
			exactly("2,000 military personnel", 2000, "military personnel")}},
	{"irregular plural", "The 50 women and children were freed.",
		[]want{exactly("50 women and children", 50, "women and children")}},
	{"bare number", "The firm said 27 were fined.", []want{exactly("27", 27, "")}},
	{"percent word", "Turnout was 61.4 percent.", []want{exactly("61.4 percent", 61.4, "percent")}},
	{"percent sign", "Turnout was 61.4%.", []want{exactly("61.4%", 61.4, "percent")}},
	{"per cent", "Turnout was 61.4 per cent.", []want{exactly("61.4 per cent", 61.4, "percent")}},
	{"percentage points", "It fell 0.2 percentage points.",
		[]want{exactly("0.2 percentage points", 0.2, "percentage points")}},

	// Money.
	{"dollar billion", "The deal is worth $1.5 billion.", []want{exactly("$1.5 billion", 1.5e9, "USD")}},
	{"euro m", "It raised €200m last year.", []want{exactly("€200m", 2e8, "EUR")}},
	{"pound bn", "It owes £3bn to banks.", []want{exactly("£3bn", 3e9, "GBP")}},
	{"euros word", "It paid 1.5 million euros.", []want{exactly("1.5 million euros", 1.5e6, "EUR")}},
	{"code before", "A loan of USD 40 million was agreed.", []want{exactly("USD 40 million", 4e7, "USD")}},
	{"dollars word", "It paid 40 million dollars.", []want{exactly("40 million dollars", 4e7, "USD")}},
	{"bn dollars", "It paid 1.5bn dollars.", []want{exactly("1.5bn dollars", 1.5e9, "USD")}},
	{"US dollars", "It cost 5 U.S. dollars.", []want{exactly("5 U.S. dollars", 5, "USD")}},
	{"dollar prefixes", "US$5 million, HK$10bn and A$3m.",
		[]want{exactly("US$5 million", 5e6, "USD"), exactly("HK$10bn", 1e10, "HKD"), exactly("A$3m", 3e6, "AUD")}},
	{"rupees", "It costs Rs 500.", []want{exactly("Rs 500", 500, "INR")}},
	{"mn tn k", "Loans of €5mn, £2tn and $10k.",
		[]want{exactly("€5mn", 5e6, "EUR"), exactly("£2tn", 2e12, "GBP"), exactly("$10k", 1e4, "USD")}},
	{"money range", "It will cost $20-30 million.", []want{{"$20-30 million", 2e7, 2e7, 3e7, "~", "USD"}}},
	{"millions of dollars", "Millions of dollars vanished.",
		[]want{{"Millions of dollars", 2e6, 2e6, 999999999, "~", "USD"}}},

	// Fractions.
	{"a third", "About a third of voters stayed home.",
		[]want{{"About a third", 1.0 / 3, 0.3, 1.0 / 3 * 1.1, "~", "fraction"}}},
	{"half of", "Half of the firms closed.", []want{exactly("Half", 0.5, "fraction")}},
	{"two-thirds", "Two-thirds of members agreed.", []want{exactly("Two-thirds", 2.0/3, "fraction")}},
	{"three quarters", "It won three quarters of the seats.", []want{exactly("three quarters", 0.75, "fraction")}},
	{"one in five", "One in five adults smoke.", []want{exactly("One in five", 0.2, "fraction")}},

	// Numbers in words.
	{"twenty-seven", "Twenty-seven people were hurt.", []want{exactly("Twenty-seven people", 27, "people")}},
	{"a hundred", "It sent a hundred cars.", []want{exactly("a hundred cars", 100, "cars")}},
	{"two thousand", "It sent two thousand troops.", []want{exactly("two thousand troops", 2000, "troops")}},
	{"hundred and", "It had two hundred and fifty beds.", []want{exactly("two hundred and fifty beds", 250, "beds")}},
	{"a dozen", "He bought a dozen eggs.", []want{exactly("a dozen eggs", 12, "eggs")}},
	{"two dozen", "It fined two dozen firms.", []want{exactly("two dozen firms", 24, "firms")}},
	{"half a million", "Half a million people marched.", []want{exactly("Half a million people", 5e5, "people")}},
	{"a couple of", "It took a couple of weeks.", []want{{"a couple of weeks", 2, 2, 3, "~", "weeks"}}},
	{"a few", "It took a few days.", []want{{"a few days", 2, 2, 5, "~", "days"}}},
	{"several", "He met several officials.", []want{{"several officials", 3, 3, 9, "~", "officials"}}},
	{"several hundred", "Several hundred people gathered.", []want{{"Several hundred people", 300, 300, 900, "~", "people"}}},
	{"one person", "One person died.", []want{exactly("One person", 1, "person")}},
	{"one official", "Only one senior official resigned.", []want{exactly("one senior official", 1, "senior official")}},

	// Vague and hedged amounts.
	{"more than two dozen", "More than two dozen firms were fined.",
		[]want{{"More than two dozen firms", 24, 24, unbounded, "(~", "firms"}}},
	{"over", "Over 100 died.", []want{{"Over 100", 100, 100, unbounded, "(~", ""}}},
	{"at least", "At least 50 were hurt.", []want{{"At least 50", 50, 50, unbounded, "~", ""}}},
	{"fewer than", "Fewer than 10 survived.", []want{{"Fewer than 10", 10, 0, 10, ")~", ""}}},
	{"less than", "It took less than 10 days.", []want{{"less than 10 days", 10, 0, 10, ")~", "days"}}},
	{"under", "Under 10 remain.", []want{{"Under 10", 10, 0, 10, ")~", ""}}},
	{"up to", "Up to 300 people fled.", []want{{"Up to 300 people", 300, 0, 300, "~", "people"}}},
	{"nearly", "Nearly 500 homes burned.", []want{{"Nearly 500 homes", 500, 450, 500, ")~", "homes"}}},
	{"almost", "Almost 500 homes burned.", []want{{"Almost 500 homes", 500, 450, 500, ")~", "homes"}}},
	{"about", "About 300 people came.", []want{{"About 300 people", 300, 270, 330, "~", "people"}}},
	{"around", "Around 300 came.", []want{{"Around 300", 300, 270, 330, "~", ""}}},
	{"roughly", "Roughly 300 came.", []want{{"Roughly 300", 300, 270, 330, "~", ""}}},
	{"some", "Some 300 troops left.", []want{{"Some 300 troops", 300, 270, 330, "~", "troops"}}},
	{"approximately", "Approximately 300 came.", []want{{"Approximately 300", 300, 270, 330, "~", ""}}},
	{"an estimated", "An estimated 300 protesters came.",
		[]want{{"An estimated 300 protesters", 300, 270, 330, "~", "protesters"}}},
	{"between", "Between 20 and 30 people came.", []want{{"Between 20 and 30 people", 20, 20, 30, "~", "people"}}},
	{"to range", "It hired 20 to 30 people.", []want{{"20 to 30 people", 20, 20, 30, "~", "people"}}},
	{"dash range", "It hired 20-30 people.", []want{{"20-30 people", 20, 20, 30, "~", "people"}}},
	{"en dash range", "There were 5–10 deaths.", []want{{"5–10 deaths", 5, 5, 10, "~", "deaths"}}},
	{"or range", "It takes two or three days.", []want{{"two or three days", 2, 2, 3, "~", "days"}}},
	{"scale carries over", "Between 2 and 3 million people voted.",
		[]want{{"Between 2 and 3 million people", 2e6, 2e6, 3e6, "~", "people"}}},
	{"percent range", "It rose from 20% to 30%.", []want{{"from 20% to 30%", 20, 20, 30, "~", "percent"}}},
	{"or more", "It needs 300 or more people.", []want{{"300 or more people", 300, 300, unbounded, "~", "people"}}},
	{"plus sign", "It has 300+ staff.", []want{{"300+ staff", 300, 300, unbounded, "~", "staff"}}},
	{"odd", "It has 40-odd firms.", []want{{"40-odd firms", 40, 40, 50, "~", "firms"}}},
	{"hundreds", "Hundreds of civilians fled.", []want{{"Hundreds of civilians", 200, 200, 999, "~", "civilians"}}},
	{"thousands", "Thousands marched.", []want{{"Thousands", 2000, 2000, 9999, "~", ""}}},
	{"dozens", "Dozens of firms closed.", []want{{"Dozens of firms", 24, 24, 99, "~", "firms"}}},
	{"tens of thousands", "Tens of thousands of people fled.",
		[]want{{"Tens of thousands of people", 20000, 20000, 99999, "~", "people"}}},
	{"hundreds of thousands", "Hundreds of thousands of refugees.",
		[]want{{"Hundreds of thousands of refugees", 2e5, 2e5, 999999, "~", "refugees"}}},
	{"millions", "Millions watched.", []want{{"Millions", 2e6, 2e6, 999999999, "~", ""}}},
	{"scores of", "Scores of homes burned.", []want{{"Scores of homes", 40, 40, 99, "~", "homes"}}},

	// Thousands separators and decimals.
	{"comma thousands", "It has 1,500 staff.", []want{exactly("1,500 staff", 1500, "staff")}},
	{"dot thousands counting", "It has 1.500 people.", []want{exactly("1.500 people", 1500, "people")}},
	{"dot three decimal", "Rates of 2.125% apply.", []want{exactly("2.125%", 2.125, "percent")}},
	{"thin space", "It has 1\u2009500 people.", []want{exactly("1\u2009500 people", 1500, "people")}},
	{"no-break space", "It has 1\u00a0500 people.", []want{exactly("1\u00a0500 people", 1500, "people")}},
	{"plain space", "It has 1 500 people.", []want{exactly("1 500 people", 1500, "people")}},
	{"millions grouped", "It cost 1,500,000 in all.", []want{exactly("1,500,000", 1.5e6, "")}},
	{"dots grouped", "It cost 1.500.000 in all.", []want{exactly("1.500.000", 1.5e6, "")}},
	{"decimal comma", "It cost 1,5 million.", []want{exactly("1,5 million", 1.5e6, "")}},
	{"decimal scale", "It cost 1.5 million.", []want{exactly("1.5 million", 1.5e6, "")}},
	{"grouped decimal", "It closed at 1,234.56 points.", []want{exactly("1,234.56 points", 1234.56, "points")}},
	{"comma list", "Pages 1,23 differ.", nil},

	// Scale words.
	{"scale words", "It sold 2 thousand, 3 million, 4 billion and 5 trillion.",
		[]want{exactly("2 thousand", 2e3, ""), exactly("3 million", 3e6, ""), exactly("4 billion", 4e9, ""),
			exactly("5 trillion", 5e12, "")}},
	{"m before noun", "Some 1.5m people voted.", []want{{"Some 1.5m people", 1.5e6, 1.35e6, 1.65e6, "~", "people"}}},
	{"m is metres", "He won the 100m race.", []want{exactly("100m", 100, "m")}},

	// Not quantities.
	{"years", "The war began in 2014 and has gone on since 1990.", nil},
	{"decades", "Growth was faster in the 1990s and the '80s.", nil},
	{"iso date", "It was signed on 2024-03-12.", nil},
	{"month day", "It happened on March 17 and 17 March and Feb. 27.", nil},
	{"clock", "They met at 9:30 and at 10 a.m. and at 10am and at 10 pm.", nil},
	{"ordinals", "He came first, then 3rd and 21st.", nil},
	{"phone", "Call 555-1234 or +44 20 7946 0958.", nil},
	{"pronoun one", "One of the men said no one knew; someone left one day.", nil},
	{"one idioms", "The one who came said one thing, which one? That one.", nil},
	{"codes", "COVID-19 hit the G7 and F-16 jets.", nil},
	{"labels", "Under Article 5 and at No. 10, in Room 101, on page 4.", nil},
	{"version", "It runs version 2.0 under Section 3.2.", nil},
	{"score", "They won 3-1 in the 2014-15 season.", nil},
	{"year range", "It ran from 2010-2014 and in 1990-95.", nil},
	{"name", "He flew a Boeing 737 and used Windows 10.", nil},
	{"name with spelled number", "The Group of Seven met.", nil},
	{"year nouns", "The 2019 elections and the 2020 figures were out.", nil},
	{"code runs", "Visit 192.168.1.1 open 24/7 after 9/11.", nil},

	// Four-digit numbers.
	{"four-digit count", "It sent 1500 people and 2000 troops.",
		[]want{exactly("1500 people", 1500, "people"), exactly("2000 troops", 2000, "troops")}},
	{"four-digit year", "It was founded in 2000.", nil},
	{"year then count", "In 1999, 2,000 people died.", []want{exactly("2,000 people", 2000, "people")}},
	{"of then count", "A crowd of 2000 people gathered.", []want{exactly("2000 people", 2000, "people")}},
	{"aged between", "Men aged between 20 and 30 were held.", []want{{"aged between 20 and 30", 20, 20, 30, "~", "years"}}},

	// Negative numbers, measures and ages.
	{"negative celsius", "It was -3°C at dawn.", []want{exactly("-3°C", -3, "°C")}},
	{"minus degrees", "It fell to minus 5 degrees.", []want{exactly("minus 5 degrees", -5, "degrees")}},
	{"attached C", "Highs of 5C are expected.", []want{exactly("5C", 5, "°C")}},
	{"degrees celsius", "It was 5 degrees Celsius.", []want{exactly("5 degrees Celsius", 5, "°C")}},
	{"km", "They walked 30 km.", []want{exactly("30 km", 30, "km")}},
	{"attached km", "A 5km run.", []want{exactly("5km", 5, "km")}},
	{"tonnes", "It shipped 5 tonnes of grain.", []want{exactly("5 tonnes", 5, "tonnes")}},
	{"kg", "It weighs 80 kg.", []want{exactly("80 kg", 80, "kg")}},
	{"aged", "A man aged 45 was held.", []want{exactly("aged 45", 45, "years")}},
	{"year-old", "A 45-year-old woman was held.", []want{exactly("45-year-old", 45, "years")}},
	{"hyphen unit", "He got a 10-year sentence.", []want{exactly("10-year", 10, "year")}},
	{"negative range", "Lows of -5 to 5 degrees.", []want{{"-5 to 5 degrees", -5, -5, 5, "~", "degrees"}}},
	{"less than negative", "It was less than -10 degrees.",
		[]want{{"less than -10 degrees", -10, -math.MaxFloat64, -10, ")~", "degrees"}}},

	// Offsets in text with multi-byte characters before and around.
	{"curly quotes", "“Some 300 people came,” he said — “and 27 stayed.”",
		[]want{{"Some 300 people", 300, 270, 330, "~", "people"}, exactly("27", 27, "")}},
	{"several in a row", "Police said 27 people died, 300 were hurt and $1.5 billion was lost.",
		[]want{exactly("27 people", 27, "people"), exactly("300", 300, ""), exactly("$1.5 billion", 1.5e9, "USD")}},
}

func TestFind(t *testing.T) {
	for _, c := range findCases {
		t.Run(c.name, func(t *testing.T) {
			got := Find(c.in)
			checkSpans(t, c.in, got)
			if len(got) != len(c.want) {
				t.Fatalf("%q: got %d quantities %v, want %d", c.in, len(got), texts(got), len(c.want))
			}
			for i, w := range c.want {
				checkQuantity(t, got[i], w)
			}
		})
	}
}

func checkQuantity(t *testing.T, q model.Quantity, w want) {
	t.Helper()
	if q.Text != w.text {
		t.Errorf("Text = %q, want %q", q.Text, w.text)
	}
	if !close(q.Value, w.value) {
		t.Errorf("%q: Value = %v, want %v", q.Text, q.Value, w.value)
	}
	if !close(q.Low, w.low) {
		t.Errorf("%q: Low = %v, want %v", q.Text, q.Low, w.low)
	}
	switch {
	case w.high == unbounded && q.High != nil:
		t.Errorf("%q: High = %v, want none", q.Text, *q.High)
	case w.high != unbounded && q.High == nil:
		t.Errorf("%q: High = none, want %v", q.Text, w.high)
	case q.High != nil && !close(*q.High, w.high):
		t.Errorf("%q: High = %v, want %v", q.Text, *q.High, w.high)
	}
	if q.LowOpen != strings.Contains(w.flags, "(") {
		t.Errorf("%q: LowOpen = %v", q.Text, q.LowOpen)
	}
	if q.HighOpen != strings.Contains(w.flags, ")") {
		t.Errorf("%q: HighOpen = %v", q.Text, q.HighOpen)
	}
	if q.Approximate != strings.Contains(w.flags, "~") {
		t.Errorf("%q: Approximate = %v", q.Text, q.Approximate)
	}
	if q.Unit != w.unit {
		t.Errorf("%q: Unit = %q, want %q", q.Text, q.Unit, w.unit)
	}
}

// checkSpans checks the invariants every result of Find keeps.
func checkSpans(t *testing.T, text string, qs []model.Quantity) {
	t.Helper()
	prev := 0
	for _, q := range qs {
		if q.Start < prev || q.Start >= q.End || q.End > len(text) {
			t.Fatalf("span [%d,%d) after %d in a text of %d bytes", q.Start, q.End, prev, len(text))
		}
		if text[q.Start:q.End] != q.Text {
			t.Fatalf("text[%d:%d] = %q, Text = %q", q.Start, q.End, text[q.Start:q.End], q.Text)
		}
		if math.IsNaN(q.Value) || math.IsNaN(q.Low) || math.IsInf(q.Value, 0) || math.IsInf(q.Low, 0) {
			t.Fatalf("%q: Value %v, Low %v", q.Text, q.Value, q.Low)
		}
		if q.High != nil && (math.IsNaN(*q.High) || math.IsInf(*q.High, 0) || *q.High < q.Low) {
			t.Fatalf("%q: Low %v, High %v", q.Text, q.Low, *q.High)
		}
		prev = q.End
	}
}

func close(x, y float64) bool {
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
}

func texts(qs []model.Quantity) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

// TestWindow checks that a text longer than the token window gives the
// same quantities as its parts, wherever the window boundaries fall.
func TestWindow(t *testing.T) {
	unit := "Officials said more than two dozen firms paid $1.5 billion in 2014. "
	per := len(Find(unit))
	for _, pad := range []int{0, 1, 7, 63, 64, 65} {
		text := strings.Repeat("word ", pad) + strings.Repeat(unit, 1000)
		got := Find(text)
		checkSpans(t, text, got)
		if len(got) != 1000*per {
			t.Errorf("pad %d: %d quantities, want %d", pad, len(got), 1000*per)
		}
	}
}

func TestGarbage(t *testing.T) {
	for _, text := range []string{
		"", "1", "$", "-", "a", "one", "\xff\xfe1,000\xff", "1,", "1.", "1,5", "$$$1", "----1----",
		strings.Repeat("9", 100), strings.Repeat("1,000,", 50), strings.Repeat("1 000 ", 50),
		strings.Repeat("two ", 100), strings.Repeat("between 1 and ", 30), "1e308", "£", "1.5bn\x00",
	} {
		checkSpans(t, text, Find(text))
	}
}
