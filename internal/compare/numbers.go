package compare

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/storywire/storywire/internal/analyze/quantity"
	"github.com/storywire/storywire/internal/analyze/quote"
	"github.com/storywire/storywire/internal/model"
)

// Kinds of number differences.
const (
	Consistent  = "consistent"  // the figures can describe the same amount
	Conflicting = "conflicting" // they cannot both be right
)

// NumberDiff is one quantity reported differently by two outlets.
type NumberDiff struct {
	Kind   string       `json:"kind"`
	Unit   string       `json:"unit"`
	Claim  int          `json:"claim,omitempty"` // the aligned claim both figures are in; 0 when only their sentences are alike
	Reason string       `json:"reason"`
	A      NumberReport `json:"a"`
	B      NumberReport `json:"b"`
}

// NumberReport is one outlet's figure with its sentence.
type NumberReport struct {
	Article  string  `json:"article"`
	Outlet   string  `json:"outlet"`
	Text     string  `json:"text"`
	Value    float64 `json:"value"`
	Sentence string  `json:"sentence"`
}

// contextThreshold is how alike two sentences must be for their figures of
// the same unit to count as one quantity when the sentences were not
// aligned as one claim.
const contextThreshold = 0.2

// numberDiffs finds, for every pair of independent articles from
// different outlets, figures that count the same thing (same counted noun
// or unit) in the same claim, or in alike sentences, and are written
// differently. Figures written identically are not a difference.
func numberDiffs(units []*unit, claimOf map[*unit]int) []NumberDiff {
	type item struct {
		u *unit
		q model.Quantity
	}
	var items []item
	for _, u := range units {
		for _, q := range u.quantities {
			items = append(items, item{u, q})
		}
	}
	var out []NumberDiff
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			a, b := items[i], items[j]
			if a.u.doc == b.u.doc || a.u.doc.outlet == b.u.doc.outlet {
				continue
			}
			if normFigure(a.q.Text) == normFigure(b.q.Text) || sameRange(a.q, b.q) {
				continue
			}
			claim := 0
			if ca, cb := claimOf[a.u], claimOf[b.u]; ca != 0 && ca == cb {
				claim = ca
			}
			switch {
			case a.q.Unit == "" || b.q.Unit == "":
				// A bare number is the same quantity only as the only
				// figure of its sentence, aligned as one claim with a
				// sentence counting something (not measuring: "19"
				// is no percentage).
				bare := a.u
				if b.q.Unit == "" {
					bare = b.u
				}
				if claim == 0 || len(bare.quantities) != 1 || a.q.Unit+b.q.Unit == "" || measureUnit(a.q.Unit+b.q.Unit) {
					continue
				}
			case !a.u.cache.same(a.q.Unit, b.q.Unit) && (claim == 0 || !persons(a.q.Unit) || !persons(b.q.Unit)):
				// Two kinds of people ("12 workers", "19 miners") are
				// the same count only within one claim.
				continue
			case claim == 0 && similarity(a.u, b.u) < contextNeeded(a.q.Unit):
				continue
			}
			if farApart(a.q, b.q) || hasCounterpart(a.u, a.q, b.q) || hasCounterpart(b.u, b.q, a.q) ||
				laterDisagreeing(a.u, a.q, b.q) || laterDisagreeing(b.u, b.q, a.q) {
				continue
			}
			// A is the figure of the smaller article ID, and the unit
			// shown is A's, so neither depends on the articles' order.
			if ra, rb := numberReport(a.u, a.q), numberReport(b.u, b.q); rb.Article < ra.Article || rb.Article == ra.Article && rb.Text < ra.Text {
				a, b = b, a
			}
			d := NumberDiff{Kind: Consistent, Unit: firstNonEmpty(a.q.Unit, b.q.Unit), Claim: claim,
				Reason: "the ranges the texts allow overlap",
				A:      numberReport(a.u, a.q), B: numberReport(b.u, b.q)}
			if conflicting(a.q, b.q) {
				d.Kind, d.Reason = Conflicting, conflictReason(a.q, b.q)
			}
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Kind != y.Kind {
			return x.Kind == Conflicting
		}
		if x.Unit != y.Unit {
			return x.Unit < y.Unit
		}
		if x.A.Article != y.A.Article {
			return x.A.Article < y.A.Article
		}
		if x.B.Article != y.B.Article {
			return x.B.Article < y.B.Article
		}
		if x.A.Text != y.A.Text {
			return x.A.Text < y.A.Text
		}
		return x.B.Text < y.B.Text
	})
	return out
}

