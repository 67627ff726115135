package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/storywire/storywire/internal/analyze"
	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/analyze/resolve"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// ReanalyzeOptions say which stored articles to analyse again.
type ReanalyzeOptions struct {
	// All analyses every stored article and rebuilds every entity from
	// scratch; otherwise only IDs are analysed and their entities updated.
	All bool
	IDs []string
	// Missing, when set, is told of each ID with no stored article; the
	// rest goes on.
	Missing func(id string)
}

// ReanalyzeResult counts what Reanalyze did.
type ReanalyzeResult struct {
	Analysed, Missing int
}

// Reanalyze runs the analysis again with model m over stored articles
// (after retraining, say), oldest first with All.
func (a *App) Reanalyze(ctx context.Context, m *ner.Model, o ReanalyzeOptions) (ReanalyzeResult, error) {
	an := analyze.New(m)
	defer a.views.reset() // a story's dates can come from the analysis (inferred)
	ids := o.IDs
	if o.All {
		// Every entity is made again, under new ids, which a clusterer
		// holding the stories' state would not know of: none may run (a
		// distributed one holds the lease), and this process's own one
		// is rebuilt from the store next time.
		a.mu.Lock()
		defer a.mu.Unlock()
		release, err := a.holdClusterer(ctx)
		if err != nil {
			return ReanalyzeResult{}, err
		}
		defer release()
		defer a.storiesChanged()
		ids = nil
		if err := a.st.EachArticle(ctx, store.Filter{}, func(x model.Article) error {
			ids = append(ids, x.ID)
			return nil
		}); err != nil {
			return ReanalyzeResult{}, err
		}
		// Listing is newest first; entities are built oldest first, the
		// order they were reported in.
		slices.Reverse(ids)
		if err := a.st.Write(ctx, func(tx store.Tx) error { return tx.ClearEntities(ctx) }); err != nil {
			return ReanalyzeResult{}, err
		}
	}
	// Articles are read and analysed on every core, a batch at a time;
	// entities are resolved and stored in one transaction per batch, in
	// order, so the result does not depend on the number of cores.
	const batch = 200
	var res ReanalyzeResult
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
					art, err := a.st.Article(ctx, chunk[i])
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
		err := a.st.Write(ctx, func(tx store.Tx) error {
			for i, id := range chunk {
				if errors.Is(errs[i], store.ErrNotFound) {
					if o.Missing != nil {
						o.Missing(id)
					}
					res.Missing++
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
			return res, err
		}
	}
	res.Analysed = len(ids) - res.Missing
	return res, nil
}
