package quantity

// The vocabulary: every word the rules look at, with what the rules need to
// know about it. It is built once from the tables below and only read
// afterwards.

// class is a set of roles a word can play.
type class uint64

const (
	cSmall       class = 1 << iota // zero..nine
	cTeen                          // ten..nineteen
	cTens                          // twenty..ninety, and "twenty-seven"
	cHundred                       // hundred
	cScale                         // thousand, million, billion, trillion
	cDozen                         // dozen
	cPluralScale                   // dozens, hundreds, thousands...: [lo, hi]
	cQuant                         // few, several, couple, handful: [lo, hi]
	cFrac                          // half, third(s), quarter(s)...: n is the denominator
	cFracWord                      // two-thirds, one-quarter: n is the ratio
	cAbbr                          // bn, mn, m, k: pow is the power of ten
	cStop                          // function words and common verbs: end a noun phrase
	cPlural                        // plural nouns without an -s: people, police
	cMonth                         // month names, when capitalised
	cLabel                         // "Article 5", "No. 10": the number names, not counts
	cClock                         // "10 am", "1500 GMT"
	cCurrency                      // dollars, euros: unit is the ISO code
	cCode                          // USD, EUR when written in capitals: unit is the code
	cUnit                          // km, tonnes, years: unit is "" to keep the word as written
	cPercent                       // percent, pct
	cDet                           // the, its... between "hundreds of" and the noun
	cOneIdiom                      // "one day", "one way": not a count
	cOneBlock                      // "no one", "the one": pronoun, not a count
	cTimePrep                      // "in 2000", "since 1990": years
	cAge                           // aged, age
	cAgeSuffix                     // year-old, month-old: unit is the plural unit
	cYearNoun                      // "the 2019 elections": nouns dated by a year
	cHedge                         // first word of a hedge ("more than", "about")
	cStart                         // a quantity may start at this word
)

// cNumber is any word that is part of a number rather than a noun phrase.
const cNumber = cSmall | cTeen | cTens | cHundred | cScale | cDozen | cPluralScale | cQuant | cFracWord

// attachment says where a unit may stand relative to its number.
type attachment uint8

const (
	aGap      attachment = 1 << iota // "30 km"
	aAttached                        // "30km"
)

// wordInfo is what the rules know about one lower-cased word.
type wordInfo struct {
	key    string
	class  class
	n      float64 // value, multiplier, denominator or ratio, by class
	pow    int     // scale words: the power of ten
	lo, hi float64 // vague amounts: the bounds
	unit   string  // canonical unit; "" keeps the word as written
	attach attachment
	needOf bool    // vague word that counts only before "of" ("scores of")
	weak   bool    // abbreviation that is a scale only next to money or a noun ("m", "k")
	plural bool    // fraction denominators: the plural form ("thirds")
	upper  bool    // unit only when written in capitals ("5C")
	lower  bool    // unit only when written in lower case ("5m", "5g")
	hedges []hedge // hedges starting with this word, longest first
}

// hedgeKind is how a hedge turns a stated number into bounds.
type hedgeKind uint8

const (
	hNone    hedgeKind = iota
	hGT                // more than X: (X, ∞)
	hGE                // at least X: [X, ∞)
	hLT                // fewer than X: [0, X)
	hLE                // up to X: [0, X]
	hNear              // nearly X: [0.9X, X)
	hAbout             // about X: [0.9X, 1.1X]
	hBetween           // between X and Y
	hFrom              // from X to Y
	hOdd               // X-odd: [X, 1.25X]
)

// hedge is a word sequence before (or, for postfixes, after) a number.
type hedge struct {
	words []string // "." stands for an attached full stop: "c." 300
	kind  hedgeKind
}

