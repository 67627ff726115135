package web

import (
	"fmt"
	"sort"

	"github.com/storywire/storywire/internal/compare"
)

// comparisonView is a story's comparison as its page lays it out: claims
// by how many outlets carry them, numbers grouped by the quantity they
// give, quotes by speaker, voices by side, and framing.
type comparisonView struct {
	Outlets      []outletChip
	Claims       int
	All, Some    []claimView
	Only         []outletClaims
	AllCount     int // claims of each kind, before any is left out
	SomeCount    int
	OnlyCount    int
	Numbers      []quantityView
	Conflicts    int
	Dates        []dateView
	Speakers     []speakerView
	QuoteDiffs   []quoteDiffView
	Sides        []sideView
	SideCols     []outletChip // the outlets of the sides table
	Framing      []framingView
	FramingCount int
	Loaded       []loadedView
	First        *firstView
}

type claimView struct {
	ID      int
	Text    string
	Outlets []outletChip
	First   string // "Meridian Wire, 3 Jun 2024, 11:20"
	Reports []reportView
}

type reportView struct {
	Article string
	Outlet  outletChip
	Text    string
	Copies  int // copies carrying the same words
}

type outletClaims struct {
	Outlet outletChip
	N      int // claims, before any is left out
	Claims []claimView
}

// quantityView is one quantity the outlets give differently: each
// outlet's wording, and which pairs cannot both be right.
type quantityView struct {
	Unit      string
	Conflict  bool
	Wordings  []wording
	Conflicts []string
	Agree     []string
}

type wording struct {
	Article  string
	Outlet   outletChip
	Text     string
	Sentence string
}

type dateView struct {
	Claim   int
	Text    string
	Reports []wording
}

// speakerView is one speaker's quotes, each with the outlets carrying it.
type speakerView struct {
	Speaker string
	Quotes  []quoteView
}

type quoteView struct {
	Text     string
	Outlets  []outletChip
	First    string
	Wordings []reportView // set when the outlets word it differently
}

type quoteDiffView struct {
	Kind string
	A, B quoteReportView
}

type quoteReportView struct {
	Article string
	Outlet  outletChip
	Speaker string
	Text    string
}

// sideView is one side (a country, an organisation) and whom each outlet
// quotes speaking for it.
type sideView struct {
	Side     string
	Voices   []voiceView
	ByOutlet []int // quotes per outlet, in SideCols order
}

type voiceView struct {
	Speaker string
	Role    string
	Outlets []outletChip // with N set to their quotes
}

type framingView struct {
	Source string
	Loaded bool
	Terms  []termView
}

type termView struct {
	Term    string
	Outlets []outletChip
	Uses    []wording
}

type loadedView struct {
	Outlet outletChip
	Uses   []compare.TermUse
}

type firstView struct {
	Article string
	Outlet  outletChip
	Title   string
	When    string
}

