package cli

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/resolve"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func (a *app) analyzeCommand() *cobra.Command {
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

func (a *app) runAnalyze(ctx context.Context, all bool, ids []string, modelPath string) error {
	m, err := loadNERModel(modelPath)
	if err != nil {
		return err
	}
	an := analyze.New(m)
	st, err := a.openExistingStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if all {
		ids = ids[:0]
		if err := st.EachArticle(ctx, store.Filter{}, func(x model.Article) error {
			ids = append(ids, x.ID)
			return nil
		}); err != nil {
			return err
		}
		// Listing is newest first; entities are built oldest first, the
		// order they were reported in.
		slices.Reverse(ids)
		if err := st.Write(ctx, func(tx store.Tx) error { return tx.ClearEntities(ctx) }); err != nil {
			return err
		}
	}
	// Articles are read and analysed on every core, a batch at a time;
	// entities are resolved and stored in one transaction per batch, in
	// order, so the result does not depend on the number of cores.
	const batch = 200
	failed := 0
	workers := runtime.GOMAXPROCS(0)
	for start := 0; start < len(ids); start += batch {
		chunk := ids[start:min(len(ids), start+batch)]
		anns := make([]*model.Annotations, len(chunk))
		errs := make([]error, len(chunk))
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Go(func() {
				for i := range next {
					art, err := st.Article(ctx, chunk[i])
					if err != nil {
						errs[i] = err
						continue
					}
					pub := art.Published
					if pub.Source == model.FromInferred {
						pub = model.Published{} // infer it again
					}
					ann := an.Analyze(art.Text, pub)
					anns[i] = &ann
				}
			})
		}
		for i := range chunk {
			next <- i
		}
		close(next)
		wg.Wait()
		err := st.Write(ctx, func(tx store.Tx) error {
			for i, id := range chunk {
				if errors.Is(errs[i], store.ErrNotFound) {
					fmt.Fprintf(a.env.Stderr, "storywire: no article %q: skipped\n", id)
					failed++
					continue
				}
				if errs[i] != nil {
					return errs[i]
				}
				if err := resolve.Link(ctx, tx, anns[i]); err != nil {
					return fmt.Errorf("article %s: %w", id, err)
				}
				if err := tx.SetAnnotations(ctx, id, *anns[i]); err != nil {
					return fmt.Errorf("article %s: %w", id, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(a.env.Stdout, "analysed %d articles\n", len(ids)-failed)
	if failed > 0 {
		return partialError{failed}
	}
	return nil
}