var hedgeTable = []hedge{
	{[]string{"more", "than"}, hGT},
	{[]string{"over"}, hGT},
	{[]string{"above"}, hGT},
	{[]string{"upwards", "of"}, hGT},
	{[]string{"in", "excess", "of"}, hGT},
	{[]string{"exceeding"}, hGT},
	{[]string{"just", "over"}, hGT},
	{[]string{"well", "over"}, hGT},
	{[]string{"just", "above"}, hGT},
	{[]string{"well", "above"}, hGT},
	{[]string{"greater", "than"}, hGT},
	{[]string{"at", "least"}, hGE},
	{[]string{"no", "fewer", "than"}, hGE},
	{[]string{"no", "less", "than"}, hGE},
	{[]string{"not", "less", "than"}, hGE},
	{[]string{"not", "fewer", "than"}, hGE},
	{[]string{"a", "minimum", "of"}, hGE},
	{[]string{"fewer", "than"}, hLT},
	{[]string{"less", "than"}, hLT},
	{[]string{"under"}, hLT},
	{[]string{"below"}, hLT},
	{[]string{"just", "under"}, hLT},
	{[]string{"just", "below"}, hLT},
	{[]string{"well", "under"}, hLT},
	{[]string{"well", "below"}, hLT},
	{[]string{"up", "to"}, hLE},
	{[]string{"at", "most"}, hLE},
	{[]string{"no", "more", "than"}, hLE},
	{[]string{"not", "more", "than"}, hLE},
	{[]string{"as", "many", "as"}, hLE},
	{[]string{"as", "much", "as"}, hLE},
	{[]string{"a", "maximum", "of"}, hLE},
	{[]string{"nearly"}, hNear},
	{[]string{"almost"}, hNear},
	{[]string{"close", "to"}, hNear},
	{[]string{"just", "shy", "of"}, hNear},
	{[]string{"about"}, hAbout},
	{[]string{"around"}, hAbout},
	{[]string{"roughly"}, hAbout},
	{[]string{"some"}, hAbout},
	{[]string{"approximately"}, hAbout},
	{[]string{"approx"}, hAbout},
	{[]string{"approx", "."}, hAbout},
	{[]string{"an", "estimated"}, hAbout},
	{[]string{"estimated"}, hAbout},
	{[]string{"circa"}, hAbout},
	{[]string{"c", "."}, hAbout},
	{[]string{"ca", "."}, hAbout},
	{[]string{"between"}, hBetween},
	{[]string{"from"}, hFrom},
}

// postfixHedges follow "or": "300 or more", "30 or so".
var postfixHedges = map[string]hedgeKind{
	"more": hGE, "above": hGE, "over": hGE, "older": hGE, "higher": hGE, "greater": hGE,
	"so": hAbout, "thereabouts": hAbout,
	"less": hLE, "fewer": hLE, "under": hLE, "below": hLE, "younger": hLE,
}

var smallWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

var teenWords = []string{"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen"}

var tensWords = []string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

var scaleWords = map[string]int{"thousand": 3, "million": 6, "billion": 9, "trillion": 12}

// abbreviations of scale words, written after the number: "$1.5bn", "€200m".
// The weak ones are also letters and units ("m" is metres, "k" a 10k run),
// so they are scales only next to money or before a counted noun.
var abbrTable = []struct {
	key  string
	pow  int
	weak bool
}{
	{"bn", 9, false}, {"bln", 9, false}, {"b", 9, true},
	{"mn", 6, false}, {"mln", 6, false}, {"m", 6, true},
	{"tn", 12, false}, {"trn", 12, false},
	{"k", 3, true},
}

// pluralScales are the vague plurals. Ranges: the plural says at least two
// of the unit ("hundreds" ≥ 200) and fewer than the next word up would
// need ("hundreds" < 1000, "thousands" < 10,000 since larger amounts are
// "tens of thousands"). "millions" and "billions" reach up to the next
// scale word (news writes "millions" for 40 million too). n is the
// multiplier when the word follows "of" ("tens of thousands").
var pluralScales = []struct {
	key    string
	lo, hi float64
	n      float64
	needOf bool
}{
	{"tens", 20, 99, 0, true},
	{"dozens", 24, 99, 0, false},
	{"scores", 40, 99, 0, true},
	{"hundreds", 200, 999, 0, false},
	{"thousands", 2000, 9999, 1e3, false},
	{"millions", 2e6, 999999999, 1e6, false},
	{"billions", 2e9, 999999999999, 1e9, false},
	{"trillions", 2e12, 999999999999999, 1e12, false},
}

