package pipeline

import (
	"context"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// Driver is the one clustering loop: each article added in clustering
// order, the clusterer settled whenever its window is full and at the end
// of a pile, and every assignment stored. Ingest, recluster and the story
// evaluation all drive the clusterer through it, so they cannot drift.
type Driver struct {
	Clusterer *cluster.Clusterer
	// Tx, when set, receives every assignment; evaluation leaves it nil
	// and reads the stories from the clusterer.
	Tx store.Tx
	// SinglePass adds without ever settling: the evaluation's baseline.
	SinglePass bool
}

// Add assigns one article, then settles if the window is full.
func (d Driver) Add(ctx context.Context, doc cluster.Doc) error {
	if err := d.store(ctx, d.Clusterer.Add(doc)); err != nil {
		return err
	}
	if !d.SinglePass && d.Clusterer.SettleDue() {
		return d.Settle(ctx)
	}
	return nil
}

// Settle reconsiders the articles held since the last settle (see
// cluster.Clusterer.Settle) and stores the ones that moved.
func (d Driver) Settle(ctx context.Context) error {
	if d.SinglePass {
		return nil
	}
	for _, a := range d.Clusterer.Settle() {
		if err := d.store(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// Run assigns a whole pile, docs already in clustering order
// (cluster.PublicationOrder), tokenising ahead on a core of its own, and
// settles at its end. A done ctx ends the pile early; what was added is
// still settled.
func (d Driver) Run(ctx context.Context, docs []cluster.Doc) error {
	// Cancelled on return, so an early error does not leave the tokeniser
	// blocked.
	ahead, cancel := context.WithCancel(ctx)
	defer cancel()
	for doc := range d.Clusterer.Ahead(ahead, docs) {
		if err := d.Add(ctx, doc); err != nil {
			return err
		}
	}
	return d.Settle(ctx)
}

func (d Driver) store(ctx context.Context, a model.Assignment) error {
	if d.Tx == nil {
		return nil
	}
	return storeAssignment(ctx, d.Tx, a)
}

// storeAssignment stores a clustering assignment, its explanation and the
// related-story links it made.
func storeAssignment(ctx context.Context, tx store.Tx, a model.Assignment) error {
	for _, m := range a.Merged {
		if err := tx.MergeStory(ctx, m, a.Story); err != nil {
			return err
		}
	}
	if err := tx.Assign(ctx, store.Assignment{Assignment: a}); err != nil {
		return err
	}
	for _, l := range a.Related {
		if err := tx.LinkStories(ctx, a.Story, l.Story, l.Strength); err != nil {
			return err
		}
	}
	return nil
}
