//go:build !prose

package cli

import "errors"

// proseBaseline is available only in binaries built with -tags prose, so
// the default binary does not carry prose's model.
func proseBaseline() (tagFunc, error) {
	return nil, errors.New("this binary was built without the prose baseline: run it with `go run -tags prose ./cmd/storywire eval ner ...`")
}
