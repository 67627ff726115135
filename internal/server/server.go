// Package server is Storywire's HTTP API: a thin layer, like the command
// line, that turns requests into calls of internal/app and answers JSON
// in the shapes of internal/app/view (the fields of the CLI's --json).
// It also serves health, readiness, Prometheus metrics, an OpenAPI
// document and a Server-Sent Events stream of stories created or grown,
// and mounts the web UI (internal/server/web) on every other path;
// it follows the subscribed feeds and sends watch messages in the
// background.
//
// It is safe by default: it listens on loopback unless told otherwise,
// refuses to listen elsewhere without a bearer token for writes, limits
// bodies and times, answers every error as {"error": "..."}, and
// recovers from a panic in a handler.
package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/feeds"
	"github.com/storywire/storywire/internal/server/web"
)

// Defaults of Options.
const (
	DefaultAddr            = "127.0.0.1:8080"
	DefaultMaxBody         = 32 << 20 // POST /articles
	DefaultShutdownTimeout = 30 * time.Second
	// maxSmallBody bounds every other request body (corrections).
	maxSmallBody = 64 << 10
)

// Timeouts of the HTTP server. Writes are bounded except where a response
// streams (export, events) or an ingest runs (POST /articles), which set
// their own deadline.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = time.Minute
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	ingestTimeout     = 10 * time.Minute
)

// Options configure a Server. The zero value listens on DefaultAddr,
// open to loopback clients without a token.
type Options struct {
	Addr string // host:port; DefaultAddr when empty
	// Token, when set, is the bearer token every write needs (and with
	// Private every read). Listening on an address other than loopback
	// requires one.
	Token   string
	Private bool
	// CORSOrigin, when set, is the one origin browsers may call the API
	// from; no CORS headers otherwise.
	CORSOrigin string
	// MaxBody bounds the body of POST /articles; DefaultMaxBody when 0.
	MaxBody int64
	// ShutdownTimeout bounds how long a stop waits for requests in flight
	// (an ingest commits its batch); DefaultShutdownTimeout when 0.
	ShutdownTimeout time.Duration
	Logger          *slog.Logger // slog.Default() when nil
	// Ingest is the base of every ingest the server runs, POST /articles
	// and the feed poller's: download limits and AllowPrivate (feeds and
	// their pages on private addresses), languages, and Watch (webhooks
	// on private addresses with Watch.AllowPrivate). Its Watch.Later is
	// the server's own: watch messages go out in the background.
	Ingest app.IngestOptions
	// Queue, when set, makes the server a publisher of the distributed
	// mode (docs/scaling.md): POST /articles and the feed poller's new
	// items are published to it for the workers, not ingested here, and
	// the server holds no clusterer (the distributed clusterer does).
	Queue *app.Queue
	// Background are run beside the server by Run and Serve (work of the
	// caller's; the feed poller is the server's own), each with a context cancelled at shutdown; the server
	// waits for them before returning. One that returns an error other
	// than the context's stops the server with it.
	Background []func(ctx context.Context) error
}

// Server answers the API over one App.
type Server struct {
	app     *app.App
	opts    Options
	log     *slog.Logger
	handler http.Handler
	ready   atomic.Bool
	events  *broker
	metrics *metrics
	// poller follows the subscribed feeds: Serve runs it, the feed
	// endpoints wake it and poll through it.
	poller *feeds.Poller
	// watches sends the watch messages of the server's ingests in the
	// background, so no request or poll waits for a webhook.
	watches *app.WatchQueue
	// ui is the web UI, answering every path outside the API.
	ui *web.Handler
	// tokenSum is the token's SHA-256: comparing digests in constant
	// time hides the token's length too.
	tokenSum [sha256.Size]byte
}

// New makes a Server over a, which it hears ingests from (app.OnStories):
// call it before a is shared. It refuses options that would expose the
// store without a token.
func New(a *app.App, o Options) (*Server, error) {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = DefaultShutdownTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	s := &Server{app: a, opts: o, log: o.Logger, events: newBroker()}
	if o.Token != "" {
		s.tokenSum = sha256.Sum256([]byte(o.Token))
	}
	s.metrics = newMetrics(a, s.events)
	s.watches = a.NewWatchQueue(o.Ingest.Watch, o.Logger)
	s.opts.Ingest.Watch.Later = s.watches.Add
	s.poller = a.FeedPoller(app.FeedOptions{Ingest: s.opts.Ingest, Queue: o.Queue, OnPoll: s.polled, Logger: o.Logger})
	ui, err := web.New(a, web.Options{Token: o.Token, Private: o.Private, Events: http.HandlerFunc(s.streamEvents), Feeds: s.poller, Logger: o.Logger})
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.ui = ui
	if s.handler, err = s.routes(); err != nil {
		return nil, err
	}
	a.OnStories(s.storiesChanged)
	return s, nil
}

