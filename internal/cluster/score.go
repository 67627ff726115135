package cluster

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// query is an article's TF-IDF vector prepared for comparing: its terms
// in id order with their weights, and each weight times the term's idf
// again, so a dot product with a story's raw sums needs no idf lookups.
type query struct {
	terms vec       // tf * idf
	q     []float64 // tf * idf², aligned with terms
	norm  float64   // the Euclidean norm of terms
}

func (c *Clusterer) query(tf vec) query {
	q := query{terms: make(vec, len(tf)), q: make([]float64, len(tf))}
	var n float64
	for i, x := range tf {
		idf := c.vocab.idf(x.t)
		a := x.w * idf
		q.terms[i] = tw{x.t, a}
		q.q[i] = a * idf
		n += a * a
	}
	q.norm = math.Sqrt(n)
	return q
}

// score compares the article, whose query is dq, with its candidate
// stories, best first.
func (c *Clusterer) score(v docVec, dq query) []model.Candidate {
	cands := c.index.candidates(v, len(c.vocab.langs) > 1)
	texts := make([]float64, len(cands))
	c.scratch.spread(dq)
	defer c.scratch.gather(dq)
	for i, s := range cands {
		texts[i] = c.scratch.cos(dq, s.terms, c.centroidNorm(s))
	}
	// The nearest single article counts as much as the centroid: a
	// story's articles cover different sides of the event, and a new one
	// often matches one of them better than their average. It is worth
	// computing only for the stories already closest.
	closest := make([]int, len(cands))
	for i := range closest {
		closest[i] = i
	}
	sort.SliceStable(closest, func(a, b int) bool { return texts[closest[a]] > texts[closest[b]] })
	for k, i := range closest {
		if k == nearestFor || texts[i] < c.cfg.Threshold*0.4 {
			break
		}
		if near := c.nearest(dq, cands[i]); near > texts[i] {
			texts[i] = (texts[i] + near) / 2
		}
	}
	out := make([]model.Candidate, 0, len(cands))
	eq := c.entQuery(v)
	for i, s := range cands {
		cand := model.Candidate{Story: s.id, GapDays: -1, Text: texts[i]}
		cand.Entity = c.entCos(eq, s)
		switch {
		case v.lang != "" && s.lang != "" && v.lang != s.lang:
			// Words do not carry across languages; names do, but they are
			// thinner evidence than shared words, so they count for less.
			cand.Text = crossLanguage * c.nameCos(v, s)
			cand.Content = cand.Text
		case len(v.ents) > 0 && len(s.ents) > 0:
			cand.Content = c.cfg.TextWeight*cand.Text + (1-c.cfg.TextWeight)*cand.Entity
		default:
			cand.Content = cand.Text
		}
		cand.Time = 1
		if gap, ok := gapDays(v.when, s); ok {
			cand.GapDays = round(gap)
			cand.Time = math.Exp(-gap / c.cfg.TimeScale)
		} else if len(v.years) > 0 && len(s.years) > 0 && !sharesYear(v.years, s.years) {
			// Undated on one side: years that do not meet say these are
			// different events.
			cand.Time = yearMismatch
		}
		cand.Actors = c.actors(v, s)
		cand.Score = round(cand.Content * cand.Time * cand.Actors)
		cand.Text, cand.Entity, cand.Content, cand.Time = round(cand.Text), round(cand.Entity), round(cand.Content), round(cand.Time)
		if !v.when.IsZero() && !s.last.IsZero() && absDur(v.when.Sub(s.last)) > c.cfg.Dormancy && !within(v.when, s) {
			cand.Dormant = true
		}
		out = append(out, cand)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Story < out[j].Story
	})
	return out
}

// explain lists, for the best three candidates, the terms and entities
// that matched most. It is kept apart from score because settling scores
// every article again and explains only the ones that move.
func (c *Clusterer) explain(v docVec, dq query, cands []model.Candidate) {
	for i := 0; i < len(cands) && i < 3; i++ {
		if s := c.stories.get(cands[i].Story); s != nil {
			cands[i].Terms = c.sharedTerms(dq, s, 6)
			cands[i].Entities = c.sharedEntities(v, s, 6)
		}
	}
}

// centroidNorm is the TF-IDF norm of the story's centroid, cached until
// the story changes or the collection has grown enough for it to be stale.
func (c *Clusterer) centroidNorm(s *story) float64 {
	if c.vocab.stale(s.normAt) {
		s.norm, s.normAt = c.vocab.norm(s.terms), c.vocab.docs
	}
	return s.norm
}

// sharedTerms lists the terms that contributed most to a match.
func (c *Clusterer) sharedTerms(dq query, s *story, n int) []string {
	var shared []tw
	eachShared(dq.terms, s.terms, func(i, j int) { shared = append(shared, tw{dq.terms[i].t, dq.q[i] * s.terms[j].w}) })
	byWeight(shared)
	var out []string
	for i := 0; i < len(shared) && i < n; i++ {
		out = append(out, c.vocab.words[shared[i].t])
	}
	return out
}

// nameCos is the cosine of the article's name keys with the story's,
// weighted by rarity.
func (c *Clusterer) nameCos(v docVec, s *story) float64 {
	var dot, dn, sn float64
	for _, nk := range v.nameKeys {
		a := nk.w * c.vocab.nidf(nk.k)
		dn += a * a
		if sw, ok := s.names[nk.k]; ok {
			dot += a * sw * c.vocab.nidf(nk.k)
		}
	}
	for _, k := range s.nameKeys {
		b := s.names[k] * c.vocab.nidf(k)
		sn += b * b
	}
	if dn == 0 || sn == 0 {
		return 0
	}
	return dot / math.Sqrt(dn*sn)
}

