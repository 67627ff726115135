package lang

import (
	"math/bits"
	"slices"
	"unicode"
)

// bucketBits is how many top bits of a key index a table: 2^16 buckets of
// about six entries each for ten languages, so a lookup scans a few
// entries that share a cache line or two.
const bucketBits = 16

// table is one Detector's view of a model: the grams of its languages
// merged into one array sorted by key, so that one lookup finds an n-gram's
// cost in every candidate language at once.
type table struct {
	codes    []string
	all      uint64 // one bit per language
	maxOrder int
	// hasOrder[n] has the bits of the languages that have n-grams of
	// length n; only they pay the backoff cost when one is missing.
	hasOrder [MaxOrderLimit + 1]uint64
	backoff  uint32
	unknown  uint32
	// entries[start[b]:start[b+1]] are the entries whose key's top
	// bucketBits bits are b. An entry is key<<6 | language index: 26 + 6
	// bits, so the table costs five bytes a gram with its cost.
	start   []uint32
	entries []uint32
	costs   []uint8
}

// newTable merges the grams of the languages at the given indexes of m.
func newTable(m *Model, langs []int) *table {
	t := &table{maxOrder: 1, backoff: uint32(m.Backoff), unknown: uint32(m.Unknown)}
	n := 0
	for i, li := range langs {
		l := m.Languages[li]
		t.codes = append(t.codes, l.Code)
		t.all |= 1 << i
		for o := 1; o <= l.MaxOrder; o++ {
			t.hasOrder[o] |= 1 << i
		}
		t.maxOrder = max(t.maxOrder, l.MaxOrder)
		n += len(l.Grams)
	}
	// A counting sort by bucket, then a sort of each bucket's handful of
	// entries: a sort of the whole array took ten times as long.
	t.start = make([]uint32, 1<<bucketBits+1)
	for _, li := range langs {
		for _, g := range m.Languages[li].Grams {
			t.start[g.Key>>(KeyBits-bucketBits)+1]++
		}
	}
	for b := 1; b < len(t.start); b++ {
		t.start[b] += t.start[b-1]
	}
	t.entries = make([]uint32, n)
	t.costs = make([]uint8, n)
	next := slices.Clone(t.start[:1<<bucketBits])
	for i, li := range langs {
		for _, g := range m.Languages[li].Grams {
			b := g.Key >> (KeyBits - bucketBits)
			t.entries[next[b]] = g.Key<<6 | uint32(i)
			t.costs[next[b]] = g.Cost
			next[b]++
		}
	}
	for b := 0; b < 1<<bucketBits; b++ {
		lo, hi := t.start[b], t.start[b+1]
		// Insertion sort: buckets hold a few entries.
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && t.entries[j] < t.entries[j-1]; j-- {
				t.entries[j], t.entries[j-1] = t.entries[j-1], t.entries[j]
				t.costs[j], t.costs[j-1] = t.costs[j-1], t.costs[j]
			}
		}
	}
	return t
}

// score adds each language's cost of text to cost (the lower, the likelier)
// and reports whether any letter of text is one that some language uses.
//
// Each letter costs what the longest known n-gram ending with it says, in
// each language separately: a language that lacks the n-gram tries the
// next shorter one and pays Backoff for the step. A language that lacks
// even the letter pays what the language that finds it likeliest pays, and
// Unknown on top: a Chinese headline with a Latin brand name in it, or an
// English one with a Chinese name, is a common sight in news, so a foreign
// letter must weigh against a language without ruling it out. A letter no
// language knows costs nothing.
func (t *table) score(text string, cost *[MaxLanguages]uint32) (known bool) {
	var window [MaxOrderLimit]rune
	w := 0 // letters of the current word in window
	for _, r := range text {
		if !unicode.IsLetter(r) {
			w = 0
			continue
		}
		if w == t.maxOrder {
			copy(window[:], window[1:w])
			w--
		}
		window[w] = unicode.ToLower(r)
		w++
		open := t.all
		least := uint32(0xff)
		for n := w; n >= 1 && open != 0; n-- {
			key := Key(window[w-n : w])
			b := key >> (KeyBits - bucketBits)
			for i, end := t.start[b], t.start[b+1]; i < end; i++ {
				e := t.entries[i]
				if k := e >> 6; k != key {
					if k > key {
						break
					}
					continue
				}
				c := uint32(t.costs[i])
				if n == 1 {
					least = min(least, c)
				}
				if bit := uint64(1) << (e & 63); open&bit != 0 {
					cost[e&63] += c
					open &^= bit
				}
			}
			if n > 1 {
				for m := open & t.hasOrder[n]; m != 0; m &= m - 1 {
					cost[bits.TrailingZeros64(m)] += t.backoff
				}
			}
		}
		if open == t.all {
			continue // no language knows the letter
		}
		known = true
		for m := open; m != 0; m &= m - 1 {
			cost[bits.TrailingZeros64(m)] += least + t.unknown
		}
	}
	return known
}

// best returns the language of least cost, or "" when none of text's
// letters is known or two languages tie.
func (t *table) best(text string) string {
	var cost [MaxLanguages]uint32
	if !t.score(text, &cost) {
		return ""
	}
	best, tie := 0, false
	for i := 1; i < len(t.codes); i++ {
		switch {
		case cost[i] < cost[best]:
			best, tie = i, false
		case cost[i] == cost[best]:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return t.codes[best]
}
