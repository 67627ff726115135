package app

import (
	"context"
	"fmt"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/store"
)

// KeepClusterer makes the App hold its clusterer in memory from now on,
// rebuilding it from the store now (so a server is ready before its first
// request) rather than at every ingest.
func (a *App) KeepClusterer(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keep = true
	_, err := a.clusterer(ctx)
	return err
}

// clusterer returns the clusterer an ingest continues with: the resident
// one, or one rebuilt from the store. The caller holds a.mu.
func (a *App) clusterer(ctx context.Context) (*cluster.Clusterer, error) {
	if a.resident != nil {
		return a.resident, nil
	}
	c, err := a.restoreClusterer(ctx)
	if err != nil {
		return nil, err
	}
	if a.keep {
		a.resident = c
	}
	return c, nil
}

// storiesChanged drops the resident clusterer after the stored stories
// changed other than through it (a correction, a recluster, a run that
// stopped half way); the next ingest rebuilds it. The caller holds a.mu.
func (a *App) storiesChanged() { a.resident = nil }

// restoreClusterer rebuilds the clusterer from the store: every stored
// assignment replayed in order, then the corrections, so clustering goes
// on where the last run left off, with the same story ids. Reading and
// decoding the stored articles runs on a goroutine of its own, a bounded
// distance ahead of the replay, so the two share the cores (they take
// about half the time each).
func (a *App) restoreClusterer(ctx context.Context) (*cluster.Clusterer, error) {
	c := cluster.New(cluster.Default())
	type restore struct {
		d     cluster.Doc
		story int64
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan restore, 256)
	read := make(chan error, 1)
	go func() {
		defer close(ch)
		read <- a.st.EachAssignedArticle(ctx, func(as store.Assignment, art model.Article, ann model.Annotations) error {
			select {
			case ch <- restore{cluster.FromArticle(art, ann), as.Story}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for r := range ch {
		c.Restore(r.d, r.story)
	}
	if err := <-read; err != nil {
		return nil, fmt.Errorf("restore stories: %w", err)
	}
	if err := a.applyCorrections(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

func (a *App) applyCorrections(ctx context.Context, c *cluster.Clusterer) error {
	cs, err := a.st.Corrections(ctx)
	if err != nil {
		return err
	}
	for _, x := range cs {
		switch x.Kind {
		case model.CorrectionJoin:
			c.MustJoin(x.Article, x.Other)
		case model.CorrectionApart:
			c.Apart(x.Article, x.Other)
		}
	}
	return nil
}

// Recluster rebuilds every story from scratch: the articles in clustering
// order (publication time, then the undated in ingest order), with the
// stored corrections applied. It returns the number of stories.
func (a *App) Recluster(ctx context.Context) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer a.storiesChanged()
	docs, _, err := a.ClusterDocs(ctx)
	if err != nil {
		return 0, err
	}
	c := cluster.New(cluster.Default())
	if err := a.applyCorrections(ctx, c); err != nil {
		return 0, err
	}
	err = a.st.Write(ctx, func(tx store.Tx) error {
		if err := tx.ClearStories(ctx); err != nil {
			return err
		}
		return pipeline.Driver{Clusterer: c, Tx: tx}.Run(ctx, docs)
	})
	stories := map[int64]bool{}
	for _, d := range docs {
		s, _ := c.StoryOf(d.ID)
		stories[s] = true
	}
	return len(stories), err
}

// ClusterDocs reads every analysed article's clustering view in
// clustering order: by publication time, oldest first, then the undated
// ones in ingest order; with each, the article's origin.
func (a *App) ClusterDocs(ctx context.Context) ([]cluster.Doc, []string, error) {
	var all []cluster.Doc
	var from []string
	err := a.st.EachAnnotated(ctx, store.Filter{}, func(art model.Article, ann model.Annotations, _ bool) error {
		all, from = append(all, cluster.FromArticle(art, ann)), append(from, art.Origin)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// The store lists articles of one time in ingest order, and
	// PublicationOrder keeps it.
	docs := make([]cluster.Doc, 0, len(all))
	origins := make([]string, 0, len(all))
	for _, i := range cluster.PublicationOrder(all) {
		docs, origins = append(docs, all[i]), append(origins, from[i])
	}
	return docs, origins, nil
}
