//go:build lingua

package cli

import "github.com/storywire/storywire/internal/eval/linguaid"

// linguaBaseline is lingua-go, the detector Storywire used before its own
// model.
func linguaBaseline(codes []string) (func(string) string, error) { return linguaid.New(codes) }
