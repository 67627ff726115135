package cluster

import (
	"cmp"
	"slices"
	"sort"
)

// index finds an article's candidate stories: posting lists from terms,
// entities and name keys to the stories indexed under them, most recent
// last. They point at the stories themselves, so finding candidates
// needs no lookups; a story merged away or evicted is marked and dropped
// from a list when the list is next read.
type index struct {
	byTerm map[int32][]*story
	byName map[string][]*story
	byEnt  map[int64][]*story
	mark   uint32 // stamps the stories counted for the current article
}

func newIndex() index {
	return index{byTerm: map[int32][]*story{}, byName: map[string][]*story{}, byEnt: map[int64][]*story{}}
}

// postingLimit bounds each posting list: a term or entity points at its
// most recent stories only.
const postingLimit = 48

// maxCandidates is how many stories an article is scored against.
const maxCandidates = 20

// add indexes a story under an article's name keys, heaviest terms and
// entities, once the article has joined it.
func (x *index) add(s *story, v docVec) {
	for _, nk := range v.nameKeys {
		x.byName[nk.k] = post(x.byName[nk.k], s)
	}
	top := v.top
	if len(top) > 16 {
		top = top[:16]
	}
	for _, t := range top {
		x.byTerm[t] = post(x.byTerm[t], s)
	}
	ents := make([]int64, 0, len(v.ents))
	for e := range v.ents {
		ents = append(ents, e)
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i] < ents[j] })
	for _, e := range ents {
		x.byEnt[e] = post(x.byEnt[e], s)
	}
}

// candidates returns the stories sharing the article's rarest terms or any
// of its entities, deterministically ordered. Once the collection holds
// more than one language (multilingual), stories in other languages are
// found by the article's name keys too.
func (x *index) candidates(v docVec, multilingual bool) []*story {
	x.mark++
	var found []*story
	count := func(list []*story, n int) {
		for _, s := range list {
			if s.mark != x.mark {
				s.mark, s.hits = x.mark, 0
				found = append(found, s)
			}
			s.hits += n
		}
	}
	top := v.top
	for _, t := range top {
		if l := live(x.byTerm[t]); len(l) > 0 {
			x.byTerm[t] = l
			count(l, 1)
		} else {
			delete(x.byTerm, t)
		}
	}
	for e := range v.ents {
		if l := live(x.byEnt[e]); len(l) > 0 {
			x.byEnt[e] = l
			count(l, 2)
		} else {
			delete(x.byEnt, e)
		}
	}
	// Names find stories in other languages, which share no words.
	if v.lang != "" && multilingual {
		for _, nk := range v.nameKeys {
			k := nk.k
			l := live(x.byName[k])
			if len(l) == 0 {
				delete(x.byName, k)
				continue
			}
			x.byName[k] = l
			var other []*story
			for _, s := range l {
				if s.lang != v.lang {
					other = append(other, s)
				}
			}
			count(other, 1)
		}
	}
	found = mostHits(found, maxCandidates)
	slices.SortFunc(found, func(a, b *story) int {
		if a.hits != b.hits {
			return b.hits - a.hits
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(found) > maxCandidates {
		found = found[:maxCandidates]
	}
	return found
}

// mostHits drops the stories that cannot be among the n with the most
// hits, without sorting them all: hits are small counts, so the cut is
// found by counting how many stories have each.
func mostHits(found []*story, n int) []*story {
	if len(found) <= n {
		return found
	}
	top := 0
	for _, s := range found {
		top = max(top, s.hits)
	}
	per := make([]int, top+1)
	for _, s := range found {
		per[s.hits]++
	}
	cut, have := top, 0
	for ; cut > 0; cut-- {
		if have += per[cut]; have >= n {
			break
		}
	}
	out := found[:0]
	for _, s := range found {
		if s.hits >= cut {
			out = append(out, s)
		}
	}
	return out
}

// post adds a story to a posting list, keeping it short and most recent
// last.
func post(list []*story, s *story) []*story {
	for i, x := range list {
		if x == s {
			copy(list[i:], list[i+1:])
			list[len(list)-1] = s
			return list
		}
	}
	list = append(list, s)
	if len(list) > postingLimit {
		n := copy(list, list[len(list)-postingLimit:])
		clear(list[n:])
		list = list[:n]
	}
	return list
}

// live rewrites a posting list in place: merged stories as the story that
// absorbed them, evicted ones dropped, so lists shrink as stories leave
// memory instead of pointing at them for ever.
func live(list []*story) []*story {
	out := list[:0]
	for _, s := range list {
		if s.into != nil {
			s = resolve(s)
			if slices.Contains(out, s) {
				continue
			}
		}
		if s.gone {
			continue
		}
		out = append(out, s)
	}
	clear(list[len(out):]) // let go of the dropped stories
	return out
}

// sweepEvery is how often (in articles) every posting list is cleaned: a
// list is otherwise cleaned only when read, and the lists of names and
// entities never seen again would hold evicted stories for ever.
const sweepEvery = 16384

// sweep cleans every posting list, dropping the empty ones.
func (x *index) sweep() {
	sweepIndex(x.byTerm)
	sweepIndex(x.byEnt)
	sweepIndex(x.byName)
}

// sweepIndex cleans every posting list of one index, dropping the empty
// ones.
func sweepIndex[K comparable](index map[K][]*story) {
	for k, l := range index {
		if l = live(l); len(l) == 0 {
			delete(index, k)
		} else {
			index[k] = l
		}
	}
}
