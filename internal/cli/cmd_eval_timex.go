package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/analyze/timex"
	"github.com/storywire/storywire/internal/eval/timeml"
)

func (a *cli) evalTimexCommand() *cobra.Command {
	var data string
	var errors int
	c := &cobra.Command{
		Use:   "timex --data DIR",
		Short: "Score time expressions on TimeML gold data (TempEval-3: extraction, type, value)",
		Long: `Score the time-expression finder on a directory of TimeML .tml files, such
as TempEval-3 platinum: each document's text is tagged with its creation
time as the anchor and compared with the gold TIMEX3 annotations. Prints
strict (exact span) and relaxed (overlapping span) extraction precision,
recall and F1, type accuracy and value F1, as the TempEval-3 scorer defines
them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold data: pass --data DIR (a directory of .tml files)")
			}
			docs, err := timeml.ReadDir(data)
			if err != nil {
				return err
			}
			var s timeml.Score
			for _, d := range docs {
				var pred []timeml.Predicted
				for _, r := range timex.Find(d.Text, d.Created) {
					pred = append(pred, timeml.Predicted{Start: r.Start, End: r.End, Type: r.Type, Value: r.Value})
				}
				s.Add(d, pred)
			}
			printTimexScore(a.env.Stdout, data, len(docs), s, errors)
			return nil
		},
	}
	c.Flags().StringVar(&data, "data", "", "directory of TimeML .tml files (required)")
	c.Flags().IntVar(&errors, "errors", 0, "also list this many mistakes")
	return c
}

func printTimexScore(w io.Writer, data string, docs int, s timeml.Score, errors int) {
	fmt.Fprintf(w, "Time expressions in %s (%d documents, %d gold, %d found)\n\n", data, docs, s.Gold, s.System)
	fmt.Fprintln(w, "| measure | precision | recall | F1 |")
	fmt.Fprintln(w, "|---|---|---|---|")
	row := func(name string, n int) {
		p, r, f := s.PRF(n)
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %.2f |\n", name, p, r, f)
	}
	row("extraction, strict", s.Strict)
	row("extraction, relaxed", s.Relaxed)
	row("**value**", s.ValueOK)
	row("type", s.TypeOK)
	fmt.Fprintf(w, "\ntype accuracy %.2f, value accuracy %.2f (over relaxed matches)\n", s.Accuracy(s.TypeOK), s.Accuracy(s.ValueOK))
	for i, e := range s.Errors {
		if i >= errors {
			break
		}
		fmt.Fprintln(w, "  "+e)
	}
}
