package wordclass

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// Train learns word classes from sentences of tokens (see the package
// documentation). It returns ErrNoData if no word occurs MinCount times,
// which includes empty input. Empty sentences are ignored.
func Train(sentences [][]string, opt Options) (*Model, error) {
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	c, err := buildCorpus(sentences, o.MinCount, o.Lowercase)
	if err != nil {
		return nil, err
	}
	V := len(c.words)
	if V == 0 {
		return nil, ErrNoData
	}
	L := len(o.Classes)
	m := &Model{
		levels:    o.Classes,
		lowercase: o.Lowercase,
		minCount:  o.MinCount,
		words:     c.words,
		counts:    make([]uint32, V),
		classes:   make([]uint16, V*L),
	}
	for i := range V {
		m.counts[i] = uint32(c.count[i])
	}
	tab := xlogxTable(c.total)
	// The levels are independent runs; run up to Workers of them at once,
	// the largest K (the slowest) first.
	order := make([]int, L)
	for l := range order {
		order[l] = l
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(o.Classes[b], o.Classes[a]) })
	var (
		mu  sync.Mutex // serialises Progress and guards m.classes
		wg  sync.WaitGroup
		sem = make(chan struct{}, o.Workers)
	)
	for _, l := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(l, K int) {
			defer func() { <-sem; wg.Done() }()
			start := time.Now()
			e := newExchange(c, K, tab)
			for it := 1; it <= o.MaxIter; it++ {
				moved := e.sweep()
				if o.Progress != nil {
					msg := fmt.Sprintf("wordclass: K=%d sweep %d: %d of %d words moved, perplexity %.2f, %s",
						K, it, moved, V, e.perplexity(), time.Since(start).Round(time.Millisecond))
					mu.Lock()
					o.Progress(msg)
					mu.Unlock()
				}
				if moved == 0 || float64(moved) < o.Tolerance*float64(V) {
					break
				}
			}
			cls := e.canonical()
			mu.Lock()
			for i, cl := range cls {
				m.classes[i*L+l] = cl
			}
			mu.Unlock()
		}(l, o.Classes[l])
	}
	wg.Wait()
	if err := m.buildIndex(); err != nil {
		return nil, err // cannot happen: the corpus has distinct words
	}
	return m, nil
}

// corpus is the training text reduced to bigram counts between items:
// items 0..V-1 are the clustered words, most frequent first; item V is the
// sentence boundary and item V+1 stands for every rarer word.
type corpus struct {
	words []string
	count []int32 // occurrences of each item
	succ  adjacency
	pred  adjacency
	total int // number of bigrams, = tokens + sentences
}

// adjacency lists, for each item a, the items b with a bigram count n(a,b)
// (succ) or n(b,a) (pred), in increasing order of b.
type adjacency struct {
	start []int32 // len items+1
	item  []int32
	n     []int32
}

func (a *adjacency) row(i int32) ([]int32, []int32) {
	s, e := a.start[i], a.start[i+1]
	return a.item[s:e], a.n[s:e]
}

func buildCorpus(sentences [][]string, minCount int, lower bool) (*corpus, error) {
	ids := make(map[string]int32)
	var names []string
	var cnt []int64
	var seq []int32 // type ids; -1 ends a sentence
	for _, s := range sentences {
		if len(s) == 0 {
			continue
		}
		for _, tok := range s {
			t := normalize(tok, lower)
			id, ok := ids[t]
			if !ok {
				id = int32(len(names))
				ids[t] = id
				names = append(names, t)
				cnt = append(cnt, 0)
			}
			cnt[id]++
			seq = append(seq, id)
		}
		seq = append(seq, -1)
		if len(seq) >= math.MaxInt32-1 {
			return nil, fmt.Errorf("wordclass: training text too large (more than %d tokens)", math.MaxInt32-2)
		}
	}
	// Rank the frequent types.
	var order []int32
	for id, n := range cnt {
		if n >= int64(minCount) {
			order = append(order, int32(id))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(cnt[b], cnt[a]); c != 0 {
			return c
		}
		return cmp.Compare(names[a], names[b])
	})
	V := int32(len(order))
	boundary, rare := V, V+1
	item := make([]int32, len(names))
	for i := range item {
		item[i] = rare
	}
	c := &corpus{words: make([]string, V)}
	for r, id := range order {
		item[id] = int32(r)
		c.words[r] = names[id]
	}
	if V == 0 {
		return c, nil
	}

	// Count bigrams by sorting their keys.
	keys := make([]uint64, 0, len(seq))
	prev := boundary
	for _, id := range seq {
		cur := boundary
		if id >= 0 {
			cur = item[id]
		}
		keys = append(keys, uint64(prev)<<32|uint64(cur))
		prev = cur
	}
	slices.Sort(keys)
	c.total = len(keys)
	items := int(V + 2)
	c.count = make([]int32, items)
	var as, bs, ns []int32
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		a, b := int32(keys[i]>>32), int32(uint32(keys[i]))
		as, bs, ns = append(as, a), append(bs, b), append(ns, int32(j-i))
		c.count[a] += int32(j - i)
		i = j
	}
	c.succ = makeAdjacency(items, as, bs, ns)
	c.pred = makeAdjacency(items, bs, as, ns)
	return c, nil
}

