package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFiles embed.FS

// assets are the static files under names that carry a hash of their
// content (app.3f2a9c0d1e.css): a name never changes meaning, so
// browsers may keep a file for a year and still get a new one the moment
// it changes.
type assets struct {
	byName map[string]asset // hashed name -> file
	hashed map[string]string
}

type asset struct {
	body        []byte
	contentType string
	etag        string
}

func loadAssets() (*assets, error) {
	as := &assets{byName: map[string]asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := path.Base(p)
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:5])
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + h + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		as.byName[hashed] = asset{body: b, contentType: ct, etag: `"` + h + `"`}
		as.hashed[name] = hashed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read the static files: %w", err)
	}
	return as, nil
}

// path is the URL of a static file by its plain name; a name that is not
// there is a programming error, caught when the templates first run.
func (as *assets) path(name string) (string, error) {
	h, ok := as.hashed[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return "/static/" + h, nil
}

// serve answers GET /static/{name}: the file for a year when its name is
// current; 404 for any other name.
func (as *assets) serve(w http.ResponseWriter, r *http.Request) {
	a, ok := as.byName[r.PathValue("name")]
	if !ok {
		http.Error(w, "no such file", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", a.etag)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(a.body)
}

// favicon answers /favicon.ico, which browsers ask for whatever the page
// says, with the icon.
func (as *assets) favicon(w http.ResponseWriter, r *http.Request) {
	p, err := as.path("icon.svg")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, p, http.StatusMovedPermanently)
}
