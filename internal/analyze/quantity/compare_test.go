package quantity

import (
	"testing"

	"github.com/storywire/storywire/internal/model"
)

// only returns the one quantity Find finds in text.
func only(t *testing.T, text string) model.Quantity {
	t.Helper()
	qs := Find(text)
	if len(qs) != 1 {
		t.Fatalf("%q: got %v, want one quantity", text, texts(qs))
	}
	return qs[0]
}

func TestConsistentConflicting(t *testing.T) {
	cases := []struct {
		a, b                    string
		consistent, conflicting bool
	}{
		{"more than two dozen firms", "27 firms", true, false},
		{"27 companies", "30 companies", false, true},
		{"61.4 percent", "61.4%", true, false},
		{"61.4 per cent", "61.4%", true, false},
		{"$1.5 billion", "1.5bn dollars", true, false},
		{"$1.5 billion", "USD 1,500 million", true, false},
		{"hundreds of civilians", "300 civilians", true, false},
		{"hundreds of civilians", "50 civilians", false, true},
		{"more than 27 firms", "27 firms", false, true},
		{"at least 27 firms", "27 firms", true, false},
		{"fewer than 10 people", "10 persons", false, true},
		{"up to 10 people", "10 persons", true, false},
		{"about 300 people", "320 people", true, false},
		{"about 300 people", "400 people", false, true},
		{"nearly 500 homes", "500 homes", false, true},
		{"between 20 and 30 people", "25 people", true, false},
		{"between 20 and 30 people", "31 people", false, true},
		{"thousands of people", "tens of thousands of people", false, true},
		{"30 km", "30 kilometres", true, false},
		{"-3°C", "minus 3 degrees Celsius", true, false},
		// Different units are neither.
		{"27 firms", "27 percent", false, false},
		{"27 firms", "30 consulates", false, false},
		{"$5 million", "€5 million", false, false},
		// A bare number counts nothing known.
		{"It was 27.", "It was 30.", false, false},
	}
	for _, c := range cases {
		a, b := only(t, c.a), only(t, c.b)
		if got := Consistent(a, b); got != c.consistent {
			t.Errorf("Consistent(%q, %q) = %v", c.a, c.b, got)
		}
		if got := Consistent(b, a); got != c.consistent {
			t.Errorf("Consistent(%q, %q) = %v", c.b, c.a, got)
		}
		if got := Conflicting(a, b); got != c.conflicting {
			t.Errorf("Conflicting(%q, %q) = %v", c.a, c.b, got)
		}
		if got := Conflicting(b, a); got != c.conflicting {
			t.Errorf("Conflicting(%q, %q) = %v", c.b, c.a, got)
		}
	}
}

func TestSameUnit(t *testing.T) {
	same := [][2]string{
		{"Firms", "firms"}, {"firm", "firms"}, {"companies", "company"},
		{"%", "percent"}, {"per cent", "percent"}, {"Per Cent", "%"},
		{"$", "USD"}, {"dollars", "USD"}, {"US dollars", "usd"},
		{"€", "EUR"}, {"euros", "EUR"}, {"£", "GBP"}, {"pounds", "GBP"},
		{"people", "persons"}, {"person", "people"},
		{"km", "kilometres"}, {"kilometers", "km"}, {"°C", "degrees Celsius"},
		{"individuals and companies", "individual and company"}, {"years", "year"},
		{"women and children", "woman and child"}, {"Syrian  refugees", "syrian refugee"},
	}
	for _, p := range same {
		if !SameUnit(p[0], p[1]) {
			t.Errorf("SameUnit(%q, %q) = false", p[0], p[1])
		}
	}
	different := [][2]string{
		{"", ""}, {"", "firms"}, {"firms", "companies"}, {"USD", "EUR"}, {"km", "miles"},
		{"percent", "percentage points"}, {"fraction", "percent"}, {"tonnes", "tons"},
	}
	for _, p := range different {
		if SameUnit(p[0], p[1]) {
			t.Errorf("SameUnit(%q, %q) = true", p[0], p[1])
		}
	}
}
