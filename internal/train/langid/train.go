// Package langid builds the language identification model of
// internal/extract/lang (Build) from the letter n-gram tables that
// lingua-go publishes with its source: for each language, the conditional
// probabilities of letters after the one to four letters before them,
// counted by lingua's author in the Leipzig corpora. Storywire keeps only
// the n-grams that matter most for telling languages apart, hashes them
// and stores their costs in a byte, which takes the 120 MB of lingua's
// tables down to a few megabytes. `storywire train langid` runs it; nothing
// here runs when Storywire detects a language.
package langid

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/storywire/storywire/internal/extract/lang"
)

// DefaultLanguages are the languages of the built-in model: Storywire's
// default ten and the other major languages of news that lingua's tables
// cover. Near twins of these (Malay beside Indonesian, Bosnian beside
// Croatian and Serbian, Nynorsk beside Bokmål) are left out, so that they
// do not compete for the same texts.
var DefaultLanguages = strings.Fields("en ru uk de fr es it pt ar zh " +
	"bg ca cs da el et fa fi he hi hr hu id ja ko lt lv nb nl pl ro sk sl sr sv th tr ur vi")

// Config says how to build a model.
type Config struct {
	// LinguaDir is lingua-go's language-models directory, with one
	// directory of zipped tables per ISO 639-1 code.
	LinguaDir string
	// Unihan, when set, is the Unicode Han database's variants file
	// (Unihan_Variants.txt, plain or .bz2): Chinese then learns the
	// simplified forms of the traditional characters lingua counted.
	Unihan string
	// Languages are the ISO 639-1 codes to include (DefaultLanguages when
	// empty).
	Languages []string
	// MaxOrder is the longest n-gram kept, 1 to 5 letters.
	MaxOrder int
	// Grams is how many n-grams of two letters or more are kept per
	// language, those that change the cost of a letter most often and by
	// the most; every single letter is kept.
	Grams int
	// Backoff is the cost, in nats, of falling back to a shorter n-gram;
	// Unknown what a language pays for a letter it never uses, on top of
	// the letter's cost in the language that finds it likeliest.
	Backoff, Unknown float64
}

// DefaultConfig is how the built-in model was made (with LinguaDir set).
var DefaultConfig = Config{MaxOrder: 4, Grams: 40000, Backoff: 1, Unknown: 3}

// Report says what Build kept.
type Report struct {
	// Kept and Read are the n-grams kept and read per language.
	Kept, Read map[string]int
}

// Build reads lingua's tables for each language and returns the model.
func Build(cfg Config) (*lang.Model, Report, error) {
	if cfg.LinguaDir == "" {
		return nil, Report{}, fmt.Errorf("langid: no lingua language-models directory given")
	}
	if cfg.MaxOrder < 1 || cfg.MaxOrder > len(linguaFiles) {
		return nil, Report{}, fmt.Errorf("langid: n-gram length %d: want 1 to %d", cfg.MaxOrder, len(linguaFiles))
	}
	codes := cfg.Languages
	if len(codes) == 0 {
		codes = DefaultLanguages
	}
	if len(codes) > lang.MaxLanguages {
		return nil, Report{}, fmt.Errorf("langid: %d languages: a model holds at most %d", len(codes), lang.MaxLanguages)
	}
	m := &lang.Model{
		MaxOrder: cfg.MaxOrder,
		Backoff:  quantize(cfg.Backoff),
		Unknown:  quantize(cfg.Unknown),
		Source: fmt.Sprintf("lingua-go v1.4.0 n-gram tables, up to %d letters, %d n-grams per language",
			cfg.MaxOrder, cfg.Grams),
	}
	var simplified map[rune][]rune
	if cfg.Unihan != "" {
		var err error
		if simplified, err = readSimplified(cfg.Unihan); err != nil {
			return nil, Report{}, err
		}
		m.Source += ", Chinese with simplified characters from Unihan"
	}
	rep := Report{Kept: map[string]int{}, Read: map[string]int{}}
	for _, code := range codes {
		tables, err := readLingua(cfg.LinguaDir, code)
		if err != nil {
			return nil, Report{}, err
		}
		if code == "zh" && simplified != nil {
			tables[0] = withSimplified(tables[0], simplified)
		}
		for _, t := range tables {
			rep.Read[code] += len(t)
		}
		lm := buildLanguage(code, tables, cfg)
		rep.Kept[code] = len(lm.Grams)
		m.Languages = append(m.Languages, lm)
	}
	return m, rep, nil
}

// buildLanguage chooses one language's n-grams and hashes them.
//
// A kept n-gram matters in proportion to how often it occurs (its joint
// probability, the product of the conditional probabilities of its
// prefixes) times how far its cost is from the cost the model would give
// without it (the next shorter n-gram's plus Backoff). N-grams whose cost
// backing off predicts well, or that are rare, are dropped first.
func buildLanguage(code string, tables []map[string]float64, cfg Config) lang.LanguageModel {
	order := min(cfg.MaxOrder, len(tables))
	cost := func(p float64) float64 { return -math.Log(p) }
	// estimate is the cost of the last letter of g from the tables up to
	// length len(g) and backing off.
	estimate := func(g []rune) float64 {
		penalty := 0.0
		for n := len(g); n >= 1; n-- {
			if p, ok := tables[n-1][string(g[len(g)-n:])]; ok && p > 0 {
				return cost(p) + penalty
			}
			if n > 1 {
				penalty += cfg.Backoff
			}
		}
		return penalty + cfg.Unknown
	}
	type scored struct {
		gram   string
		cost   float64
		weight float64
	}
	var kept []scored
	for g, p := range tables[0] {
		kept = append(kept, scored{g, cost(p), 0})
	}
	joint := tables[0]
	var candidates []scored
	for n := 2; n <= order; n++ {
		next := make(map[string]float64, len(tables[n-1]))
		for g, p := range tables[n-1] {
			r := []rune(g)
			j := joint[string(r[:len(r)-1])] * p
			if j == 0 || p <= 0 {
				continue
			}
			next[g] = j
			without := estimate(r[1:]) + cfg.Backoff
			candidates = append(candidates, scored{g, cost(p), j * math.Abs(without-cost(p))})
		}
		joint = next
	}
	// Ties are broken by the n-gram so that a build is reproducible.
	slices.SortFunc(candidates, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.weight, a.weight), strings.Compare(a.gram, b.gram))
	})
	kept = append(kept, candidates[:min(cfg.Grams, len(candidates))]...)

	byKey := map[uint32]uint8{}
	for _, s := range kept {
		k, c := lang.Key([]rune(s.gram)), quantize(s.cost)
		// Two n-grams sharing a key keep the likelier's cost: the likelier
		// is the one a text of the language holds more often.
		if old, ok := byKey[k]; !ok || c < old {
			byKey[k] = c
		}
	}
	lm := lang.LanguageModel{Code: code, MaxOrder: order, Grams: make([]lang.Gram, 0, len(byKey))}
	for k, c := range byKey {
		lm.Grams = append(lm.Grams, lang.Gram{Key: k, Cost: c})
	}
	slices.SortFunc(lm.Grams, func(a, b lang.Gram) int { return cmp.Compare(a.Key, b.Key) })
	return lm
}

// quantize turns a cost in nats into the model's byte.
func quantize(nats float64) uint8 {
	q := math.Round(nats * lang.CostUnit)
	return uint8(max(0, min(255, q)))
}
