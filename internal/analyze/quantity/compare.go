package quantity

import (
	"math"
	"strings"

	"github.com/storywire/storywire/internal/model"
)

// Consistent reports whether two quantities can describe the same amount:
// same (normalised) unit and overlapping [Low, High] intervals (respecting
// open bounds).
func Consistent(a, b model.Quantity) bool {
	return SameUnit(a.Unit, b.Unit) && Overlap(a, b)
}

// Conflicting reports whether two quantities count the same thing but
// cannot both be right: same normalised unit and disjoint intervals.
func Conflicting(a, b model.Quantity) bool {
	return SameUnit(a.Unit, b.Unit) && !Overlap(a, b)
}

// SameUnit reports whether two units name the same thing, ignoring case,
// plural and spelling variants: "%", "percent" and "per cent"; "$", "USD"
// and "dollars"; "people" and "persons"; "km", "kilometres" and
// "kilometers". An empty unit is unknown, so it is the same as nothing:
// two bare numbers may count different things.
func SameUnit(a, b string) bool {
	na := normUnit(a)
	return na != "" && na == normUnit(b)
}

// Overlap reports whether the intervals of a and b share a value,
// whatever their units (for callers that have matched the units
// themselves). Bounds equal to within rounding ("1.5bn" and "$1.5
// billion" computed two ways) count as equal.
func Overlap(a, b model.Quantity) bool {
	lo, loOpen := a.Low, a.LowOpen
	switch {
	case near(a.Low, b.Low):
		loOpen = a.LowOpen || b.LowOpen
	case b.Low > a.Low:
		lo, loOpen = b.Low, b.LowOpen
	}
	var hi float64
	var hiOpen bool
	switch {
	case a.High == nil && b.High == nil:
		return true
	case a.High == nil:
		hi, hiOpen = *b.High, b.HighOpen
	case b.High == nil:
		hi, hiOpen = *a.High, a.HighOpen
	case near(*a.High, *b.High):
		hi, hiOpen = *a.High, a.HighOpen || b.HighOpen
	case *a.High < *b.High:
		hi, hiOpen = *a.High, a.HighOpen
	default:
		hi, hiOpen = *b.High, b.HighOpen
	}
	if near(lo, hi) {
		return !loOpen && !hiOpen
	}
	return lo < hi
}

func near(x, y float64) bool {
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
}

// normUnit reduces a unit to a canonical name: lower case, single spaces,
// each word singular, then synonyms mapped to one name.
func normUnit(u string) string {
	fields := strings.Fields(strings.ToLower(u))
	if len(fields) == 0 {
		return ""
	}
	for i, f := range fields {
		if f != "." {
			f = strings.TrimSuffix(f, ".")
		}
		fields[i] = singular(f)
	}
	s := strings.Join(fields, " ")
	if c, ok := unitSynonyms[s]; ok {
		return c
	}
	return s
}

// singular returns a plural English word's singular. Only consistency
// matters, since both sides of a comparison go through it.
func singular(w string) string {
	if s, ok := irregularSingulars[w]; ok {
		return s
	}
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") ||
		strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes")):
		return w[:n-2]
	case n > 2 && w[n-1] == 's' && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

var irregularSingulars = map[string]string{
	"people": "person", "men": "man", "women": "woman", "children": "child",
	"feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
	"lives": "life", "wives": "wife", "knives": "knife", "halves": "half",
	"thieves": "thief", "leaves": "leaf", "police": "police", "data": "data",
	"media": "media", "series": "series", "species": "species", "news": "news",
	"celsius": "celsius", "lbs": "lb", "kms": "km", "kgs": "kg",
}

// unitSynonyms maps singular lower-case units to one canonical name.
var unitSynonyms = func() map[string]string {
	m := map[string]string{}
	add := func(canon string, names ...string) {
		for _, n := range names {
			m[n] = canon
		}
	}
	add("percent", "%", "％", "percent", "per cent", "pct", "pc", "percentage")
	add("USD", "$", "us$", "usd", "dollar", "us dollar", "u.s. dollar", "u.s dollar")
	add("EUR", "€", "eur", "euro")
	add("GBP", "£", "gbp", "pound", "pound sterling", "sterling")
	add("JPY", "¥", "jpy", "yen")
	add("CNY", "cny", "rmb", "yuan", "renminbi")
	add("INR", "₹", "inr", "rupee")
	add("RUB", "₽", "rub", "rouble", "ruble")
	add("person", "person")
	add("km", "km", "kilometre", "kilometer")
	add("m", "m", "metre", "meter")
	add("cm", "cm", "centimetre", "centimeter")
	add("mm", "mm", "millimetre", "millimeter")
	add("mile", "mile", "mi")
	add("foot", "foot", "ft")
	add("kg", "kg", "kilogram", "kilogramme", "kilo")
	add("g", "g", "gram", "gramme")
	add("tonne", "tonne", "metric ton", "metric tonne")
	add("lb", "lb")
	add("litre", "litre", "liter", "l")
	add("km/h", "km/h", "kph", "kilometre per hour", "kilometer per hour")
	add("mph", "mph", "mile per hour")
	add("°C", "°c", "℃", "degree celsius", "degree c", "celsius", "degree centigrade", "centigrade")
	add("°F", "°f", "℉", "degree fahrenheit", "degree f", "fahrenheit")
	add("degree", "degree", "°")
	add("year", "year", "yr", "year old", "years old")
	add("month", "month", "mo")
	add("hour", "hour", "hr")
	add("minute", "minute", "min")
	add("second", "second", "sec")
	add("MW", "mw", "megawatt")
	add("GW", "gw", "gigawatt")
	add("kW", "kw", "kilowatt")
	for _, c := range currencyCodes {
		m[strings.ToLower(c)] = c
	}
	return m
}()
