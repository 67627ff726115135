// Package lang tells which language an article is written in. It wraps
// lingua-go restricted to a configurable set of languages: loading all 75
// of lingua's models costs about 1.5 GB and several seconds, ten cost a
// fraction of that, so the set is small by default and models are loaded
// lazily, once, on first use, and only those a text needs: lingua reads
// texts of 120 characters or more with trigrams alone, so a typical article
// loads one small model per candidate language, not all five n-gram sizes.
package lang

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/pemistahl/lingua-go"
)

// DefaultLanguages are the ISO 639-1 codes detected when none are configured.
var DefaultLanguages = []string{"en", "ru", "uk", "de", "fr", "es", "it", "pt", "ar", "zh"}

// sampleRunes bounds how much text is examined. Lingua's cost grows with
// the input, and from 120 characters on it judges by trigrams alone, so a
// sample a little above that keeps it in its most accurate mode at the
// least cost; long articles are not read to the end. (The demo corpus's
// 40 articles, in English, Russian and French, are all identified from
// this sample; lang_test covers six languages.)
const sampleRunes = 200

// Detector identifies languages. The zero value is not usable; call New.
// A Detector is safe for concurrent use.
type Detector struct {
	codes []lingua.IsoCode639_1

	once     sync.Once
	detector lingua.LanguageDetector
}

// New returns a detector for the given ISO 639-1 codes (DefaultLanguages
// when empty). Unknown codes are an error naming them. Models are not
// loaded until the first call to Detect.
func New(codes []string) (*Detector, error) {
	if len(codes) == 0 {
		codes = DefaultLanguages
	}
	var iso []lingua.IsoCode639_1
	var bad []string
	seen := map[lingua.IsoCode639_1]bool{}
	for _, c := range codes {
		code := lingua.GetIsoCode639_1FromValue(strings.ToLower(strings.TrimSpace(c)))
		if code == lingua.UnknownIsoCode639_1 {
			bad = append(bad, c)
			continue
		}
		if !seen[code] {
			seen[code] = true
			iso = append(iso, code)
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("lang: unknown language code(s) %s: use ISO 639-1 codes such as en, de, ru", strings.Join(bad, ", "))
	}
	if len(iso) < 2 {
		// lingua needs at least two candidates to choose between.
		return nil, fmt.Errorf("lang: give at least two languages to choose between (got %d)", len(iso))
	}
	return &Detector{codes: iso}, nil
}

// Detect returns the ISO 639-1 code of text's language, or "" when the text
// is too short or too mixed to tell.
func (d *Detector) Detect(text string) string {
	sample := Sample(text)
	if sample == "" {
		return ""
	}
	d.once.Do(func() {
		// Not preloaded: lingua loads each (language, n-gram size) model
		// the first time a text needs it, safely across goroutines.
		d.detector = lingua.NewLanguageDetectorBuilder().
			FromIsoCodes639_1(d.codes...).
			Build()
	})
	l, ok := d.detector.DetectLanguageOf(sample)
	if !ok {
		return ""
	}
	return strings.ToLower(l.IsoCode639_1().String())
}

// Normalize maps a language tag as sources write it ("en-US", "EN", "eng"
// is not supported) to its lower-case ISO 639-1 primary subtag, or "" when
// it does not look like one.
func Normalize(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	tag = strings.ToLower(tag)
	if len(tag) != 2 || !isASCIILetters(tag) {
		return ""
	}
	return tag
}

// Sample returns the part of text that is examined: at most sampleRunes
// characters, cut at a word boundary, or "" when it holds fewer than ten
// letters.
func Sample(text string) string {
	if cut, n := 0, 0; len(text) > sampleRunes {
		for cut = range text {
			if n == sampleRunes {
				break
			}
			n++
		}
		if n == sampleRunes {
			if sp := strings.LastIndexByte(text[:cut], ' '); sp > cut/2 {
				cut = sp
			}
			text = text[:cut]
		}
	}
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if letters >= 10 {
				return text
			}
		}
	}
	return ""
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
