package cluster

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// Settling also looks at each held article's nearest neighbours among
// the other held articles. Scores against a whole story blur what sets
// two similar events apart: the words they share (a quake, an island, a
// magnitude) weigh on every comparison. An article's nearest articles
// are a sharper witness: in ECB+ the nearest article reports the same
// event for 98% of articles. So a story whose articles mostly have their
// nearest neighbours in another story is a fragment of it (fragments),
// and a story whose neighbour links fall into two groups that hardly
// link to each other, and that show a sign of two events, is two events
// (cores).

// The constants below were tuned on ECB+ dev; the measurements behind
// each are in docs/experiments/clustering-constants.md.
const (
	// nearK is how many nearest neighbours each article keeps: 4 scored
	// best over shuffled orders (5 only in the file's order).
	nearK = 4
	// nearTerms is how many of an article's heaviest terms find the
	// articles it is compared with, and nearPool how many of those, the
	// ones sharing the most, it is compared with: the smallest pair that
	// scored as well as comparing every pair.
	nearTerms = 12
	nearPool  = 64
	// fragmentOut is the share of a story's neighbour links that must
	// leave it, and fragmentShare the share of those that must point into
	// one other story, for it to be merged there. A fragment's own
	// articles are among each other's neighbours, the more so the larger
	// it is: a fragment of four holds up to three of each article's
	// links, so asking that most of all its links leave it kept most
	// fragments of three or more apart. Links leaving to an article
	// scoring under the join threshold do not count.
	fragmentOut   = 0.3
	fragmentShare = 0.6
	// coreMin is the smallest side of a core split. coreLinks is the
	// share of either side's neighbour links into the other below which
	// the two may be taken apart, if they also show signs of different
	// events (apart): of the shares that scored best, the one that lets
	// the fewest links cross.
	coreMin   = 5
	coreLinks = 0.25
	// yearShare: a year most of one side's articles name, or were
	// published in, sets the sides apart when the other side's share of
	// articles naming it is at most this part of the first's. Not 0: one
	// report of the other event naming the year would hide it.
	yearShare = 0.25
)

// neighbour is a held article close to another, by index in the held
// slice, with their pairwise score.
type neighbour struct {
	i     int
	score float64
}

// neighbours returns each held article's nearest held articles, best
// first. Each article is compared only with the held articles that share
// the most of its heaviest terms (found through an index of those
// terms), which bounds the comparisons per article so settling stays
// linear in the articles held. Copies are left out on both sides: a copy
// is its original's nearest article and says nothing about the event.
func (c *Clusterer) neighbours(hs []held) [][]neighbour {
	tops := make([][]int32, len(hs))
	index := map[int32][]int{}
	for i := range hs {
		if hs[i].reason == model.ReasonCopy {
			continue
		}
		tops[i] = heaviest(hs[i].q.terms, nearTerms)
		for _, t := range tops[i] {
			index[t] = append(index[t], i)
		}
	}
	out := make([][]neighbour, len(hs))
	hits := make([]int32, len(hs))
	var touched, pool []int
	for i := range hs {
		if hs[i].reason == model.ReasonCopy {
			continue
		}
		touched = touched[:0]
		for _, t := range tops[i] {
			for _, j := range index[t] {
				if j == i {
					continue
				}
				if hits[j] == 0 {
					touched = append(touched, j)
				}
				hits[j]++
			}
		}
		// The articles sharing the most heavy terms, ties to the earliest
		// (keepBest does not depend on the order it is fed in).
		pool = append(pool[:0], touched...)
		if len(pool) > nearPool {
			slices.SortFunc(pool, func(a, b int) int {
				if hits[a] != hits[b] {
					return int(hits[b] - hits[a])
				}
				return a - b
			})
			pool = pool[:nearPool]
		}
		for _, j := range touched {
			hits[j] = 0
		}
		c.scratch.spread(hs[i].q)
		var best []neighbour
		for _, j := range pool {
			best = keepBest(best, neighbour{i: j, score: c.pairScore(&hs[i], &hs[j])}, nearK)
		}
		c.scratch.gather(hs[i].q)
		out[i] = best
	}
	return out
}

