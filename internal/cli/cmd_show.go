package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/model"
)

func (a *cli) showCommand() *cobra.Command {
	var removed, annotations bool
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show one article: its description, text and copies",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runShow(cmd.Context(), args[0], removed, annotations)
		},
	}
	c.Flags().BoolVar(&removed, "removed", false, "also show what cleanup removed from the source")
	c.Flags().BoolVar(&annotations, "annotations", false, "also show the analysis: each sentence's names with their roles and entities (with --json: with byte offsets)")
	a.addJSONFlag(c)
	return c
}

func (a *cli) runShow(ctx context.Context, id string, withRemoved, withAnnotations bool) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	v, err := sw.ArticleView(ctx, id, withAnnotations)
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(a.env.Stdout, view.NewArticleDetail(v))
	}
	printArticle(a.env.Stdout, v.Article, v.Copies, withRemoved)
	if v.Annotations != nil {
		printAnnotations(a.env.Stdout, v.Article.Text, *v.Annotations)
	}
	return nil
}

// printAnnotations lists each sentence that names something, with its
// names, their types, roles and entities.
func printAnnotations(w io.Writer, text string, ann model.Annotations) {
	fmt.Fprintf(w, "Annotations (%d sentences, %d names, %d entities, %d time expressions, %d quotes, %d quantities)\n",
		len(ann.Sentences), len(ann.Mentions), len(ann.Entities), len(ann.Times), len(ann.Quotes), len(ann.Quantities))
	if ann.Note != "" {
		fmt.Fprintf(w, "Note: %s\n", ann.Note)
	}
	if p := ann.Published; p != nil {
		fmt.Fprintf(w, "Publication date inferred: %s (confidence %.1f; %s)\n", p.Date, p.Confidence, strings.Join(p.Evidence, "; "))
	}
	k, tk := 0, 0
	for si, s := range ann.Sentences {
		start, tstart := k, tk
		for k < len(ann.Mentions) && ann.Mentions[k].Sentence == si {
			k++
		}
		for tk < len(ann.Times) && ann.Times[tk].Start < s.End {
			tk++
		}
		if k == start && tk == tstart {
			continue
		}
		fmt.Fprintf(w, "\n[%d] %s\n", si+1, truncate(strings.Join(strings.Fields(text[s.Start:s.End]), " "), 160))
		for _, x := range ann.Times[tstart:tk] {
			line := fmt.Sprintf("    TIME %s = %s %s", x.Text, x.Type, x.Value)
			if x.From != "" || x.To != "" {
				line += fmt.Sprintf(" (%s to %s)", orDash(x.From), orDash(x.To))
			}
			if x.Anchor != "" {
				line += "  from " + x.Anchor
			}
			if x.Confidence > 0 {
				line += fmt.Sprintf("  confidence %.2f", x.Confidence)
			}
			if x.Note != "" {
				line += "  (" + x.Note + ")"
			}
			fmt.Fprintln(w, line)
		}
		for _, m := range ann.Mentions[start:k] {
			line := fmt.Sprintf("    %-4s %s", m.Type, m.Text)
			if m.Role != "" {
				line += "  role: " + m.Role
				if m.Affiliation != "" {
					line += " (" + m.Affiliation + ")"
				}
			}
			if m.StandsFor != "" {
				line += "  stands for: " + m.StandsFor
			}
			if m.Entity >= 0 && m.Entity < len(ann.Entities) {
				e := ann.Entities[m.Entity]
				line += fmt.Sprintf("  -> %s", e.Name)
				if e.ID != 0 {
					line += fmt.Sprintf(" (entity %d)", e.ID)
				}
			}
			fmt.Fprintln(w, line)
		}
	}
	if len(ann.Quotes) > 0 {
		fmt.Fprintf(w, "\nQuotes\n")
		for _, q := range ann.Quotes {
			speaker := q.Speaker
			if speaker == "" {
				speaker = "(speaker not named)"
			}
			kind := q.Kind
			if q.Partial {
				kind += ", partial"
			}
			line := fmt.Sprintf("    %q  — %s", truncate(strings.Join(strings.Fields(q.Text), " "), 200), speaker)
			if q.Cue != "" {
				line += " (" + q.Cue + ")"
			}
			fmt.Fprintf(w, "%s  [%s]\n", line, kind)
		}
	}
	if len(ann.Quantities) > 0 {
		fmt.Fprintf(w, "\nQuantities\n")
		for _, x := range ann.Quantities {
			fmt.Fprintf(w, "    %s = %s\n", x.Text, formatQuantity(x))
		}
	}
}

