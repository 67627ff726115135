package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/storywire/storywire/internal/app"
)

//go:embed templates
var templateFiles embed.FS

// pages holds one template set per page: the layout with the page's own
// blocks.
type pages struct {
	set map[string]*template.Template
}

// loadPages parses every page over the layout, with the functions the
// templates use.
func loadPages(as *assets) (*pages, error) {
	funcs := templateFuncs(as)
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse the layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list the templates: %w", err)
	}
	p := &pages{set: map[string]*template.Template{}}
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if name == "layout" || name == "parts" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, file)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", file, err)
		}
		p.set[name] = t
	}
	return p, nil
}

// pageData is what every page's template gets: the layout's fields and the
// page's own data.
type pageData struct {
	Title     string // the page's title, before " · Storywire"
	Nav       string // the menu entry to mark as current
	CSRF      string // the form token
	CanWrite  bool   // forms that change things are shown
	HasToken  bool   // the server asks for sign-in to write
	SignedIn  bool
	Path      string // the page's path and query, for sign-in's way back
	FlashKind string // "ok" or "error" when a form left a message
	Flash     string
	Query     string // the search box's text
	Live      bool   // the page listens to the event stream
	Data      any
}

// render writes a page with status 200.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, name string, v pageData) {
	h.renderStatus(w, r, http.StatusOK, name, v)
}

// renderStatus fills the layout's fields and writes the page. The page is
// made in memory first, so a template error is a clean 500, not half a
// page.
func (h *Handler) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, v pageData) {
	t, ok := h.pages.set[name]
	if !ok {
		panic("web: no template " + name) // a programming error: every page has one
	}
	v.CSRF = h.guard.formToken(w, r)
	v.HasToken = h.opts.Token != ""
	v.SignedIn = h.guard.signedIn(r)
	v.CanWrite = h.canWrite(r)
	v.Path = r.URL.RequestURI()
	if v.FlashKind == "" {
		v.FlashKind, v.Flash = takeFlash(w, r)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", v); err != nil {
		h.log.Error("render", "page", name, "path", r.URL.Path, "error", err)
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString("<!DOCTYPE html><title>Error</title><p>The page could not be made; the reason is in the server's log.")
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	// Pages carry form tokens and change with every ingest: never cached.
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes()) // the client went away: nothing left to tell it
}

// problem is the error page's data.
type problem struct {
	Status  int
	Heading string
	Message string
}

// errorPage answers an HTML page saying what went wrong and what to do.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	h.renderStatus(w, r, status, "error", pageData{Title: heading, Data: problem{Status: status, Heading: heading, Message: msg}})
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, msg string) {
	h.errorPage(w, r, http.StatusNotFound, "Not found", msg)
}

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	h.errorPage(w, r, http.StatusBadRequest, "That request cannot be answered", msg)
}

// fail answers a use case's error: its kind decides the status and the
// page; a failure of the server's own is logged and not shown.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, app.ErrNotFound):
		h.notFound(w, r, sentence(err.Error()))
	case errors.Is(err, app.ErrInvalid):
		h.badRequest(w, r, sentence(err.Error()))
	case errors.Is(err, app.ErrExists):
		h.errorPage(w, r, http.StatusConflict, "Already there", sentence(err.Error()))
	case r.Context().Err() != nil:
		h.errorPage(w, r, http.StatusServiceUnavailable, "Request cancelled", "The request was cancelled before it was answered. Reload the page.")
	default:
		h.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		h.errorPage(w, r, http.StatusInternalServerError, "Something went wrong on our side",
			"The server could not make this page; the reason is in its log. Try again in a moment.")
	}
}

// sentence starts a message with a capital and ends it with a full stop,
// as the pages show it (app's messages are written for the command line).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
