// Package ner finds the names of people, organisations, places and other
// named things (nationalities, events, products) in tokenized text.
//
// The tagger is a greedy left-to-right averaged perceptron over BILOU
// labels with the feature set of Ratinov and Roth (2009): the word and its
// neighbours, shapes, affixes, word classes learned from unlabeled text,
// gazetteer matches, and the labels the tagger gave the same word earlier in
// the document. This package owns what tagging needs: the features, the
// labels, the model and its file format, and the shipped model embedded in
// the binary. Models are trained by internal/train/ner (the `storywire
// train ner` command), which builds them through build.go.
package ner

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Info describes how a model was made; it is stored in the model file.
type Info struct {
	Version   int      `json:"version"`
	Types     []string `json:"types"`
	TrainedOn []string `json:"trained_on"`
	Epochs    int      `json:"epochs"`
	// FirstEpochs is the first pass's epochs, for a two-pass model.
	FirstEpochs int      `json:"first_epochs,omitempty"`
	Features    int      `json:"features"`
	DevF1       float64  `json:"dev_f1,omitempty"`
	Created     string   `json:"created,omitempty"`
	Classes     string   `json:"classes,omitempty"` // where the word classes came from
	Lists       []string `json:"gazetteers,omitempty"`
	Trigrams    bool     `json:"trigrams,omitempty"`
}

// Model is a trained tagger. It is immutable and safe for concurrent use;
// each goroutine tags with its own Tagger.
type Model struct {
	info      Info
	labels    labelSet
	rows      featureTable // feature -> its weights' span in pairs
	pairs     []weight
	scale     float32 // a weight is its q times scale
	classes   wordClasses
	gazetteer gazetteer
	trigrams  bool // character trigram features (Info.Trigrams)
	// first, when set, is a first-pass model: it tags the whole document,
	// and its labels, sentence by sentence and aggregated over the
	// document, are features of this model (Ratinov and Roth's two-stage
	// prediction aggregation).
	// The two passes of a two-pass model share word classes, gazetteers
	// and trigram setting (SecondPass and Read make them so), so a
	// sentence is prepared once for both.
	first *Model
}

// weight is one label's weight for a feature, quantized to 16 bits as in
// the model file: half the memory of a float, so more of the model stays
// in cache, and sums of up to 500 of them are exact in a float32.
type weight struct {
	q     int16
	label uint8
}

// Info returns the model's description.
func (m *Model) Info() Info {
	i := m.info
	i.Types, i.TrainedOn, i.Lists = slices.Clone(i.Types), slices.Clone(i.TrainedOn), slices.Clone(i.Lists)
	return i
}

// Types returns the entity types the model predicts.
func (m *Model) Types() []string { return append([]string(nil), m.labels.types...) }

// Tagger tags documents with a model. It holds scratch space, so it is not
// safe for concurrent use; make one per goroutine.
type Tagger struct {
	m      *Model
	sents  []sentenceInfo // the document's sentences, prepared
	feats  []uint64
	scores []float32
	words  wordScores
	hist   history
	first  *Tagger
	doc    docView
}

// NewTagger returns a tagger using m.
func (m *Model) NewTagger() *Tagger {
	t := &Tagger{m: m, scores: make([]float32, m.labels.n())}
	if m.first != nil {
		t.first = m.first.NewTagger()
	}
	return t
}

// ErrNoModel is returned when a model is used before it is loaded.
var ErrNoModel = errors.New("ner: no model")

// TagDocument tags the sentences of one document and returns IOB2 tags,
// one per word. A document is the unit of the label history and of the
// first-pass aggregation, so pass a whole article, not sentence by
// sentence.
func (t *Tagger) TagDocument(doc [][]string) [][]string {
	ids := t.tagDocument(doc)
	out := make([][]string, len(doc))
	for s := range ids {
		out[s] = t.m.labels.toIOB2(ids[s])
	}
	return out
}

func (t *Tagger) tagDocument(doc [][]string) [][]int {
	if cap(t.sents) < len(doc) {
		t.sents = append(t.sents[:cap(t.sents)], make([]sentenceInfo, len(doc)-cap(t.sents))...)
	}
	sents := t.sents[:len(doc)]
	for s, words := range doc {
		t.m.prepare(words, &sents[s])
	}
	return t.tagPrepared(doc, sents)
}

