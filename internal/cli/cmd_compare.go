package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/compare"
)

type compareOptions struct {
	format  string
	out     string
	lexicon string
}

func (a *cli) compareCommand() *cobra.Command {
	var o compareOptions
	c := &cobra.Command{
		Use:   "compare STORY [--json] [--format text|markdown|html] [--out FILE]",
		Short: "Compare how the outlets of one story covered it: shared and unique claims, numbers, quotes, framing, lineage",
		Long: `Compare the articles of one story across outlets: the claims every outlet,
some outlets or only one outlet reports (a copy of a wire story counts once,
shown with its copies); numbers and dates reported differently, consistent or
in conflict; quotes and who is quoted by whom; the words outlets use for the
same thing and each outlet's loaded words; who published first and who copied
whom.

--format markdown|html writes a shareable report (the HTML page is
self-contained: no scripts, article text escaped); --out FILE writes it to a
file instead of standard output. --lexicon FILE replaces the built-in framing
lexicon (same format: one group of terms per line, "!" marks a loaded term).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runCompare(cmd.Context(), args[0], o)
		},
	}
	a.addJSONFlag(c)
	c.Flags().StringVar(&o.format, "format", "text", "report format: text, markdown or html")
	c.Flags().StringVar(&o.out, "out", "", "write the report to FILE instead of standard output")
	c.Flags().StringVar(&o.lexicon, "lexicon", "", "framing lexicon file (default: the built-in one)")
	return c
}

func (a *cli) runCompare(ctx context.Context, ref string, o compareOptions) error {
	id, err := parseStoryID(ref)
	if err != nil {
		return err
	}
	render, err := compareRenderer(o.format, a.json)
	if err != nil {
		return err
	}
	opt := compare.Options{}
	if o.lexicon != "" {
		f, err := os.Open(o.lexicon)
		if err != nil {
			return fmt.Errorf("read the lexicon: %w", err)
		}
		lex, err := compare.ParseLexicon(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%w (see the format in storywire compare --help)", err)
		}
		opt.Lexicon = lex
	}
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	cmp, err := sw.Compare(ctx, id, opt)
	if err != nil {
		return err
	}
	if o.out == "" {
		return render(a.env.Stdout, cmp)
	}
	// Render in memory first, so a failed report leaves no half-written file.
	var buf bytes.Buffer
	if err := render(&buf, cmp); err != nil {
		return err
	}
	if err := os.WriteFile(o.out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	fmt.Fprintf(a.env.Stderr, "wrote %s\n", filepath.Clean(o.out))
	return nil
}

// compareRenderer picks the writer for a format; --json wins over
// --format text, and contradicting it is an error.
func compareRenderer(format string, asJSON bool) (func(io.Writer, compare.Comparison) error, error) {
	if asJSON {
		if format != "" && format != "text" && format != "json" {
			return nil, fmt.Errorf("--json and --format %s contradict each other: pass one", format)
		}
		return func(w io.Writer, c compare.Comparison) error { return writeJSON(w, c) }, nil
	}
	switch format {
	case "", "text":
		return compare.Text, nil
	case "markdown", "md":
		return compare.Markdown, nil
	case "html":
		return compare.HTML, nil
	case "json":
		return func(w io.Writer, c compare.Comparison) error { return writeJSON(w, c) }, nil
	}
	return nil, fmt.Errorf("unknown format %q: use text, markdown or html (or --json)", format)
}
