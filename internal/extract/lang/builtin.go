package lang

import (
	_ "embed"
	"fmt"
	"sync"
)

// builtinModel is the shipped model, made by `storywire train langid` from
// the letter n-gram frequencies that lingua-go publishes (see NOTICE and
// docs/experiments/langid.md).
//
//go:embed builtin.langid
var builtinModel []byte

// loadBuiltin decodes the embedded model once; the model is immutable.
var loadBuiltin = sync.OnceValues(func() (*Model, error) {
	m, err := parseModel(builtinModel)
	if err != nil {
		return nil, fmt.Errorf("lang: the built-in model: %w", err)
	}
	return m, nil
})

// builtinCodes reads the languages of the embedded model from its header,
// which New needs to check its codes without reading the whole model.
var builtinCodes = sync.OnceValues(func() ([]string, error) {
	codes, err := readCodes(builtinModel)
	if err != nil {
		return nil, fmt.Errorf("lang: the built-in model: %w", err)
	}
	return codes, nil
})

// Builtin returns the shipped model, decoded on first use and shared after
// that.
func Builtin() (*Model, error) { return loadBuiltin() }