func numberReport(u *unit, q model.Quantity) NumberReport {
	return NumberReport{Article: u.doc.art.ID, Outlet: u.doc.outlet, Text: q.Text, Value: q.Value, Sentence: u.text}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// elideUnits gives a bare figure the unit of the figure before it in the
// same sentence, when the two are of one size (within a factor of ten):
// writers leave out a unit they have just given ("cost 410 million
// euros, about 60 million more than planned"; "from 40 minutes to under
// ten").
func elideUnits(qs []model.Quantity) {
	for i := 1; i < len(qs); i++ {
		prev := qs[i-1]
		if qs[i].Unit != "" || prev.Unit == "" || prev.Value == 0 || qs[i].Value == 0 {
			continue
		}
		if r := math.Abs(qs[i].Value / prev.Value); r <= 10 && r >= 0.1 {
			qs[i].Unit = prev.Unit
		}
	}
}

// contextNeeded is how alike two sentences not aligned as one claim must
// be for their figures to count the same thing. A counted noun ("ships",
// "dock workers") already says much about what is counted; a measure
// ("euros", "percent", "metres") says little, so it needs more context.
func contextNeeded(unit string) float64 {
	if quantity.SameUnit(unit, unit) && measureUnit(unit) {
		return contextThreshold
	}
	return contextThreshold / 2
}

// measureUnit reports whether a unit is a measure (currency, percent,
// length...) rather than a counted noun: measures are written short or
// are one of quantity's canonical units.
func measureUnit(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	if len(u) <= 3 {
		return true
	}
	for _, m := range []string{"percent", "per cent", "euro", "dollar", "pound", "metre", "meter", "kilomet", "tonne", "litre", "minute", "hour", "year", "month", "day", "week", "degree", "mile"} {
		if strings.Contains(u, m) {
			return true
		}
	}
	return false
}

// farApart drops pairs whose ranges are more than a factor of three apart
// at their nearest: outlets that disagree about one figure give figures
// of one size (12 or 19 dead, 27 or 41 people); a cost of 410 million and
// an overrun of 60 million in euros are two quantities.
func farApart(a, b model.Quantity) bool {
	if !conflictingRanges(a, b) {
		return false
	}
	lo, hi := a, b
	if b.Low < a.Low {
		lo, hi = b, a
	}
	top := lo.Low
	if lo.High != nil {
		top = *lo.High
	}
	if top <= 0 || hi.Low <= 0 {
		return false
	}
	return math.Abs(hi.Low)/math.Abs(top) > 3
}

// hasCounterpart reports whether sentence u holds another figure of the
// other side's unit that agrees with other: then q's counterpart in the
// other sentence is that figure, not other ("cost 410 million euros, about
// 60 million more" against "60 million euros over budget").
func hasCounterpart(u *unit, q, other model.Quantity) bool {
	for _, x := range u.quantities {
		if x.Start == q.Start {
			continue
		}
		if (x.Unit == other.Unit || sameThing(x.Unit, other.Unit)) && !conflicting(x, other) {
			return true
		}
	}
	return false
}

// laterDisagreeing reports whether q follows another figure of its unit
// in sentence u and disagrees with other. The first figure of a unit in a
// sentence stands for the quantity the sentence is about; a later one
// counts something else ("at least 12 miners were killed and several
// were missing") unless it agrees with the other side (then it is the
// counterpart, as in hasCounterpart).
func laterDisagreeing(u *unit, q, other model.Quantity) bool {
	for _, x := range u.quantities {
		if x.Start >= q.Start {
			break
		}
		if x.Unit == q.Unit || u.cache.same(x.Unit, q.Unit) {
			return conflicting(q, other)
		}
	}
	return false
}

// conflictingRanges reports whether two figures the caller has found to
// count the same thing allow no common value.
func conflictingRanges(a, b model.Quantity) bool { return !quantity.Overlap(a, b) }

// conflicting reports whether two figures of the same thing cannot both be
// right. Beyond disjoint ranges (quantity.Conflicting), a closed lower
// bound ("at least 12 killed") against an exact figure
// above it ("19 killed") is a conflict: "at least N" in reporting gives
// the count confirmed so far, so the two outlets give different counts,
// while a vague bound ("more than two dozen") only approximates.
func conflicting(a, b model.Quantity) bool {
	// The caller has already decided the two count the same thing.
	return conflictingRanges(a, b) || confirmedCountDiffers(a, b) || confirmedCountDiffers(b, a)
}

// confirmedCountDiffers: a is "at least N" (a closed bound at the stated
// figure, unbounded above) and b an exact, different figure.
func confirmedCountDiffers(a, b model.Quantity) bool {
	lowerBound := a.High == nil && !a.LowOpen && a.Low == a.Value
	exact := b.High != nil && b.Low == *b.High && !b.Approximate
	return lowerBound && exact && b.Value != a.Value
}

func conflictReason(a, b model.Quantity) string {
	if confirmedCountDiffers(a, b) || confirmedCountDiffers(b, a) {
		return "different confirmed counts (\"at least N\" against an exact figure)"
	}
	return "the ranges the texts allow do not overlap"
}

// sameThing reports whether two units name the same counted thing: the
// same unit for quantity.SameUnit, or counted noun phrases that share
// most of their content words once plurals and a few synonyms common in
// reporting ("firms" / "companies", "people" / "individuals") are folded.
func sameThing(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	return sameThingUncached(a, b)
}

// unitCache remembers sameThing per pair of units within one comparison:
// a story repeats the same few units in every article.
type unitCache map[[2]string]bool

func (c unitCache) same(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	k := [2]string{a, b}
	if b < a {
		k = [2]string{b, a}
	}
	v, ok := c[k]
	if !ok {
		v = sameThingUncached(a, b)
		c[k] = v
	}
	return v
}

func sameThingUncached(a, b string) bool {
	if quantity.SameUnit(a, b) {
		return true
	}
	wa, wb := unitWords(a), unitWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	// Most words must agree, or the head noun (last word) must and one
	// phrase hold all the other's words ("ships" / "container ships",
	// but not "shipping companies" / "individuals and companies").
	if float64(common) >= 0.5*float64(len(wa)+len(wb)-common) {
		return true
	}
	// A count of several kinds ("firms and people") is the same as one
	// naming the same kinds, in any order and words ("individuals and
	// companies"): the order of the conjuncts must not decide.
	ha, hb := conjunctHeads(a), conjunctHeads(b)
	if (len(ha) > 1 || len(hb) > 1) && sameSet(ha, hb) {
		return true
	}
	// "people" counts the same as any noun for people: "4,000 dock
	// workers", "4,000 people".
	if (slices.Contains(ha, "person") || slices.Contains(hb, "person")) && persons(a) && persons(b) {
		return true
	}
	return headWord(a) == headWord(b) && headWord(a) != "" && common == min(len(wa), len(wb))
}

// persons reports whether a unit counts people and only people: the head
// noun of every conjunct names people for the quote finder
// (quote.CountsPeople), or is a toll ("19 dead"). "individuals and
// companies" counts more than people, whichever comes first.
func persons(unit string) bool {
	heads := conjunctHeads(unit)
	for _, h := range heads {
		if !quote.CountsPeople(h) && h != "dead" && h != "person" {
			return false
		}
	}
	return len(heads) > 0
}

// conjunctHeads returns the folded head noun of each conjunct of a unit
// ("Veldoran firms and people" → firm, person). A one-word conjunct that
// does not look like a noun (no plural, no known synonym, not a noun for
// people) modifies the next conjunct's noun, as in "natural and legal
// persons": it has no head of its own.
func conjunctHeads(unit string) []string {
	var heads []string
	var cur []string
	flush := func(last bool) {
		if len(cur) == 0 {
			return
		}
		w := cur[len(cur)-1]
		if !last && len(cur) == 1 && singularWord(w) == w && unitSynonym[w] == "" && !quote.CountsPeople(w) {
			cur = cur[:0] // an adjective: "natural and legal persons"
			return
		}
		h := foldUnitWord(w)
		if !slices.Contains(heads, h) {
			heads = append(heads, h)
		}
		cur = cur[:0]
	}
	for _, w := range words(strings.ReplaceAll(unit, ",", " and ")) {
		switch {
		case w == "and" || w == "or":
			flush(false)
		case !functionWords[w]:
			cur = append(cur, w)
		}
	}
	flush(true)
	return heads
}

// sameSet reports whether two lists hold the same strings.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

var unitSynonym = map[string]string{
	"company": "firm", "business": "firm", "outfit": "firm", "entity": "firm", // "individuals and entities" in sanctions lists
	"individual": "person", "people": "person", "citizen": "person",
	"worker": "worker", "employee": "worker", "staff": "worker",
	"vessel": "ship", "boat": "ship",
	"death": "dead", "fatality": "dead", "killed": "dead",
}

// words splits a text into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func unitWords(u string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words(u) {
		if functionWords[w] {
			continue
		}
		out[foldUnitWord(w)] = true
	}
	return out
}

