package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/app"
)

// Who may call an endpoint.
type access int

const (
	public access = iota // anyone: health, metrics, the API's description
	reader               // with the token when the server is private
	writer               // with the token whenever the server has one
)

// endpoint is one route of the API.
type endpoint struct {
	pattern string
	access  access
	handler http.Handler
}

// endpoints lists every route, with who may call it.
func (s *Server) endpoints() []endpoint {
	h := func(f http.HandlerFunc) http.Handler { return f }
	return []endpoint{
		// Health and metrics answer without a token: a probe or a
		// scraper has none, and they tell nothing about the news stored.
		{"GET /healthz", public, h(s.healthz)},
		{"GET /readyz", public, h(s.readyz)},
		{"GET /metrics", public, s.metrics.handler()},
		{"GET /api/v1/openapi.json", public, h(s.openapi)},

		{"GET /api/v1/stories", reader, h(s.listStories)},
		{"GET /api/v1/stories/{id}", reader, h(s.getStory)},
		{"GET /api/v1/stories/{id}/compare", reader, h(s.compareStory)},
		{"GET /api/v1/articles", reader, h(s.listArticles)},
		{"GET /api/v1/articles/{id}", reader, h(s.getArticle)},
		{"GET /api/v1/entities", reader, h(s.listEntities)},
		{"GET /api/v1/entities/{id}", reader, h(s.getEntity)},
		{"GET /api/v1/timeline", reader, h(s.timeline)},
		{"GET /api/v1/quotes", reader, h(s.quotes)},
		{"GET /api/v1/search", reader, h(s.search)},
		{"GET /api/v1/export", reader, h(s.export)},
		{"GET /api/v1/events", reader, h(s.streamEvents)},

		{"POST /api/v1/articles", writer, h(s.postArticles)},
		{"POST /api/v1/stories/{id}/merge", writer, h(s.merge)},
		{"POST /api/v1/stories/{id}/split", writer, h(s.split)},
		{"POST /api/v1/articles/{id}/move", writer, h(s.move)},

		{"GET /api/v1/feeds", reader, h(s.listFeeds)},
		{"GET /api/v1/feeds/export", reader, h(s.exportFeeds)},
		{"POST /api/v1/feeds", writer, h(s.addFeed)},
		{"POST /api/v1/feeds/import", writer, h(s.importFeeds)},
		{"DELETE /api/v1/feeds/{id}", writer, h(s.removeFeed)},
		{"POST /api/v1/feeds/{id}/poll", writer, h(s.pollFeed)},
		{"GET /api/v1/watches", reader, h(s.listWatches)},
		{"POST /api/v1/watches", writer, h(s.addWatch)},
		{"DELETE /api/v1/watches/{id}", writer, h(s.removeWatch)},
		{"GET /api/v1/watches/{id}/deliveries", reader, h(s.deliveries)},
	}
}

// routes is the whole handler: the endpoints behind their access checks,
// with logging, metrics, panic recovery and CORS around them.
func (s *Server) routes() (http.Handler, error) {
	// Writes refuse requests a browser sends on another site's behalf: a
	// page elsewhere could otherwise POST a merge or an ingest to a
	// server on the reader's own machine, which needs no token there.
	// Clients that are not browsers send no Origin or Sec-Fetch-Site and
	// pass; so does the origin allowed by --cors.
	cop := http.NewCrossOriginProtection()
	if o := s.opts.CORSOrigin; o != "" {
		if err := cop.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("server: --cors %q: %w: give an origin such as https://news.example", o, err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "a browser request from another site cannot change anything here: call the API from a script, or allow that site with --cors")
	}))
	mux := http.NewServeMux()
	for _, e := range s.endpoints() {
		needToken := e.access == writer && s.opts.Token != "" || e.access == reader && s.opts.Private
		h := s.auth(needToken, e.handler)
		if e.access == writer {
			h = cop.Handler(h)
		}
		mux.Handle(e.pattern, h)
	}
	return s.observe(s.recoverPanics(s.cors(s.dispatch(mux)))), nil
}

// dispatch serves a request through mux; a path outside the API goes to
// the web UI, and the API's paths and methods mux has no route for are
// answered with a JSON error rather than its plain text.
func (s *Server) dispatch(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		if s.ui != nil && !apiPath(r.URL.Path) {
			s.ui.ServeHTTP(w, r)
			return
		}
		// Learn what mux would answer (404, or 405 with the methods it
		// allows) without letting it write.
		probe := &probeWriter{header: http.Header{}}
		h.ServeHTTP(probe, r)
		switch probe.code {
		case http.StatusMethodNotAllowed:
			allow := probe.header.Get("Allow")
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s is not allowed on %s: use %s", r.Method, r.URL.Path, allow))
		case http.StatusNotFound:
			writeError(w, http.StatusNotFound, fmt.Sprintf("no endpoint %s: see /api/v1/openapi.json", r.URL.Path))
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// apiPath says whether a path is the API's (or health's, or metrics'),
// answered in JSON even when nothing is there.
func apiPath(p string) bool {
	switch p {
	case "/api", "/healthz", "/readyz", "/metrics":
		return true
	}
	return strings.HasPrefix(p, "/api/")
}

// probeWriter records a handler's status and headers and drops its body.
type probeWriter struct {
	header http.Header
	code   int
}

func (p *probeWriter) Header() http.Header         { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *probeWriter) WriteHeader(code int)        { p.code = code }

// auth lets a request through when it needs no token or carries the
// right one ("Authorization: Bearer TOKEN").
func (s *Server) auth(needed bool, h http.Handler) http.Handler {
	if !needed {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !ok || subtle.ConstantTimeCompare(sum[:], s.tokenSum[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="storywire"`)
			msg := "missing token: send Authorization: Bearer TOKEN"
			if ok {
				msg = "wrong token"
			}
			writeError(w, http.StatusUnauthorized, msg)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// cors answers browsers from the one origin allowed, preflight included;
// without CORSOrigin it adds nothing, and browsers keep other sites out.
func (s *Server) cors(h http.Handler) http.Handler {
	origin := s.opts.CORSOrigin
	if origin == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Origin")
		if r.Header.Get("Origin") == origin {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				w.Header().Set("Access-Control-Allow-Methods", "GET, POST, DELETE")
				w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
				w.Header().Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// recoverPanics answers a panicking handler 500 and logs it with its stack: a
// request can fail, never the server.
func (s *Server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // a sentinel value, compared as net/http does
				panic(v) // net/http's way to cut a stream short
			}
			s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rw, ok := w.(*statusWriter); !ok || rw.status == 0 {
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// observe logs one line per request and records its latency by route.
func (s *Server) observe(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		route := r.Pattern // set by the mux on the request it was given
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, sw.status, d)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", d.Round(time.Microsecond), "bytes", sw.bytes)
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushes and
// deadlines for streams).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// errorBody is every error's JSON.
type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away: nothing left to tell it
}

// fail answers a use case's error: its kind decides the status; a
// failure of the server's own is logged and not shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, app.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, app.ErrInvalid):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, app.ErrExists):
		writeError(w, http.StatusConflict, err.Error())
	case r.Context().Err() != nil:
		// The client went away; nobody reads the answer.
		writeError(w, http.StatusServiceUnavailable, "request cancelled")
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		writeError(w, http.StatusInternalServerError, "internal error: see the server's log")
	}
}

// badRequest answers 400 with a message.
func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeError(w, http.StatusBadRequest, fmt.Sprintf(format, args...))
}
