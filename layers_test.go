package storywire_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestLayers holds the import rules of docs/architecture.md: the CLI and
// the HTTP server are thin layers over internal/app; evaluation and training are imported by
// the CLI alone; the stages do not reach up into app, cli, eval or train,
// and clustering does not reach into analysis.
func TestLayers(t *testing.T) {
	const mod = "github.com/storywire/storywire/"
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("go list output: %v", err)
		}
		name := strings.TrimPrefix(p.ImportPath, mod)
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, mod) {
				imports[name] = append(imports[name], strings.TrimPrefix(imp, mod))
			}
		}
	}
	if len(imports) < 10 {
		t.Fatalf("go list found %d packages with internal imports; is the module root the working directory?", len(imports))
	}
	under := func(pkg, root string) bool { return pkg == root || strings.HasPrefix(pkg, root+"/") }
	rules := []struct {
		why     string
		applies func(pkg string) bool
		denied  func(imp string) bool
	}{
		{"only the CLI imports evaluation packages",
			func(p string) bool { return !under(p, "internal/cli") && !under(p, "internal/eval") },
			func(i string) bool { return under(i, "internal/eval") }},
		{"only the CLI imports training packages",
			func(p string) bool { return !under(p, "internal/cli") && !under(p, "internal/train") },
			func(i string) bool { return under(i, "internal/train") }},
		{"stages never import app or cli",
			func(p string) bool {
				return !under(p, "internal/cli") && !under(p, "internal/server") && !under(p, "internal/app") && !under(p, "internal/eval") && !under(p, "cmd")
			},
			func(i string) bool { return under(i, "internal/app") || under(i, "internal/cli") }},
		{"cluster and stories import nothing under analyze",
			func(p string) bool { return under(p, "internal/cluster") || under(p, "internal/stories") },
			func(i string) bool { return under(i, "internal/analyze") }},
		{"the CLI and the server go through app, not to cluster, pipeline or a store backend (SQLite, PostgreSQL)",
			func(p string) bool { return under(p, "internal/cli") || under(p, "internal/server") },
			func(i string) bool {
				return under(i, "internal/cluster") || under(i, "internal/pipeline") ||
					under(i, "internal/store/sqlite") || under(i, "internal/store/postgres")
			}},
		{"only app reaches the distributed mode's queue (NATS): the CLI and the server go through app",
			func(p string) bool { return !under(p, "internal/app") && !under(p, "internal/queue") },
			func(i string) bool { return under(i, "internal/queue") }},
		{"only app opens a store backend (the stores' own tests aside)",
			func(p string) bool { return !under(p, "internal/app") && !under(p, "internal/store") },
			func(i string) bool { return under(i, "internal/store/sqlite") || under(i, "internal/store/postgres") }},
	}
	for pkg, imps := range imports {
		if !under(pkg, "internal") && !under(pkg, "cmd") {
			continue // local scratch programs are not part of the house
		}
		for _, r := range rules {
			if !r.applies(pkg) {
				continue
			}
			for _, imp := range imps {
				if r.denied(imp) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.why)
				}
			}
		}
	}
}
