package compare

import (
	"fmt"
	"io"
	"strings"
)

// The three renderers share one outline of the report, so the terminal,
// Markdown and HTML reports always say the same things; each only decides
// how to write it (and how to escape article text for its format).

type section struct {
	Title string
	Note  string
	Items []item
}

type item struct {
	Head    string
	Details []string
}

// outline lays out a comparison as sections of items.
func outline(c Comparison) []section {
	title := map[string]string{}
	outletOf := map[string]string{}
	for _, a := range c.Articles {
		title[a.ID], outletOf[a.ID] = a.Title, a.Outlet
	}
	var out []section

	// Lineage first: who published first is the opening question.
	lin := section{Title: "Coverage"}
	if c.Lineage.First != "" {
		lin.Note = fmt.Sprintf("First: %s, %q", outletOf[c.Lineage.First], title[c.Lineage.First])
	}
	for _, e := range c.Lineage.Timeline {
		when := e.Published
		if when == "" {
			when = "undated"
		} else if e.Inferred {
			when += "~"
		}
		h := fmt.Sprintf("%s  %s: %q", when, e.Outlet, e.Title)
		if e.CopyOf != "" {
			h += fmt.Sprintf(" (copy of %s's article)", outletOf[e.CopyOf])
		}
		lin.Items = append(lin.Items, item{Head: h})
	}
	out = append(out, lin)

	claims := func(label, title string) section {
		s := section{Title: title}
		for _, cl := range c.Claims {
			if cl.Label != label {
				continue
			}
			it := item{Head: fmt.Sprintf("[%d] %s", cl.ID, cl.Text)}
			if label != OnlyBy {
				it.Head += "  (" + cl.LabelText(len(c.Outlets)) + ")"
			} else {
				it.Head += "  (" + cl.Only + ")"
			}
			if cl.First != nil && label != OnlyBy {
				it.Details = append(it.Details, fmt.Sprintf("first: %s, %s", cl.First.Outlet, cl.First.Published))
			}
			if label != OnlyBy {
				for _, r := range cl.Reports {
					it.Details = append(it.Details, r.Outlet+": "+r.Text+copiesNote(r.Copies, outletOf))
				}
			} else if len(cl.Reports) > 0 && len(cl.Reports[0].Copies) > 0 {
				it.Details = append(it.Details, strings.TrimSpace(copiesNote(cl.Reports[0].Copies, outletOf)))
			}
			s.Items = append(s.Items, it)
		}
		if len(s.Items) == 0 {
			s.Note = "none"
		}
		return s
	}
	out = append(out, claims(ByAll, "Reported by all outlets"), claims(BySome, "Reported by some outlets"),
		claims(OnlyBy, "Reported by one outlet only"))

	nums := section{Title: "Numbers reported differently"}
	for _, d := range c.Numbers {
		nums.Items = append(nums.Items, item{
			Head:    fmt.Sprintf("%s (%s): %s %q / %s %q — %s", strings.ToUpper(d.Kind), d.Unit, d.A.Outlet, d.A.Text, d.B.Outlet, d.B.Text, d.Reason),
			Details: []string{d.A.Outlet + ": " + d.A.Sentence, d.B.Outlet + ": " + d.B.Sentence},
		})
	}
	for _, d := range c.Dates {
		it := item{Head: fmt.Sprintf("DATES differ for claim [%d]", d.Claim)}
		for _, r := range d.Reports {
			it.Details = append(it.Details, fmt.Sprintf("%s: %q = %s — %s", r.Outlet, r.Text, r.Value, r.Sentence))
		}
		nums.Items = append(nums.Items, it)
	}
	if len(nums.Items) == 0 {
		nums.Note = "none found"
	}
	out = append(out, nums)

	qs := section{Title: "Quotes"}
	for _, g := range c.Quotes {
		sp := g.Speaker
		if sp == "" {
			sp = "unknown speaker"
		}
		it := item{Head: fmt.Sprintf("%q — %s; in %s", g.Text, sp, strings.Join(g.Outlets, ", "))}
		if g.First != "" {
			it.Head += "; first: " + g.First
		}
		if len(g.Reported) > 1 {
			for _, r := range g.Reported {
				it.Details = append(it.Details, fmt.Sprintf("%s: %q%s", r.Outlet, r.Text, copiesNote(r.Copies, outletOf)))
			}
		}
		qs.Items = append(qs.Items, it)
	}
	for _, d := range c.QuoteDiffs {
		qs.Items = append(qs.Items, item{Head: "QUOTE " + strings.ToUpper(d.Kind),
			Details: []string{fmt.Sprintf("%s: %q (%s)", d.A.Outlet, d.A.Text, d.A.Speaker), fmt.Sprintf("%s: %q (%s)", d.B.Outlet, d.B.Text, d.B.Speaker)}})
	}
	if len(qs.Items) == 0 {
		qs.Note = "no direct quotes"
	}
	out = append(out, qs)

	vs := section{Title: "Voices by outlet"}
	for _, v := range c.Voices {
		var sides, people []string
		for _, s := range v.Sides {
			sides = append(sides, fmt.Sprintf("%s %d", s.Name, s.Quotes))
		}
		for _, p := range v.Voices {
			desc := p.Speaker
			if p.Role != "" {
				desc += " (" + p.Role + ")"
			}
			people = append(people, fmt.Sprintf("%s ×%d [%s]", desc, p.Quotes, p.Side))
		}
		it := item{Head: fmt.Sprintf("%s: %d quotes", v.Outlet, v.Quotes)}
		if len(sides) > 0 {
			it.Head += " — " + strings.Join(sides, ", ")
			it.Details = people
		}
		vs.Items = append(vs.Items, it)
	}
	out = append(out, vs)

	fr := section{Title: "Framing: different words for the same thing"}
	for _, p := range c.Framing {
		h := fmt.Sprintf("%q / %q (%s)", p.Terms[0], p.Terms[1], p.Source)
		if p.Loaded {
			h += " loaded"
		}
		it := item{Head: h}
		for _, u := range p.Uses {
			it.Details = append(it.Details, fmt.Sprintf("%s uses %q: %s", u.Outlet, u.Term, u.Sentence))
		}
		fr.Items = append(fr.Items, it)
	}
	if len(fr.Items) == 0 {
		fr.Note = "none found"
	}
	out = append(out, fr)

	ld := section{Title: "Loaded words by outlet"}
	for _, o := range c.Loaded {
		it := item{Head: o.Outlet}
		for _, u := range o.Uses {
			it.Details = append(it.Details, fmt.Sprintf("%q: %s", u.Term, u.Sentence))
		}
		ld.Items = append(ld.Items, it)
	}
	if len(ld.Items) == 0 {
		ld.Note = "none from the lexicon"
	}
	out = append(out, ld)
	return out
}