// Check refuses options that would be unsafe (a store open beyond
// loopback without a token) or cannot work; New checks them too, and a
// command checks them before it opens the store.
func (o Options) Check() error {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("server: address %q: %w: use host:port, e.g. %s", o.Addr, err, DefaultAddr)
	}
	if o.Private && o.Token == "" {
		return errors.New("server: --private needs a token: set --token or STORYWIRE_TOKEN")
	}
	if !isLoopback(host) && o.Token == "" {
		return fmt.Errorf("server: listening on %s, beyond this machine, needs a token for writes: set --token or STORYWIRE_TOKEN (or listen on 127.0.0.1)", o.Addr)
	}
	return nil
}

// isLoopback says a listening host reaches this machine only: a loopback
// address or localhost. An empty host (all interfaces) is not.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Handler is the server's whole HTTP handler: the API, health, metrics,
// events and the web UI, with logging, metrics and panic recovery around
// each.
func (s *Server) Handler() http.Handler { return s.handler }

// Registry is the server's metrics registry, for the background work to
// register its own (feed polls, say).
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

// CountIngest adds an ingest's outcomes to the metrics; the server counts
// its own, background work counts the ingests it runs.
func (s *Server) CountIngest(sum app.IngestSummary) { s.metrics.countIngest(sum) }

// polled counts and logs one poll of a feed.
func (s *Server) polled(r app.FeedPollResult) {
	s.metrics.countPoll(r)
	attrs := []any{"feed", r.FeedID, "url", r.URL, "result", string(r.Outcome), "items", r.Items, "new", r.New,
		"added", r.Added, "failed_items", r.Failed, "took", r.Elapsed.Round(time.Millisecond), "next", r.Next}
	if r.Err != nil {
		s.log.Warn("feed poll failed", append(attrs, "err", r.Err)...)
		return
	}
	s.log.Info("feed polled", attrs...)
}

// Ready says whether the store is open and the clusterer loaded.
func (s *Server) Ready() bool { return s.ready.Load() }

// Load loads the clusterer (app.KeepClusterer); the server is ready once
// it has. Serve runs it. A server that publishes to a queue ingests
// nothing itself and is ready at once.
func (s *Server) Load(ctx context.Context) error {
	start := time.Now()
	if s.opts.Queue != nil {
		s.ready.Store(true)
		s.log.Info("ready: items go to the queue", "queue", s.opts.Queue.Where())
		return nil
	}
	if err := s.app.KeepClusterer(ctx); err != nil {
		return fmt.Errorf("server: load the stories: %w", err)
	}
	s.ready.Store(true)
	s.log.Info("ready", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Run listens on the configured address and serves until ctx is done
// (see Serve).
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve answers on ln until ctx is done, loading the clusterer meanwhile
// (readyz says when), and running the Background work beside. Then it
// stops gracefully: no new connections, requests in flight finished
// (an ingest's batches committed), event streams ended, the background
// work stopped and waited for, and the watch messages not yet sent
// dropped. ctx's end is not an error.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		// Requests are not cancelled by a stop: Shutdown waits for them.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	// Event streams never go idle on their own; end them at the start of
	// a shutdown so it does not wait for them.
	srv.RegisterOnShutdown(s.events.close)

	if s.opts.Queue != nil {
		// The distributed clusterer tells of the stories it changes.
		stop, err := s.app.FollowStories(s.opts.Queue)
		if err != nil {
			return fmt.Errorf("server: %w", err)
		}
		defer stop()
	}
	bg, stopBG := context.WithCancel(ctx)
	defer stopBG()
	failed := make(chan error, len(s.opts.Background)+1)
	var wg sync.WaitGroup
	run := func(fn func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(bg); err != nil && bg.Err() == nil {
				failed <- err
			}
		}()
	}
	run(s.Load)
	run(s.poller.Run)
	for _, fn := range s.opts.Background {
		run(fn)
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "token", s.opts.Token != "", "private", s.opts.Private)

	var err error
	select {
	case <-ctx.Done():
	case err = <-failed:
	case err = <-served:
	}
	s.log.Info("stopping")
	stopBG()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.ShutdownTimeout)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil && err == nil {
		err = fmt.Errorf("server: shut down: %w", serr)
	}
	wg.Wait()
	s.watches.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	s.log.Info("stopped")
	return err
}