// nearest is the best cosine of the article with one of the story's
// latest articles. The query must be spread in the scratch array.
func (c *Clusterer) nearest(dq query, s *story) float64 {
	best := 0.0
	for k := range s.members {
		m := &s.members[k]
		if c.vocab.stale(m.normAt) {
			m.norm, m.normAt = c.vocab.norm(m.tf), c.vocab.docs
		}
		best = math.Max(best, c.scratch.cos(dq, m.tf, m.norm))
	}
	return best
}

// entQuery is an article's entity vector weighted by rarity, prepared
// once for comparing with each candidate story.
type entQuery struct {
	ents []entWeight
	norm float64
}

type entWeight struct {
	e int64
	w float64 // the article's weight times the entity's rarity
	i float64 // the entity's rarity
}

func (c *Clusterer) entQuery(v docVec) entQuery {
	q := entQuery{ents: make([]entWeight, 0, len(v.ents))}
	for e, w := range v.ents {
		i := c.vocab.eidf(e)
		q.ents = append(q.ents, entWeight{e, w * i, i})
	}
	// In entity order: sums in map order could differ in their last bit
	// from run to run.
	slices.SortFunc(q.ents, func(a, b entWeight) int { return cmp.Compare(a.e, b.e) })
	var n float64
	for _, x := range q.ents {
		n += x.w * x.w
	}
	q.norm = math.Sqrt(n)
	return q
}

// cos is the cosine of two articles' entity vectors, in one pass over
// both (they are in entity order).
func (q entQuery) cos(o entQuery) float64 {
	if q.norm == 0 || o.norm == 0 {
		return 0
	}
	var dot float64
	for i, j := 0, 0; i < len(q.ents) && j < len(o.ents); {
		switch a, b := q.ents[i], o.ents[j]; {
		case a.e < b.e:
			i++
		case a.e > b.e:
			j++
		default:
			dot += a.w * b.w
			i++
			j++
		}
	}
	return dot / (q.norm * o.norm)
}

// entCos is the cosine of the article's entity vector with the story's,
// each entity weighted by its rarity.
func (c *Clusterer) entCos(q entQuery, s *story) float64 {
	var dot float64
	for _, x := range q.ents {
		if sw, ok := s.ents[x.e]; ok {
			dot += x.w * sw * x.i
		}
	}
	if c.vocab.stale(s.entNormAt) {
		var sn float64
		for _, e := range s.entKeys {
			b := s.ents[e] * c.vocab.eidf(e)
			sn += b * b
		}
		s.entNorm, s.entNormAt = math.Sqrt(sn), c.vocab.docs
	}
	if q.norm == 0 || s.entNorm == 0 {
		return 0
	}
	return dot / (q.norm * s.entNorm)
}

// sharedEntities lists the entities that contributed most to a match.
func (c *Clusterer) sharedEntities(v docVec, s *story, n int) []string {
	type ew struct {
		name string
		w    float64
	}
	var shared []ew
	for e, w := range v.ents {
		if sw, ok := s.ents[e]; ok {
			i := c.vocab.eidf(e)
			shared = append(shared, ew{v.names[e], w * i * sw * i})
		}
	}
	sort.Slice(shared, func(i, j int) bool {
		if shared[i].w != shared[j].w {
			return shared[i].w > shared[j].w
		}
		return shared[i].name < shared[j].name
	})
	var out []string
	for i := 0; i < len(shared) && i < n; i++ {
		out = append(out, shared[i].name)
	}
	return out
}

// gapDays is the time between an article and a story's dated articles:
// zero inside the story's range.
//
// A story is one event, and an event's coverage is days, not months: past
// maxSpan from the story's first article the gap counts from there, so a
// subject covered week after week makes a storyline of related stories
// rather than one story that never ends.
func gapDays(when time.Time, s *story) (float64, bool) {
	if when.IsZero() || s.first.IsZero() {
		return 0, false
	}
	gap := 0.0
	switch {
	case when.Before(s.first):
		gap = s.first.Sub(when).Hours() / 24
	case when.After(s.last):
		gap = when.Sub(s.last).Hours() / 24
	}
	if span := when.Sub(s.first).Hours()/24 - maxSpanDays; span > gap {
		gap = span
	}
	return gap, true
}

// maxSpanDays is how long after a story's first article an article can
// join it without the time factor counting against it.
const maxSpanDays = 14

func within(t time.Time, s *story) bool {
	return !s.first.IsZero() && !t.Before(s.first) && !t.After(s.last)
}

func sharesYear(a map[int]bool, b map[int]int) bool {
	for y := range a {
		if b[y] > 0 {
			return true
		}
	}
	return false
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// yearMismatch is the time factor for an article and a story whose years
// (mentioned or of publication) do not meet when a day gap cannot be
// measured.
var yearMismatch = 0.5

// crossLanguage discounts the name similarity that compares an article
// with a story in another language.
const crossLanguage = 0.8

// nearestFor is how many of the closest stories are compared article by
// article.
const nearestFor = 5

// actors is the factor for an article led by other people than the
// story. Similar events share their vocabulary, their organisations and
// their places, but a report opens with who it is about: an article led
// by someone the story's articles never open with, about a story most of
// whose articles open with someone the article does not name at all, is
// most likely another event of the same kind (another coach fired by the
// same club, another player arrested).
func (c *Clusterer) actors(v docVec, s *story) float64 {
	if len(v.leads) == 0 || len(s.leads) == 0 {
		return 1
	}
	for _, p := range v.leads {
		if s.leads[p] > 0 {
			return 1
		}
	}
	for p, n := range s.leads {
		if _, named := v.ents[p]; !named && 2*n >= len(s.articles) {
			return otherActors
		}
	}
	return 1
}

// otherActors is the actors factor for an article led by other people.
const otherActors = 0.7
