package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/eval/runner"
)

func (a *cli) evalCompareCommand() *cobra.Command {
	var data, corpus string
	var errors int
	c := &cobra.Command{
		Use:   "compare --data FILE [--corpus DIR|demo] [--errors N]",
		Short: "Score cross-outlet comparison against a hand-written gold comparison",
		Long: `Ingest a corpus into a fresh temporary database (analysing and clustering
each article as storywire ingest does), compare every story, and score the
comparisons against a gold file (format: testdata/compare/README.md):

  claims labelled shared / unique  every gold-annotated sentence's label
  claim alignment                  sentence pairs put in one claim
  number conflicts, consistent     pairs of figures of the same thing
  framing pairs                    terms outlets use for the same thing

Gold stories are matched to the stories holding most of their articles, so
the gold does not depend on story ids. --corpus demo reads the built-in
demo corpus (gold: testdata/compare/demo-gold.json); otherwise the corpus
is a directory (default: the gold file's directory) holding the articles
the gold names.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold file: pass --data FILE (e.g. testdata/compare/demo-gold.json)")
			}
			res, err := runner.Compare(cmd.Context(), data, corpus)
			if err != nil {
				return err
			}
			w := a.env.Stdout
			fmt.Fprintf(w, "Comparison against %s (%d of %d gold stories matched)\n\n%s", data, res.Matched, res.Stories, res.Table())
			if len(res.Unlocated) > 0 {
				fmt.Fprintf(w, "\n%d gold sentences are in no claim (counted as missed)\n", len(res.Unlocated))
			}
			if errors > 0 {
				all := append(append([]string{}, res.Errors...), res.Unlocated...)
				if len(all) > 0 {
					fmt.Fprintln(w, "\nErrors:")
				}
				for i, e := range all {
					if i == errors {
						fmt.Fprintf(w, "  … %d more\n", len(all)-errors)
						break
					}
					fmt.Fprintf(w, "  %s\n", e)
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&data, "data", "", "gold comparison file (required)")
	c.Flags().StringVar(&corpus, "corpus", "", `directory the gold's articles are relative to, or "demo" (default: the gold file's directory)`)
	c.Flags().IntVar(&errors, "errors", 0, "list up to N errors (wrong labels, missed and spurious numbers and framing pairs)")
	return c
}
