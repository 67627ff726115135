package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/storywire/storywire/internal/analyze/resolve"
	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/copies"
	"github.com/storywire/storywire/internal/extract/plaintext"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// prepare runs the parallel part of the work on one item: extraction, the
// copy sketch, analysis and, with tk (the worker's own), the tokens the
// clusterer counts.
func (cfg Config) prepare(p prepared, tk *cluster.Tokenizer, st *workerStages) prepared {
	t := time.Now()
	lap := func(d *atomicDuration) {
		now := time.Now()
		d.add(now.Sub(t))
		t = now
	}
	a, err := cfg.Extractor.Extract(p.doc)
	lap(&st.extract)
	p.doc = model.RawDocument{}
	if err != nil {
		p.err = err
		return p
	}
	p.article = a
	p.sketch = cfg.Sketcher.Sketch(a.Text)
	lap(&st.sketch)
	if cfg.Analyze != nil {
		ann := cfg.Analyze(a.Text, a.Published)
		lap(&st.analyze)
		p.ann = &ann
		if ann.AnalysedBytes > 0 {
			p.article.Warnings = append(p.article.Warnings, fmt.Sprintf("%s: the text is %s; only its first %s were analysed for names, dates and quotes (it is stored whole)",
				p.origin, humanBytes(len(a.Text)), humanBytes(ann.AnalysedBytes)))
		}
		if inf := ann.Published; inf != nil && !a.Published.Known() {
			if t, err := time.Parse("2006-01-02", inf.Date); err == nil {
				p.article.Published = model.Published{Time: t, Source: model.FromInferred, Reliability: model.Day}
			}
		}
	}
	if tk != nil {
		p.tokens = tk.Tokenize(cluster.Doc{Title: a.Title, Text: a.Text})
		lap(&st.tokenize)
	}
	return p
}

// workerStages sums the workers' stage times (Stages).
type workerStages struct {
	extract, sketch, analyze, tokenize atomicDuration
}

type atomicDuration struct{ n atomic.Int64 }

func (d *atomicDuration) add(x time.Duration) { d.n.Add(int64(x)) }
func (d *atomicDuration) get() time.Duration  { return time.Duration(d.n.Load()) }

// writer is the sequential stage: it decides for each article whether it
// is new, a duplicate or a copy, and stores it.
type writer struct {
	cfg       Config
	threshold float64
	sum       Summary
	// queue holds the stored articles not yet assigned to stories, and
	// oldest when the first of them was stored.
	queue  []queued
	oldest time.Time
	// guessed are the run's articles whose inferred year is a weekday's
	// guess, to be dated again from their stories (redateFromStories).
	guessed []string
	// added are the originals this run stored, so that one displaced by
	// an earlier-published copy later in the run is counted as the copy
	// it became.
	added map[string]bool
}

// queued is a stored article waiting for its story, with what the
// workers prepared for the clusterer.
type queued struct {
	id     string
	ann    *model.Annotations
	tokens *cluster.Tokens
}

// Stored articles are assigned to stories in publication order, as
// recluster does, a queue at a time: when clusterQueue articles wait, when
// the oldest has waited maxClusterDelay (a slow source, such as a feed,
// still sees its stories soon), and at the end of the run.
const (
	clusterQueue    = 4096
	maxClusterDelay = 30 * time.Second
)

// run writes the batches it is given until they end or one fails, and
// assigns the stored articles to stories when the queue is due.
func (w *writer) run(ctx context.Context, batches <-chan []prepared) error {
	tick := time.NewTicker(maxBatchDelay / 4)
	defer tick.Stop()
	for {
		idle := time.Now()
		select {
		case batch, ok := <-batches:
			w.sum.Stages.WriterIdle += time.Since(idle)
			if !ok {
				return nil
			}
			if err := w.write(ctx, batch); err != nil {
				return err
			}
		case <-tick.C:
			w.sum.Stages.WriterIdle += time.Since(idle)
			if err := w.assignDue(ctx); err != nil {
				return err
			}
		}
	}
}

