//go:build !lingua

package cli

import "errors"

// linguaBaseline is available only in binaries built with -tags lingua, so
// the default binary does not carry lingua's models.
func linguaBaseline([]string) (func(string) string, error) {
	return nil, errors.New("this binary was built without the lingua baseline: run it with `go run -tags lingua ./cmd/storywire eval langid ...`")
}
