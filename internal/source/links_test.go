package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Symbolic links to folders are followed, each folder read once; a link
// that loops or leads to a folder read already is reported, not skipped
// without a word.
func TestDirectoryLinks(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	write(t, dir, "a.txt", "First\n\nBody.")
	write(t, other, "b.txt", "Second\n\nBody.")
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	link(other, "linked")           // a folder elsewhere: read
	link(dir, "loop")               // the folder itself: a loop
	link(other, "zz-again")         // a second link to a folder read
	link("missing", "dangling.txt") // leads nowhere
	items := collect(t, []string{dir}, Options{})
	want := []string{
		filepath.Join(dir, "a.txt"),
		"!" + filepath.Join(dir, "dangling.txt"),
		filepath.Join(dir, "linked", "b.txt"),
		"!" + filepath.Join(dir, "loop"),
		"!" + filepath.Join(dir, "zz-again"),
	}
	if got := origins(items); !equal(got, want) {
		t.Fatalf("read\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if msg := items[3].Err.Error(); !strings.Contains(msg, "not followed") || !strings.Contains(msg, "loop") {
		t.Errorf("loop reported as %q", msg)
	}
}

// An OPML file that lists itself says so, directly or through another.
func TestOPMLIncludesItself(t *testing.T) {
	dir := t.TempDir()
	self := write(t, dir, "self.opml", `<?xml version="1.0"?><opml version="2.0"><body><outline text="Me" xmlUrl="self.opml"/></body></opml>`)
	items := collect(t, []string{self}, Options{})
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "self.opml includes itself") {
		t.Fatalf("items %v: %v", origins(items), items)
	}
	a := write(t, dir, "a.opml", `<opml version="2.0"><body><outline text="B" xmlUrl="b.opml"/></body></opml>`)
	write(t, dir, "b.opml", `<opml version="2.0"><body><outline text="A" xmlUrl="a.opml"/><outline text="Feed" xmlUrl="f.xml"/></body></opml>`)
	write(t, dir, "f.xml", `<rss version="2.0"><channel><title>W</title><item><title>Port reopens</title><description>The port reopened on Tuesday.</description></item></channel></rss>`)
	items = collect(t, []string{a}, Options{})
	if len(items) != 2 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "includes itself") || items[1].Err != nil {
		t.Fatalf("items %v", items)
	}
}
