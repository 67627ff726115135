// Package ner trains the named-entity tagger of internal/analyze/ner: the
// averaged perceptron over that package's features (Train), and the recipe
// behind `storywire train ner` (Build), which reads the training data and
// the public resources named on the command line, learns word classes from
// their text, builds the gazetteers and trains a two-pass tagger. The
// built-in model is made with it; users retrain with the same command on
// their own data. Nothing here runs when Storywire analyses articles.
package ner

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/corpus/conll"
	"github.com/storywire/storywire/internal/text/iob"
)

// Document is one training or evaluation document: its sentences' words
// and their IOB1 or IOB2 tags, as the CoNLL reader gives them.
type Document = conll.Document

// TrainOptions says how to train a model.
type TrainOptions struct {
	// Types are the entity types to learn, in the order labels are
	// numbered; tags of other types are treated as O.
	Types []string
	// Epochs is the maximum number of passes over the training data. With
	// Dev documents, the epoch that scores best on them is kept.
	Epochs int
	// MinCount drops features seen fewer times in the training data: rare
	// features mostly memorise noise and make the model file large.
	MinCount int
	// Seed fixes the order documents are visited in, so training is
	// reproducible.
	Seed uint64
	// Classes maps words to their class at each of ClassLevels
	// granularities; ClassesFrom says what text they were learned from.
	Classes     map[string][]uint16
	ClassLevels int
	ClassesFrom string
	// Gazetteers are named phrase lists, each phrase given as its tokens.
	Gazetteers map[string][][]string
	// GazetteerOrder fixes the order of the lists (map order is random).
	GazetteerOrder []string
	Dev            []Document
	TrainedOn      []string
	// HideWord is the probability of leaving out a token's word features
	// in training (see features).
	HideWord float64
	// Trigrams adds the character trigrams of each word as features.
	Trigrams bool
	// TwoPass trains a first-pass model, then a second pass that reads the
	// first pass's labels over the whole document. The second pass learns
	// from first-pass labels of documents that first pass did not see
	// (Folds-fold jackknifing), so it learns how far they can be trusted.
	TwoPass bool
	Folds   int
	// FirstEpochs, when set, is the first pass's number of epochs
	// (otherwise Epochs, or the best on Dev).
	FirstEpochs int
	// Progress, when set, is told about each epoch.
	Progress func(Epoch)
	// Now, when set, is the clock the model's creation time is read from
	// (tests fix it to compare model files); time.Now otherwise.
	Now func() time.Time
}

// Epoch reports one pass over the training data.
type Epoch struct {
	Pass     int // 1 or 2 with TwoPass; 1 otherwise
	N        int
	Mistakes int
	Tokens   int
	DevF1    float64 // -1 without dev data
	Took     time.Duration
}

type example struct {
	words  [][]string
	labels [][]int
	first  [][]int // the first pass's labels, fixed during training
}

// trainer holds the dense weights being learned. Weights are averaged
// lazily (Daumé's trick): each cell remembers when it last changed, and the
// running total catches up only when the cell is touched.
type trainer struct {
	m      *ner.Model
	nl     int
	rows   map[uint64]int32
	w      []float32
	total  []float64
	stamp  []int32
	clock  int32
	scores []float32

	hideWord float64
	rng      *rand.Rand
}

// Train learns a model from documents.
func Train(docs []Document, opt TrainOptions) (*ner.Model, error) {
	if len(opt.Types) == 0 {
		return nil, errors.New("ner: train: no entity types")
	}
	if len(opt.Types) > ner.MaxTypes {
		return nil, fmt.Errorf("ner: train: %d entity types; a model holds at most %d", len(opt.Types), ner.MaxTypes)
	}
	for i, t := range opt.Types {
		if t == "" || slices.Contains(opt.Types[:i], t) {
			return nil, fmt.Errorf("ner: train: entity type %q is empty or given twice", t)
		}
	}
	opt.Types, opt.TrainedOn = slices.Clone(opt.Types), slices.Clone(opt.TrainedOn)
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 1
	}
	if opt.TwoPass {
		return trainTwoPass(docs, opt)
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	m := ner.New(ner.Spec{Types: opt.Types, Classes: opt.Classes, ClassLevels: opt.ClassLevels, ClassesFrom: opt.ClassesFrom,
		Gazetteers: opt.Gazetteers, GazetteerOrder: opt.GazetteerOrder, Trigrams: opt.Trigrams, TrainedOn: opt.TrainedOn,
		Created: now().UTC().Format(time.RFC3339)})

	return train(m, docs, nil, opt)
}