func copiesNote(ids []string, outletOf map[string]string) string {
	if len(ids) == 0 {
		return ""
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = outletOf[id]
	}
	return " (also in copies: " + strings.Join(names, ", ") + ")"
}

func headline(c Comparison) string {
	return fmt.Sprintf("Story %d: %s", c.Story, c.Title)
}

func summaryLine(c Comparison) string {
	return fmt.Sprintf("%d outlets (%s); %d claims: %d reported by all, %d by some, %d by one outlet only; %d numbers in conflict",
		len(c.Outlets), strings.Join(c.Outlets, ", "), len(c.Claims), c.Counts[ByAll], c.Counts[BySome], c.Counts[OnlyBy], conflicts(c))
}

func conflicts(c Comparison) int {
	n := 0
	for _, d := range c.Numbers {
		if d.Kind == Conflicting {
			n++
		}
	}
	return n
}

// Text writes the comparison as a report for the terminal.
func Text(w io.Writer, c Comparison) error {
	ew := &errWriter{w: w}
	ew.printf("%s\n%s\n", headline(c), summaryLine(c))
	for _, s := range outline(c) {
		ew.printf("\n%s\n%s\n", s.Title, strings.Repeat("-", len([]rune(s.Title))))
		if s.Note != "" {
			ew.printf("  %s\n", s.Note)
		}
		for _, it := range s.Items {
			ew.printf("  %s\n", oneLine(it.Head))
			for _, d := range it.Details {
				ew.printf("      %s\n", oneLine(d))
			}
		}
	}
	return ew.err
}

// Markdown writes the comparison as a Markdown document. Article text is
// escaped so it cannot open links, emphasis or raw HTML.
func Markdown(w io.Writer, c Comparison) error {
	ew := &errWriter{w: w}
	ew.printf("# %s\n\n%s\n", mdEscape(headline(c)), mdEscape(summaryLine(c)))
	for _, s := range outline(c) {
		ew.printf("\n## %s\n\n", mdEscape(s.Title))
		if s.Note != "" {
			ew.printf("%s\n\n", mdEscape(s.Note))
		}
		for _, it := range s.Items {
			ew.printf("- %s\n", mdEscape(oneLine(it.Head)))
			for _, d := range it.Details {
				ew.printf("  - %s\n", mdEscape(oneLine(d)))
			}
		}
	}
	return ew.err
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `#`, `\#`, `|`, `\|`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`, `!`, `\!`,
)

func mdEscape(s string) string { return mdReplacer.Replace(s) }

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	if _, err := fmt.Fprintf(e.w, format, args...); err != nil {
		e.err = fmt.Errorf("compare: write report: %w", err)
	}
}
