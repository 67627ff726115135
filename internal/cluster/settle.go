package cluster

import (
	"math"

	"github.com/storywire/storywire/internal/model"
)

// held is an article added since the last Settle, kept with its vectors
// so it can be scored again.
type held struct {
	id     string
	v      docVec
	copyOf string
	reason model.AssignmentReason // how Add placed it
	// q and eq are its term and entity queries, made once when Settle
	// starts: the collection's rarities do not change while it runs.
	q  query
	eq entQuery
}

// settleBuffer holds the articles added since the last Settle, with
// their vectors, so they can be reconsidered once later ones are in. It
// holds at most window articles: when it is full the older half is let
// go, and those articles stay where they are.
type settleBuffer struct {
	window int
	items  []held
}

// add keeps an article for Settle.
func (b *settleBuffer) add(d Doc, v docVec, reason model.AssignmentReason) {
	if len(b.items) >= b.window {
		n := copy(b.items, b.items[len(b.items)/2:])
		clear(b.items[n:])
		b.items = b.items[:n]
	}
	b.items = append(b.items, held{id: d.ID, v: v, copyOf: d.CopyOf, reason: reason})
}

// full reports whether the buffer holds window articles.
func (b *settleBuffer) full() bool { return len(b.items) >= b.window }

// take returns the held articles and empties the buffer.
func (b *settleBuffer) take() []held {
	hs := b.items
	b.items = nil
	return hs
}

// settleRounds bounds the passes Settle makes over the held articles: a
// move changes the stories the others are scored against, and most
// settle in one or two.
const settleRounds = 3

// settleMargin is how much better another story must score than the
// article's own (without it) for the article to move: a move on a
// rounding difference would only make the stories flicker.
const settleMargin = 0.02

// SettleDue reports whether the settle window is full: articles added
// from now on would push the oldest held ones out unsettled.
func (c *Clusterer) SettleDue() bool { return c.held.full() }

// loner is the share of the usual score an undated article that is
// still alone in its story once a run is in needs to join its best story.
// Online, the first article of an event sees only the stories of similar
// events, so joining undated needs a high score; once the pile is in, an
// article's best match is nearly always its own event (the nearest article
// in ECB+ reports the same event for 98% of articles), and a story of one
// undated article is more often a report that was worded apart than an
// event of its own. Dated articles keep the usual bar: their day gap has
// already spoken, and the first report of a new event is often alone at
// the end of a run. Any share from 0.3 to 0.6 scored best on ECB+ dev
// (docs/experiments/clustering-constants.md).
const loner = 0.6

// Settle reconsiders the articles added since the last Settle, now that
// the later ones are in. Online, an article can only join the stories
// that exist when it arrives: the first reports of two similar events may
// meet in one story before either has grown, the first reports of one
// event may start two stories, and an article may join a story of a
// similar event because its own event's story had not grown yet.
//
// Settle first splits stories made only of held articles whose articles
// fall into groups that do not hold together and show signs of distinct
// events (split). Then each held article is taken out of its story and
// scored again against every candidate; it moves when another story
// passes the threshold and scores better than its own story without it
// by settleMargin, for up to settleRounds passes. Then each held
// article's nearest held articles split stories whose neighbour links
// fall into two groups that hardly link to each other and show signs of
// different events (cores), and merge stories whose articles' neighbours
// lie in another story (fragments).
// Copies follow their originals; articles placed by a correction stay.
// It returns the new assignments of the articles that moved (Reason
// "settle", From the story each was in before), in the order they were
// added, and lets go of the held articles.
//
// Callers settle at the end of a pile (an ingest run, a recluster) and
// whenever SettleDue says the window is full; the result depends only on
// the articles and their order, as Add's does.
func (c *Clusterer) Settle() []model.Assignment {
	hs := c.held.take()
	c.prepare(hs)
	// moved keeps each moved article's latest assignment, From the story
	// it was in before Settle, however many steps moved it.
	moved := map[string]model.Assignment{}
	record := func(as ...model.Assignment) {
		for _, a := range as {
			if first, seen := moved[a.Article]; seen {
				a.From = first.From
			}
			moved[a.Article] = a
		}
	}
	record(c.split(hs)...)
	// An article is scored without its copies, which would otherwise
	// hold it in place, and they go where it goes.
	copies := map[string][]*held{}
	for i := range hs {
		if hs[i].reason == model.ReasonCopy {
			copies[hs[i].copyOf] = append(copies[hs[i].copyOf], &hs[i])
		}
	}
	// The first pass reconsiders every held article; a later one only
	// those whose story gained or lost an article in the pass before, the
	// only ones whose own score changed.
	var touched map[int64]bool
	for range settleRounds {
		next := map[int64]bool{}
		for i := range hs {
			h := &hs[i]
			if h.reason == model.ReasonCorrection || h.reason == model.ReasonCopy {
				continue
			}
			from := c.stories.get(c.stories.ofDoc[h.id])
			if from == nil || touched != nil && !touched[from.id] {
				continue // evicted, merged and gone, or unchanged
			}
			for _, a := range c.reconsider(h, from, copies[h.id]) {
				record(a)
				next[from.id], next[a.Story] = true, true
			}
		}
		if len(next) == 0 {
			break
		}
		touched = next
	}
	near := c.neighbours(hs)
	record(c.cores(hs, near)...)
	record(c.fragments(hs, near)...)
	for i := range hs {
		h := &hs[i]
		if h.reason != model.ReasonCopy {
			continue
		}
		from, to := c.stories.get(c.stories.ofDoc[h.id]), c.stories.get(c.stories.ofDoc[h.copyOf])
		if from == nil || to == nil || from == to || c.blocked(h.id, to.id) {
			continue
		}
		c.unjoin(from, h)
		c.join(to, h.id, h.v)
		c.stories.dropEmpty(from)
		record(model.Assignment{Article: h.id, Story: to.id, Reason: model.ReasonCopy, From: from.id, Threshold: c.cfg.Threshold})
	}
	var out []model.Assignment
	for _, h := range hs {
		a, ok := moved[h.id]
		if ok && a.Story != a.From && c.stories.ofDoc[h.id] == a.Story {
			out = append(out, a)
		}
	}
	return out
}