// tagPrepared tags a document whose sentences are prepared.
func (t *Tagger) tagPrepared(doc [][]string, sents []sentenceInfo) [][]int {
	var first [][]int
	if t.first != nil {
		first = t.first.tagPrepared(doc, sents)
		t.doc.build(t.first.m.labels, doc, first)
	}
	t.hist.reset()
	out := make([][]int, len(doc))
	for s := range doc {
		si := &sents[s]
		si.first, si.doc = nil, nil
		if first != nil {
			si.first, si.doc = first[s], &t.doc
		}
		out[s] = t.tagSentence(si)
	}
	return out
}

// tagSentence predicts label ids for a prepared sentence and records them
// in the document history.
func (t *Tagger) tagSentence(si *sentenceInfo) []int {
	m := t.m
	ids := make([]int, len(si.toks))
	if si.nonLatin {
		// The tagger learned from Latin-script text; on other scripts its
		// features mean nothing, and guessing would invent entities.
		return ids
	}
	prev, prev2 := -1, -1
	for i := range ids {
		copy(t.scores, t.words.get(m, &si.toks[i], si.allCaps))
		t.feats = m.contextFeatures(t.feats[:0], si, i, prev, prev2, &t.hist, false)
		m.addScores(t.feats, t.scores)
		ids[i] = m.labels.best(t.scores, prev, i == len(ids)-1)
		prev2, prev = prev, ids[i]
	}
	for i, id := range ids {
		if si.toks[i].capital || si.allCaps {
			t.hist.add(m.labels, si.lowers[i], id)
		}
	}
	return ids
}

// addScores adds the weights of feats to scores, label by label, in units
// of m.scale: the labels' ranking is all the tagger needs. The weights
// are integers, and their sums stay well within a float32's exact
// integers, so the order they are added in changes nothing.
func (m *Model) addScores(feats []uint64, scores []float32) {
	for _, f := range feats {
		lo, hi, ok := m.rows.get(f)
		if !ok {
			continue
		}
		for _, p := range m.pairs[lo:hi] {
			scores[p.label] += float32(p.q)
		}
	}
}

// wordScores keeps each word's scores from its word features
// (wordFeatures), which are the same wherever the word is. News repeats
// its words, so most tokens are then scored from their context's
// features alone: about half the lookups. It is bounded, and emptied
// when full.
type wordScores struct {
	index  map[uint64]int32 // word (and sentence in capitals) -> offset in scores
	scores []float32
	feats  []uint64
}

// maxWords bounds the words a wordScores keeps: 2.2 MB at 17 labels.
const maxWords = 1 << 15

// get returns the scores of token t's word features.
func (w *wordScores) get(m *Model, t *tokenInfo, allCaps bool) []float32 {
	key := t.word // everything wordFeatures reads follows from the word
	if allCaps {
		key = mix(key, 1)
	}
	nl := m.labels.n()
	if off, ok := w.index[key]; ok {
		return w.scores[off : int(off)+nl]
	}
	if w.index == nil || len(w.index) >= maxWords {
		w.index = make(map[uint64]int32)
		w.scores = w.scores[:0]
	}
	off := len(w.scores)
	w.scores = append(w.scores, make([]float32, nl)...)
	w.feats = wordFeatures(w.feats[:0], t, allCaps, false)
	m.addScores(w.feats, w.scores[off:])
	w.index[key] = int32(off)
	return w.scores[off:]
}

// best returns the highest-scoring label that may follow prev (and, at the
// end of a sentence, may end it).
func (ls labelSet) best(scores []float32, prev int, last bool) int {
	best, bestScore := 0, float32(math.Inf(-1))
	for l, s := range scores {
		if s <= bestScore || !ls.allowed(prev, l) || (last && !ls.allowedEnd(l)) {
			continue
		}
		best, bestScore = l, s
	}
	return best
}

func (m *Model) String() string {
	return fmt.Sprintf("ner model (%d types, %d features)", len(m.labels.types), m.rows.len())
}
