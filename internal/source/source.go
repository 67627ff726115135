// Package source is the first stage: it turns what a user names (paths,
// directories, http(s) URLs, "-" for standard input) into RawDocuments.
// It reads containers (JSON, JSON Lines, RSS/Atom/JSON Feed, OPML) and
// hands over bytes and the metadata they carried; it does not interpret
// article text. Every problem is yielded as an item error and reading
// goes on with the next item.
package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/storywire/storywire/internal/fetch"
	"github.com/storywire/storywire/internal/model"
)

// DefaultMaxFileSize is the largest file read when Options.MaxFileSize is 0.
const DefaultMaxFileSize = 20 << 20

// Fetcher retrieves a URL; *fetch.Client implements it.
type Fetcher interface {
	Get(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// FeedStates remembers feed validators for conditional GET; store.Store
// implements it.
type FeedStates interface {
	FeedState(ctx context.Context, url string) (model.FeedState, error)
	PutFeedState(ctx context.Context, s model.FeedState) error
}

// Options configure Read. The zero value reads local inputs.
type Options struct {
	MaxFileSize int64      // DefaultMaxFileSize when 0
	Fetcher     Fetcher    // nil: URL inputs fail with a clear error
	FeedStates  FeedStates // nil: no conditional GET
	Stdin       io.Reader  // for "-"
}

// Item is one document or one failure. When Err is set, Origin names the
// failed item and Doc is empty.
type Item struct {
	Origin string
	Doc    model.RawDocument
	Err    error
}

// kind is how a file's content is read.
type kind int

const (
	kindUnknown kind = iota
	kindText
	kindHTML
	kindJSON
	kindJSONL
	kindFeed
	kindOPML
)

var extKinds = map[string]kind{
	".txt": kindText, ".text": kindText, ".md": kindText,
	".html": kindHTML, ".htm": kindHTML, ".xhtml": kindHTML,
	".json":  kindJSON,
	".jsonl": kindJSONL, ".ndjson": kindJSONL,
	".xml": kindFeed, ".rss": kindFeed, ".atom": kindFeed, ".rdf": kindFeed,
	".opml": kindOPML,
}

// kindOf is the kind a file's name gives, looking through a ".gz" (a
// page saved compressed, "story.html.gz"); known is false for a name
// Storywire does not read.
func kindOf(name string) (k kind, gz, known bool) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".gz" {
		gz = true
		ext = strings.ToLower(filepath.Ext(strings.TrimSuffix(name, filepath.Ext(name))))
	}
	k, known = extKinds[ext]
	return k, gz, known
}

// reader carries one Read call's state.
type reader struct {
	ctx   context.Context
	opts  Options
	yield func(Item) bool
	// opml holds the OPML files read, so one listed twice is read once;
	// opmlStack those being read, so one that lists itself, directly or
	// through others, is reported.
	opml      map[string]bool
	opmlStack []string
	// dirs holds the real paths of the folders read, so that links to
	// folders are followed without looping.
	dirs map[string]bool
}

// Read yields the documents in inputs in a deterministic order: inputs as
// given, directory entries in lexical order. It streams, holding one file
// at a time. It stops early when ctx is done or yield returns false.
func Read(ctx context.Context, inputs []string, opts Options) iter.Seq[Item] {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return func(yield func(Item) bool) {
		r := &reader{ctx: ctx, opts: opts, yield: yield, opml: map[string]bool{}}
		for _, in := range inputs {
			if !r.input(in) {
				return
			}
		}
	}
}

// emit yields an item unless reading should stop; it returns false to stop.
func (r *reader) emit(it Item) bool {
	if r.ctx.Err() != nil {
		return false
	}
	return r.yield(it)
}

func (r *reader) fail(origin string, err error) bool {
	return r.emit(Item{Origin: origin, Err: err})
}

func (r *reader) input(in string) bool {
	switch {
	case in == "-":
		return r.stdin()
	case isURL(in):
		return r.url(in, model.Metadata{})
	}
	info, err := os.Stat(in)
	if err != nil {
		return r.fail(in, fmt.Errorf("%s: %w", in, explainPathError(err)))
	}
	if info.IsDir() {
		return r.dir(in, true)
	}
	return r.file(in, true)
}

func explainPathError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or directory: check the path")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied: check the file's permissions")
	}
	return err
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// dir walks a directory in lexical order. Hidden entries are skipped, and
// so are files whose extension Storywire does not read (a directory of
// articles often holds images and the like). Symbolic links to
// directories are followed, each folder read once: a link to a folder
// already read (a loop, or a second way to the same folder) is reported,
// not followed. A folder named by the user (named) that holds no file
// Storywire reads is reported.
func (r *reader) dir(root string, named bool) bool {
	if !r.firstVisit(root) {
		return true
	}
	cont := true
	files := 0 // files of a kind Storywire reads
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if !r.fail(path, fmt.Errorf("%s: %w", path, explainPathError(err))) {
				cont = false
				return fs.SkipAll
			}
			return nil
		}
		name := d.Name()
		if path != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && !r.firstVisit(path) {
				return fs.SkipDir // read already, through a link to it
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := os.Stat(path)
			if err != nil {
				if !r.fail(path, fmt.Errorf("%s: a link that leads nowhere: %w", path, explainPathError(err))) {
					cont = false
					return fs.SkipAll
				}
				return nil
			}
			if info.IsDir() {
				if to, seen := r.seen(path); seen {
					cont = r.fail(path, fmt.Errorf("%s: not followed: the link leads to %s, a folder read already (a loop or a second link to it)", path, to))
				} else {
					// The trailing separator makes WalkDir start from the
					// folder the link leads to, while the paths it gives
					// stay under the link's name.
					cont = r.dir(path+string(filepath.Separator), false)
				}
				if !cont {
					return fs.SkipAll
				}
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if _, _, ok := kindOf(name); !ok {
			return nil
		}
		files++
		if !r.file(path, false) {
			cont = false
			return fs.SkipAll
		}
		return nil
	})
	if err != nil && cont {
		return r.fail(root, fmt.Errorf("read folder %s: %w", root, err))
	}
	if cont && files == 0 && named {
		// Said, not silent: a folder of .pdf or .docx files, named on the
		// command line, gives nothing.
		return r.fail(root, fmt.Errorf("%s: no file Storywire reads in this folder: it reads .txt, .md, .html, .htm, .json, .jsonl, .ndjson, feeds (.xml, .rss, .atom, .rdf) and .opml, and the same compressed with gzip (.gz)", root))
	}
	return cont
}