// makeAdjacency groups the pairs (from[i], to[i]) with count n[i] by from,
// keeping the input order within a group (a counting sort).
func makeAdjacency(items int, from, to, n []int32) adjacency {
	a := adjacency{start: make([]int32, items+1), item: make([]int32, len(to)), n: make([]int32, len(n))}
	for _, f := range from {
		a.start[f+1]++
	}
	for i := 1; i <= items; i++ {
		a.start[i] += a.start[i-1]
	}
	next := slices.Clone(a.start[:items])
	for i, f := range from {
		p := next[f]
		next[f]++
		a.item[p], a.n[p] = to[i], n[i]
	}
	return a
}

// tableMax bounds the table of x·ln x; larger arguments are computed.
const tableMax = 1 << 24

// moveEpsilon is the least gain in log-likelihood (nats) for which a word
// changes class; it keeps rounding noise from moving words back and forth.
const moveEpsilon = 1e-6

// exchange is the state of one exchange-algorithm run with K classes.
// Classes 0..K-1 are the movable ones; class K holds the boundary item and
// class K+1 the rare item.
type exchange struct {
	c       *corpus
	V, K, C int
	cls     []int32   // class of every item
	M, MT   []int32   // class bigram counts, M[a*C+b] = N(a,b), MT its transpose
	N       []int32   // class counts
	tab     []float64 // x·ln x, shared between runs

	// Scratch space for the word being moved: counts of its right and left
	// neighbours by class (dense, zero outside rcT/lcT) and the gain of
	// each candidate class.
	rc, lc   []int32
	rcT, lcT []int32
	acc      []float64
}

// xlogxTable returns h(x) = x·ln x for x in [0, min(total, tableMax)].
func xlogxTable(total int) []float64 {
	tab := make([]float64, min(total+1, tableMax))
	for i := 1; i < len(tab); i++ {
		f := float64(i)
		tab[i] = f * math.Log(f)
	}
	return tab
}

// newExchange starts a run with K classes, assigned round-robin by
// frequency rank; tab is shared, read-only.
func newExchange(c *corpus, K int, tab []float64) *exchange {
	V := len(c.words)
	C := K + 2
	e := &exchange{
		c: c, V: V, K: K, C: C,
		cls: make([]int32, V+2),
		M:   make([]int32, C*C),
		MT:  make([]int32, C*C),
		N:   make([]int32, C),
		tab: tab,
		rc:  make([]int32, C),
		lc:  make([]int32, C),
		acc: make([]float64, K),
	}
	for w := range V {
		e.cls[w] = int32(w % K)
	}
	e.cls[V], e.cls[V+1] = int32(K), int32(K+1)
	e.recount()
	return e
}

// recount computes M, MT and N from the class assignment.
func (e *exchange) recount() {
	clear(e.M)
	clear(e.MT)
	clear(e.N)
	C := e.C
	for a := range int32(e.V + 2) {
		ca := e.cls[a]
		e.N[ca] += e.c.count[a]
		bs, ns := e.c.succ.row(a)
		for i, b := range bs {
			cb := e.cls[b]
			e.M[int(ca)*C+int(cb)] += ns[i]
			e.MT[int(cb)*C+int(ca)] += ns[i]
		}
	}
}

func (e *exchange) h(x int32) float64 {
	if uint(x) < uint(len(e.tab)) {
		return e.tab[x]
	}
	f := float64(x)
	return f * math.Log(f)
}

// logLik returns the log-likelihood of the training text under the class
// bigram model with maximum-likelihood estimates.
func (e *exchange) logLik() float64 {
	var ll float64
	for _, m := range e.M {
		ll += e.h(m)
	}
	for _, n := range e.N {
		ll -= 2 * e.h(n)
	}
	for _, n := range e.c.count {
		ll += e.h(n)
	}
	return ll
}

// perplexity returns the per-token perplexity of the training text (end of
// sentence included).
func (e *exchange) perplexity() float64 {
	return math.Exp(-e.logLik() / float64(e.c.total))
}

// sweep offers every word a move once, in frequency order, and returns the
// number of words that moved.
func (e *exchange) sweep() int {
	moved := 0
	for w := range int32(e.V) {
		if e.moveWord(w) {
			moved++
		}
	}
	return moved
}

// moveWord takes w out of its class, puts it into the best class and
// reports whether that is a different one.
func (e *exchange) moveWord(w int32) bool {
	nw, self := e.gather(w)
	old := e.cls[w]
	e.update(old, nw, self, -1)
	e.score(nw, self)
	best, bestGain := old, e.acc[old]
	for b, g := range e.acc {
		if g > bestGain+moveEpsilon {
			best, bestGain = int32(b), g
		}
	}
	e.update(best, nw, self, +1)
	e.cls[w] = best
	e.release()
	return best != old
}