func headWord(u string) string {
	ws := words(u)
	for i := len(ws) - 1; i >= 0; i-- {
		if !functionWords[ws[i]] {
			return foldUnitWord(ws[i])
		}
	}
	return ""
}

func foldUnitWord(w string) string {
	w = singularWord(w)
	if s, ok := unitSynonym[w]; ok {
		return s
	}
	return w
}

func singularWord(w string) string {
	switch {
	case w == "people":
		return w
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 5 && strings.HasSuffix(w, "sses"):
		return w[:len(w)-2] // businesses, addresses
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// sameRange reports whether two figures state the same range ("27
// individuals" and "27 persons"): not a difference worth reporting.
func sameRange(a, b model.Quantity) bool {
	if a.Value != b.Value || a.Low != b.Low || a.LowOpen != b.LowOpen || a.HighOpen != b.HighOpen || a.Approximate != b.Approximate {
		return false
	}
	return a.High == nil && b.High == nil || a.High != nil && b.High != nil && *a.High == *b.High
}

// normFigure folds a figure's text for the "written the same" test.
func normFigure(s string) string {
	return strings.Join(words(s), " ")
}

// DateDiff is an aligned claim whose outlets give different dates.
type DateDiff struct {
	Claim   int          `json:"claim"`
	Text    string       `json:"text"`
	Reports []DateReport `json:"reports"`
}

// DateReport is one outlet's date for a claim.
type DateReport struct {
	Article  string `json:"article"`
	Outlet   string `json:"outlet"`
	Text     string `json:"text"`
	Value    string `json:"value"`
	Sentence string `json:"sentence"`
}

var dayValue = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// dateDiffs finds aligned claims whose outlets resolve their day-precise
// dates to different days. Only the first day-precise date of each report
// is compared: a sentence with two dates usually gives two events.
func dateDiffs(groups [][]*unit) []DateDiff {
	var out []DateDiff
	for i, g := range groups {
		var reps []DateReport
		values := map[string]bool{}
		outlets := map[string]bool{}
		for _, u := range g {
			for _, t := range u.times {
				if t.Type != "DATE" && t.Type != "TIME" || !dayValue.MatchString(t.Value) {
					continue
				}
				v := t.Value[:10]
				reps = append(reps, DateReport{Article: u.doc.art.ID, Outlet: u.doc.outlet, Text: t.Text, Value: v, Sentence: u.text})
				values[v] = true
				outlets[u.doc.outlet] = true
				break
			}
		}
		if len(values) > 1 && len(outlets) > 1 {
			out = append(out, DateDiff{Claim: i + 1, Text: g[0].text, Reports: reps})
		}
	}
	return out
}