// quantifiers are vague counts without a number. "a couple" is two or
// three as people use it; "a few" and "a handful" two to five; "several"
// three to nine (more than a few, fewer than "a dozen"). Value is the
// lower bound: what the words commit to.
var quantifiers = []struct {
	key    string
	lo, hi float64
	needOf bool
}{
	{"couple", 2, 3, true},
	{"few", 2, 5, false},
	{"handful", 2, 5, true},
	{"several", 3, 9, false},
}

var denominators = []struct {
	singular, plural string
	n                float64
}{
	{"half", "halves", 2}, {"third", "thirds", 3}, {"quarter", "quarters", 4},
	{"fourth", "fourths", 4}, {"fifth", "fifths", 5}, {"sixth", "sixths", 6},
	{"seventh", "sevenths", 7}, {"eighth", "eighths", 8}, {"ninth", "ninths", 9},
	{"tenth", "tenths", 10},
}

// stopWords end a counted noun phrase: "27 firms were", "three of the".
var stopWords = []string{
	"a", "an", "the", "this", "that", "these", "those", "of", "in", "on", "at", "to", "for",
	"from", "by", "with", "without", "into", "onto", "upon", "over", "under", "after",
	"before", "during", "since", "until", "till", "about", "against", "between", "among",
	"amongst", "through", "throughout", "across", "along", "around", "near", "within",
	"per", "via", "as", "than", "and", "or", "but", "nor", "so", "yet", "if", "while",
	"when", "whenever", "where", "who", "whom", "whose", "which", "what", "why", "how",
	"is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had",
	"having", "do", "does", "did", "done", "will", "would", "shall", "should", "can",
	"could", "may", "might", "must", "not", "no", "it", "its", "it's", "he", "she", "they",
	"we", "you", "i", "him", "her", "them", "us", "our", "their", "his", "my", "your",
	"me", "there", "here", "then", "now", "ago", "later", "earlier", "again", "still",
	"already", "even", "ever", "never", "very", "too", "out", "up", "down", "off",
	"away", "back", "including", "like", "unlike", "whether", "because", "although",
	"though", "despite", "except", "plus", "minus", "versus", "vs", "also", "only",
	"just", "more", "most", "less", "least", "such", "each", "every", "all", "both",
	"either", "neither", "other", "another", "some", "any", "many", "much", "few",
	"several", "said", "says", "say", "told", "tell", "added", "according", "reported",
	"announced", "own", "same", "always", "perhaps", "sometimes", "towards", "toward",
	"afterwards", "besides", "whereas", "unless", "thus", "yes", "hers", "ours", "theirs",
	"yours", "goes", "seems", "makes", "takes", "includes", "apiece", "alone",
	"respectively", "altogether", "total", "combined", "overall", "last", "next",
}

// irregularPlurals are plural nouns a final -s would not reveal.
var irregularPlurals = []string{
	"people", "children", "men", "women", "police", "personnel", "staff", "cattle",
	"livestock", "feet", "teeth", "mice", "geese", "sheep", "deer", "fish", "aircraft",
	"spacecraft", "offspring", "clergy", "crew", "folk", "militia", "infantry",
}

var months = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

