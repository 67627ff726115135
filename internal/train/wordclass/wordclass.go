// Package wordclass learns word classes (clusters) from unlabeled tokenized
// text, for use as features by the named-entity tagger, in the way Brown
// clusters are used. It is training code: the NER trainer copies the
// classes into its model, and the tagger reads them from there, never from
// here.
//
// # Method
//
// Train fits a class-based bigram language model
//
//	P(w_i | w_i-1) = P(c(w_i) | c(w_i-1)) · P(w_i | c(w_i))
//
// with the exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney
// 1998). Each sentence is wrapped in a sentence-boundary token. Words seen at
// least MinCount times are clustered; all rarer words are pooled into one
// "rare" token. The boundary and rare tokens each have a fixed class of their
// own, are never moved and are not part of the model, but they take part in
// the likelihood, so "follows a rare word" or "starts a sentence" is context
// like any other.
//
// Up to terms that do not depend on the clustering, the training
// log-likelihood is
//
//	F = Σ_c,d h(N(c,d)) − 2 Σ_c h(N(c)),  h(x) = x·ln x,
//
// where N(c,d) counts class bigrams and N(c) class occurrences (left and
// right marginals coincide because of the boundary token). Words start in
// classes assigned round-robin by frequency rank (the K most frequent words
// each get their own class). A sweep visits the clustered words in frequency
// order; each word is taken out of its class and put into the class that
// maximises F. Only the rows and columns of N(·,·) that the word's left and
// right neighbours' classes touch change, so the gain of every candidate
// class is computed from the word's context-class counts in time
// proportional to K times the number of distinct classes next to it. Sweeps
// repeat until fewer than Tolerance of the words move or MaxIter sweeps have
// run. A word moves only when that raises F by more than a tiny epsilon;
// ties go to the lowest class id. Training is deterministic: the same input
// and options give the same classes, whatever Workers is (the
// granularities are independent runs; Workers of them run at once).
//
// # Granularities
//
// Instead of the bit-string paths of Brown clustering, a model holds one
// clustering per entry of Options.Classes (by default 64, 256 and 1024
// classes), each from its own exchange run; Lookup returns the word's class
// at every granularity, in the order of Options.Classes. The
// clusterings are not nested: each is the best the exchange algorithm finds
// for its K, which is what a tagger wants from a feature. Class ids are
// renumbered in order of first occurrence in frequency order (the most
// frequent word is in class 0 at every level), so equal partitions get equal
// ids.
//
// # Normalisation
//
// Before counting, and again in Lookup, every token is normalised: when
// Options.Lowercase is set it is lower-cased, and every decimal digit
// (unicode.IsDigit) is replaced by '0', so "1,250" and "3,999" are the same
// word "0,000" and "1990s" is "0000s". Words are case-sensitive by default
// ("Bank" and "bank" are different words).
//
// # Files and cost
//
// WriteTo and Read use a small versioned binary format with a CRC-32 (see
// format.go); Read rejects truncated or corrupt input with an error that
// wraps ErrFormat. On CoNLL-2003 train + GMB (1.25M tokens, 24.8k words
// with MinCount 2) the default options train in about 9 s and 110 MB, most
// of it the 1024-class run; a sweep costs about K times the number of
// distinct (word, neighbour class) pairs.
package wordclass

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxClasses is the largest number of classes one level may have; the class
// bigram table of a level takes 8·(K+2)² bytes during training.
const MaxClasses = 8192

// Defaults used when the corresponding Options field is zero.
const (
	DefaultMinCount  = 2
	DefaultMaxIter   = 20
	DefaultTolerance = 0.001
)

// DefaultClasses returns the granularities used when Options.Classes is
// empty: 64, 256 and 1024 classes.
func DefaultClasses() []int { return []int{64, 256, 1024} }

// ErrNoData is returned by Train when no word occurs MinCount times.
var ErrNoData = errors.New("wordclass: no word occurs often enough to cluster")

// Options control Train. The zero value gives the defaults.
type Options struct {
	// Classes lists the number of classes of each granularity, each in
	// [2, MaxClasses], no duplicates. Empty means DefaultClasses().
	Classes []int
	// MinCount is the number of occurrences a word needs to be clustered;
	// 0 means DefaultMinCount.
	MinCount int
	// MaxIter bounds the number of exchange sweeps per granularity; 0 means
	// DefaultMaxIter.
	MaxIter int
	// Tolerance stops a granularity's sweeps once fewer than this fraction of
	// the words moved in a sweep; 0 means DefaultTolerance. A negative value
	// runs all MaxIter sweeps (until no word moves).
	Tolerance float64
	// Lowercase lower-cases words before counting and lookup.
	Lowercase bool
	// Workers is the number of granularities trained at once (each run is
	// sequential); 0 means runtime.GOMAXPROCS(0). It does not change the
	// result.
	Workers int
	// Progress, if set, receives a line after every sweep. It may be called
	// from several goroutines, but never concurrently.
	Progress func(string)
}