// heaviest returns the ids of the n heaviest terms of a TF-IDF vector
// (in byWeight's order of weights), in no particular order.
func heaviest(terms vec, n int) []int32 {
	ts := slices.Clone(terms)
	out := make([]int32, selectHeaviest(ts, n))
	for k := range out {
		out[k] = ts[k].t
	}
	return out
}

// keepBest inserts n into best (sorted best first, ties by index) and
// keeps at most k.
func keepBest(best []neighbour, n neighbour, k int) []neighbour {
	at := len(best)
	for at > 0 && (best[at-1].score < n.score || best[at-1].score == n.score && best[at-1].i > n.i) {
		at--
	}
	if at >= k {
		return best
	}
	best = slices.Insert(best, at, n)
	if len(best) > k {
		best = best[:k]
	}
	return best
}

// heldStories groups the held articles (by index, copies left out) by
// the story they are in now, and returns the stories that hold only held
// articles and no correction, in id order.
func (c *Clusterer) heldStories(hs []held) (map[int64][]int, []int64) {
	in := map[int64][]int{}
	all := map[int64]int{}
	for i := range hs {
		s, ok := c.stories.ofDoc[hs[i].id]
		if !ok {
			continue
		}
		all[s]++
		if hs[i].reason != model.ReasonCopy {
			in[s] = append(in[s], i)
		}
	}
	var ids []int64
	for id, g := range in {
		s := c.stories.get(id)
		if s == nil || all[id] != len(s.articles) {
			continue
		}
		if slices.ContainsFunc(g, func(i int) bool { return hs[i].reason == "correction" || c.fixes.partner(hs[i].id) != "" }) {
			continue
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return in, ids
}

// cores splits a story of held articles in two when its neighbour links
// fall into two groups that hardly link to each other and that show signs
// of different events (apart): two events whose stories met online and
// that the average link of split did not part. The groups are the best
// cut of the story's neighbour graph (bisect). The larger group keeps the
// story (ties to the one with the earliest article); the other becomes a
// story of its own, related to the first. It returns the moved articles'
// assignments.
func (c *Clusterer) cores(hs []held, near [][]neighbour) []model.Assignment {
	in, ids := c.heldStories(hs)
	var out []model.Assignment
	for _, id := range ids {
		g := in[id]
		sides := bisect(g, near, coreMin)
		if sides[0] == nil {
			continue
		}
		// Per side: its neighbour links that stay in the story, and those
		// that cross to the other side.
		side := make(map[int]int, len(g))
		for s, is := range sides {
			for _, i := range is {
				side[i] = s
			}
		}
		var links, cross [2]int
		for _, i := range g {
			for _, n := range near[i] {
				if s, ok := side[n.i]; ok {
					links[side[i]]++
					if s != side[i] {
						cross[side[i]]++
					}
				}
			}
		}
		if float64(cross[0]) >= coreLinks*float64(links[0]) || float64(cross[1]) >= coreLinks*float64(links[1]) {
			continue
		}
		keep, move := sides[0], sides[1]
		if len(move) > len(keep) || len(move) == len(keep) && move[0] < keep[0] {
			keep, move = move, keep
		}
		if !apart(heldAt(hs, keep), heldAt(hs, move)) {
			continue
		}
		from := c.stories.get(id)
		to := c.stories.open()
		link := model.StoryLink{Story: from.id, Strength: round(c.groupLink(hs, keep, move))}
		for _, i := range move {
			h := &hs[i]
			c.unjoin(from, h)
			c.join(to, h.id, h.v)
			out = append(out, model.Assignment{Article: h.id, Story: to.id, Reason: model.ReasonSettle, Step: model.StepCores, From: from.id, Threshold: coreLinks,
				Related: []model.StoryLink{link}})
		}
	}
	return out
}

// heldAt returns the held articles at the given indices.
func heldAt(hs []held, is []int) []*held {
	out := make([]*held, len(is))
	for k, i := range is {
		out[k] = &hs[i]
	}
	return out
}

// apart reports whether two groups of articles show signs of being
// different events: those split looks for (distinct), a year that most
// of one group names and few of the other (yearsApart), or publication
// times that do not overlap (timesApart).
func apart(a, b []*held) bool {
	return distinct(a, b) || yearsApart(a, b) || yearsApart(b, a) || timesApart(a, b)
}

// yearsApart reports whether a year that at least half of a's articles
// name (or were published in) is named by a share of b's articles of at
// most yearShare of a's share. Articles seldom name the year they report
// in, so one that most of a group names is the year of its event; the
// reports of a sibling event name it as history, if at all.
func yearsApart(a, b []*held) bool {
	share := func(g []*held, y int) float64 {
		k := 0
		for _, h := range g {
			if h.v.years[y] {
				k++
			}
		}
		return float64(k) / float64(len(g))
	}
	seen := map[int]bool{}
	for _, h := range a {
		for y := range h.v.years {
			if seen[y] {
				continue
			}
			seen[y] = true
			if sa := share(a, y); 2*sa >= 1 && share(b, y) <= yearShare*sa {
				return true
			}
		}
	}
	return false
}

// timesApart reports whether most articles of each group are dated, at
// least two each, and the two groups' publication times do not overlap.
func timesApart(a, b []*held) bool {
	span := func(g []*held) (first, last time.Time, n int) {
		for _, h := range g {
			t := h.v.when
			if t.IsZero() {
				continue
			}
			if n == 0 || t.Before(first) {
				first = t
			}
			if n == 0 || t.After(last) {
				last = t
			}
			n++
		}
		return first, last, n
	}
	fa, la, na := span(a)
	fb, lb, nb := span(b)
	if na < 2 || nb < 2 || 2*na < len(a) || 2*nb < len(b) {
		return false
	}
	return la.Before(fb) || lb.Before(fa)
}

// bisect cuts a group of held articles (indices into the held slice) in
// two by their neighbour links: of the cuts along the graph's Fiedler
// vector, the one with the least normalised cut that leaves at least that many
// articles a side (spectral bisection). Links count in both directions:
// two articles that are each other's neighbours weigh twice. It returns
// the two sides in index order, or nils when there is no such cut.
func bisect(g []int, near [][]neighbour, least int) [2][]int {
	n := len(g)
	if n < 2*least {
		return [2][]int{}
	}
	at := make(map[int]int, n)
	for k, i := range g {
		at[i] = k
	}
	// adj[k] holds k's links inside the group; deg[k] their weight.
	type edge struct {
		j int
		w float64
	}
	adj := make([][]edge, n)
	add := func(k, j int) {
		for e := range adj[k] {
			if adj[k][e].j == j {
				adj[k][e].w++
				return
			}
		}
		adj[k] = append(adj[k], edge{j, 1})
	}
	for k, i := range g {
		for _, nb := range near[i] {
			if j, ok := at[nb.i]; ok {
				add(k, j)
				add(j, k)
			}
		}
	}
	deg := make([]float64, n)
	var total float64
	for k := range adj {
		for _, e := range adj[k] {
			deg[k] += e.w
		}
		if deg[k] == 0 {
			return [2][]int{} // an article linked to no other: no cut to judge
		}
		total += deg[k]
	}
	// Power iteration on (I + D^-1/2 W D^-1/2)/2, whose eigenvalues are
	// all in [0, 1], kept orthogonal to its top eigenvector (sqrt of the
	// degrees): it tends to the second, whose entries over sqrt of the
	// degrees order the articles along the graph's weakest seam. A
	// fixed start and count keep it deterministic. The normalised
	// weights are made once (norm); the sweep below counts raw ones.
	top := make([]float64, n)
	for k := range top {
		top[k] = math.Sqrt(deg[k] / total)
	}
	norm := make([][]edge, n)
	for k := range adj {
		norm[k] = make([]edge, len(adj[k]))
		for e, ed := range adj[k] {
			norm[k][e] = edge{ed.j, ed.w / math.Sqrt(deg[k]*deg[ed.j])}
		}
	}
	x, y := make([]float64, n), make([]float64, n)
	for k := range x {
		x[k] = float64(k%7) - 3 + 0.1*float64(k)
	}
	for range bisectRounds {
		dot := 0.0
		for k := range x {
			dot += x[k] * top[k]
		}
		for k := range x {
			x[k] -= dot * top[k]
		}
		length := 0.0
		for k := range y {
			s := x[k]
			for _, e := range norm[k] {
				s += e.w * x[e.j]
			}
			y[k] = s / 2
			length += y[k] * y[k]
		}
		if length == 0 {
			return [2][]int{}
		}
		length = math.Sqrt(length)
		for k := range y {
			x[k] = y[k] / length
		}
	}
	order := make([]int, n)
	for k := range order {
		order[k] = k
		x[k] /= math.Sqrt(deg[k])
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	// Sweep: move the articles to side A in that order, keeping the
	// weight of the links that cross.
	inA := make([]bool, n)
	best, cutAt := math.Inf(1), -1
	var cut, volA float64
	for p, k := range order[:n-1] {
		inA[k] = true
		volA += deg[k]
		for _, e := range adj[k] {
			if inA[e.j] {
				cut -= e.w
			} else {
				cut += e.w
			}
		}
		if p+1 < least || n-p-1 < least {
			continue
		}
		if nc := cut/volA + cut/(total-volA); nc < best {
			best, cutAt = nc, p
		}
	}
	if cutAt < 0 {
		return [2][]int{}
	}
	var sides [2][]int
	for p, k := range order {
		s := 1
		if p <= cutAt {
			s = 0
		}
		sides[s] = append(sides[s], g[k])
	}
	slices.Sort(sides[0])
	slices.Sort(sides[1])
	return sides
}

// bisectRounds is how many power iterations bisect makes: enough for the
// order of the articles along the vector to settle in stories of a few
// hundred articles.
const bisectRounds = 300

// fragments merges each story of held articles whose articles have enough
// of their nearest neighbours outside it, and most of those in one other
// story at least as large, into that story: the first reports of one
// event that started a story of their own before the event's story had
// grown. Smaller stories go first, so a fragment joins the story it
// belongs to before that one is itself considered. It returns the moved
// articles' assignments.
func (c *Clusterer) fragments(hs []held, near [][]neighbour) []model.Assignment {
	// A link leaves only to an article that scores as high as the join
	// threshold: in a small pile an article's nearest include some it
	// shares little with (without this floor the demo corpus merged a
	// rate rise with floods).
	floor := c.cfg.Threshold
	in, ids := c.heldStories(hs)
	slices.SortStableFunc(ids, func(a, b int64) int { return len(in[a]) - len(in[b]) })
	var out []model.Assignment
	for _, id := range ids {
		from := c.stories.get(id)
		if from == nil {
			continue
		}
		g := in[id]
		if len(g) == 1 && !hs[g[0]].v.when.IsZero() {
			continue // a dated article alone: see loner
		}
		votes := map[int64]int{}
		links, leave := 0, 0
		for _, i := range g {
			links += len(near[i])
			for _, n := range near[i] {
				if s := c.stories.ofDoc[hs[n.i].id]; s != id && n.score >= floor {
					votes[s]++
					leave++
				}
			}
		}
		to, most := int64(0), 0
		for s, v := range votes {
			if v > most || v == most && s < to {
				to, most = s, v
			}
		}
		if to == 0 || float64(leave) < fragmentOut*float64(links) || float64(most) < fragmentShare*float64(leave) || c.stories.get(to) == nil ||
			len(c.stories.get(to).articles) < len(from.articles) || c.fixes.storiesApart(&c.stories, to, id) ||
			slices.ContainsFunc(from.articles, func(a string) bool { return c.blocked(a, to) }) {
			continue
		}
		for _, a := range from.articles {
			out = append(out, model.Assignment{Article: a, Story: to, Reason: model.ReasonSettle, Step: model.StepFragment, From: id, Threshold: fragmentShare})
		}
		c.stories.merge(to, id, c.scratch)
		in[to] = append(in[to], g...)
	}
	return out
}

// groupLink is the average link of two groups of held articles: the mean
// score of the pairs across them, over at most nearPool articles of each.
func (c *Clusterer) groupLink(hs []held, a, b []int) float64 {
	a, b = a[:min(len(a), nearPool)], b[:min(len(b), nearPool)]
	sum := 0.0
	for _, i := range a {
		c.scratch.spread(hs[i].q)
		for _, j := range b {
			sum += c.pairScore(&hs[i], &hs[j])
		}
		c.scratch.gather(hs[i].q)
	}
	return sum / float64(len(a)*len(b))
}
