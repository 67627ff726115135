package ner

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
)

// builtinModel is the shipped English model, made by `storywire train ner`
// from CoNLL-2003 train and dev, GMB, WordNet 3.0 and ISO 3166 names (see
// NOTICE and docs/quality.md).
//
//go:embed en.ner
var builtinModel []byte

// loadBuiltin decodes the embedded model once; the model is immutable.
var loadBuiltin = sync.OnceValues(func() (*Model, error) {
	m, err := Read(bytes.NewReader(builtinModel))
	if err != nil {
		return nil, fmt.Errorf("ner: the built-in model: %w", err)
	}
	return m, nil
})

// Builtin returns the shipped model. It is decoded on first use (about
// 2 MB, tens of milliseconds) and shared after that.
func Builtin() (*Model, error) { return loadBuiltin() }