// seen reports whether the folder at path (through any links) has been
// read in this call, and its real path.
func (r *reader) seen(path string) (string, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return path, false
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	return real, r.dirs[real]
}

// firstVisit marks the folder at path read, reporting whether it was not
// already.
func (r *reader) firstVisit(path string) bool {
	real, seen := r.seen(path)
	if r.dirs == nil {
		r.dirs = map[string]bool{} // a reader made for one body (no folders) has none
	}
	r.dirs[real] = true
	return !seen
}

// file reads one file. A file named explicitly with an unknown extension
// is sniffed; in a directory such files were already skipped.
func (r *reader) file(path string, explicit bool) bool {
	k, gz, _ := kindOf(path)
	if k == kindJSONL {
		return r.jsonlFile(path, gz)
	}
	body, err := r.readFile(path)
	if err == nil && gz {
		body, err = r.gunzip(path, body)
	}
	if err != nil {
		return r.fail(path, err)
	}
	if k == kindUnknown && explicit {
		k = sniff(body)
	}
	return r.content(path, path, body, k, "")
}

// jsonlFile streams a JSON Lines file, gzip-compressed when gz:
// --max-size bounds each record, not the file (storywire export writes
// files of any size).
func (r *reader) jsonlFile(path string, gz bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return r.fail(path, fmt.Errorf("%s: %w", path, explainPathError(err)))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() == 0 {
		return r.fail(path, fmt.Errorf("%s: empty file: nothing to ingest", path))
	}
	if !gz {
		return r.jsonlFrom(path, f)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		return r.fail(path, fmt.Errorf("%s: not a gzip file (%v): give the file without .gz, or compress it with gzip", path, err))
	}
	defer zr.Close()
	return r.jsonlFrom(path, zr)
}

