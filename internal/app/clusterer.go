package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/pipeline"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/store/postgres"
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
// stopped half way); the next ingest rebuilds it. The cached story heads
// go too. The caller holds a.mu.
func (a *App) storiesChanged() { a.resident = nil; a.views.reset() }

// restoreClusterer rebuilds the clusterer from the store: what a replay
// of every stored assignment in order gives (replayClusterer), then the
// corrections, so clustering goes on where the last run left off, with
// the same story ids.
func (a *App) restoreClusterer(ctx context.Context) (*cluster.Clusterer, error) {
	c, err := a.replayClusterer(ctx, false, nil)
	if err != nil {
		return nil, err
	}
	if err := a.applyCorrections(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// SaveClusterState brings the clusterer's state saved in the store up to
// date with the stored assignments, so that the next start (of ingest or
// of a server) reads it instead of replaying them. Ingest does it at the
// end of every run that stored articles, unless the App keeps its
// clusterer (KeepClusterer): a long-running process calls it itself, now
// and then or before it stops. It reads the store only and does not wait
// for ingests: what they change meanwhile is not saved, never saved wrong.
// It costs the replay of the assignments since the state last saved, or
// of all of them when a merge, a correction or a recluster dropped it
// (about 16 s per 100,000 articles).
func (a *App) SaveClusterState(ctx context.Context) error {
	_, err := a.replayClusterer(ctx, true, nil)
	return err
}

// replayClusterer returns the clusterer that replaying every stored
// assignment in order gives, corrections not applied. Replaying 100,000
// articles takes about 16 s, so the store keeps the replay's state (a
// cluster.Snapshot) and drops it in the same transaction as anything
// that would make a replay differ from it; the state saved, when there is
// one, is loaded and only the assignments after it are replayed on top,
// which gives the same clusterer, to the bit. A new state is saved when
// any assignment was replayed. Bounded, it replays only the assignments
// stored when it began (to save a state while others write), not the
// ones stored since.
//
// tokens, when given, are articles' clustering tokens already made (by
// the run that stored them), used instead of tokenizing them again.
func (a *App) replayClusterer(ctx context.Context, bounded bool, tokens map[string]*cluster.Tokens) (*cluster.Clusterer, error) {
	// The watch comes first: whatever changes from now on, up to the last
	// assignment stored now, ends it, and the state made is not saved.
	var upTo, token int64
	err := a.st.Write(ctx, func(tx store.Tx) (err error) {
		upTo, token, err = tx.WatchClusterState(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("restore stories: %w", err)
	}
	saved, ok, err := a.st.ClusterState(ctx)
	if err != nil {
		return nil, fmt.Errorf("restore stories: %w", err)
	}
	var c *cluster.Clusterer
	var from int64
	if ok && saved.Token == token && saved.Version == cluster.SnapshotVersion {
		// A state that does not load (another configuration, a corrupt
		// blob) is replayed over, and replaced.
		if c, err = cluster.LoadSnapshot(cluster.Default(), saved.Data); err == nil {
			from = saved.Seq
		}
	}
	if c == nil {
		c = cluster.New(cluster.Default())
	}
	bound := int64(0)
	if bounded {
		bound = upTo
	}
	last, n, err := a.replayAfter(ctx, c, from, bound, tokens)
	if err != nil {
		return nil, err
	}
	// Still watched, nothing the saved state covers changed between
	// reading it and reading the assignments after it: the two make one
	// consistent replay. Otherwise replay all; that is one read.
	now, _, err := a.st.ClusterState(ctx)
	if err != nil {
		return nil, fmt.Errorf("restore stories: %w", err)
	}
	if now.Token != token {
		if from > 0 {
			c = cluster.New(cluster.Default())
			if _, _, err := a.replayAfter(ctx, c, 0, bound, tokens); err != nil {
				return nil, err
			}
		}
		return c, nil
	}
	if n == 0 || last != upTo {
		// Nothing new to save, or assignments stored since the watch
		// began (by another process) that it does not cover.
		return c, nil
	}
	data, err := c.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("restore stories: %w", err)
	}
	err = a.st.Write(ctx, func(tx store.Tx) error {
		_, err := tx.SaveClusterState(ctx, token, store.ClusterState{Seq: upTo, Version: cluster.SnapshotVersion, Data: data})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("restore stories: %w", err)
	}
	return c, nil
}

// replayAfter replays the stored assignments after seq from (0: all) and
// up to upTo (0: to the last) into c, in order, and returns the last
// one's seq and how many there were.
// Reading and decoding the stored articles runs on a goroutine of its
// own, a bounded distance ahead of the replay, so the two share the
// cores (they take about half the time each).
func (a *App) replayAfter(ctx context.Context, c *cluster.Clusterer, from, upTo int64, tokens map[string]*cluster.Tokens) (last int64, n int, err error) {
	type restore struct {
		d     cluster.Doc
		story int64
		seq   int64
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan restore, 256)
	read := make(chan error, 1)
	go func() {
		defer close(ch)
		err := a.st.EachAssignedArticle(ctx, from, func(as store.Assignment, art model.Article, ann model.Annotations) error {
			if upTo > 0 && as.Seq > upTo {
				return errEnough
			}
			d := cluster.FromArticle(art, ann)
			d.Tokens = tokens[art.ID] // nil: Restore tokenizes it
			select {
			case ch <- restore{d, as.Story, as.Seq}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if errors.Is(err, errEnough) {
			err = nil
		}
		read <- err
	}()
	last = from
	for r := range ch {
		c.Restore(r.d, r.story)
		last = r.seq
		n++
	}
	if err := <-read; err != nil {
		return 0, 0, fmt.Errorf("restore stories: %w", err)
	}
	return last, n, nil
}

// errEnough stops a bounded replay's read at the first assignment past
// its bound.
var errEnough = errors.New("enough")

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
	release, err := a.holdClusterer(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
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

// holdClusterer takes the distributed clusterer's lease on a PostgreSQL
// store for a rebuild of the stories, refusing while a clusterer
// (storywire worker) holds it: the two would write stories over each
// other. On SQLite there is no such clusterer and it takes nothing.
func (a *App) holdClusterer(ctx context.Context) (release func(), err error) {
	pg, ok := a.st.(*postgres.DB)
	if !ok {
		return func() {}, nil
	}
	lock, err := pg.TryLockClusterer(ctx)
	if err != nil {
		return nil, err
	}
	if lock == nil {
		return nil, invalidf("a clusterer is running on this database (storywire worker --role cluster or all): stop it first, then run this again")
	}
	return func() { _ = lock.Release(context.WithoutCancel(ctx)) }, nil
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
