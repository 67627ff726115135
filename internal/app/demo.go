package app

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/storywire/storywire"
)

// WriteDemoCorpus writes the built-in demo corpus under dir and returns
// its directory.
func WriteDemoCorpus(dir string) (string, error) {
	corpus := filepath.Join(dir, "corpus")
	if err := writeFS(corpus, storywire.DemoCorpus()); err != nil {
		return "", fmt.Errorf("write the demo corpus: %w", err)
	}
	return corpus, nil
}

// writeFS copies an fs.FS into dir.
func writeFS(dir string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(src, path)
		if err != nil {
			return err
		}
		if strings.Contains(path, "..") {
			return fmt.Errorf("unexpected path %q", path)
		}
		return os.WriteFile(target, b, 0o644)
	})
}