// gather fills rc and lc with w's right and left neighbours by class, not
// counting w itself, and returns w's count and self-bigram count n(w,w).
func (e *exchange) gather(w int32) (nw, self int32) {
	bs, ns := e.c.succ.row(w)
	for i, b := range bs {
		if b == w {
			self += ns[i]
			continue
		}
		d := e.cls[b]
		if e.rc[d] == 0 {
			e.rcT = append(e.rcT, d)
		}
		e.rc[d] += ns[i]
	}
	as, ns := e.c.pred.row(w)
	for i, a := range as {
		if a == w {
			continue // counted in self
		}
		c := e.cls[a]
		if e.lc[c] == 0 {
			e.lcT = append(e.lcT, c)
		}
		e.lc[c] += ns[i]
	}
	return e.c.count[w], self
}

// release clears what gather filled.
func (e *exchange) release() {
	for _, d := range e.rcT {
		e.rc[d] = 0
	}
	for _, c := range e.lcT {
		e.lc[c] = 0
	}
	e.rcT, e.lcT = e.rcT[:0], e.lcT[:0]
}

// update adds (sign +1) or removes (sign -1) the current word, with count
// nw, self-bigram count self and context counts rc/lc, to or from class k.
func (e *exchange) update(k, nw, self, sign int32) {
	C := int(e.C)
	kk := int(k)
	for _, d := range e.rcT {
		n := sign * e.rc[d]
		e.M[kk*C+int(d)] += n
		e.MT[int(d)*C+kk] += n
	}
	for _, c := range e.lcT {
		n := sign * e.lc[c]
		e.M[int(c)*C+kk] += n
		e.MT[kk*C+int(c)] += n
	}
	e.M[kk*C+kk] += sign * self
	e.MT[kk*C+kk] += sign * self
	e.N[k] += sign * nw
}

// score sets acc[b] to the change in log-likelihood (up to a constant
// shared by all b) of putting the current word, which has been taken out of
// its class, into class b.
func (e *exchange) score(nw, self int32) {
	acc := e.acc
	clear(acc)
	C, K := e.C, e.K
	// Bigrams (w, x): row b of N gains rc[d] in column d.
	for _, d := range e.rcT {
		e.addGains(acc, e.MT[int(d)*C:int(d)*C+K], e.rc[d])
	}
	// Bigrams (x, w): column b of N gains lc[c] in row c.
	for _, c := range e.lcT {
		e.addGains(acc, e.M[int(c)*C:int(c)*C+K], e.lc[c])
	}
	// The class count of b grows by nw, on the left and on the right.
	e.addGains2(acc, e.N[:K], nw)
	// The loops above treated the word's bigrams with members of b in
	// both directions, and its self-bigrams, as if they fell into separate
	// cells; all of them fall into N(b,b). The correction is zero unless b
	// is on both sides of the word or the word follows itself.
	if self > 0 {
		for b := range K {
			acc[b] += e.diagonal(b, self)
		}
		return
	}
	for _, b := range e.rcT {
		if int(b) < K && e.lc[b] > 0 {
			acc[b] += e.diagonal(int(b), 0)
		}
	}
}

// diagonal returns the correction to the gain of class b for N(b,b).
func (e *exchange) diagonal(b int, self int32) float64 {
	m := e.M[b*e.C+b]
	r, l := e.rc[b], e.lc[b]
	return e.h(m+r+l+self) - e.h(m+r) - e.h(m+l) + e.h(m)
}

// addGains2 subtracts 2·(h(n[i]+nw) - h(n[i])) from acc[i].
func (e *exchange) addGains2(acc []float64, n []int32, nw int32) {
	tab := e.tab
	n = n[:len(acc)]
	for i, m := range n {
		x := m + nw
		if uint(x) < uint(len(tab)) {
			acc[i] -= 2 * (tab[x] - tab[m])
		} else {
			acc[i] -= 2 * (e.h(x) - e.h(m))
		}
	}
}

// addGains adds h(row[i]+n) - h(row[i]) to acc[i].
func (e *exchange) addGains(acc []float64, row []int32, n int32) {
	tab := e.tab
	row = row[:len(acc)]
	for i, m := range row {
		x := m + n
		if uint(x) < uint(len(tab)) {
			acc[i] += tab[x] - tab[m]
		} else {
			acc[i] += e.h(x) - e.h(m)
		}
	}
}

// canonical returns the class of every word, renumbered in order of first
// occurrence in frequency order.
func (e *exchange) canonical() []uint16 {
	newID := make([]int32, e.K)
	for i := range newID {
		newID[i] = -1
	}
	next := int32(0)
	out := make([]uint16, e.V)
	for w := range e.V {
		c := e.cls[w]
		if newID[c] < 0 {
			newID[c] = next
			next++
		}
		out[w] = uint16(newID[c])
	}
	return out
}