// newComparisonView lays out a comparison, outlets coloured by classes.
func newComparisonView(c compare.Comparison, classes map[string]string) comparisonView {
	chip := func(name string) outletChip { return chipOf(classes, name) }
	chips := func(names []string) []outletChip {
		out := make([]outletChip, len(names))
		for i, n := range names {
			out[i] = chip(n)
		}
		return out
	}
	v := comparisonView{Outlets: chips(c.Outlets), Claims: len(c.Claims)}
	titles := map[string]compare.Article{}
	for _, a := range c.Articles {
		titles[a.ID] = a
	}
	if a, ok := titles[c.Lineage.First]; ok {
		v.First = &firstView{Article: a.ID, Outlet: chip(a.Outlet), Title: a.Title, When: when(a.Published)}
	}
	only := map[string]*outletClaims{}
	for _, cl := range c.Claims {
		cv := claimView{ID: cl.ID, Text: cl.Text, Outlets: chips(cl.Outlets)}
		if cl.First != nil {
			cv.First = cl.First.Outlet + ", " + when(cl.First.Published)
		}
		for _, r := range cl.Reports {
			cv.Reports = append(cv.Reports, reportView{Article: r.Article, Outlet: chip(r.Outlet), Text: r.Text, Copies: len(r.Copies)})
		}
		switch cl.Label {
		case compare.ByAll:
			v.All = append(v.All, cv)
		case compare.BySome:
			v.Some = append(v.Some, cv)
		default:
			name := cl.Only
			if name == "" && len(cl.Outlets) > 0 {
				name = cl.Outlets[0]
			}
			g, ok := only[name]
			if !ok {
				g = &outletClaims{Outlet: chip(name)}
				only[name] = g
			}
			g.Claims = append(g.Claims, cv)
			g.N++
			v.OnlyCount++
		}
	}
	for _, o := range c.Outlets {
		if g, ok := only[o]; ok {
			v.Only = append(v.Only, *g)
			delete(only, o)
		}
	}
	for _, g := range only { // an outlet of copies only, say
		v.Only = append(v.Only, *g)
	}
	v.AllCount, v.SomeCount = len(v.All), len(v.Some)
	v.Numbers = quantities(c.Numbers, chip)
	for _, q := range v.Numbers {
		if q.Conflict {
			v.Conflicts++
		}
	}
	for _, d := range c.Dates {
		dv := dateView{Claim: d.Claim, Text: d.Text}
		for _, r := range d.Reports {
			dv.Reports = append(dv.Reports, wording{Article: r.Article, Outlet: chip(r.Outlet), Text: fmt.Sprintf("%s (%s)", r.Text, r.Value), Sentence: r.Sentence})
		}
		v.Dates = append(v.Dates, dv)
	}
	v.Speakers = speakers(c.Quotes, chip, chips)
	for _, d := range c.QuoteDiffs {
		qr := func(r compare.QuoteReport) quoteReportView {
			return quoteReportView{Article: r.Article, Outlet: chip(r.Outlet), Speaker: r.Speaker, Text: r.Text}
		}
		v.QuoteDiffs = append(v.QuoteDiffs, quoteDiffView{Kind: d.Kind, A: qr(d.A), B: qr(d.B)})
	}
	v.Sides, v.SideCols = sides(c.Voices, chip)
	for _, p := range c.Framing {
		fv := framingView{Source: p.Source, Loaded: p.Loaded}
		for _, term := range p.Terms {
			tv := termView{Term: term}
			seen := map[string]bool{}
			said := map[string]bool{} // an outlet's sentence once, however often the term is in it
			for _, u := range p.Uses {
				if u.Term != term {
					continue
				}
				if !seen[u.Outlet] {
					seen[u.Outlet] = true
					tv.Outlets = append(tv.Outlets, chip(u.Outlet))
				}
				if k := u.Outlet + "\x00" + u.Sentence; !said[k] {
					said[k] = true
					tv.Uses = append(tv.Uses, wording{Article: u.Article, Outlet: chip(u.Outlet), Text: u.Term, Sentence: u.Sentence})
				}
			}
			fv.Terms = append(fv.Terms, tv)
		}
		v.Framing = append(v.Framing, fv)
	}
	v.FramingCount = len(v.Framing)
	// Loaded words first, then the pairs that split the most outlets.
	spread := func(f framingView) int {
		n := 0
		for _, t := range f.Terms {
			n += len(t.Outlets)
		}
		return n
	}
	sort.SliceStable(v.Framing, func(i, j int) bool {
		if v.Framing[i].Loaded != v.Framing[j].Loaded {
			return v.Framing[i].Loaded
		}
		return spread(v.Framing[i]) > spread(v.Framing[j])
	})
	for _, l := range c.Loaded {
		v.Loaded = append(v.Loaded, loadedView{Outlet: chip(l.Outlet), Uses: l.Uses})
	}
	return v
}

// What a story's page shows of a long comparison unless asked for all
// of it (?all=1): it keeps the page light for a story of fifty
// articles.
const (
	shownSome    = 20 // claims told by some outlets
	shownOnly    = 8  // claims of each outlet alone
	shownFraming = 10 // pairs of words
)

// trimmed is the comparison as the page shows it by default (the counts
// stay whole, and say what is left out).
func (v comparisonView) trimmed() comparisonView {
	v.Some = v.Some[:min(len(v.Some), shownSome)]
	v.Framing = v.Framing[:min(len(v.Framing), shownFraming)]
	only := make([]outletClaims, len(v.Only))
	for i, g := range v.Only {
		g.Claims = g.Claims[:min(len(g.Claims), shownOnly)]
		only[i] = g
	}
	v.Only = only
	return v
}

