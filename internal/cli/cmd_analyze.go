package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
)

func (a *cli) analyzeCommand() *cobra.Command {
	var all bool
	var modelPath string
	c := &cobra.Command{
		Use:   "analyze [--all | ID ...]",
		Short: "Run the analysis (names, roles, entities) again over stored articles, e.g. after retraining",
		Long: `Run the analysis again over stored articles. With --all, every entity is
rebuilt from scratch, oldest article first; with IDs, only those articles
are analysed again and their entities updated.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if all == (len(args) > 0) {
				return errors.New("give article IDs or --all")
			}
			return a.runAnalyze(cmd.Context(), all, args, modelPath)
		},
	}
	c.Flags().BoolVar(&all, "all", false, "analyse every stored article and rebuild all entities")
	c.Flags().StringVar(&modelPath, "ner-model", "", "named-entity model file (default: the built-in model)")
	return c
}

func (a *cli) runAnalyze(ctx context.Context, all bool, ids []string, modelPath string) error {
	m, err := app.LoadNERModel(modelPath)
	if err != nil {
		return err
	}
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	res, err := sw.Reanalyze(ctx, m, app.ReanalyzeOptions{All: all, IDs: ids, Missing: func(id string) {
		fmt.Fprintf(a.env.Stderr, "storywire: no article %q: skipped\n", id)
	}})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "analysed %d articles\n", res.Analysed)
	if res.Missing > 0 {
		return partialError{res.Missing}
	}
	return nil
}