// prepare makes the held articles' queries, once per Settle.
func (c *Clusterer) prepare(hs []held) {
	for i := range hs {
		hs[i].q, hs[i].eq = c.query(hs[i].v.tf), c.entQuery(hs[i].v)
	}
}

// reconsider scores a held article again without it (and its copies
// in the same story) in its story, and moves it, copies and all, when
// another story is now clearly better. It returns their assignments.
func (c *Clusterer) reconsider(h *held, from *story, copies []*held) []model.Assignment {
	var along []*held
	for _, cp := range copies {
		if c.stories.ofDoc[cp.id] == from.id {
			c.unjoin(from, cp)
			along = append(along, cp)
		}
	}
	c.unjoin(from, h)
	dq := h.q
	cands := c.score(h.v, dq)
	own := 0.0
	for _, cand := range cands {
		if cand.Story == from.id {
			own = cand.Score
		}
	}
	to := from
	target, need := c.pick(h.id, h.v.short, cands)
	if target == 0 && len(from.articles) == 0 {
		// Alone once the whole run is in, and undated: join the best
		// story at a lower bar (see loner).
		for _, cand := range cands {
			if cand.GapDays < 0 && cand.Story != from.id && cand.Score >= loner*c.need(cand) && !c.blocked(h.id, cand.Story) {
				target, need = cand.Story, loner*c.need(cand)
				break
			}
		}
	}
	if target != 0 && target != from.id {
		for _, cand := range cands {
			if cand.Story == target && cand.Score >= own+settleMargin {
				to = c.stories.get(target)
			}
		}
	}
	if to != from {
		c.explain(h.v, dq, cands)
	}
	c.join(to, h.id, h.v)
	for _, cp := range along {
		c.join(to, cp.id, cp.v)
	}
	if to == from {
		return nil
	}
	c.stories.dropEmpty(from)
	if len(cands) > 3 {
		cands = cands[:3]
	}
	out := []model.Assignment{{Article: h.id, Story: to.id, Reason: model.ReasonSettle, Step: model.StepRescore, From: from.id, Threshold: need, Candidates: cands}}
	for _, cp := range along {
		out = append(out, model.Assignment{Article: cp.id, Story: to.id, Reason: model.ReasonCopy, From: from.id, Threshold: c.cfg.Threshold})
	}
	return out
}

// unjoin takes a held article out of a story: the reverse of join,
// except that the posting lists keep pointing at the story (a candidate
// more is harmless) and a centroid pruned since keeps what pruning
// dropped.
func (c *Clusterer) unjoin(s *story, h *held) {
	if s.remove(h.id, h.v) {
		delete(c.stories.ofDoc, h.id)
	}
}

// pairScore scores two articles the way an article is scored against a
// story: words and entities, times the time factor. The first article's
// query must be spread in the scratch array.
func (c *Clusterer) pairScore(a, b *held) float64 {
	content := c.scratch.cos(a.q, b.v.tf, b.q.norm)
	if len(a.eq.ents) > 0 && len(b.eq.ents) > 0 {
		content = c.cfg.TextWeight*content + (1-c.cfg.TextWeight)*a.eq.cos(b.eq)
	}
	if otherLeads(a.v, b.v) {
		content *= otherActors
	}
	if !a.v.when.IsZero() && !b.v.when.IsZero() {
		content *= math.Exp(-absDur(a.v.when.Sub(b.v.when)).Hours() / 24 / c.cfg.TimeScale)
	}
	return content
}