// write stores a batch in one transaction. If the transaction fails, the
// batch is retried one item per transaction so that one article the store
// rejects does not take the others with it; a failure of the store itself
// then fails again on the first item and stops the run.
func (w *writer) write(ctx context.Context, batch []prepared) error {
	results := make([]Result, len(batch))
	stages := &w.sum.Stages
	start := time.Now()
	var inner time.Duration // the stages timed inside the transaction
	err := w.cfg.Store.Write(ctx, func(tx store.Tx) error {
		for i, p := range batch {
			t := time.Now()
			r, err := w.decide(ctx, tx, p)
			d := time.Since(t)
			stages.Copies += d
			inner += d
			if err != nil {
				return err
			}
			if r.Outcome == Added || r.Outcome == Copy {
				if err := countSiteLines(ctx, tx, p.article); err != nil {
					return err
				}
			}
			if p.ann != nil && (r.Outcome == Added || r.Outcome == Copy) {
				t := time.Now()
				if err := resolve.Link(ctx, tx, p.ann); err != nil {
					return err
				}
				t2 := time.Now()
				if err := tx.SetAnnotations(ctx, r.ID, *p.ann); err != nil {
					return err
				}
				stages.Resolve += t2.Sub(t)
				stages.Annotations += time.Since(t2)
				inner += time.Since(t)
			}
			results[i] = r
		}
		return nil
	})
	stages.Commit += time.Since(start) - inner
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if len(batch) == 1 {
			return w.isolate(ctx, batch[0], err)
		}
		for _, p := range batch {
			if err := w.write(ctx, []prepared{p}); err != nil {
				return err
			}
		}
		return nil
	}
	if err := w.enqueue(ctx, batch, results); err != nil {
		return err
	}
	for _, r := range results {
		w.record(r)
	}
	return nil
}

// enqueue queues a committed batch's new articles for their stories and
// assigns the queue once it is full.
func (w *writer) enqueue(ctx context.Context, batch []prepared, results []Result) error {
	if w.cfg.Cluster == nil {
		return nil
	}
	for i, r := range results {
		if r.Outcome != Added && r.Outcome != Copy {
			continue
		}
		if len(w.queue) == 0 {
			w.oldest = time.Now()
		}
		q := queued{id: r.ID, tokens: batch[i].tokens}
		if a := batch[i].ann; a != nil && a.Published != nil && a.Published.Confidence < trustedYear {
			w.guessed = append(w.guessed, r.ID)
		}
		if a := batch[i].ann; a != nil {
			// Only what clustering reads waits in the queue: a full queue
			// of whole annotations took about 130 MB.
			needed := cluster.Needed(*a)
			q.ann = &needed
		}
		w.queue = append(w.queue, q)
	}
	if len(w.queue) >= clusterQueue {
		return w.assign(ctx)
	}
	return nil
}

// assignDue assigns the queue if its oldest article has waited long
// enough.
func (w *writer) assignDue(ctx context.Context) error {
	if len(w.queue) > 0 && time.Since(w.oldest) >= maxClusterDelay {
		return w.assign(ctx)
	}
	return nil
}