// labels name the number after them: "Article 5", "Flight 370", "No. 10".
var labels = []string{
	"article", "art", "section", "sec", "chapter", "ch", "clause", "paragraph", "para",
	"page", "pages", "p", "pp", "resolution", "amendment", "rule", "room", "flight",
	"route", "highway", "interstate", "platform", "gate", "item", "exhibit", "figure",
	"fig", "table", "volume", "vol", "issue", "episode", "season", "level", "phase",
	"stage", "grade", "category", "cat", "version", "form", "schedule", "annex",
	"appendix", "part", "tier", "number", "no", "nos", "ward", "precinct", "terminal",
	"line", "channel", "lot", "unit", "block", "district", "act", "title", "verse",
	"psalm", "opus", "op", "division", "squad", "batch",
}

var clockWords = []string{"am", "pm", "gmt", "utc", "bst", "cet", "cest", "est", "edt",
	"pst", "pdt", "et", "pt", "ist", "jst", "aest", "msk", "o'clock"}

var determiners = []string{"the", "these", "those", "its", "their", "his", "her", "our", "all", "your", "my"}

var oneIdioms = []string{"day", "time", "way", "thing", "another", "other", "hand", "side",
	"reason", "kind", "sort", "moment", "night", "morning", "afternoon", "evening", "point",
	"more", "less", "least"}

var oneBlockers = []string{"no", "any", "every", "each", "the", "this", "that", "which",
	"another", "such", "same", "last", "little", "big", "right", "wrong", "other",
	"whichever", "a", "an", "one", "someone", "anyone", "everyone"}

// yearNouns are plural nouns a year names rather than a count counts:
// "2019 elections", "2020 figures", "2024 Olympics".
var yearNouns = []string{"elections", "polls", "figures", "results", "accounts", "budgets",
	"games", "olympics", "championships", "finals", "playoffs", "midterms", "primaries",
	"protests", "riots", "floods", "attacks", "talks", "accords", "agreements", "sanctions",
	"data", "statistics", "estimates", "forecasts", "projections", "earnings", "sales",
	"prices", "rates", "levels", "targets", "goals", "standards", "rules", "guidelines",
	"reforms", "negotiations", "hearings", "awards", "models", "editions"}

// timePreps before a number from 1800 to 2100 make it a year even when a
// noun follows: "in 2000 troops were sent" is read as the year.
var timePreps = []string{"in", "since", "until", "till", "during", "by", "from", "before",
	"after", "through", "throughout", "early", "late", "mid", "spring", "summer", "autumn",
	"fall", "winter"}

// currencyWords name a currency after the number: "40 million dollars".
// "dollars" without a country is taken to be US dollars; "pounds" to be
// sterling, though it may be weight in American text.
var currencyWords = map[string]string{
	"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
	"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "yen": "JPY",
	"yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
	"rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
	"shekel": "ILS", "shekels": "ILS", "naira": "NGN", "rand": "ZAR",
	"lira": "TRY", "hryvnia": "UAH", "hryvnias": "UAH",
}

var currencyCodes = []string{"USD", "EUR", "GBP", "JPY", "CNY", "CHF", "INR", "RUB", "AUD",
	"CAD", "HKD", "NZD", "SGD", "BRL", "MXN", "ZAR", "TRY", "KRW", "SEK", "NOK", "DKK",
	"PLN", "ILS", "NGN", "KES", "EGP", "SAR", "AED", "UAH", "TWD", "IDR", "THB", "PHP",
	"MYR", "ARS", "CLP", "COP", "PKR", "BDT", "VND", "CZK", "HUF", "RON", "QAR", "KWD"}

// currencySymbols stand before the number. "$" alone is read as US dollars.
var currencySymbols = map[rune]string{
	'$': "USD", '€': "EUR", '£': "GBP", '¥': "JPY", '₹': "INR", '₽': "RUB",
	'₩': "KRW", '₺': "TRY", '₪': "ILS", '₦': "NGN", '₴': "UAH",
}

// dollarPrefixes are written right before "$": "US$", "A$", "HK$".
var dollarPrefixes = map[string]string{
	"US": "USD", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "CAN": "CAD",
	"HK": "HKD", "NZ": "NZD", "S": "SGD", "SG": "SGD", "R": "BRL", "NT": "TWD",
	"MX": "MXN", "MEX": "MXN",
}