// train learns m's weights; first, when set, holds first-pass labels for
// each training document.
func train(m *ner.Model, docs []Document, first [][][]int, opt TrainOptions) (*ner.Model, error) {
	train, err := examples(m, docs)
	if err != nil {
		return nil, fmt.Errorf("ner: train: %w", err)
	}
	for i := range train {
		if first != nil {
			train[i].first = first[i]
		}
	}
	dev, err := examples(m, opt.Dev)
	if err != nil {
		return nil, fmt.Errorf("ner: dev: %w", err)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	tr := &trainer{m: m, nl: m.NumLabels(), scores: make([]float32, m.NumLabels()), hideWord: opt.HideWord, rng: rng}
	tr.selectFeatures(train, opt.MinCount)

	perm := make([]int, len(train))
	for i := range perm {
		perm[i] = i
	}
	var best *ner.Model
	bestF1 := -1.0
	for e := 1; e <= opt.Epochs; e++ {
		start := time.Now()
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		mistakes, tokens := 0, 0
		for _, d := range perm {
			mk, tk := tr.learn(train[d])
			mistakes += mk
			tokens += tk
		}
		pass := 1
		if m.FirstPass() != nil {
			pass = 2
		}
		ep := Epoch{Pass: pass, N: e, Mistakes: mistakes, Tokens: tokens, DevF1: -1}
		snap := tr.snapshot(e)
		if len(dev) > 0 {
			ep.DevF1 = f1(snap, opt.Dev)
			if ep.DevF1 > bestF1 {
				bestF1 = ep.DevF1
				info := snap.Info()
				info.DevF1 = bestF1
				best = snap.WithInfo(info)
			}
		} else {
			best = snap
		}
		ep.Took = time.Since(start)
		if opt.Progress != nil {
			opt.Progress(ep)
		}
	}
	return best, nil
}

func examples(m *ner.Model, docs []Document) ([]example, error) {
	out := make([]example, 0, len(docs))
	for d, doc := range docs {
		if len(doc.Tags) != len(doc.Sentences) {
			return nil, fmt.Errorf("document %d: %d sentences but %d tag rows", d+1, len(doc.Sentences), len(doc.Tags))
		}
		ex := example{words: doc.Sentences}
		for s, tags := range doc.Tags {
			if len(tags) != len(doc.Sentences[s]) {
				return nil, fmt.Errorf("document %d sentence %d: %d words but %d tags", d+1, s+1, len(doc.Sentences[s]), len(tags))
			}
			ids, err := m.LabelIDs(tags)
			if err != nil {
				return nil, fmt.Errorf("document %d sentence %d: %w", d+1, s+1, err)
			}
			ex.labels = append(ex.labels, ids)
		}
		out = append(out, ex)
	}
	return out, nil
}

// selectFeatures counts the features of the gold label sequences and keeps
// those seen at least min times.
func (tr *trainer) selectFeatures(train []example, min int) {
	counts := make(map[uint64]int32)
	fz := tr.m.NewFeaturizer()
	var feats []uint64
	for _, ex := range train {
		fz.StartDocument(ex.words, ex.first)
		for s, words := range ex.words {
			fz.StartSentence(s, words)
			gold := ex.labels[s]
			prev, prev2 := -1, -1
			for i := range words {
				feats = fz.Features(feats[:0], i, prev, prev2, false)
				for _, f := range feats {
					counts[f]++
				}
				prev2, prev = prev, gold[i]
			}
			fz.EndSentence(gold)
		}
	}
	tr.rows = make(map[uint64]int32)
	for f, c := range counts {
		if int(c) >= min {
			tr.rows[f] = int32(len(tr.rows))
		}
	}
	n := len(tr.rows) * tr.nl
	tr.w = make([]float32, n)
	tr.total = make([]float64, n)
	tr.stamp = make([]int32, n)
}

// learn makes one pass over a document: predict each token with the gold
// history of labels, and on a mistake move the weights towards the gold
// label. The document history holds the model's own predictions, as it
// will at tagging time.
func (tr *trainer) learn(ex example) (mistakes, tokens int) {
	fz := tr.m.NewFeaturizer()
	fz.StartDocument(ex.words, ex.first)
	var feats []uint64
	var rowBuf []int32
	for s, words := range ex.words {
		fz.StartSentence(s, words)
		gold := ex.labels[s]
		pred := make([]int, len(words))
		prev, prev2 := -1, -1
		for i := range words {
			hide := tr.hideWord > 0 && tr.rng.Float64() < tr.hideWord
			feats = fz.Features(feats[:0], i, prev, prev2, hide)
			rowBuf = rowBuf[:0]
			for _, f := range feats {
				if r, ok := tr.rows[f]; ok {
					rowBuf = append(rowBuf, r)
				}
			}
			clear(tr.scores)
			for _, r := range rowBuf {
				row := tr.w[int(r)*tr.nl : int(r+1)*tr.nl]
				for l, w := range row {
					tr.scores[l] += w
				}
			}
			p := tr.m.BestLabel(tr.scores, prev, i == len(words)-1)
			pred[i] = p
			tr.clock++
			if p != gold[i] {
				mistakes++
				for _, r := range rowBuf {
					tr.update(r, gold[i], 1)
					tr.update(r, p, -1)
				}
			}
			tokens++
			prev2, prev = prev, gold[i]
		}
		fz.EndSentence(pred)
	}
	return mistakes, tokens
}

// trainTwoPass trains the first pass on all documents (choosing its epochs
// on the dev documents), labels every training document with a first pass
// trained without it, and trains the second pass on those labels.
func trainTwoPass(docs []Document, opt TrainOptions) (*ner.Model, error) {
	one := opt
	one.TwoPass = false
	if opt.FirstEpochs > 0 {
		one.Epochs = opt.FirstEpochs
	}
	first, err := Train(docs, one)
	if err != nil {
		return nil, err
	}
	folds := opt.Folds
	if folds < 2 {
		folds = 5
	}
	one.Dev, one.Progress = nil, nil
	one.Epochs = first.Info().Epochs
	labels := make([][][]int, len(docs))
	for k := 0; k < folds; k++ {
		var in []Document
		for i, d := range docs {
			if i%folds != k {
				in = append(in, d)
			}
		}
		fm, err := Train(in, one)
		if err != nil {
			return nil, err
		}
		t := fm.NewTagger()
		for i, d := range docs {
			if i%folds == k {
				labels[i] = t.TagDocumentIDs(d.Sentences)
			}
		}
	}
	m, err := train(first.SecondPass(), docs, labels, opt)
	if err != nil {
		return nil, err
	}
	info := m.Info()
	info.FirstEpochs = first.Info().Epochs
	return m.WithInfo(info), nil
}

func (tr *trainer) update(r int32, l int, d float32) {
	k := int(r)*tr.nl + l
	tr.total[k] += float64(tr.clock-tr.stamp[k]) * float64(tr.w[k])
	tr.stamp[k] = tr.clock
	tr.w[k] += d
}

// snapshot returns a model with the averaged weights so far, keeping only
// the non-zero ones.
func (tr *trainer) snapshot(epoch int) *ner.Model {
	ws := ner.NewWeights(len(tr.rows))
	keys := make([]uint64, 0, len(tr.rows))
	for f := range tr.rows {
		keys = append(keys, f)
	}
	slices.Sort(keys)
	c := float64(tr.clock)
	for _, f := range keys {
		r := int(tr.rows[f])
		for l := 0; l < tr.nl; l++ {
			k := r*tr.nl + l
			tot := tr.total[k] + (c-float64(tr.stamp[k]))*float64(tr.w[k])
			avg := float32(tot / c)
			if avg > 1e-4 || avg < -1e-4 {
				ws.Add(l, avg)
			}
		}
		ws.End(f)
	}
	return tr.m.WithWeights(ws, epoch)
}

// f1 tags documents and returns the conlleval micro F1 (0-100): exact
// matches of chunk start, end and type. It counts as eval.ChunkScore does
// (TestF1MatchesEval holds them together), without the trainer importing
// the evaluation packages.
func f1(m *ner.Model, docs []Document) float64 {
	var tp, fp, fn int
	t := m.NewTagger()
	for _, d := range docs {
		pred := t.TagDocument(d.Sentences)
		for s := range pred {
			if len(d.Tags[s]) != len(pred[s]) {
				continue
			}
			gold := iob.Chunks(d.Tags[s])
			inGold := map[iob.Span]bool{}
			for _, x := range gold {
				inGold[x] = true
			}
			matched := map[iob.Span]bool{}
			for _, x := range iob.Chunks(pred[s]) {
				if inGold[x] && !matched[x] {
					matched[x] = true
					tp++
				} else {
					fp++
				}
			}
			for _, x := range gold {
				if !matched[x] {
					fn++
				}
			}
		}
	}
	return 100 * f1Counts(tp, fp, fn)
}

// f1Counts is the harmonic mean of precision and recall, computed as
// eval.Counts.F1 computes it, so the same epoch wins.
func f1Counts(tp, fp, fn int) float64 {
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
