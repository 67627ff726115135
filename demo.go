// Package storywire holds what the binary carries from the repository's
// root: the demo corpus (testdata/demo/corpus), an original, fictional set
// of news articles in every format Storywire reads.
package storywire

import (
	"embed"
	"io/fs"
)

//go:embed testdata/demo/corpus
var demoFiles embed.FS

// DemoCorpus returns the demo corpus, rooted at its top directory.
func DemoCorpus() fs.FS {
	sub, err := fs.Sub(demoFiles, "testdata/demo/corpus")
	if err != nil {
		panic(err) // the embedded path is fixed at build time
	}
	return sub
}
