package cluster

import (
	"cmp"
	"slices"
	"time"
)

// story is a story's state.
type story struct {
	id       int64
	terms    vec               // summed length-normalised term frequencies
	ents     map[int64]float64 // summed entity weights (before rarity)
	entNames map[int64]string
	// entKeys and nameKeys are the keys of ents and names in order, so
	// norms over them are summed in the same order in every run (a map's
	// order changes from run to run, and with it a sum's last bit).
	entKeys  []int64
	nameKeys []string
	// leads counts, per person, the articles that open with them.
	leads    map[int64]int
	first    time.Time // publication range of its dated articles
	last     time.Time
	years    map[int]int // years its articles mention or were published in
	names    map[string]float64
	langs    map[string]int
	lang     string // the language most of its articles are in
	articles []string
	times    []time.Time // publication times, aligned with articles (zero when undated)
	seen     int         // docs counter when last touched
	// gone marks a story merged into another (into) or evicted.
	gone bool
	into *story
	// mark and hits count the article's index entries that point here.
	mark uint32
	hits int
	// members keeps the term vectors of its latest articles, for the
	// nearest-article part of the score.
	members []member
	// norm caches the centroid's TF-IDF norm, recomputed when the story
	// changes or the collection has grown by a twentieth since.
	norm   float64
	normAt int
	// entNorm caches the entity vector's norm the same way.
	entNorm   float64
	entNormAt int
}

// member is one of a story's latest articles, with its cached norm.
type member struct {
	tf     vec
	norm   float64
	normAt int
}

// memberLimit is how many of a story's articles are compared one by one.
const memberLimit = 8

// centroidTerms bounds a story's centroid: only its heaviest terms are
// kept, so comparing with a large story costs the same as a small one.
const centroidTerms = 200

func newStory(id int64) *story {
	return &story{id: id, leads: map[int64]int{}, ents: map[int64]float64{},
		entNames: map[int64]string{}, years: map[int]int{}, names: map[string]float64{}, langs: map[string]int{}}
}

// add adds an article's vectors to the story; seen is the collection's
// size now. The scratch array prunes the centroid when it has grown.
func (s *story) add(article string, v docVec, seen int, sc scratch) {
	s.articles = append(s.articles, article)
	s.times = append(s.times, v.when)
	s.seen = seen
	s.terms = addVec(s.terms, v.tf)
	s.members = append(s.members, member{tf: v.tf})
	s.normAt, s.entNormAt = 0, 0
	if len(s.members) > memberLimit {
		s.members = s.members[1:]
	}
	if len(s.terms) > centroidTerms+centroidTerms/4 {
		s.prune(sc)
	}
	for e, w := range v.ents {
		s.addEnt(e, w, v.names[e])
	}
	for y := range v.years {
		s.years[y]++
	}
	for _, p := range v.leads {
		s.leads[p]++
	}
	for _, nk := range v.nameKeys {
		s.addName(nk.k, nk.w)
	}
	if v.lang != "" {
		s.langs[v.lang]++
		s.setLanguage()
	}
	if !v.when.IsZero() {
		if s.first.IsZero() || v.when.Before(s.first) {
			s.first = v.when
		}
		if s.last.IsZero() || v.when.After(s.last) {
			s.last = v.when
		}
	}
}

// remove takes an article's vectors out of the story: the reverse of
// add, except that a centroid pruned since keeps what pruning dropped. It
// reports whether the article was in the story.
func (s *story) remove(article string, v docVec) bool {
	i := slices.Index(s.articles, article)
	if i < 0 {
		return false
	}
	s.articles = slices.Delete(s.articles, i, i+1)
	s.times = slices.Delete(s.times, i, i+1)
	s.terms = subVec(s.terms, v.tf)
	s.members = slices.DeleteFunc(s.members, func(m member) bool {
		return len(m.tf) > 0 && len(v.tf) > 0 && &m.tf[0] == &v.tf[0]
	})
	for e, w := range v.ents {
		if s.ents[e] -= w; s.ents[e] <= gone {
			delete(s.ents, e)
			delete(s.entNames, e)
			s.entKeys = deleteKey(s.entKeys, e)
		}
	}
	for _, nk := range v.nameKeys {
		if s.names[nk.k] -= nk.w; s.names[nk.k] <= gone {
			delete(s.names, nk.k)
			s.nameKeys = deleteKey(s.nameKeys, nk.k)
		}
	}
	for y := range v.years {
		if s.years[y]--; s.years[y] <= 0 {
			delete(s.years, y)
		}
	}
	for _, p := range v.leads {
		if s.leads[p]--; s.leads[p] <= 0 {
			delete(s.leads, p)
		}
	}
	if v.lang != "" {
		if s.langs[v.lang]--; s.langs[v.lang] <= 0 {
			delete(s.langs, v.lang)
		}
		s.setLanguage()
	}
	s.first, s.last = time.Time{}, time.Time{}
	for _, t := range s.times {
		if t.IsZero() {
			continue
		}
		if s.first.IsZero() || t.Before(s.first) {
			s.first = t
		}
		if t.After(s.last) {
			s.last = t
		}
	}
	s.normAt, s.entNormAt = 0, 0
	return true
}

