//go:build prose

package cli

import "github.com/storywire/storywire/internal/eval/prosener"

// proseBaseline tags with jdkato/prose v2, sentence by sentence (prose has
// no notion of a document).
func proseBaseline() (tagFunc, error) {
	t, err := prosener.New()
	if err != nil {
		return nil, err
	}
	return func(doc [][]string) [][]string {
		out := make([][]string, len(doc))
		for i, words := range doc {
			out[i] = t.Tag(words)
		}
		return out
	}, nil
}
