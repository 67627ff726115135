package ner

import (
	"math"
	"slices"
)

// This file is what a trainer (internal/train/ner) builds a model with. The
// trainer walks its documents with a Featurizer, so it learns from exactly
// the features the Tagger reads, and it hands the learned weights back in a
// Weights; the features, labels and file format stay this package's own.

// Spec says what a new model recognises and which features it reads.
type Spec struct {
	// Types are the entity types, in the order labels are numbered: at
	// least one, none empty or repeated, at most MaxTypes.
	Types []string
	// Classes maps words (digits written as '0') to their class at each of
	// ClassLevels granularities; ClassesFrom says what text they were
	// learned from.
	Classes     map[string][]uint16
	ClassLevels int
	ClassesFrom string
	// Gazetteers are named phrase lists, each phrase given as its tokens,
	// added in GazetteerOrder (map order is random; without an order, the
	// lists are added in map order).
	Gazetteers     map[string][][]string
	GazetteerOrder []string
	// Trigrams adds the character trigrams of each word as features.
	Trigrams  bool
	TrainedOn []string
	Created   string // when the model was made, stored in Info
}

// New returns a model as spec says, with no weights yet: it tags every word
// O until WithWeights gives it some.
func New(spec Spec) *Model {
	m := &Model{labels: newLabelSet(spec.Types), trigrams: spec.Trigrams}
	if len(spec.Classes) > 0 {
		m.classes = wordClasses{levels: spec.ClassLevels, class: spec.Classes}
	}
	order := spec.GazetteerOrder
	if len(order) == 0 {
		for name := range spec.Gazetteers {
			order = append(order, name)
		}
	}
	for _, name := range order {
		for _, p := range spec.Gazetteers[name] {
			m.gazetteer.add(name, p)
		}
	}
	m.info = Info{Version: formatVersion, Types: slices.Clone(spec.Types), TrainedOn: slices.Clone(spec.TrainedOn),
		Classes: spec.ClassesFrom, Lists: m.gazetteer.lists, Trigrams: spec.Trigrams, Created: spec.Created}
	return m
}

// SecondPass returns a model with no weights yet that reads first's labels
// over the whole document as features, and shares its types, word classes,
// gazetteers and Info.
func (first *Model) SecondPass() *Model {
	return &Model{labels: first.labels, classes: first.classes, gazetteer: first.gazetteer, trigrams: first.trigrams, info: first.info, first: first}
}

// FirstPass returns the first-pass model of a two-pass model, nil for a
// one-pass model.
func (m *Model) FirstPass() *Model { return m.first }

// NumLabels returns the number of labels the model scores: O, then B, I, L
// and U of each type. Label ids run from 0 to NumLabels()-1.
func (m *Model) NumLabels() int { return m.labels.n() }

// LabelIDs converts a sentence's IOB1 or IOB2 tags to the model's label ids.
func (m *Model) LabelIDs(tags []string) ([]int, error) { return m.labels.fromIOB(tags) }

// BestLabel returns the highest-scoring label that may follow label prev
// (-1 at the start of a sentence) and, when last is set, may end a
// sentence.
func (m *Model) BestLabel(scores []float32, prev int, last bool) int {
	return m.labels.best(scores, prev, last)
}

// TagDocumentIDs is TagDocument returning label ids, as a two-pass trainer
// needs them for the first pass's labels.
func (t *Tagger) TagDocumentIDs(doc [][]string) [][]int { return t.tagDocument(doc) }

// WithInfo returns a copy of m whose Info is info: a trainer records in it
// how the model was made (epochs, dev F1). The weights are shared.
func (m *Model) WithInfo(info Info) *Model {
	c := *m
	c.info = info
	return &c
}

// Featurizer gives the features the Tagger reads, token by token, with
// labels chosen by the caller instead of the tagger: a trainer walks its
// documents with one. It holds scratch space, so it is not safe for
// concurrent use.
type Featurizer struct {
	m     *Model
	si    sentenceInfo
	hist  history
	doc   docView
	first [][]int
}

// NewFeaturizer returns a featurizer for m's features.
func (m *Model) NewFeaturizer() *Featurizer { return &Featurizer{m: m} }

// StartDocument begins a document and clears the label history. For a
// second-pass model, first holds the first pass's labels of every
// sentence of doc; otherwise it is nil.
func (f *Featurizer) StartDocument(doc [][]string, first [][]int) {
	f.hist.reset()
	f.first = first
	if first != nil {
		f.doc.build(f.m.first.labels, doc, first)
	}
}

// StartSentence prepares sentence s of the document, words.
func (f *Featurizer) StartSentence(s int, words []string) {
	f.m.prepare(words, &f.si)
	if f.first != nil {
		f.si.first, f.si.doc = f.first[s], &f.doc
	}
}

// Features appends to out the features of token i of the sentence, given
// the labels of the two tokens before it (-1 before the sentence start).
// With hideWord the token's own word features are left out.
func (f *Featurizer) Features(out []uint64, i, prev, prev2 int, hideWord bool) []uint64 {
	return f.m.features(out, &f.si, i, prev, prev2, &f.hist, hideWord)
}

// EndSentence records the sentence's labels in the document's label
// history, as the tagger records its own.
func (f *Featurizer) EndSentence(labels []int) {
	for i, id := range labels {
		if f.si.toks[i].capital || f.si.allCaps {
			f.hist.add(f.m.labels, f.si.lowers[i], id)
		}
	}
}

// Weights collects a model's weights feature by feature.
type Weights struct {
	rows  featureTable
	pairs []fweight
	start uint32 // where the feature being collected begins in pairs
}

type fweight struct {
	label uint8
	w     float32
}

// NewWeights returns empty weights with room for about n features.
func NewWeights(n int) *Weights {
	return &Weights{rows: newFeatureTable(n)}
}

// Add adds label's weight w for the feature being collected; End closes
// the feature. Leave zero weights out: they cost space and change nothing.
func (ws *Weights) Add(label int, w float32) {
	ws.pairs = append(ws.pairs, fweight{uint8(label), w})
}

// End closes feature f with the weights added since the last End. A
// feature with none is left out of the model.
func (ws *Weights) End(f uint64) {
	if end := uint32(len(ws.pairs)); end > ws.start {
		ws.rows.put(f, ws.start, end)
		ws.start = end
	}
}

// WithWeights returns a copy of m that tags with ws, recording the epochs
// trained and the number of features in its Info. The weights are
// quantized to 16 bits, as the model file keeps them, so a model tags the
// same before it is written and after it is read; weights that round to
// zero are left out.
func (m *Model) WithWeights(ws *Weights, epochs int) *Model {
	c := *m
	maxAbs := float32(0)
	for _, p := range ws.pairs {
		maxAbs = max(maxAbs, float32(math.Abs(float64(p.w))))
	}
	c.scale = maxAbs / 32767
	if c.scale == 0 {
		c.scale = 1
	}
	c.rows = newFeatureTable(ws.rows.len())
	c.pairs = make([]weight, 0, len(ws.pairs))
	ws.rows.each(func(k uint64, lo, hi uint32) {
		start := uint32(len(c.pairs))
		for _, p := range ws.pairs[lo:hi] {
			if q := math.Round(float64(p.w / c.scale)); q != 0 {
				c.pairs = append(c.pairs, weight{int16(q), p.label})
			}
		}
		if end := uint32(len(c.pairs)); end > start {
			c.rows.put(k, start, end)
		}
	})
	c.info.Epochs = epochs
	c.info.Features = c.rows.len()
	return &c
}
