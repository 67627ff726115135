package cluster

import (
	"math"
	"slices"
	"strings"
	"time"
)

// tw is a term and its weight.
type tw struct {
	t int32
	w float64
}

// vec is a sparse term vector sorted by term id: two vectors compare in
// one pass over both, with no hashing.
type vec []tw

// docVec is an article's weighted vectors.
type docVec struct {
	tf       vec     // length-normalised term frequencies
	top      []int32 // its heaviest terms by TF-IDF, heaviest first
	ents     map[int64]float64
	names    map[int64]string
	leads    []int64 // people named in its opening sentences
	years    map[int]bool
	nameKeys []nameKey // in key order, so sums over them repeat exactly
	lang     string
	when     time.Time
	short    bool // a headline or summary only (Doc.Short)
}

// nameKey is a name key of an article (see Tokens.NameKeys) and its
// weight.
type nameKey struct {
	k string
	w float64
}

// sortedNames lists an article's name keys in key order.
func sortedNames(m map[string]float64) []nameKey {
	out := make([]nameKey, 0, len(m))
	for k, w := range m {
		out = append(out, nameKey{k, w})
	}
	slices.SortFunc(out, func(a, b nameKey) int { return strings.Compare(a.k, b.k) })
	return out
}

// vectorize makes an article's vectors. Its terms come in the order they
// first appear: keepHeaviest puts the ones kept in id order.
func (c *Clusterer) vectorize(d Doc) docVec {
	tk := d.Tokens
	if tk == nil {
		tk = c.tok.Tokenize(d)
	}
	v := docVec{tf: make(vec, 0, len(tk.Terms)), ents: map[int64]float64{}, names: map[int64]string{}, years: map[int]bool{},
		lang: d.Language, nameKeys: sortedNames(tk.NameKeys)}
	if !d.Inferred {
		v.when = d.Published
	}
	// Sublinear term frequency, normalised by the article's length so a
	// long article does not outweigh a short one in the centroid.
	var norm float64
	known := tk.ids == c.vocab.ids
	for _, x := range tk.Terms {
		w := 1 + math.Log(x.Count)
		id := x.id - 1
		if !known || id < 0 {
			id = c.intern(x.Term)
		}
		v.tf = append(v.tf, tw{id, w})
		norm += w * w
	}
	norm = math.Sqrt(norm)
	for i := range v.tf {
		v.tf[i].w /= norm
	}
	for _, e := range d.Entities {
		if e.ID == 0 {
			continue
		}
		v.ents[e.ID] += typeWeight(e.Type) * (1 + math.Log(float64(max(e.Count, 1))))
		v.names[e.ID] = e.Name
		if e.Lead && e.Type == "PER" && !slices.Contains(v.leads, e.ID) {
			v.leads = append(v.leads, e.ID)
		}
	}
	for _, ed := range d.EventDates {
		v.years[ed.Time.Year()] = true
	}
	if !d.Published.IsZero() {
		v.years[d.Published.Year()] = true
	}
	return v
}

// intern returns a term's id from the vocabulary, making room for a new
// one in the scratch array.
func (c *Clusterer) intern(t string) int32 {
	id, isNew := c.vocab.intern(t)
	if isNew {
		c.scratch.grow()
	}
	return id
}

// typeWeight: people and organisations identify an event more than the
// places it happened in, which identify it more than nationality words.
func typeWeight(t string) float64 {
	switch t {
	case "PER":
		return 1.0
	case "ORG":
		return 0.8
	case "LOC":
		return 0.5
	}
	return 0.3
}

// indexTerms is how many of an article's heaviest terms find its
// candidate stories.
const indexTerms = 24

// vectorTerms is how many of an article's terms, the heaviest by TF-IDF,
// it is compared and indexed by: the rest are words every story has, and
// dropping them makes each comparison several times cheaper.
const vectorTerms = 100

// keepHeaviest keeps an article's heaviest terms by TF-IDF, renormalised
// and in id order, and notes the heaviest for the index. The terms are
// selected, not sorted: only the few the index takes need an order.
func (c *Clusterer) keepHeaviest(v *docVec) {
	top := make([]tw, len(v.tf))
	for i, x := range v.tf {
		top[i] = tw{x.t, x.w * c.vocab.idf(x.t)}
	}
	top = top[:selectHeaviest(top, vectorTerms)]
	index := top[:selectHeaviest(top, indexTerms)]
	byWeight(index)
	v.top = make([]int32, len(index))
	for i, x := range index {
		v.top[i] = x.t
	}
	if len(v.tf) <= vectorTerms {
		byID(v.tf)
		return
	}
	out := c.scratch.keepOnly(v.tf, top)
	byID(out)
	var norm float64
	for _, x := range out {
		norm += x.w * x.w
	}
	norm = math.Sqrt(norm)
	for i := range out {
		out[i].w /= norm
	}
	v.tf = out
}

// addVec returns the sum of two vectors.
func addVec(a, b vec) vec {
	out := make(vec, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].t < b[j].t:
			out = append(out, a[i])
			i++
		case a[i].t > b[j].t:
			out = append(out, b[j])
			j++
		default:
			out = append(out, tw{a[i].t, a[i].w + b[j].w})
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
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

// gone is the weight below which a subtracted entry is taken as zero.
const gone = 1e-9

// eachShared calls fn with the positions of each term two vectors share,
// in one pass over both.
func eachShared(a, b vec, fn func(i, j int)) {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].t < b[j].t:
			i++
		case a[i].t > b[j].t:
			j++
		default:
			fn(i, j)
			i++
			j++
		}
	}
}
