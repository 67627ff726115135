package cluster

import (
	"math"
	"slices"
	"time"
)

// held is an article added since the last Settle, kept with its vectors
// so it can be scored again.
type held struct {
	id     string
	v      docVec
	copyOf string
	reason string // how Add placed it
	// q and eq are its term and entity queries, made once when Settle
	// starts: the collection's rarities do not change while it runs.
	q  query
	eq entQuery
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
func (c *Clusterer) SettleDue() bool { return len(c.held) >= c.cfg.SettleWindow }

// loner is the share of the usual score an undated article that is
// still alone in its story once a run is in needs to join its best story.
// Online, the first article of an event sees only the stories of similar
// events, so joining undated needs a high score; once the pile is in, an
// article's best match is nearly always its own event (the nearest article
// in ECB+ reports the same event for 98% of articles), and a story of one
// undated article is more often a report that was worded apart than an
// event of its own. Dated articles keep the usual bar: their day gap has
// already spoken, and the first report of a new event is often alone at
// the end of a run. (ECB+ dev: 0.904 → 0.919 for any share from 0.3 to
// 0.6, 0.918 at 0.7, 0.913 at 0.8.)
const loner = 0.6

// hold keeps an article for Settle. When the window is full the older
// half is let go: those articles stay where they are.
func (c *Clusterer) hold(d Doc, v docVec, reason string) {
	if len(c.held) >= c.cfg.SettleWindow {
		n := copy(c.held, c.held[len(c.held)/2:])
		clear(c.held[n:])
		c.held = c.held[:n]
	}
	c.held = append(c.held, held{id: d.ID, v: v, copyOf: d.CopyOf, reason: reason})
}

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
func (c *Clusterer) Settle() []Assignment {
	hs := c.held
	c.held = nil
	c.prepare(hs)
	// moved keeps each moved article's latest assignment, From the story
	// it was in before Settle, however many steps moved it.
	moved := map[string]Assignment{}
	record := func(as ...Assignment) {
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
		if hs[i].reason == "copy" {
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
			if h.reason == "correction" || h.reason == "copy" {
				continue
			}
			from := c.stories[c.ofDoc[h.id]]
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
		if h.reason != "copy" {
			continue
		}
		from, to := c.stories[c.ofDoc[h.id]], c.stories[c.ofDoc[h.copyOf]]
		if from == nil || to == nil || from == to || c.blocked(h.id, to.id) {
			continue
		}
		c.unjoin(from, h)
		c.join(to, Doc{ID: h.id}, h.v)
		c.dropEmpty(from)
		record(Assignment{Article: h.id, Story: to.id, Reason: "copy", From: from.id, Threshold: c.cfg.Threshold})
	}
	var out []Assignment
	for _, h := range hs {
		a, ok := moved[h.id]
		if ok && a.Story != a.From && c.ofDoc[h.id] == a.Story {
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
func (c *Clusterer) reconsider(h *held, from *story, copies []*held) []Assignment {
	var along []*held
	for _, cp := range copies {
		if c.ofDoc[cp.id] == from.id {
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
				to = c.stories[target]
			}
		}
	}
	if to != from {
		c.explain(h.v, dq, cands)
	}
	c.join(to, Doc{ID: h.id}, h.v)
	for _, cp := range along {
		c.join(to, Doc{ID: cp.id}, cp.v)
	}
	if to == from {
		return nil
	}
	c.dropEmpty(from)
	if len(cands) > 3 {
		cands = cands[:3]
	}
	out := []Assignment{{Article: h.id, Story: to.id, Reason: "settle", Step: StepRescore, From: from.id, Threshold: need, Candidates: cands}}
	for _, cp := range along {
		out = append(out, Assignment{Article: cp.id, Story: to.id, Reason: "copy", From: from.id, Threshold: c.cfg.Threshold})
	}
	return out
}

// unjoin takes an article out of a story: the reverse of join, except
// that the posting lists keep pointing at the story (a candidate more is
// harmless) and a centroid pruned since keeps what pruning dropped.
func (c *Clusterer) unjoin(s *story, h *held) {
	i := slices.Index(s.articles, h.id)
	if i < 0 {
		return
	}
	s.articles = slices.Delete(s.articles, i, i+1)
	s.times = slices.Delete(s.times, i, i+1)
	delete(c.ofDoc, h.id)
	s.terms = subVec(s.terms, h.v.tf)
	s.members = slices.DeleteFunc(s.members, func(m member) bool {
		return len(m.tf) > 0 && len(h.v.tf) > 0 && &m.tf[0] == &h.v.tf[0]
	})
	for e, w := range h.v.ents {
		if s.ents[e] -= w; s.ents[e] <= gone {
			delete(s.ents, e)
			delete(s.entNames, e)
			s.entKeys = deleteKey(s.entKeys, e)
		}
	}
	for _, nk := range h.v.nameKeys {
		if s.names[nk.k] -= nk.w; s.names[nk.k] <= gone {
			delete(s.names, nk.k)
			s.nameKeys = deleteKey(s.nameKeys, nk.k)
		}
	}
	for y := range h.v.years {
		if s.years[y]--; s.years[y] <= 0 {
			delete(s.years, y)
		}
	}
	for _, p := range h.v.leads {
		if s.leads[p]--; s.leads[p] <= 0 {
			delete(s.leads, p)
		}
	}
	if h.v.lang != "" {
		if s.langs[h.v.lang]--; s.langs[h.v.lang] <= 0 {
			delete(s.langs, h.v.lang)
		}
		s.setLanguage()
	}
	s.first, s.last = time.Time{}, time.Time{}
	for _, t := range s.times {
		if t.IsZero() {
			continue
		}
		if s.first.IsZero() || t.Before(s.first) {
			s.first = t
		}
		if t.After(s.last) {
			s.last = t
		}
	}
	s.normAt, s.entNormAt = 0, 0
}

// gone is the weight below which a subtracted entry is taken as zero.
const gone = 1e-9

// dropEmpty lets go of a story its last article left.
func (c *Clusterer) dropEmpty(s *story) {
	if len(s.articles) == 0 {
		delete(c.stories, s.id)
		s.release()
	}
}

// subVec returns a minus b, without the terms that fall to zero.
func subVec(a, b vec) vec {
	out := a[:0]
	j := 0
	for _, x := range a {
		for j < len(b) && b[j].t < x.t {
			j++
		}
		if j < len(b) && b[j].t == x.t {
			x.w -= b[j].w
		}
		if x.w > gone {
			out = append(out, x)
		}
	}
	return out
}

// split breaks up stories whose articles fall into groups that do not
// hold together: two similar events whose first reports met before
// either had grown. It looks only at stories all of whose articles are
// held and none placed by a correction (heldStories). Inside such a
// story, articles are grouped by average link (the mean score of every
// pair across two groups) down to splitLink; the largest group keeps the
// story, and each other group that is large enough and shows signs of another event (distinct) starts a
// story of its own, linked to it as related. It returns the moved
// articles' assignments.
func (c *Clusterer) split(hs []held) []Assignment {
	// Copies are left out, as in the neighbour steps: a copy would count
	// its original's words twice in every average. They follow their
	// original at the end of Settle.
	in, ids := c.heldStories(hs)
	var out []Assignment
	for _, id := range ids {
		if len(in[id]) < splitMin {
			continue
		}
		groups, cross := c.averageLink(heldAt(hs, in[id]), splitLink)
		if len(groups) < 2 {
			continue
		}
		// The largest group keeps the story; ties go to the earliest.
		keep := 0
		for k, g := range groups {
			if len(g) > len(groups[keep]) {
				keep = k
			}
		}
		from := c.stories[id]
		for k, g := range groups {
			if k == keep || len(g) < splitGroup || !distinct(g, groups[keep]) {
				continue
			}
			to := newStory(c.next)
			c.next++
			c.stories[to.id] = to
			for _, h := range g {
				c.unjoin(from, h)
				c.join(to, Doc{ID: h.id}, h.v)
				out = append(out, Assignment{Article: h.id, Story: to.id, Reason: "settle", Step: StepSplit, From: from.id, Threshold: splitLink,
					Related: []Link{{Story: from.id, Strength: round(cross[k])}}})
			}
		}
	}
	return out
}

// splitMin is the smallest story split looks into, and splitGroup the
// smallest group it splits off: fewer articles are too little evidence of
// a second event, and Settle's other pass can still move them one by one.
const (
	splitMin   = 4
	splitGroup = 3
)

// splitLink is the average link below which groups of a story's articles
// are taken apart, if they also show signs of distinct events. It is
// above the join threshold because the articles of one event are compared
// one by one here, not with the whole story (ECB+ dev, measured with
// split-off groups of two allowed: 0.25 parted one merged topic, F1
// 0.900; 0.30 two, 0.905; 0.35 cut events apart, 0.898).
const splitLink = 0.30

// averageLink groups articles by average-link agglomeration: the two
// groups whose pairs score highest on average merge, until no two groups
// reach the threshold. It returns the groups, in the order of their first
// article, and for each the best average link it had to another.
func (c *Clusterer) averageLink(hs []*held, threshold float64) ([][]*held, []float64) {
	n := len(hs)
	sim := make([][]float64, n)
	for i := range hs {
		sim[i] = make([]float64, n)
		c.spread(hs[i].q)
		for j := range hs {
			if j != i {
				sim[i][j] = c.pairScore(hs[i], hs[j])
			}
		}
		c.gather(hs[i].q)
	}
	// sum[a][b] is the summed score of the pairs across groups a and b.
	group := make([][]int, n)
	sum := make([][]float64, n)
	for i := range hs {
		group[i] = []int{i}
		sum[i] = slices.Clone(sim[i])
	}
	for {
		best, ba, bb := -1.0, -1, -1
		for a := range group {
			for b := a + 1; group[a] != nil && b < n; b++ {
				if group[b] == nil {
					continue
				}
				if l := sum[a][b] / float64(len(group[a])*len(group[b])); l > best {
					best, ba, bb = l, a, b
				}
			}
		}
		if ba < 0 || best < threshold {
			break
		}
		group[ba] = append(group[ba], group[bb]...)
		group[bb] = nil
		for k := range sum {
			sum[ba][k] += sum[bb][k]
			sum[k][ba] = sum[ba][k]
		}
	}
	var out [][]*held
	var links []float64
	for a, g := range group {
		if g == nil {
			continue
		}
		slices.Sort(g)
		hg := make([]*held, len(g))
		for k, i := range g {
			hg[k] = hs[i]
		}
		link := 0.0
		for b, o := range group {
			if o != nil && b != a {
				link = max(link, sum[a][b]/float64(len(g)*len(o)))
			}
		}
		out, links = append(out, hg), append(links, link)
	}
	return out, links
}

// pairScore scores two articles the way an article is scored against a
// story: words and entities, times the time factor. The first article's
// query must be spread in the scratch array.
func (c *Clusterer) pairScore(a, b *held) float64 {
	content := c.cosScratch(a.q, b.v.tf, b.q.norm)
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

// distinct reports whether two groups of articles show signs of being
// different events, not two sides of one: the years they name or were
// published in do not meet, or each opens mostly with one person and no
// one opens articles of both.
func distinct(a, b []*held) bool {
	years := func(g []*held) map[int]bool {
		m := map[int]bool{}
		for _, h := range g {
			for y := range h.v.years {
				m[y] = true
			}
		}
		return m
	}
	ya, yb := years(a), years(b)
	if len(ya) > 0 && len(yb) > 0 {
		meet := false
		for y := range ya {
			meet = meet || yb[y]
		}
		if !meet {
			return true
		}
	}
	la, lb := mainLeads(a), mainLeads(b)
	if len(la) == 0 || len(lb) == 0 {
		return false
	}
	for p := range la {
		if lb[p] > 0 {
			return false
		}
	}
	return true
}

// mainLeads counts the articles each person opens, for a group most of
// whose articles open with one person (nil for other groups).
func mainLeads(g []*held) map[int64]int {
	leads := map[int64]int{}
	top := 0
	for _, h := range g {
		for _, p := range h.v.leads {
			leads[p]++
			top = max(top, leads[p])
		}
	}
	if 2*top < len(g) {
		return nil
	}
	return leads
}

// otherLeads reports whether two articles open with different people,
// neither of whom the other names at all.
func otherLeads(a, b docVec) bool {
	if len(a.leads) == 0 || len(b.leads) == 0 {
		return false
	}
	for _, p := range a.leads {
		if _, ok := b.ents[p]; ok {
			return false
		}
	}
	for _, p := range b.leads {
		if _, ok := a.ents[p]; ok {
			return false
		}
	}
	return true
}
