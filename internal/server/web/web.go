// Package web is the web UI of storywire serve: server-rendered pages of
// the stories, each story's coverage compared across outlets, articles
// with their annotations, entities over time, search, feeds and watches,
// with the corrections (merge, split, move) a reader makes on the way.
//
// It owns the pages' routes, their templates, style sheet and script
// (embedded, served under content-hashed names), and the UI's side of
// security: a strict Content-Security-Policy on every response, CSRF
// checks on every form that changes something (the browser's own
// cross-origin signals and a per-form token), and sign-in sessions when
// the server has a token. Like the API it is a thin layer over
// internal/app: every page is one or a few use-case calls, and it keeps
// in memory only what it derives from their answers (key entities of
// listed stories, comparisons), keyed by what they were built from.
//
// Every page reads without JavaScript; the script adds live updates (the
// stories page counts new stories from the event stream) and keyboard
// shortcuts.
package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/storywire/storywire/internal/app"
)

// FeedPoller is the part of the server's running feed poller the feeds
// page uses: poll one feed now, and wake the poller after subscribing.
type FeedPoller interface {
	Wake()
	PollNow(ctx context.Context, id int64) (app.FeedPollResult, error)
}

// Options configure the UI. The zero value serves an open UI (loopback,
// no token) without live updates or feed polling.
type Options struct {
	// Token is the server's token. When set, changes made in the UI need
	// a session, opened by signing in with it; with Private, reading
	// does too.
	Token   string
	Private bool
	// Events serves the stream of stories created or grown (the API's
	// GET /api/v1/events); the pages listen to it at /events, where the
	// UI's session is accepted.
	Events http.Handler
	// Feeds polls a feed now and wakes the poller after a subscription;
	// nil leaves "poll now" out.
	Feeds  FeedPoller
	Logger *slog.Logger // slog.Default() when nil
}

// Handler serves the UI.
type Handler struct {
	app    *app.App
	opts   Options
	log    *slog.Logger
	mux    *http.ServeMux
	pages  *pages
	assets *assets
	guard  *guard
	cards  *cardCache
	extras *extrasCache
}

// New makes the UI over a.
func New(a *app.App, o Options) (*Handler, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	ps, err := loadPages(as)
	if err != nil {
		return nil, err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("web: make the form secret: %w", err)
	}
	h := &Handler{
		app: a, opts: o, log: o.Logger, pages: ps, assets: as,
		guard:  newGuard(secret, o.Token),
		cards:  newCardCache(),
		extras: newExtrasCache(),
	}
	h.mux = h.routes()
	return h, nil
}

// Who may do what.
type access int

const (
	public access = iota // anyone: sign-in, static files
	reader               // signed in when the server is private
	writer               // signed in whenever the server has a token
)

// routes lists every page and form.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	get := func(pattern string, acc access, f http.HandlerFunc) {
		mux.Handle("GET "+pattern, h.allow(acc, f))
	}
	post := func(pattern string, acc access, f http.HandlerFunc) {
		mux.Handle("POST "+pattern, h.form(acc, f))
	}
	get("/{$}", reader, h.storiesPage)
	get("/stories", reader, redirect("/"))
	get("/stories/{id}", reader, h.storyPage)
	post("/stories/{id}/merge", writer, h.merge)
	post("/stories/{id}/split", writer, h.split)
	get("/articles/{id}", reader, h.articlePage)
	post("/articles/{id}/move", writer, h.move)
	get("/entities", reader, h.entitiesPage)
	get("/entities/{id}", reader, h.entityPage)
	get("/timeline", reader, h.timelinePage)
	get("/search", reader, h.searchPage)
	get("/feeds", reader, h.feedsPage)
	get("/feeds/export.opml", reader, h.exportFeeds)
	post("/feeds", writer, h.addFeed)
	post("/feeds/import", writer, h.importFeeds)
	post("/feeds/{id}/poll", writer, h.pollFeed)
	post("/feeds/{id}/remove", writer, h.removeFeed)
	get("/watches", reader, h.watchesPage)
	post("/watches", writer, h.addWatch)
	post("/watches/{id}/remove", writer, h.removeWatch)
	get("/signin", public, h.signInPage)
	post("/signin", public, h.signIn)
	post("/signout", public, h.signOut)
	get("/events", reader, h.events)
	get("/static/{name}", public, h.assets.serve)
	get("/favicon.ico", public, h.assets.favicon)
	return mux
}

func redirect(to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusMovedPermanently) }
}

// ServeHTTP serves a page with the UI's headers, answering paths and
// methods it has no route for with an HTML error page, and a panic with
// a 500 page (the panic is logged).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler { //nolint:errorlint // a sentinel value, compared as net/http does
			panic(v)
		}
		h.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		h.errorPage(w, r, http.StatusInternalServerError, "Something went wrong on our side",
			"The server hit a bug while making this page; it is in the server's log. Try again, or go back to the stories.")
	}()
	handler, pattern := h.mux.Handler(r)
	if pattern != "" {
		h.mux.ServeHTTP(w, r)
		return
	}
	// Learn what the mux would answer (404, or 405 with the methods it
	// allows) without letting it write its plain text.
	probe := &probeWriter{header: http.Header{}}
	handler.ServeHTTP(probe, r)
	switch probe.code {
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", probe.header.Get("Allow"))
		h.errorPage(w, r, http.StatusMethodNotAllowed, "This page cannot do that",
			fmt.Sprintf("%s is not something %s answers (it answers %s). Follow the page's links and buttons rather than typing requests by hand.",
				r.Method, r.URL.Path, probe.header.Get("Allow")))
	case http.StatusNotFound:
		h.notFound(w, r, "There is no page at this address. Check it for a typo, or start from the stories.")
	default:
		handler.ServeHTTP(w, r) // a redirect the mux makes (a cleaned path)
	}
}

// probeWriter records a handler's status and headers and drops its body.
type probeWriter struct {
	header http.Header
	code   int
}

func (p *probeWriter) Header() http.Header         { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *probeWriter) WriteHeader(code int)        { p.code = code }

// allow lets a read through when the reader may see it: on a private
// server, only with a session (others are sent to sign in).
func (h *Handler) allow(acc access, f http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.needsSession(acc) && !h.guard.signedIn(r) {
			if acc == reader && r.URL.Path != "/events" {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			h.errorPage(w, r, http.StatusUnauthorized, "Sign in first",
				"This server is private: sign in with its token to read it.")
			return
		}
		f(w, r)
	})
}

// needsSession says whether a request of this access needs a session.
func (h *Handler) needsSession(acc access) bool {
	switch acc {
	case reader:
		return h.opts.Private
	case writer:
		return h.opts.Token != ""
	}
	return false
}

// canWrite says whether the request may change things (forms are shown).
func (h *Handler) canWrite(r *http.Request) bool {
	return !h.needsSession(writer) || h.guard.signedIn(r)
}

// events serves the event stream to the pages.
func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	if h.opts.Events == nil {
		http.Error(w, "no live updates on this server", http.StatusNotFound)
		return
	}
	h.opts.Events.ServeHTTP(w, r)
}

// tokenSum is a token's digest: comparing digests in constant time hides
// the token's length too.
func tokenSum(token string) [sha256.Size]byte { return sha256.Sum256([]byte(token)) }

// pollTimeout bounds "poll now": the feed, its items' pages and their
// ingest.
const pollTimeout = 5 * time.Minute
