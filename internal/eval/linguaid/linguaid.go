// Package linguaid is the language detector Storywire used before its own
// model: lingua-go restricted to the configured languages, reading the same
// sample of a text (lang.Sample). It is kept as the baseline that
// `storywire eval langid --baseline lingua` measures the built-in model
// against; only a binary built with -tags lingua includes it, so the
// default binary carries none of lingua's 120 MB of models.
package linguaid

import (
	"fmt"
	"strings"

	"github.com/pemistahl/lingua-go"

	"github.com/storywire/storywire/internal/extract/lang"
)

// New returns a detection function for the given ISO 639-1 codes: a code,
// or "" when lingua cannot tell. All of the languages' models are loaded
// here, so that timing the function times detection alone.
func New(codes []string) (func(text string) string, error) {
	var iso []lingua.IsoCode639_1
	for _, c := range codes {
		code := lingua.GetIsoCode639_1FromValue(strings.ToLower(c))
		if code == lingua.UnknownIsoCode639_1 {
			return nil, fmt.Errorf("linguaid: lingua does not know the language code %q", c)
		}
		iso = append(iso, code)
	}
	d := lingua.NewLanguageDetectorBuilder().FromIsoCodes639_1(iso...).WithPreloadedLanguageModels().Build()
	return func(text string) string {
		sample := lang.Sample(text)
		if sample == "" {
			return ""
		}
		l, ok := d.DetectLanguageOf(sample)
		if !ok {
			return ""
		}
		return strings.ToLower(l.IsoCode639_1().String())
	}, nil
}