// assign gives the queued articles their stories in one transaction,
// oldest publication first (cluster.PublicationOrder), and settles when
// the clusterer's window is full. A failure here leaves articles without
// a story (storywire recluster mends that) and stops the run, since the
// clusterer's memory would no longer match the store.
func (w *writer) assign(ctx context.Context) error {
	if w.cfg.Cluster == nil || len(w.queue) == 0 {
		return nil
	}
	queue := w.queue
	w.queue = nil
	defer func(t time.Time) { w.sum.Stages.Cluster += time.Since(t) }(time.Now())
	// The queued articles are committed: their assignment runs to its end
	// even when the run is being cancelled, or an interrupted run would
	// leave articles no story holds.
	ctx = context.WithoutCancel(ctx)
	err := w.cfg.Store.Write(ctx, func(tx store.Tx) error {
		docs := make([]cluster.Doc, len(queue))
		for i, q := range queue {
			// Read back, not taken from the batch: a later article may have
			// become its copy group's original and re-pointed this one's
			// copy link.
			art, err := tx.Article(ctx, q.id)
			if err != nil {
				return err
			}
			var ann model.Annotations
			if q.ann != nil {
				ann = *q.ann
			}
			docs[i] = cluster.FromArticle(art, ann)
			docs[i].Tokens = q.tokens
		}
		d := Driver{Clusterer: w.cfg.Cluster, Tx: tx}
		for _, i := range cluster.PublicationOrder(docs) {
			if err := d.Add(ctx, docs[i]); err != nil {
				return err
			}
			if w.cfg.Assigned != nil {
				w.cfg.Assigned(docs[i])
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("pipeline: assign stories: %w", err)
	}
	return nil
}

// settle assigns the articles still queued, then reconsiders the run's
// articles once they are all in (see cluster.Settle) and stores the ones
// that moved.
func (w *writer) settle(ctx context.Context) error {
	if w.cfg.Cluster == nil {
		return nil
	}
	if err := w.assign(ctx); err != nil {
		return err
	}
	defer func(t time.Time) { w.sum.Stages.Settle += time.Since(t) }(time.Now())
	err := w.cfg.Store.Write(ctx, func(tx store.Tx) error {
		return Driver{Clusterer: w.cfg.Cluster, Tx: tx}.Settle(ctx)
	})
	if err != nil {
		return fmt.Errorf("pipeline: settle stories: %w", err)
	}
	return w.redateFromStories(ctx)
}

// isolate handles a single item whose transaction failed: when the store
// still works (a write of nothing succeeds) the item is recorded as failed
// and the run goes on; otherwise the store's error stops the run.
func (w *writer) isolate(ctx context.Context, p prepared, itemErr error) error {
	if err := w.cfg.Store.Write(ctx, func(store.Tx) error { return nil }); err != nil {
		return fmt.Errorf("pipeline: store: %w", err)
	}
	w.record(Result{Origin: p.origin, Title: p.article.Title, Outcome: Failed,
		Err: fmt.Errorf("store %s: %w", p.origin, itemErr)})
	return nil
}

func (w *writer) record(r Result) {
	switch r.Outcome {
	case Added:
		w.sum.Added++
		if w.added == nil {
			w.added = map[string]bool{}
		}
		w.added[r.ID] = true
		if w.added[r.Displaced] {
			delete(w.added, r.Displaced)
			w.sum.Added--
			w.sum.Copies++
		}
	case Copy:
		w.sum.Copies++
	case Duplicate:
		w.sum.Duplicates++
	case Failed:
		w.sum.Failed++
		w.sum.Failures = append(w.sum.Failures, r)
	}
	if len(r.Warnings) > 0 {
		w.sum.Warnings = append(w.sum.Warnings, r)
	}
	if w.cfg.OnResult != nil {
		w.cfg.OnResult(r)
	}
}

// decide stores one article, or not, inside tx.
func (w *writer) decide(ctx context.Context, tx store.Tx, p prepared) (Result, error) {
	r := Result{Origin: p.origin, ID: p.article.ID, Title: p.article.Title, Warnings: p.article.Warnings}
	if p.err != nil {
		r.Outcome, r.Err = Failed, p.err
		return r, nil
	}
	a := p.article
	// The same ID is the same article: the same canonical URL (the ID is
	// derived from it) or, for an article without one, the same text under
	// the same outlet.
	if _, err := tx.Article(ctx, a.ID); err == nil {
		r.Outcome, r.CopyOf = Duplicate, a.ID
		return r, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return r, err
	}
	best, bestSim, dup, err := w.nearest(ctx, tx, p)
	if err != nil {
		return r, err
	}
	if dup {
		r.Outcome, r.CopyOf, r.ID = Duplicate, best.ID, best.ID
		return r, nil
	}
	if bestSim < w.threshold {
		r.Outcome = Added
		return r, tx.Insert(ctx, a, p.sketch)
	}

	// The group's original is the earliest published copy. A new article
	// published before the current original takes its place, and the
	// group is re-pointed to it.
	root, err := rootOf(ctx, tx, best)
	if err != nil {
		return r, err
	}
	// An inferred date is a guess: it never makes an article the original.
	if stated(a.Published) && stated(root.Published) && a.Published.Time.Before(root.Published.Time) {
		if err := tx.Insert(ctx, a, p.sketch); err != nil {
			return r, err
		}
		if err := tx.Reparent(ctx, root.ID, a.ID, bestSim); err != nil {
			return r, err
		}
		r.Outcome, r.Displaced = Added, root.ID
		return r, nil
	}
	a.CopyOf, a.CopySimilarity = root.ID, bestSim
	r.Outcome, r.CopyOf, r.Similarity = Copy, root.ID, bestSim
	if !stated(a.Published) && stated(root.Published) {
		a.Published = redate(a, p.ann, root.Published.Time)
	}
	return r, tx.Insert(ctx, a, p.sketch)
}

// nearest finds the stored article most like p: an article with the same
// text scores 1, otherwise the best-scoring LSH candidate. The same text
// stored under the same outlet (or where either has no outlet) is a plain
// duplicate (dup is true); the same text under a different outlet is a
// verbatim copy, which users want to see ("run by 12 outlets").
func (w *writer) nearest(ctx context.Context, tx store.Tx, p prepared) (best store.Candidate, sim float64, dup bool, err error) {
	a := p.article
	id, ok, err := tx.Duplicate(ctx, "", a.ContentHash)
	if err != nil {
		return best, 0, false, err
	}
	if ok {
		prev, err := tx.Article(ctx, id)
		if err != nil {
			return best, 0, false, err
		}
		best = store.Candidate{ID: prev.ID, CopyOf: prev.CopyOf, Published: prev.Published, Ingested: prev.Ingested}
		// One outlet by identity: "Harbour Times" and its domain are one.
		ka, kp := model.OutletKey(a.Outlet), model.OutletKey(prev.Outlet)
		dup = ka == "" || kp == "" || ka == kp
		return best, 1, dup, nil
	}
	if a.HeadlineOnly() {
		// A few words in common make no copy: two outlets' "Morning
		// briefing" are two items.
		return best, 0, false, nil
	}
	cands, err := tx.CopyCandidates(ctx, p.sketch.Bands)
	if err != nil {
		return best, 0, false, err
	}
	for _, c := range cands {
		if s := copies.Similarity(p.sketch.Signature, c.Signature); s > sim {
			best, sim = c, s
		}
	}
	// An estimate of 1 is not proof of equal text; keep it below the mark
	// of an exact copy.
	return best, min(sim, 0.999), false, nil
}

// rootOf returns the original of c's copy group.
func rootOf(ctx context.Context, tx store.Tx, c store.Candidate) (store.Candidate, error) {
	if c.CopyOf == "" {
		return c, nil
	}
	a, err := tx.Article(ctx, c.CopyOf)
	if err != nil {
		return store.Candidate{}, err
	}
	return store.Candidate{ID: a.ID, CopyOf: a.CopyOf, Published: a.Published, Ingested: a.Ingested}, nil
}

// stated reports whether a publication time is known and was not inferred.
func stated(p model.Published) bool {
	return p.Known() && p.Source != model.FromInferred
}

// countSiteLines counts, for a copy of a whole page, every line it holds
// (its article's paragraphs and the furniture cut from around them) as one
// more page of its site, so that the lines a site repeats on every page
// are known as its furniture at the next run (extract.Options.SiteLines).
func countSiteLines(ctx context.Context, tx store.Tx, a model.Article) error {
	site := model.ArticleOutletKey(a)
	if site == "" || !slices.ContainsFunc(a.Removed, func(r model.Removal) bool { return r.Kind == "page" }) {
		return nil
	}
	seen := map[uint64]bool{}
	var lines []uint64
	add := func(line string) {
		if k := plaintext.LineKey(line); k != 0 && !seen[k] {
			seen[k] = true
			lines = append(lines, k)
		}
	}
	for _, para := range strings.Split(a.Text, "\n\n") {
		add(para)
	}
	for _, r := range a.Removed {
		if r.Kind == "page" {
			add(r.Text)
		}
	}
	return tx.AddSiteLines(ctx, site, lines)
}

// humanBytes writes a size the way a user reads it.
func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