// units are measurement units; unit "" keeps the word as written.
var unitTable = []struct {
	keys   []string
	unit   string
	attach attachment
}{
	{[]string{"km", "kms", "cm", "mm", "ft", "kg", "kgs", "lb", "lbs", "oz", "mph", "kph",
		"mw", "gw", "kw", "kwh", "mwh", "gwh", "twh", "yrs", "hrs", "mins"}, "", aGap | aAttached},
	{[]string{"kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles",
		"metre", "metres", "meter", "meters", "centimetre", "centimetres", "centimeter",
		"centimeters", "millimetre", "millimetres", "millimeter", "millimeters", "foot",
		"feet", "inch", "inches", "yard", "yards", "hectare", "hectares", "acre", "acres",
		"kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos", "gram",
		"grams", "gramme", "grammes", "tonne", "tonnes", "ton", "tons", "ounce", "ounces",
		"litre", "litres", "liter", "liters", "gallon", "gallons", "barrel", "barrels",
		"bpd", "knot", "knots", "megawatt", "megawatts", "gigawatt", "gigawatts",
		"kilowatt", "kilowatts", "second", "seconds", "minute", "minutes", "hour", "hours",
		"day", "days", "week", "weeks", "month", "months", "year", "years", "decade",
		"decades", "century", "centuries", "degree", "degrees"}, "", aGap},
	{[]string{"celsius", "centigrade"}, "°C", aGap},
	{[]string{"fahrenheit"}, "°F", aGap},
	{[]string{"m"}, "m", aAttached},
	{[]string{"g"}, "g", aAttached},
	{[]string{"c"}, "°C", aAttached},
	{[]string{"f"}, "°F", aAttached},
}

// ageSuffixes follow a hyphen: "45-year-old".
var ageSuffixes = map[string]string{
	"year-old": "years", "year-olds": "years", "month-old": "months", "month-olds": "months",
	"week-old": "weeks", "day-old": "days",
}

var vocab = buildVocab()

