package cluster

import (
	"slices"

	"github.com/storywire/storywire/internal/model"
)

// split breaks up stories whose articles fall into groups that do not
// hold together: two similar events whose first reports met before
// either had grown. It looks only at stories all of whose articles are
// held and none placed by a correction (heldStories). Inside such a
// story, articles are grouped by average link (the mean score of every
// pair across two groups) down to splitLink; the largest group keeps the
// story, and each other group that is large enough and shows signs of another event (distinct) starts a
// story of its own, linked to it as related. It returns the moved
// articles' assignments.
func (c *Clusterer) split(hs []held) []model.Assignment {
	// Copies are left out, as in the neighbour steps: a copy would count
	// its original's words twice in every average. They follow their
	// original at the end of Settle.
	in, ids := c.heldStories(hs)
	var out []model.Assignment
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
		from := c.stories.get(id)
		for k, g := range groups {
			if k == keep || len(g) < splitGroup || !distinct(g, groups[keep]) {
				continue
			}
			to := c.stories.open()
			for _, h := range g {
				c.unjoin(from, h)
				c.join(to, h.id, h.v)
				out = append(out, model.Assignment{Article: h.id, Story: to.id, Reason: model.ReasonSettle, Step: model.StepSplit, From: from.id, Threshold: splitLink,
					Related: []model.StoryLink{{Story: from.id, Strength: round(cross[k])}}})
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
// one by one here, not with the whole story. 0.25 parted fewer merged
// topics on ECB+ dev and 0.35 cut events apart
// (docs/experiments/clustering-constants.md).
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
		c.scratch.spread(hs[i].q)
		for j := range hs {
			if j != i {
				sim[i][j] = c.pairScore(hs[i], hs[j])
			}
		}
		c.scratch.gather(hs[i].q)
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