func (r *reader) readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, explainPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if info.Size() > r.opts.MaxFileSize {
		return nil, fmt.Errorf("%s: file is %s, above the %s limit: raise it with --max-size", path, humanBytes(info.Size()), humanBytes(r.opts.MaxFileSize))
	}
	body, err := io.ReadAll(io.LimitReader(f, r.opts.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(body)) > r.opts.MaxFileSize {
		return nil, fmt.Errorf("%s: file is above the %s limit: raise it with --max-size", path, humanBytes(r.opts.MaxFileSize))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("%s: empty file: nothing to ingest", path)
	}
	return body, nil
}

// gunzip decompresses a ".gz" file, refusing one that decompresses to
// more than the size limit (a small file can hold gigabytes of zeros).
func (r *reader) gunzip(path string, body []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: not a gzip file (%v): give the file without .gz, or compress it with gzip", path, err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, r.opts.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: a damaged gzip file: %w", path, err)
	}
	if int64(len(out)) > r.opts.MaxFileSize {
		return nil, fmt.Errorf("%s: decompresses to more than the %s limit: raise it with --max-size", path, humanBytes(r.opts.MaxFileSize))
	}
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, fmt.Errorf("%s: empty once decompressed: nothing to ingest", path)
	}
	return out, nil
}

func (r *reader) stdin() bool {
	if r.opts.Stdin == nil {
		return r.fail("stdin", errors.New("no standard input to read: pipe articles in, or give a path"))
	}
	body, err := io.ReadAll(io.LimitReader(r.opts.Stdin, r.opts.MaxFileSize+1))
	if err != nil {
		return r.fail("stdin", fmt.Errorf("read standard input: %w", err))
	}
	if int64(len(body)) > r.opts.MaxFileSize {
		return r.fail("stdin", fmt.Errorf("standard input is above the %s limit: raise it with --max-size", humanBytes(r.opts.MaxFileSize)))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return r.fail("stdin", errors.New("standard input is empty: nothing to ingest"))
	}
	return r.content("stdin", "", body, sniff(body), "")
}

// content dispatches a body by kind. dir is the file's path for resolving
// relative OPML entries ("" for stdin and URLs).
func (r *reader) content(origin, path string, body []byte, k kind, charset string) bool {
	switch k {
	case kindHTML:
		return r.emit(Item{Origin: origin, Doc: model.RawDocument{Origin: origin, Format: model.FormatHTML, Body: body, Charset: charset}})
	case kindJSON:
		return r.json(origin, body, isURL(origin))
	case kindJSONL:
		return r.jsonl(origin, body)
	case kindFeed:
		return r.feed(origin, body, false)
	case kindOPML:
		return r.opmlFile(origin, path, body)
	default:
		return r.emit(Item{Origin: origin, Doc: model.RawDocument{Origin: origin, Format: model.FormatText, Body: body, Charset: charset}})
	}
}

// sniff tells a body's kind from its first bytes.
func sniff(body []byte) kind {
	head := bytes.TrimLeft(body, " \t\r\n\ufeff")
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if len(head) > 1024 {
		head = head[:1024]
	}
	lower := bytes.ToLower(head)
	switch {
	case len(head) == 0:
		return kindText
	case head[0] == '[':
		return kindJSON
	case head[0] == '{':
		// Several lines each holding an object are JSON Lines.
		lines := bytes.Split(bytes.TrimSpace(body), []byte("\n"))
		if len(lines) > 1 && bytes.HasPrefix(bytes.TrimSpace(lines[1]), []byte("{")) && bytes.HasSuffix(bytes.TrimSpace(lines[0]), []byte("}")) {
			return kindJSONL
		}
		return kindJSON
	case bytes.Contains(lower, []byte("<opml")):
		return kindOPML
	case bytes.Contains(lower, []byte("<rss")), bytes.Contains(lower, []byte("<feed")), bytes.Contains(lower, []byte("<rdf:rdf")):
		return kindFeed
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.Contains(lower, []byte("<html")),
		bytes.Contains(lower, []byte("<body")), bytes.HasPrefix(lower, []byte("<p>")), bytes.HasPrefix(lower, []byte("<div")),
		bytes.HasPrefix(lower, []byte("<article")):
		return kindHTML
	}
	return kindText
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