// absorb adds story f's articles and state to the story.
func (s *story) absorb(f *story, sc scratch) {
	s.articles = append(s.articles, f.articles...)
	s.times = append(s.times, f.times...)
	s.terms = addVec(s.terms, f.terms)
	if len(s.terms) > centroidTerms+centroidTerms/4 {
		s.prune(sc)
	}
	for k, w := range f.ents {
		s.addEnt(k, w, f.entNames[k])
	}
	for k, w := range f.names {
		s.addName(k, w)
	}
	for k, n := range f.langs {
		s.langs[k] += n
	}
	s.setLanguage()
	for y, n := range f.years {
		s.years[y] += n
	}
	for p, n := range f.leads {
		s.leads[p] += n
	}
	s.members = append(s.members, f.members...)
	s.normAt, s.entNormAt = 0, 0
	if len(s.members) > memberLimit {
		s.members = s.members[len(s.members)-memberLimit:]
	}
	if !f.first.IsZero() && (s.first.IsZero() || f.first.Before(s.first)) {
		s.first = f.first
	}
	if f.last.After(s.last) {
		s.last = f.last
	}
	s.seen = max(s.seen, f.seen)
}

// prune keeps the centroid's heaviest terms.
func (s *story) prune(sc scratch) {
	top := slices.Clone(s.terms)
	s.terms = sc.keepOnly(s.terms, top[:selectHeaviest(top, centroidTerms)])
}

// addEnt adds an entity's weight to the story, keeping entKeys in order.
func (s *story) addEnt(e int64, w float64, name string) {
	if _, ok := s.ents[e]; !ok {
		s.entKeys = insertKey(s.entKeys, e)
	}
	s.ents[e] += w
	s.entNames[e] = name
}

// addName adds a name key's weight to the story, keeping nameKeys in
// order.
func (s *story) addName(k string, w float64) {
	if _, ok := s.names[k]; !ok {
		s.nameKeys = insertKey(s.nameKeys, k)
	}
	s.names[k] += w
}

// insertKey inserts k into the sorted keys unless it is there.
func insertKey[K cmp.Ordered](keys []K, k K) []K {
	if i, found := slices.BinarySearch(keys, k); !found {
		keys = slices.Insert(keys, i, k)
	}
	return keys
}

// deleteKey removes k from the sorted keys.
func deleteKey[K cmp.Ordered](keys []K, k K) []K {
	if i, found := slices.BinarySearch(keys, k); found {
		keys = slices.Delete(keys, i, i+1)
	}
	return keys
}

// setLanguage recomputes the story's language after its articles change.
func (s *story) setLanguage() {
	best, n := "", 0
	for l, k := range s.langs {
		if k > n || k == n && l < best {
			best, n = l, k
		}
	}
	s.lang = best
}

// release marks a story gone and lets go of its state: posting lists may
// still point at it until they are next read.
func (s *story) release() {
	s.gone = true
	s.leads, s.terms, s.members, s.ents, s.entNames, s.names, s.years, s.langs, s.articles, s.times = nil, nil, nil, nil, nil, nil, nil, nil, nil, nil
	s.entKeys, s.nameKeys = nil, nil
}

// resolve follows merges to the story that now holds a merged one.
func resolve(s *story) *story {
	root := s
	for root.into != nil {
		root = root.into
	}
	// Shorten the chain for next time.
	for s != root {
		next := s.into
		s.into = root
		s = next
	}
	return root
}
