package cli

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
)

type workerOptions struct {
	nats         natsOptions
	role         string
	batch        int
	concurrency  int
	workers      int
	allowPrivate bool
	maxSize      int64
	timeout      time.Duration
	languages    []string
	noAnalyze    bool
	nerModel     string
	logFormat    string
}

// Worker roles.
const (
	roleIngest  = "ingest"
	roleCluster = "cluster"
	roleAll     = "all"
)

func (a *cli) workerCommand() *cobra.Command {
	var o workerOptions
	c := &cobra.Command{
		Use:   "worker --nats URL [--role ingest|cluster|all]",
		Short: "Run a worker of the distributed mode: ingest the queue's items, or cluster the stored articles",
		Long: `Worker takes work from a NATS JetStream queue (docs/scaling.md) and stores it
in the PostgreSQL database every process shares (--db or $STORYWIRE_DB).

With --role ingest (the default) it takes the items that storywire serve --nats
and storywire ingest --nats publish, a batch at a time: it fetches URLs, extracts,
analyses and stores them as ingest does, tells the clusterer which articles are
stored, and only then acknowledges them. Run as many as the machines allow; a
worker that dies leaves its batch to be redone by another (--ack-wait after it
last said it was working), and nothing is stored twice. Items that cannot be
read are recorded as failures (storywire queue failures), as is an item
delivered more than --attempts times.

With --role cluster it is the clusterer: one process at a time holds the
database's clusterer lease and gives the stored articles their stories, in
publication order; the others stand by and the first to get the lease takes
over when the active one dies. Run two, on different machines. --role all does
both in one process.

SIGINT or SIGTERM stops it gracefully: the batches in hand are stored and
acknowledged, and the clusterer saves its state.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runWorker(cmd.Context(), o)
		},
	}
	f := c.Flags()
	o.nats.addFlags(f, "the NATS server with JetStream, e.g. nats://queue.example:4222 (required)")
	f.StringVar(&o.role, "role", roleIngest, "ingest (store the queue's items), cluster (give stored articles their stories; one active at a time) or all")
	f.IntVar(&o.batch, "batch", app.DefaultWorkerBatch, "items taken, stored in one transaction and acknowledged together")
	f.IntVar(&o.concurrency, "concurrency", 2, "batches worked on at once (one is extracted while another is written)")
	f.IntVar(&o.workers, "workers", 0, "articles of a batch extracted in parallel (default: number of CPUs)")
	f.DurationVar(&o.nats.ackWait, "ack-wait", 30*time.Second, "how long a worker may hold an item without a word before it goes to another (a dead worker's items are redone after it)")
	f.IntVar(&o.nats.attempts, "attempts", 5, "deliveries of an item before it is recorded as failed and dropped")
	f.BoolVar(&o.allowPrivate, "allow-private", false, "allow fetching from private, loopback and link-local addresses (and webhooks there)")
	f.Int64Var(&o.maxSize, "max-size", 20<<20, "largest download to read, in bytes")
	f.DurationVar(&o.timeout, "timeout", 30*time.Second, "time limit for each download")
	f.StringSliceVar(&o.languages, "languages", nil, "ISO 639-1 codes to tell apart (default en,ru,uk,de,fr,es,it,pt,ar,zh)")
	f.BoolVar(&o.noAnalyze, "no-analyze", false, "store articles without analysing them")
	f.StringVar(&o.nerModel, "ner-model", "", "named-entity model file (default: the built-in model)")
	f.StringVar(&o.logFormat, "log-format", "", "text or json (default: text on a terminal, json otherwise)")
	return c
}

func (a *cli) runWorker(ctx context.Context, o workerOptions) error {
	if o.role != roleIngest && o.role != roleCluster && o.role != roleAll {
		return fmt.Errorf("--role %q: use ingest, cluster or all", o.role)
	}
	if !o.nats.on() {
		return errors.New("worker needs the queue: give the NATS server with --nats nats://host:4222")
	}
	if o.maxSize <= 0 || o.timeout <= 0 {
		return errors.New("--max-size and --timeout must be above 0")
	}
	logger, err := a.logger(o.logFormat)
	if err != nil {
		return err
	}
	path, err := a.databasePath()
	if err != nil {
		return err
	}
	if !app.IsPostgres(path) {
		return fmt.Errorf("worker needs a PostgreSQL database every process reaches, not the file %s: give --db postgres://... (or STORYWIRE_DB)", path)
	}
	q, err := o.nats.dial(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	sw, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()

	ingest := app.IngestOptions{
		AllowPrivate: o.allowPrivate,
		MaxSize:      o.maxSize,
		Timeout:      o.timeout,
		Languages:    o.languages,
		Workers:      o.workers,
		NoAnalyze:    o.noAnalyze,
		NERModel:     o.nerModel,
		UserAgent:    userAgent(),
	}
	// ctx ends on SIGINT or SIGTERM (see cmd/storywire); each role then
	// finishes what it holds. One role that fails stops the other.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	if o.role == roleIngest || o.role == roleAll {
		wg.Go(func() {
			err := sw.RunWorker(ctx, q, app.WorkerOptions{Ingest: ingest, Batch: o.batch, Concurrency: o.concurrency, Logger: logger})
			if err != nil {
				cancel()
			}
			errs <- err
		})
	}
	if o.role == roleCluster || o.role == roleAll {
		wg.Go(func() {
			err := sw.RunClusterer(ctx, q, app.ClustererOptions{Watch: app.WatchOptions{AllowPrivate: o.allowPrivate}, Logger: logger})
			if err != nil {
				cancel()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}
