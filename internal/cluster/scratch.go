package cluster

// scratch is indexed by term id: it holds an article's weights while
// scoring, so a dot product with a story reads one array. It is all zero
// between uses.
type scratch []float64

// grow makes room for a new term's id.
func (sc *scratch) grow() { *sc = append(*sc, 0) }

// spread writes the query's tf * idf² weights into the scratch array, for
// cos; gather clears them again.
func (sc scratch) spread(q query) {
	for i, x := range q.terms {
		sc[x.t] = q.q[i]
	}
}

func (sc scratch) gather(q query) {
	for _, x := range q.terms {
		sc[x.t] = 0
	}
}

// cos is the cosine of the query, spread in the scratch array, with a
// vector of raw sums (a centroid or a member) whose TF-IDF norm is norm:
// one pass over the vector, no branches.
func (sc scratch) cos(q query, b vec, norm float64) float64 {
	if q.norm == 0 || norm == 0 {
		return 0
	}
	var dot float64
	for _, x := range b {
		dot += sc[x.t] * x.w
	}
	return dot / (q.norm * norm)
}

// keepOnly returns the terms of v that are among keep, in v's order: the
// kept terms are marked in the scratch array (zero between uses), so
// there is no map and no second sort.
func (sc scratch) keepOnly(v vec, keep []tw) vec {
	for _, x := range keep {
		sc[x.t] = 1
	}
	out := make(vec, 0, len(keep))
	for _, x := range v {
		if sc[x.t] != 0 {
			out = append(out, x)
			sc[x.t] = 0
		}
	}
	return out
}
