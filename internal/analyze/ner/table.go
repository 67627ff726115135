package ner

// featureTable maps feature hashes to weight rows: open addressing with
// linear probing, at most half full. Most features a tagger looks up are
// not in the model (unseen words, unseen conjunctions), and a miss here is
// one or two probes of a flat array, about twice as fast as Go's map for
// this mix; scoring is most of the tagger's time.
type featureTable struct {
	keys  []uint64 // 0 marks an empty slot; key 0 is stored as zeroKey
	rows  []uint32
	shift uint
	n     int
}

// zeroKey stands in for the feature hash 0, which marks empty slots.
const zeroKey = 0x9E3779B97F4A7C15

func newFeatureTable(n int) featureTable {
	size, shift := 16, uint(60)
	for size < 2*n {
		size *= 2
		shift--
	}
	return featureTable{keys: make([]uint64, size), rows: make([]uint32, size), shift: shift}
}

func (t *featureTable) slot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> t.shift }

func (t *featureTable) put(k uint64, row uint32) {
	if k == 0 {
		k = zeroKey
	}
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case 0:
			t.keys[i], t.rows[i] = k, row
			t.n++
			return
		case k:
			t.rows[i] = row
			return
		}
	}
}

func (t *featureTable) get(k uint64) (uint32, bool) {
	if k == 0 {
		k = zeroKey
	}
	if len(t.keys) == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.rows[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *featureTable) grow() {
	old := *t
	*t = newFeatureTable(max(8, old.n*2))
	for i, k := range old.keys {
		if k != 0 {
			t.put(k, old.rows[i])
		}
	}
}

func (t *featureTable) len() int { return t.n }

// each calls fn for every key and row.
func (t *featureTable) each(fn func(k uint64, row uint32)) {
	for i, k := range t.keys {
		if k != 0 {
			fn(k, t.rows[i])
		}
	}
}
