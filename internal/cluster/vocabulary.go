package cluster

import (
	"math"
	"strings"
	"sync"
)

// vocabulary is what the clusterer knows of the collection: the terms it
// has met, with ids, and how many articles hold each term, entity and
// name key, from which the rarity weights (idf) come.
type vocabulary struct {
	docs int // articles seen
	// Terms are interned to small integers in order of first sight:
	// vectors are sorted by them and compared in one pass. Only Add gives
	// ids, in the order of the articles, so they are the same from run to
	// run; the clusterer's tokenizers, on other goroutines, read the map
	// to give the terms already known their ids ahead.
	ids   *sync.Map      // string -> int32
	words []string       // id -> term
	df    []int32        // id -> articles holding it
	edf   map[int64]int  // entity -> articles naming it
	ndf   map[string]int // name key -> articles holding it
	// langs counts the languages seen: names are searched only once
	// there are two.
	langs map[string]bool
	logs  []float64 // logs[n] = log(n+1)
	logN  float64   // log(docs+1)
}

func newVocabulary() vocabulary {
	return vocabulary{ids: &sync.Map{}, edf: map[int64]int{}, ndf: map[string]int{}, langs: map[string]bool{}}
}

// intern returns a term's id, giving a new term the next one: ids follow
// the order terms are first met in the articles. isNew reports a term
// met for the first time, for arrays indexed by term id to grow.
func (vc *vocabulary) intern(t string) (id int32, isNew bool) {
	if id, ok := vc.ids.Load(t); ok {
		return id.(int32), false
	}
	id = int32(len(vc.words))
	t = strings.Clone(t) // a slice of the article's text would keep it all
	vc.ids.Store(t, id)
	vc.words = append(vc.words, t)
	vc.df = append(vc.df, 0)
	return id, true
}

// count counts an article in the collection: its terms, entities, name
// keys and language.
func (vc *vocabulary) count(v *docVec) {
	vc.docs++
	vc.logN = math.Log(float64(vc.docs + 1))
	for _, x := range v.tf {
		vc.df[x.t]++
	}
	for e := range v.ents {
		vc.edf[e]++
	}
	for _, k := range v.nameKeys {
		vc.ndf[k.k]++
	}
	if v.lang != "" {
		vc.langs[v.lang] = true
	}
}

// idf is log((N+1)/(df+1)) + 1, from a table of logarithms: it is
// computed for every term of every candidate story, and math.Log there
// was most of the cost of clustering.
func (vc *vocabulary) idf(t int32) float64 {
	return vc.logN - vc.lg(int(vc.df[t])) + 1
}

// eidf is an entity's idf.
func (vc *vocabulary) eidf(e int64) float64 {
	return vc.logN - vc.lg(vc.edf[e]) + 1
}

// nidf is a name key's idf.
func (vc *vocabulary) nidf(k string) float64 {
	return vc.logN - vc.lg(vc.ndf[k]) + 1
}

// lg returns log(n+1), from the table for the small counts most
// document frequencies are.
func (vc *vocabulary) lg(n int) float64 {
	if n >= logTable {
		return math.Log(float64(n + 1))
	}
	for len(vc.logs) <= n {
		vc.logs = append(vc.logs, math.Log(float64(len(vc.logs)+1)))
	}
	return vc.logs[n]
}

// logTable bounds the table of logarithms.
const logTable = 1 << 16

// stale reports whether a norm computed at collection size at is out of
// date: idf weights move with the collection, slowly.
func (vc *vocabulary) stale(at int) bool { return at == 0 || vc.docs > at+at/20 }

// norm is the TF-IDF norm of a vector of raw sums.
func (vc *vocabulary) norm(v vec) float64 {
	var n float64
	for _, x := range v {
		b := x.w * vc.idf(x.t)
		n += b * b
	}
	return math.Sqrt(n)
}