// quantities groups the pairs of figures reported differently into the
// quantities they give (figures linked by a pair are one quantity), each
// with every outlet's wording once.
func quantities(diffs []compare.NumberDiff, chip func(string) outletChip) []quantityView {
	type key struct{ article, text string }
	parent := map[key]key{}
	var find func(k key) key
	find = func(k key) key {
		p, ok := parent[k]
		if !ok || p == k {
			parent[k] = k
			return k
		}
		r := find(p)
		parent[k] = r
		return r
	}
	for _, d := range diffs {
		a, b := find(key{d.A.Article, d.A.Text}), find(key{d.B.Article, d.B.Text})
		if a != b {
			parent[b] = a
		}
	}
	groups := map[key]*quantityView{}
	var order []key
	seen := map[key]bool{}
	add := func(g *quantityView, r compare.NumberReport) {
		k := key{r.Article, r.Text}
		if seen[k] {
			return
		}
		seen[k] = true
		g.Wordings = append(g.Wordings, wording{Article: r.Article, Outlet: chip(r.Outlet), Text: r.Text, Sentence: r.Sentence})
	}
	for _, d := range diffs {
		root := find(key{d.A.Article, d.A.Text})
		g, ok := groups[root]
		if !ok {
			g = &quantityView{Unit: d.Unit}
			groups[root] = g
			order = append(order, root)
		}
		add(g, d.A)
		add(g, d.B)
		pair := fmt.Sprintf("%s “%s” and %s “%s”: %s", d.A.Outlet, d.A.Text, d.B.Outlet, d.B.Text, d.Reason)
		if d.Kind == compare.Conflicting {
			g.Conflict = true
			g.Conflicts = append(g.Conflicts, pair)
		} else {
			g.Agree = append(g.Agree, pair)
		}
	}
	out := make([]quantityView, 0, len(order))
	for _, k := range order {
		out = append(out, *groups[k])
	}
	// Conflicts first: they are what a reader checks.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Conflict && !out[j].Conflict })
	return out
}

// speakers groups quotes by speaker, the most quoted first.
func speakers(groups []compare.QuoteGroup, chip func(string) outletChip, chips func([]string) []outletChip) []speakerView {
	idx := map[string]int{}
	var out []speakerView
	for _, g := range groups {
		sp := g.Speaker
		if sp == "" {
			sp = "Unknown speaker"
		}
		i, ok := idx[sp]
		if !ok {
			i = len(out)
			idx[sp] = i
			out = append(out, speakerView{Speaker: sp})
		}
		q := quoteView{Text: g.Text, Outlets: chips(g.Outlets), First: g.First}
		differ := false
		for _, r := range g.Reported {
			if r.Text != g.Text {
				differ = true
			}
		}
		if differ {
			for _, r := range g.Reported {
				q.Wordings = append(q.Wordings, reportView{Article: r.Article, Outlet: chip(r.Outlet), Text: r.Text, Copies: len(r.Copies)})
			}
		}
		out[i].Quotes = append(out[i].Quotes, q)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Speaker == "Unknown speaker") != (out[j].Speaker == "Unknown speaker") {
			return out[j].Speaker == "Unknown speaker"
		}
		return len(out[i].Quotes) > len(out[j].Quotes)
	})
	return out
}

// sides turns each outlet's voices into one table: a row per side, with
// each outlet's count of quotes for it and the speakers behind them.
func sides(voices []compare.OutletVoices, chip func(string) outletChip) ([]sideView, []outletChip) {
	var cols []outletChip
	col := map[string]int{}
	for _, ov := range voices {
		if ov.Quotes == 0 {
			continue
		}
		col[ov.Outlet] = len(cols)
		cols = append(cols, chip(ov.Outlet))
	}
	idx := map[string]int{}
	var out []sideView
	for _, ov := range voices {
		ci, ok := col[ov.Outlet]
		if !ok {
			continue
		}
		for _, s := range ov.Sides {
			i, ok := idx[s.Name]
			if !ok {
				i = len(out)
				idx[s.Name] = i
				out = append(out, sideView{Side: s.Name, ByOutlet: make([]int, len(cols))})
			}
			out[i].ByOutlet[ci] += s.Quotes
		}
		for _, vc := range ov.Voices {
			i, ok := idx[vc.Side]
			if !ok {
				i = len(out)
				idx[vc.Side] = i
				out = append(out, sideView{Side: vc.Side, ByOutlet: make([]int, len(cols))})
			}
			found := false
			for k := range out[i].Voices {
				if out[i].Voices[k].Speaker == vc.Speaker {
					c := chip(ov.Outlet)
					c.N = vc.Quotes
					out[i].Voices[k].Outlets = append(out[i].Voices[k].Outlets, c)
					found = true
					break
				}
			}
			if !found {
				c := chip(ov.Outlet)
				c.N = vc.Quotes
				out[i].Voices = append(out[i].Voices, voiceView{Speaker: vc.Speaker, Role: vc.Role, Outlets: []outletChip{c}})
			}
		}
	}
	total := func(s sideView) int {
		n := 0
		for _, x := range s.ByOutlet {
			n += x
		}
		return n
	}
	sort.SliceStable(out, func(i, j int) bool { return total(out[i]) > total(out[j]) })
	return out, cols
}
