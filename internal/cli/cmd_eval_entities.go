package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/eval/coref"
	"github.com/storywire/storywire/internal/eval/runner"
)

func (a *cli) evalEntitiesCommand() *cobra.Command {
	var data, corpus, modelPath string
	c := &cobra.Command{
		Use:   "entities --data FILE [--corpus DIR]",
		Short: "Score entity resolution on a hand-written gold file (B-cubed over mentions)",
		Long: `Ingest a corpus into a fresh temporary database, analysing every article,
and score the entities found against a gold file that names the real entity
behind each name in each article (format: testdata/demo/README.md). Without
--corpus the built-in demo corpus is used, whose gold file is
testdata/demo/entities.json.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold file: pass --data FILE (e.g. testdata/demo/entities.json)")
			}
			res, err := runner.Entities(cmd.Context(), data, corpus, modelPath)
			if err != nil {
				return err
			}
			printCorefResult(a.env.Stdout, data, res)
			return nil
		},
	}
	c.Flags().StringVar(&data, "data", "", "gold file (required)")
	c.Flags().StringVar(&corpus, "corpus", "", "directory of the articles the gold file describes (default: the demo corpus)")
	c.Flags().StringVar(&modelPath, "ner-model", "", "named-entity model file (default: the built-in model)")
	return c
}

func printCorefResult(w io.Writer, data string, r coref.Result) {
	fmt.Fprintf(w, "Entity resolution against %s: B-cubed over gold mentions\n\n", data)
	fmt.Fprintln(w, "| precision | recall | F1 | gold mentions | found by the tagger | gold entities | predicted entities |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	fmt.Fprintf(w, "| %.3f | %.3f | %.3f | %d | %d | %d | %d |\n", r.Precision, r.Recall, r.F1, r.GoldMentions, r.Detected, r.GoldEntities, r.PredictedEntities)
	if len(r.MissingArticles) > 0 {
		fmt.Fprintf(w, "\nNot analysed: %s\n", strings.Join(r.MissingArticles, ", "))
	}
	if len(r.Splits) > 0 {
		fmt.Fprintf(w, "\nSplit: %s\n", strings.Join(r.Splits, "; "))
	}
	if len(r.Merges) > 0 {
		fmt.Fprintf(w, "\nMerged: %s\n", strings.Join(r.Merges, "; "))
	}
	fmt.Fprintln(w, "\n(gold mentions the tagger missed count as entities of their own)")
}
