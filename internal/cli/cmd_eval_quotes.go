package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/eval/runner"
)

func (a *cli) evalQuotesCommand() *cobra.Command {
	var data, corpus, modelPath string
	var errors int
	c := &cobra.Command{
		Use:   "quotes --data FILE [--corpus DIR|demo] [--errors N]",
		Short: "Score quote detection and speaker attribution on a hand-annotated gold file",
		Long: `Ingest the articles a gold file names into a fresh temporary database,
analysing each, and score the quotes found against the gold quotes
(format: testdata/quotes/README.md). A found quote matches a gold one of
the same kind (direct or indirect) when their spans overlap by at least
half of the shorter; attribution also needs the speaker right.

The articles are read from --corpus (default: the gold file's directory,
with each "article" a path relative to it); --corpus demo reads the
built-in demo corpus, whose gold file is testdata/quotes/demo-gold.jsonl.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold file: pass --data FILE (e.g. testdata/quotes/gold.jsonl)")
			}
			res, err := runner.Quotes(cmd.Context(), data, corpus, modelPath)
			if err != nil {
				return err
			}
			w := a.env.Stdout
			fmt.Fprintf(w, "Quotes against %s\n\n%s", data, res.Table())
			fmt.Fprintln(w, "\nattribution: a found quote with the right speaker (speakers folded for case and a leading article); lenient: one name may be the end of the other; speaker acc.: matched quotes with the right speaker; named: those whose gold speaker is a name (capitalised in the gold)")
			if len(res.Missing) > 0 {
				fmt.Fprintf(w, "\nNot analysed: %s\n", strings.Join(res.Missing, ", "))
			}
			if len(res.Unlocated) > 0 {
				fmt.Fprintf(w, "\nGold quotes not found in their article's text (counted as missed): %s\n", strings.Join(res.Unlocated, "; "))
			}
			if errors > 0 && len(res.Errors) > 0 {
				fmt.Fprintln(w, "\nErrors:")
				for i, e := range res.Errors {
					if i == errors {
						fmt.Fprintf(w, "  … %d more\n", len(res.Errors)-errors)
						break
					}
					fmt.Fprintf(w, "  %s\n", e)
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&data, "data", "", "gold file (required)")
	c.Flags().StringVar(&corpus, "corpus", "", `directory the gold file's articles are relative to, or "demo" (default: the gold file's directory)`)
	c.Flags().StringVar(&modelPath, "ner-model", "", "named-entity model file (default: the built-in model)")
	c.Flags().IntVar(&errors, "errors", 0, "list up to N errors (missed, spurious, wrong speaker)")
	return c
}