func (o Options) withDefaults() (Options, error) {
	if len(o.Classes) == 0 {
		o.Classes = DefaultClasses()
	} else {
		o.Classes = slices.Clone(o.Classes)
	}
	for i, k := range o.Classes {
		if k < 2 || k > MaxClasses {
			return o, fmt.Errorf("wordclass: Classes[%d] = %d: want 2..%d", i, k, MaxClasses)
		}
		if slices.Contains(o.Classes[:i], k) {
			return o, fmt.Errorf("wordclass: Classes lists %d twice", k)
		}
	}
	switch {
	case o.MinCount < 0:
		return o, fmt.Errorf("wordclass: MinCount = %d: want >= 0", o.MinCount)
	case o.MinCount == 0:
		o.MinCount = DefaultMinCount
	}
	switch {
	case o.MaxIter < 0:
		return o, fmt.Errorf("wordclass: MaxIter = %d: want >= 0", o.MaxIter)
	case o.MaxIter == 0:
		o.MaxIter = DefaultMaxIter
	}
	if o.Tolerance == 0 {
		o.Tolerance = DefaultTolerance
	}
	switch {
	case o.Workers < 0:
		return o, fmt.Errorf("wordclass: Workers = %d: want >= 0", o.Workers)
	case o.Workers == 0:
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o, nil
}

// Model maps words to their class at each granularity. It is immutable
// after Train or Read and safe for concurrent use.
type Model struct {
	levels    []int    // number of classes per level
	lowercase bool     // words were lower-cased
	minCount  int      // MinCount used in training
	words     []string // clustered words, most frequent first
	counts    []uint32 // training count of each word
	classes   []uint16 // classes[i*len(levels)+l]: class of words[i] at level l
	index     map[string]int32
}

func (m *Model) buildIndex() error {
	m.index = make(map[string]int32, len(m.words))
	for i, w := range m.words {
		if _, dup := m.index[w]; dup {
			return fmt.Errorf("word %q listed twice", w)
		}
		m.index[w] = int32(i)
	}
	return nil
}

// Levels returns the number of classes of each granularity, in the order
// Lookup reports them.
func (m *Model) Levels() []int { return slices.Clone(m.levels) }

// Len returns the number of clustered words.
func (m *Model) Len() int { return len(m.words) }

// Lowercase reports whether the model lower-cases words.
func (m *Model) Lowercase() bool { return m.lowercase }

// MinCount returns the minimum count a word needed to be clustered.
func (m *Model) MinCount() int { return m.minCount }

// Normalize returns the form under which the model stores word: digits
// replaced by '0' and, if the model is lower-cased, lower case.
func (m *Model) Normalize(word string) string { return normalize(word, m.lowercase) }

// Lookup returns word's class at every granularity (see Levels), after
// normalising it; ok is false for a word that was not clustered (unseen or
// rarer than MinCount). The slice is the caller's.
func (m *Model) Lookup(word string) (classes []int, ok bool) {
	i, ok := m.index[normalize(word, m.lowercase)]
	if !ok {
		return nil, false
	}
	L := len(m.levels)
	out := make([]int, L)
	for l, c := range m.classes[int(i)*L : int(i)*L+L] {
		out[l] = int(c)
	}
	return out, true
}

// Class returns word's class at granularity level (an index into Levels)
// without allocating; ok is false for a word that was not clustered.
// It panics if level is out of range.
func (m *Model) Class(word string, level int) (class int, ok bool) {
	if level < 0 || level >= len(m.levels) {
		panic(fmt.Sprintf("wordclass: level %d out of range [0,%d)", level, len(m.levels)))
	}
	i, ok := m.index[normalize(word, m.lowercase)]
	if !ok {
		return 0, false
	}
	return int(m.classes[int(i)*len(m.levels)+level]), true
}

// Count returns the number of times word (normalised) occurred in the
// training text, or 0 if it was not clustered.
func (m *Model) Count(word string) int {
	i, ok := m.index[normalize(word, m.lowercase)]
	if !ok {
		return 0
	}
	return int(m.counts[i])
}

// Members returns the words of class at granularity level, most frequent
// first. It is meant for inspection; it scans the whole vocabulary.
func (m *Model) Members(level, class int) []string {
	if level < 0 || level >= len(m.levels) {
		panic(fmt.Sprintf("wordclass: level %d out of range [0,%d)", level, len(m.levels)))
	}
	var out []string
	L := len(m.levels)
	for i, w := range m.words {
		if int(m.classes[i*L+level]) == class {
			out = append(out, w)
		}
	}
	return out
}

// normalize lower-cases s if lower is set and replaces every decimal digit
// by '0'. It returns s itself when nothing changes.
func normalize(s string, lower bool) string {
	if lower {
		s = strings.ToLower(s)
	}
	change := false
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf || ('1' <= b && b <= '9') {
			change = true
			break
		}
	}
	if !change {
		return s
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '0' && unicode.IsDigit(r) }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '0'
		}
		return r
	}, s)
}

// Words returns the clustered words (normalized), most frequent first.
func (m *Model) Words() []string { return slices.Clone(m.words) }
