// Package lang tells which language an article is written in. It owns a
// letter n-gram model of the languages Storywire can detect (Model), built
// by `storywire train langid` (internal/train/langid) and embedded in the
// binary, and the Detector that scores a text against the languages a user
// configured, choosing the likeliest.
//
// The built-in model is a few megabytes for three dozen languages, and
// detection reads a text's first couple of hundred letters in tens of
// microseconds; docs/quality.md and docs/experiments/langid.md give its
// accuracy against lingua-go, which this package used to wrap (120 MB of
// models in the binary).
package lang

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// DefaultLanguages are the ISO 639-1 codes detected when none are configured.
var DefaultLanguages = []string{"en", "ru", "uk", "de", "fr", "es", "it", "pt", "ar", "zh"}

// sampleRunes bounds how much text is examined: the cost of detection
// grows with the text, and the first couple of hundred letters tell the
// language of a paragraph nearly always (docs/quality.md, long texts, are
// judged from this sample), so long articles are not read to the end.
const sampleRunes = 200

// Detector identifies languages. The zero value is not usable; call New.
// A Detector is safe for concurrent use.
type Detector struct {
	model func() (*Model, error)
	codes []string // the model's codes of the languages to choose between

	once  sync.Once
	table *table // nil if the model could not be read
}

// New returns a detector for the given ISO 639-1 codes (DefaultLanguages
// when empty), using the built-in model. Codes the model does not know are
// an error naming them and the codes it knows. The model is read on the
// first call to Detect.
func New(codes []string) (*Detector, error) {
	known, err := builtinCodes()
	if err != nil {
		return nil, err
	}
	return newDetector(Builtin, known, codes)
}

// NewWithModel is New with another model, such as one a user trained.
func NewWithModel(m *Model, codes []string) (*Detector, error) {
	return newDetector(func() (*Model, error) { return m, nil }, m.Codes(), codes)
}

func newDetector(model func() (*Model, error), known, codes []string) (*Detector, error) {
	if len(codes) == 0 {
		codes = DefaultLanguages
	}
	var chosen, bad []string
	for _, c := range codes {
		code := strings.ToLower(strings.TrimSpace(c))
		switch {
		case !slices.Contains(known, code):
			bad = append(bad, c)
		case !slices.Contains(chosen, code):
			chosen = append(chosen, code)
		}
	}
	if len(bad) > 0 {
		known = slices.Sorted(slices.Values(known))
		return nil, fmt.Errorf("lang: unknown or unsupported language code(s) %s: use ISO 639-1 codes of languages the model knows: %s",
			strings.Join(bad, ", "), strings.Join(known, " "))
	}
	if len(chosen) < 2 {
		return nil, fmt.Errorf("lang: give at least two languages to choose between (got %d)", len(chosen))
	}
	return &Detector{model: model, codes: chosen}, nil
}

// Detect returns the ISO 639-1 code of text's language, or "" when the text
// is too short to tell, holds no letter that any of the detector's
// languages uses, or is scored the same in two of them.
func (d *Detector) Detect(text string) string {
	sample := Sample(text)
	if sample == "" {
		return ""
	}
	// The model is read and the table of the detector's languages built
	// on first use (tens of milliseconds), not in New: most commands that
	// make a Detector never detect anything.
	d.once.Do(func() {
		m, err := d.model()
		if err != nil {
			return // the built-in model is checked by the package's tests
		}
		langs := make([]int, len(d.codes))
		for i, code := range d.codes {
			langs[i] = slices.Index(m.Codes(), code)
		}
		d.table = newTable(m, langs)
	})
	if d.table == nil {
		return ""
	}
	return d.table.best(sample)
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
