package ner

// featureTable maps feature hashes to their span of weights in the model's
// pairs: open addressing with linear probing. Most features a tagger
// looks up are not in the model (unseen words, unseen
// conjunctions), and a miss here is a few probes of a flat array, about
// twice as fast as Go's map for this mix; scoring is most of the tagger's
// time, and most of that is waiting for memory. So a slot holds the key
// and its span together (one cache line read before the weights
// themselves), and the table is up to 70% full: longer probes, but they
// stay in the line, and a smaller table stays in cache.
type featureTable struct {
	slots []slot
	shift uint
	n     int
}

type slot struct {
	key    uint64 // 0 marks an empty slot; key 0 is stored as zeroKey
	lo, hi uint32 // the feature's weights are pairs[lo:hi]
}

// zeroKey stands in for the feature hash 0, which marks empty slots.
const zeroKey = 0x9E3779B97F4A7C15

func newFeatureTable(n int) featureTable {
	size, shift := 16, uint(60)
	for 10*n > 7*size {
		size *= 2
		shift--
	}
	return featureTable{slots: make([]slot, size), shift: shift}
}

func (t *featureTable) slot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> t.shift }

func (t *featureTable) put(k uint64, lo, hi uint32) {
	if k == 0 {
		k = zeroKey
	}
	if 10*(t.n+1) > 7*len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch s.key {
		case 0:
			*s = slot{k, lo, hi}
			t.n++
			return
		case k:
			s.lo, s.hi = lo, hi
			return
		}
	}
}

// get returns the span of feature k's weights.
func (t *featureTable) get(k uint64) (lo, hi uint32, ok bool) {
	if k == 0 {
		k = zeroKey
	}
	if len(t.slots) == 0 {
		return 0, 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch s.key {
		case k:
			return s.lo, s.hi, true
		case 0:
			return 0, 0, false
		}
	}
}

func (t *featureTable) grow() {
	old := *t
	*t = newFeatureTable(max(8, old.n*2))
	for _, s := range old.slots {
		if s.key != 0 {
			t.put(s.key, s.lo, s.hi)
		}
	}
}

func (t *featureTable) len() int { return t.n }

// each calls fn for every key and its span.
func (t *featureTable) each(fn func(k uint64, lo, hi uint32)) {
	for _, s := range t.slots {
		if s.key != 0 {
			fn(s.key, s.lo, s.hi)
		}
	}
}
