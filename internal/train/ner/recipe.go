package ner

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/analyze/ner"
	"github.com/storywire/storywire/internal/corpus/conll"
	"github.com/storywire/storywire/internal/corpus/gmb"
	"github.com/storywire/storywire/internal/lexicon"
	"github.com/storywire/storywire/internal/train/gazette"
	"github.com/storywire/storywire/internal/train/wordclass"
)

// Types is the tag set of the built-in model: CoNLL-2003's. MISC holds
// nationalities and other group adjectives ("Russian", "Democrats"),
// events, works and products.
var Types = []string{"PER", "ORG", "LOC", "MISC"}

// Config names the data and says how to train.
type Config struct {
	Train string // CoNLL-format training file (required)
	Dev   string // CoNLL-format development file: picks the number of epochs
	// Final retrains on Train and Dev together with the epochs chosen on
	// Dev, as the shipped model is made.
	Final    bool
	GMB      string // GMB ner_dataset.csv: gazetteers and unlabeled text
	WordNet  string // WordNet 3.0 dict directory (data.noun): gazetteers
	ISOCodes string // iso-codes JSON directory (iso_3166-1/2.json): gazetteers
	Epochs   int    // maximum epochs per pass (default 12)
	Seed     uint64
	Log      io.Writer // progress; nil for none
}

// Report says what training did.
type Report struct {
	TrainDocs, DevDocs int
	ClassWords         int
	Lists              []string
	DevF1              float64
	Epochs             int
	Took               time.Duration
}

// Build trains a model as cfg says.
func Build(cfg Config) (*ner.Model, Report, error) {
	start := time.Now()
	var rep Report
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	if cfg.Train == "" {
		return nil, rep, errors.New("no training file: pass --train FILE (CoNLL format)")
	}
	if cfg.Epochs <= 0 {
		cfg.Epochs = 12
	}
	train, err := conll.ReadDocuments(cfg.Train)
	if err != nil {
		return nil, rep, err
	}
	var dev []Document
	if cfg.Dev != "" {
		if dev, err = conll.ReadDocuments(cfg.Dev); err != nil {
			return nil, rep, err
		}
	}
	rep.TrainDocs, rep.DevDocs = len(train), len(dev)
	logf("training data: %d documents in %s, %d in %s", len(train), cfg.Train, len(dev), cfg.Dev)

	// Unlabeled text for word classes: the training and dev text (their
	// words, not their tags) and GMB's.
	var text [][]string
	for _, d := range append(append([]Document(nil), train...), dev...) {
		text = append(text, d.Sentences...)
	}
	var lists gazette.Lists
	classesFrom := []string{cfg.Train}
	if cfg.Dev != "" {
		classesFrom = append(classesFrom, cfg.Dev)
	}
	if cfg.GMB != "" {
		sents, err := gmb.ReadFile(cfg.GMB)
		if err != nil {
			return nil, rep, err
		}
		var words, tags [][]string
		for _, s := range sents {
			words, tags = append(words, s.Words), append(tags, s.Tags)
		}
		text = append(text, words...)
		classesFrom = append(classesFrom, cfg.GMB)
		lists.AddGMB(words, tags, isTitle)
	}
	if cfg.WordNet != "" {
		if err := lists.AddWordNet(cfg.WordNet); err != nil {
			return nil, rep, err
		}
	}
	if cfg.ISOCodes != "" {
		if err := lists.AddISO3166(cfg.ISOCodes); err != nil {
			return nil, rep, err
		}
	}
	rep.Lists = lists.Sizes()
	logf("gazetteers: %s", strings.Join(rep.Lists, ", "))

	wc, err := wordclass.Train(text, wordclass.Options{})
	if err != nil {
		return nil, rep, fmt.Errorf("word classes: %w", err)
	}
	classes := make(map[string][]uint16, wc.Len())
	for _, w := range wc.Words() {
		c, _ := wc.Lookup(w)
		u := make([]uint16, len(c))
		for i, x := range c {
			u[i] = uint16(x)
		}
		classes[w] = u
	}
	rep.ClassWords = len(classes)
	logf("word classes: %d words at granularities %v, learned from %d sentences", len(classes), wc.Levels(), len(text))

	opt := TrainOptions{
		Types:          Types,
		Epochs:         cfg.Epochs,
		MinCount:       2,
		Seed:           cfg.Seed,
		Classes:        classes,
		ClassLevels:    len(wc.Levels()),
		ClassesFrom:    strings.Join(classesFrom, ", "),
		Gazetteers:     lists.Map(),
		GazetteerOrder: lists.Names(),
		Trigrams:       true,
		TwoPass:        true,
		Dev:            dev,
		TrainedOn:      []string{cfg.Train},
		Progress: func(e Epoch) {
			f1 := ""
			if e.DevF1 >= 0 {
				f1 = fmt.Sprintf(", dev F1 %.2f", e.DevF1)
			}
			logf("pass %d epoch %d: %d mistakes in %d tokens%s (%v)", e.Pass, e.N, e.Mistakes, e.Tokens, f1, e.Took.Round(time.Millisecond))
		},
	}
	m, err := Train(train, opt)
	if err != nil {
		return nil, rep, err
	}
	rep.DevF1, rep.Epochs = m.Info().DevF1, m.Info().Epochs
	if cfg.Final && len(dev) > 0 {
		// The dev set chose how long to train; now it becomes training
		// data too.
		logf("final model: training on %s and %s for %d epochs", cfg.Train, cfg.Dev, rep.Epochs)
		opt.Epochs = max(rep.Epochs, 1)
		opt.FirstEpochs = m.Info().FirstEpochs
		opt.Dev = nil
		opt.TrainedOn = []string{cfg.Train, cfg.Dev}
		if m, err = Train(append(train, dev...), opt); err != nil {
			return nil, rep, err
		}
	}
	rep.Took = time.Since(start)
	return m, rep, nil
}

// isTitle says whether a word leading a GMB person name is a title or an
// honorific ("President", "Mr."), which the gazetteers leave out.
func isTitle(w string) bool {
	return lexicon.IsHonorific(w) || lexicon.IsTitleWord(w) || lexicon.IsTitleModifier(w)
}
