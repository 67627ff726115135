package cluster

import (
	"math"
	"slices"

	"github.com/storywire/storywire/internal/model"
)

// Add assigns an article to a story and returns the assignment.
func (c *Clusterer) Add(d Doc) model.Assignment {
	v := c.observe(d)
	a := model.Assignment{Article: d.ID, Threshold: c.cfg.Threshold}
	dq := c.query(v.tf)
	cands := c.score(v, dq)
	c.explain(v, dq, cands)
	a.Candidates = cands
	if len(a.Candidates) > 3 {
		a.Candidates = a.Candidates[:3]
	}
	target := int64(0)
	of := c.stories.ofDoc
	switch {
	case c.fixes.partner(d.ID) != "" && of[c.fixes.partner(d.ID)] != 0:
		target, a.Reason = of[c.fixes.partner(d.ID)], "correction"
	case d.CopyOf != "" && of[d.CopyOf] != 0 && !c.blocked(d.ID, of[d.CopyOf]):
		target, a.Reason = of[d.CopyOf], model.ReasonCopy
	default:
		target, a.Threshold = c.pick(d.ID, v.short, cands)
		if target != 0 {
			a.Reason = model.ReasonScore
		}
	}
	to := c.stories.get(target)
	if target == 0 || to == nil {
		to = c.stories.open()
		target = to.id
		a.New, a.Reason = true, model.ReasonNew
	}
	a.Story = target
	if a.Reason == model.ReasonScore {
		// Other stories this article also joins, at the same time, were
		// the same event split by the order articles came in.
		for _, cand := range cands {
			// Only with dates on both sides: without them "at the same
			// time" cannot be told, and similar events would merge.
			if cand.Story != target && cand.GapDays >= 0 && cand.Score >= c.cfg.Threshold+mergeMargin && cand.Time >= 0.5 && !cand.Dormant &&
				c.stories.get(cand.Story) != nil && !c.fixes.storiesApart(&c.stories, target, cand.Story) && !c.blocked(d.ID, cand.Story) {
				c.stories.merge(target, cand.Story, c.scratch)
				a.Merged = append(a.Merged, cand.Story)
			}
		}
	}
	for _, cand := range cands {
		if cand.Story != target && !slices.Contains(a.Merged, cand.Story) && cand.Content >= c.cfg.Related && cand.Time < 0.5 {
			a.Related = append(a.Related, model.StoryLink{Story: cand.Story, Strength: round(cand.Content)})
		}
	}
	c.join(to, d.ID, v)
	c.held.add(d, v, a.Reason)
	c.evict()
	return a
}

// pick returns the best candidate story the article may join (0 for
// none) and the score that was needed: the best candidate's when none
// passed.
func (c *Clusterer) pick(article string, short bool, cands []model.Candidate) (int64, float64) {
	threshold := c.cfg.Threshold
	for _, cand := range cands {
		need := c.need(cand)
		if short {
			need *= shortNeed
		}
		if cand.Score >= need && !c.blocked(article, cand.Story) {
			return cand.Story, need
		}
		if cand.Story == cands[0].Story {
			threshold = need // what the best candidate missed
		}
	}
	return 0, threshold
}

// shortNeed scales every score a short item needs to join a story (dated,
// undated, a dormant story's): its few words match a story's weakly even
// when they tell the same event. Half the bar was chosen on headline-only
// ECB+ and demo items (docs/experiments/clustering-constants.md); longer
// articles are unaffected.
const shortNeed = 0.5

// need is the score an article must reach to join a candidate story.
func (c *Clusterer) need(cand model.Candidate) float64 {
	need := c.cfg.Threshold
	if cand.GapDays < 0 {
		// No day gap to tell similar events apart: the words and names
		// must say more.
		need = c.cfg.UndatedThreshold
	}
	if cand.Dormant {
		need = math.Max(need, c.cfg.Wake)
	}
	return need
}

// Restore replays a stored assignment: the article joins the story
// without being scored, so a clusterer can be rebuilt from the store and go
// on where it left off (with the same story ids).
func (c *Clusterer) Restore(d Doc, storyID int64) {
	v := c.observe(d)
	c.join(c.stories.ensure(storyID), d.ID, v)
	c.evict()
}

// observe vectorises an article and counts it in the collection: document
// frequencies include the article before it is scored, so its own rare
// terms weigh the same whether it comes first or last. The vector keeps
// only its heaviest terms afterwards.
func (c *Clusterer) observe(d Doc) docVec {
	v := c.vectorize(d)
	v.short = d.Short
	c.vocab.count(&v)
	c.keepHeaviest(&v)
	c.stories.observe(v.when)
	return v
}

// mergeMargin is how far above the join threshold a second story must
// score for an article to merge it with the one it joined.
const mergeMargin = 0.05

// blocked reports whether a correction keeps article a out of story s.
func (c *Clusterer) blocked(a string, s int64) bool {
	return c.fixes.blocked(a, c.stories.get(s))
}

// join adds an article to a story and indexes the story under its terms
// and entities.
func (c *Clusterer) join(s *story, article string, v docVec) {
	s.add(article, v, c.vocab.docs, c.scratch)
	c.stories.ofDoc[article] = s.id
	c.index.add(s, v)
}

// evict drops the stories that have been quiet too long (see
// storyTable.evict), every 1024 articles, and now and then cleans every
// posting list of the stories gone.
func (c *Clusterer) evict() {
	if c.vocab.docs%1024 != 0 {
		return
	}
	c.stories.evict(c.vocab.docs, c.cfg.Dormancy)
	if c.vocab.docs%sweepEvery == 0 {
		c.index.sweep()
	}
}
