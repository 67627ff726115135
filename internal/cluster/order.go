package cluster

import (
	"cmp"
	"slices"
	"time"
)

// byWeight sorts terms heaviest first, ties by term id: ids are given in
// the order terms are first met, so the same articles in the same order
// break ties the same way.
func byWeight(ts []tw) { slices.SortFunc(ts, func(a, b tw) int { return order(a, b) }) }

// order is byWeight's order: heavier first, then lower id.
func order(a, b tw) int {
	if a.w != b.w {
		return cmp.Compare(b.w, a.w)
	}
	return int(a.t) - int(b.t)
}

// byID sorts terms by id, the order a vec keeps.
func byID(ts []tw) { slices.SortFunc(ts, func(a, b tw) int { return int(a.t) - int(b.t) }) }

// selectHeaviest moves the k heaviest terms (in byWeight's order) to the
// front, in no order among themselves, and returns how many that is
// (k, or fewer terms). It is quickselect: a sort of the few kept terms,
// where it is needed, costs far less than a sort of them all.
func selectHeaviest(ts []tw, k int) int {
	if k >= len(ts) {
		return len(ts)
	}
	lo, hi := 0, len(ts)-1
	for lo < hi {
		// The median of three as the pivot: term lists often come
		// nearly sorted.
		mid := lo + (hi-lo)/2
		if order(ts[mid], ts[lo]) < 0 {
			ts[mid], ts[lo] = ts[lo], ts[mid]
		}
		if order(ts[hi], ts[lo]) < 0 {
			ts[hi], ts[lo] = ts[lo], ts[hi]
		}
		if order(ts[hi], ts[mid]) < 0 {
			ts[hi], ts[mid] = ts[mid], ts[hi]
		}
		p := ts[mid]
		i, j := lo, hi
		for i <= j {
			for order(ts[i], p) < 0 {
				i++
			}
			for order(p, ts[j]) < 0 {
				j--
			}
			if i <= j {
				ts[i], ts[j] = ts[j], ts[i]
				i++
				j--
			}
		}
		// Now ts[lo..j] come before ts[i..hi] in the order.
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return k
		}
	}
	return k
}

// PublicationOrder returns the order in which docs are to be clustered,
// as indices into docs: dated articles oldest first (one known only to
// the day placed at noon, the middle of the day it could have appeared
// in), then the undated ones; articles of one time, and the undated,
// keep the order they came in.
func PublicationOrder(docs []Doc) []int {
	key := func(d Doc) time.Time {
		if d.DayOnly {
			return d.Published.Add(12 * time.Hour)
		}
		return d.Published
	}
	var dated, undated []int
	for i, d := range docs {
		if d.Published.IsZero() {
			undated = append(undated, i)
		} else {
			dated = append(dated, i)
		}
	}
	slices.SortStableFunc(dated, func(a, b int) int { return key(docs[a]).Compare(key(docs[b])) })
	return append(dated, undated...)
}
