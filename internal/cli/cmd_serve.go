package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/server"
)

type serveOptions struct {
	addr      string
	token     string
	private   bool
	cors      string
	maxBody   int64
	logFormat string
	// allowPrivate lets feeds, their pages and webhooks be on private,
	// loopback and link-local addresses.
	allowPrivate bool
	nats         natsOptions
}

func (a *cli) serveCommand() *cobra.Command {
	var o serveOptions
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--token T] [--private] [--log-format text|json]",
		Short: "Run Storywire as a service: a JSON API over the database, with live story events",
		Long: `Serve answers the HTTP API (docs/api.md, /api/v1/openapi.json) over the
database, holding the stories in memory so ingests through POST /api/v1/articles
are placed at once; GET /api/v1/events streams stories as they are created or
grow. /healthz says the process is alive, /readyz that the stories are loaded,
/metrics gives Prometheus metrics.

It follows the subscribed feeds (storywire feeds add, or POST /api/v1/feeds),
polling each when due and ingesting its new items, and sends the messages of
the watches (storywire watch add) in the background. Feeds, their pages and
webhooks on private, loopback or link-local addresses are refused unless
--allow-private.

It listens on loopback unless --addr says otherwise; beyond loopback every write
needs the bearer token (--token or $STORYWIRE_TOKEN), and with --private every
read too. SIGINT or SIGTERM stops it gracefully: requests in flight finish and
their articles are committed.

With --nats it is a publisher of the distributed mode (docs/scaling.md): feed
items and POST /api/v1/articles are published to the NATS JetStream queue for
the workers (storywire worker) and answered 202 once JetStream holds them; the
server holds no clusterer. Reads, corrections, feeds and watches work as ever
on the shared PostgreSQL database.

Logs go to standard error, one line per request: text on a terminal, JSON
otherwise or with --log-format json.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runServe(cmd.Context(), o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.addr, "addr", server.DefaultAddr, "host:port to listen on")
	f.StringVar(&o.token, "token", "", "bearer token for writes (and reads with --private); default $STORYWIRE_TOKEN")
	f.BoolVar(&o.private, "private", false, "reads need the token too")
	f.StringVar(&o.cors, "cors", "", "let browsers call the API from this origin (e.g. https://news.example); none by default")
	f.Int64Var(&o.maxBody, "max-body", server.DefaultMaxBody, "largest body of POST /api/v1/articles, in bytes")
	f.BoolVar(&o.allowPrivate, "allow-private", false, "allow feeds, their pages and webhooks on private, loopback and link-local addresses")
	f.StringVar(&o.logFormat, "log-format", "", "text or json (default: text on a terminal, json otherwise)")
	o.nats.addFlags(f, "publish feed items and POST /api/v1/articles to the distributed mode's queue on this NATS server (nats://host:4222) instead of ingesting them here")
	return c
}

func (a *cli) runServe(ctx context.Context, o serveOptions) error {
	logger, err := a.logger(o.logFormat)
	if err != nil {
		return err
	}
	if o.token == "" {
		o.token = a.env.Getenv("STORYWIRE_TOKEN")
	}
	opts := server.Options{
		Addr:       o.addr,
		Token:      o.token,
		Private:    o.private,
		CORSOrigin: o.cors,
		MaxBody:    o.maxBody,
		Logger:     logger,
		Ingest: app.IngestOptions{
			AllowPrivate: o.allowPrivate,
			UserAgent:    userAgent(),
			Watch:        app.WatchOptions{AllowPrivate: o.allowPrivate},
		},
	}
	if err := opts.Check(); err != nil {
		return err
	}
	if o.nats.on() {
		path, err := a.databasePath()
		if err != nil {
			return err
		}
		if !app.IsPostgres(path) {
			return fmt.Errorf("serve --nats needs the PostgreSQL database the workers store into, not the file %s: give --db postgres://... (or STORYWIRE_DB)", path)
		}
		q, err := o.nats.dial(ctx)
		if err != nil {
			return err
		}
		defer q.Close()
		opts.Queue = q
	}
	sw, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	// The server runs the feed poller and the watch messages beside
	// itself, and stops them before the store closes.
	srv, err := server.New(sw, opts)
	if err != nil {
		return err
	}
	// ctx ends on SIGINT or SIGTERM (see cmd/storywire).
	runErr := srv.Run(ctx)
	if opts.Queue != nil {
		return runErr // the distributed clusterer keeps the stories' state
	}
	// Saved, the clusterer's state lets the next start skip the replay of
	// the store; a save that would take long (the state was dropped by a
	// correction) is given up rather than hold the stop.
	saveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := sw.SaveClusterState(saveCtx); err != nil {
		logger.Warn("the clusterer's state was not saved; the next start replays the store", "error", err)
	}
	return runErr
}

// logger is the server's structured log on standard error.
func (a *cli) logger(format string) (*slog.Logger, error) {
	w := a.env.Stderr
	if format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			format = "text"
		}
	}
	var h slog.Handler
	switch format {
	case "text":
		h = slog.NewTextHandler(w, nil)
	case "json":
		h = slog.NewJSONHandler(w, nil)
	default:
		return nil, fmt.Errorf("--log-format %q: use text or json", format)
	}
	return slog.New(h), nil
}