func printArticle(w io.Writer, a model.Article, cps []model.Article, withRemoved bool) {
	fmt.Fprintf(w, "%s\n%s\n\n", a.Title, strings.Repeat("=", min(len([]rune(a.Title)), 78)))
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-11s %s\n", name+":", value)
		}
	}
	field("ID", a.ID)
	field("Kind", a.Kind)
	if a.Short {
		field("Short", "under 40 words (a headline, a summary or a brief), clustered by what it has")
	}
	field("Outlet", a.Outlet)
	field("Authors", strings.Join(a.Authors, ", "))
	pub := shortPublished(a.Published)
	if a.Published.Known() {
		pub += fmt.Sprintf(" (%s, from %s)", a.Published.Reliability, a.Published.Source)
	}
	field("Published", pub)
	field("Language", a.Language)
	field("URL", a.URL)
	field("Origin", a.Origin)
	field("Ingested", a.Ingested.UTC().Format("2006-01-02 15:04:05 UTC"))
	if a.CopyOf != "" {
		field("Copy of", fmt.Sprintf("%s (similarity %.2f)", a.CopyOf, a.CopySimilarity))
	}
	if len(cps) > 0 {
		fmt.Fprintf(w, "Copies:     %d\n", len(cps))
		for _, c := range cps {
			fmt.Fprintf(w, "  %s  %-10s  %-20s  %.2f  %s\n", c.ID, shortPublished(c.Published), truncate(orDash(c.Outlet), 20), c.CopySimilarity, truncate(c.Title, 50))
		}
	}
	fmt.Fprintln(w)
	for _, p := range strings.Split(a.Text, "\n\n") {
		fmt.Fprintln(w, wrap(p, 78))
		fmt.Fprintln(w)
	}
	if withRemoved {
		if len(a.Removed) == 0 {
			fmt.Fprintln(w, "Removed: nothing")
			return
		}
		fmt.Fprintf(w, "Removed (%d):\n", len(a.Removed))
		for _, r := range a.Removed {
			fmt.Fprintf(w, "  [%s] %s\n", r.Kind, truncate(strings.Join(strings.Fields(r.Text), " "), 100))
		}
	}
}

// wrap breaks a paragraph into lines of at most width runes at spaces.
func wrap(p string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(p) {
		l := len([]rune(word))
		if i > 0 {
			if n+1+l > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(word)
		n += l
	}
	return b.String()
}

// formatQuantity writes a quantity's value and bounds: "27 firms",
// "(24, ∞) firms, approximate", "[200, 999] civilians".
func formatQuantity(x model.Quantity) string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	var v string
	switch {
	case x.High != nil && x.Low == *x.High && !x.LowOpen && !x.HighOpen:
		v = num(x.Low)
	default:
		lo, hi := "[", "]"
		if x.LowOpen {
			lo = "("
		}
		high := "∞"
		if x.High != nil {
			high = num(*x.High)
		}
		if x.HighOpen || x.High == nil {
			hi = ")"
		}
		v = fmt.Sprintf("%s%s, %s%s", lo, num(x.Low), high, hi)
	}
	if x.Unit != "" {
		v += " " + x.Unit
	}
	if x.Approximate {
		v += ", approximate"
	}
	return v
}