func buildVocab() map[string]*wordInfo {
	v := map[string]*wordInfo{}
	get := func(key string) *wordInfo {
		w := v[key]
		if w == nil {
			w = &wordInfo{key: key}
			v[key] = w
		}
		return w
	}
	for i, k := range smallWords {
		w := get(k)
		w.class |= cSmall | cStart
		w.n = float64(i)
	}
	for i, k := range teenWords {
		w := get(k)
		w.class |= cTeen | cStart
		w.n = float64(10 + i)
	}
	for i, k := range tensWords {
		w := get(k)
		w.class |= cTens | cStart
		w.n = float64(20 + 10*i)
		for j, u := range smallWords[1:] {
			c := get(k + "-" + u)
			c.class |= cTens | cStart
			c.n = w.n + float64(j+1)
		}
	}
	h := get("hundred")
	h.class |= cHundred
	h.n, h.pow = 100, 2
	for k, p := range scaleWords {
		w := get(k)
		w.class |= cScale
		w.pow = p
		w.n = pow10[p]
	}
	d := get("dozen")
	d.class |= cDozen
	d.n = 12
	for _, a := range abbrTable {
		w := get(a.key)
		w.class |= cAbbr
		w.pow, w.weak = a.pow, a.weak
	}
	for _, p := range pluralScales {
		w := get(p.key)
		w.class |= cPluralScale | cStart
		w.lo, w.hi, w.n, w.needOf = p.lo, p.hi, p.n, p.needOf
	}
	for _, q := range quantifiers {
		w := get(q.key)
		w.class |= cQuant
		w.lo, w.hi, w.needOf = q.lo, q.hi, q.needOf
	}
	get("several").class |= cStart
	for _, f := range denominators {
		s := get(f.singular)
		s.class |= cFrac
		s.n = f.n
		p := get(f.plural)
		p.class |= cFrac
		p.n, p.plural = f.n, true
		for i, num := range smallWords[1:] {
			if float64(i+1) >= f.n {
				break
			}
			name := f.plural
			if i == 0 {
				name = f.singular
			}
			w := get(num + "-" + name)
			w.class |= cFracWord | cStart
			w.n = float64(i+1) / f.n
		}
	}
	get("half").class |= cStart
	get("a").class |= cStart
	get("an").class |= cStart
	get("minus").class |= cStart
	for _, k := range []string{"aged", "age", "ages"} {
		get(k).class |= cAge | cStart
	}
	for _, k := range stopWords {
		get(k).class |= cStop
	}
	for _, k := range irregularPlurals {
		get(k).class |= cPlural
	}
	for _, k := range months {
		get(k).class |= cMonth
	}
	for _, k := range labels {
		get(k).class |= cLabel
	}
	for _, k := range clockWords {
		get(k).class |= cClock
	}
	for _, k := range determiners {
		get(k).class |= cDet
	}
	for _, k := range oneIdioms {
		get(k).class |= cOneIdiom
	}
	for _, k := range oneBlockers {
		get(k).class |= cOneBlock
	}
	for _, k := range yearNouns {
		get(k).class |= cYearNoun
	}
	for _, k := range timePreps {
		get(k).class |= cTimePrep
	}
	for k, code := range currencyWords {
		w := get(k)
		w.class |= cCurrency
		w.unit = code
	}
	for _, code := range currencyCodes {
		w := get(lowerASCII(code))
		w.class |= cCode | cStart
		w.unit = code
	}
	get("rmb").class |= cCode | cStart
	get("rmb").unit = "CNY"
	get("rs").class |= cStart
	for p := range dollarPrefixes {
		get(lowerASCII(p)).class |= cStart
	}
	for _, u := range unitTable {
		for _, k := range u.keys {
			w := get(k)
			w.class |= cUnit
			w.attach |= u.attach
			if u.unit != "" {
				w.unit = u.unit
			}
		}
	}
	get("c").upper, get("f").upper = true, true
	get("m").lower, get("g").lower = true, true
	get("cent")
	get("odd")
	get("strong")
	get("point")
	get("points")
	for _, k := range []string{"percent", "pct"} {
		get(k).class |= cPercent
	}
	for k, u := range ageSuffixes {
		w := get(k)
		w.class |= cAgeSuffix
		w.unit = u
	}
	for _, hd := range hedgeTable {
		w := get(hd.words[0])
		w.class |= cHedge | cStart
		// Longest first, so "no more than" wins over a shorter match.
		at := len(w.hedges)
		for at > 0 && len(w.hedges[at-1].words) < len(hd.words) {
			at--
		}
		w.hedges = append(w.hedges, hedge{})
		copy(w.hedges[at+1:], w.hedges[at:])
		w.hedges[at] = hd
	}
	return v
}

// maxKey is the longest word the vocabulary holds.
const maxKey = 24

// lookup returns what the vocabulary knows about a word as written, or nil.
// It folds ASCII case and curly apostrophes without allocating.
func lookup(w string) *wordInfo {
	if len(w) > maxKey+2 {
		return nil
	}
	var buf [maxKey]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xE2 && i+2 < len(w) && w[i+1] == 0x80 && w[i+2] == 0x99: // ’
			c = '\''
			i += 2
		case c >= 0x80:
			return nil // the vocabulary is ASCII
		}
		if n == len(buf) {
			return nil
		}
		buf[n] = c
		n++
	}
	return vocab[string(buf[:n])]
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// decimal returns mant × 10^exp, correctly rounded for the sizes news
// numbers have, so "1.5" and "1,5" scaled by a million both give 1500000.
func decimal(mant int64, exp int) float64 {
	f := float64(mant)
	for exp > 22 {
		f *= 1e22
		exp -= 22
	}
	for exp < -22 {
		f /= 1e22
		exp += 22
	}
	if exp >= 0 {
		return f * pow10[exp]
	}
	return f / pow10[-exp]
}
