package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/app/view"
)

type ingestOptions struct {
	outlet       string
	published    string
	allowPrivate bool
	maxSize      int64
	languages    []string
	workers      int
	quiet        bool
	timeout      time.Duration
	noAnalyze    bool
	nerModel     string
	timings      bool
	nats         natsOptions
}

func (a *cli) ingestCommand() *cobra.Command {
	var o ingestOptions
	c := &cobra.Command{
		Use:   "ingest [flags] PATH|URL|- ...",
		Short: "Read articles from files, directories, feeds, URLs or standard input into the database",
		Long: `Ingest reads every article it finds in the inputs: plain text, HTML, JSON,
JSON Lines, RSS, Atom and JSON Feed files, OPML lists of feeds (each also
compressed with gzip, as .gz), http(s) URLs of articles or feeds, and "-" for
standard input. Directories are read
recursively. Articles already stored are skipped; near-identical copies are
stored and linked to the earliest copy.

With --nats the items go to the distributed mode's queue instead (docs/scaling.md):
local inputs are read here and their items published, URLs are published for a
worker to fetch; the workers (storywire worker) store and cluster them. No
database is opened then; the workers' settings (--languages, --no-analyze,
--ner-model, --workers, --timeout, --allow-private) are theirs.

Exit code 0 when every item was ingested, 2 when some failed (the others are
stored), 1 on a fatal error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			if o.nats.on() {
				return a.runIngestQueued(cmd, o, args)
			}
			return a.runIngest(cmd.Context(), o, args)
		},
	}
	f := c.Flags()
	f.StringVar(&o.outlet, "outlet", "", "outlet name for every article read (overrides the source's)")
	f.StringVar(&o.published, "published", "", "publication time for every article read, e.g. 2024-03-12 or 2024-03-12T09:30:00+02:00")
	f.BoolVar(&o.allowPrivate, "allow-private", false, "allow fetching from private, loopback and link-local addresses")
	f.Int64Var(&o.maxSize, "max-size", 20<<20, "largest file or download to read, in bytes")
	f.StringSliceVar(&o.languages, "languages", nil, "ISO 639-1 codes to tell apart (default en,ru,uk,de,fr,es,it,pt,ar,zh)")
	f.IntVar(&o.workers, "workers", 0, "articles extracted in parallel (default: number of CPUs)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar")
	f.DurationVar(&o.timeout, "timeout", 30*time.Second, "time limit for each download")
	f.BoolVar(&o.noAnalyze, "no-analyze", false, "store articles without analysing them (run storywire analyze later)")
	f.StringVar(&o.nerModel, "ner-model", "", "named-entity model file (default: the built-in model)")
	f.BoolVar(&o.timings, "timings", false, "print where the time went, stage by stage, to standard error")
	o.nats.addFlags(f, "publish the items to the distributed mode's queue on this NATS server (nats://host:4222) for the workers, instead of ingesting them here")
	a.addJSONFlag(c)
	return c
}

// check refuses limits that would refuse everything: zero means no limit
// nowhere here, so a size of 0 would refuse every file and a timeout of 0
// every download. (Negative values are refused for every flag.)
func (o ingestOptions) check() error {
	if o.maxSize <= 0 {
		return fmt.Errorf("--max-size %d: give the largest file or download to read in bytes, more than 0 (default %d)", o.maxSize, 20<<20)
	}
	if o.timeout <= 0 {
		return fmt.Errorf("--timeout %s: give a time limit for each download above 0, such as 30s or 2m", o.timeout)
	}
	return nil
}

func (a *cli) runIngest(ctx context.Context, o ingestOptions, inputs []string) error {
	sw, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	bar := a.progress(o.quiet || a.json)
	sum, err := sw.Ingest(ctx, inputs, app.IngestOptions{
		Outlet:       o.outlet,
		Published:    o.published,
		AllowPrivate: o.allowPrivate,
		Watch:        app.WatchOptions{AllowPrivate: o.allowPrivate},
		MaxSize:      o.maxSize,
		Languages:    o.languages,
		Workers:      o.workers,
		Timeout:      o.timeout,
		NoAnalyze:    o.noAnalyze,
		NERModel:     o.nerModel,
		UserAgent:    userAgent(),
		Stdin:        a.env.Stdin,
		Progress: func(app.IngestResult) {
			if bar != nil {
				_ = bar.Add(1)
			}
		},
	})
	var stopped *app.StoppedError
	if err != nil && !errors.As(err, &stopped) {
		return err
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(a.env.Stderr)
	}
	if a.json {
		if err := writeIngestJSON(a.env.Stdout, sum); err != nil {
			return err
		}
	} else {
		printIngestSummary(a.env.Stdout, sum)
	}
	if o.timings {
		printStages(a.env.Stderr, sum)
	}
	if stopped != nil {
		return fmt.Errorf("ingest stopped: %w (everything reported above is stored; run the same command again to finish)", stopped.Err)
	}
	if sum.Failed > 0 {
		return partialError{failed: sum.Failed}
	}
	return nil
}

// workerFlags are the ingest flags that the workers of the distributed
// mode set for themselves.
var workerFlags = []string{"languages", "no-analyze", "ner-model", "workers", "timeout", "allow-private", "timings"}

// runIngestQueued publishes the inputs' items to the queue.
func (a *cli) runIngestQueued(cmd *cobra.Command, o ingestOptions, inputs []string) error {
	for _, name := range workerFlags {
		if cmd.Flags().Changed(name) {
			return fmt.Errorf("--%s is the workers' setting in the distributed mode: give it to storywire worker, not to ingest --nats", name)
		}
	}
	ctx := cmd.Context()
	q, err := o.nats.dial(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	sum, err := app.EnqueueInputs(ctx, q, inputs, app.IngestOptions{
		Outlet: o.outlet, Published: o.published, MaxSize: o.maxSize, Stdin: a.env.Stdin,
	})
	var stopped *app.StoppedError
	if err != nil && !errors.As(err, &stopped) {
		return err
	}
	if a.json {
		if err := writeJSON(a.env.Stdout, view.NewQueueSummary(sum)); err != nil {
			return err
		}
	} else {
		printQueueSummary(a.env.Stdout, sum)
	}
	if stopped != nil {
		return fmt.Errorf("publishing stopped: %w (everything counted above is queued; run the same command again: items queued already are dropped)", stopped.Err)
	}
	if sum.Failed > 0 {
		return partialError{failed: sum.Failed}
	}
	return nil
}

func printQueueSummary(w io.Writer, s app.QueueSummary) {
	fmt.Fprintf(w, "%d queued, %d queued already (dropped), %d failed (in %s)\n", s.Queued, s.AlreadyQueued, s.Failed, s.Elapsed.Round(time.Millisecond))
	if s.ByReference > 0 {
		fmt.Fprintf(w, "%d of them too large for one message: queued as their URL, for a worker to fetch\n", s.ByReference)
	}
	if len(s.Failures) > 0 {
		fmt.Fprintln(w, "\nFailed:")
		for _, f := range s.Failures {
			fmt.Fprintf(w, "  %s\n", f.Err)
		}
	}
}

// progress returns a progress display on a terminal, nil otherwise: piped
// output stays clean.
func (a *cli) progress(off bool) *progressbar.ProgressBar {
	f, ok := a.env.Stderr.(*os.File)
	if off || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("ingesting"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("articles"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSpinnerType(14),
	)
}

// printStages prints where an ingest's time went: per stage, in all and
// per article.
func printStages(w io.Writer, s app.IngestSummary) {
	n := max(1, s.Total())
	fmt.Fprintf(w, "\nwhere the time went (%s wall clock; the workers' stages summed over the workers):\n", s.Elapsed.Round(time.Millisecond))
	for _, st := range s.Stages.List() {
		fmt.Fprintf(w, "  %-12s %9s  %7.3f ms/article\n", st.Name, st.Took.Round(time.Millisecond), float64(st.Took.Microseconds())/1000/float64(n))
	}
}

func printIngestSummary(w io.Writer, s app.IngestSummary) {
	fmt.Fprintf(w, "%d added, %d copies, %d duplicates skipped, %d failed (%d items in %s)\n",
		s.Added, s.Copies, s.Duplicates, s.Failed, s.Total(), s.Elapsed.Round(time.Millisecond))
	if len(s.Warnings) > 0 {
		fmt.Fprintln(w, "\nRead with warnings:")
		for _, r := range s.Warnings {
			for _, warn := range r.Warnings {
				fmt.Fprintf(w, "  %s\n", warn)
			}
		}
	}
	if len(s.Failures) == 0 {
		return
	}
	fmt.Fprintln(w, "\nFailed:")
	for _, f := range s.Failures {
		fmt.Fprintf(w, "  %s\n", f.Err)
	}
}

func writeIngestJSON(w io.Writer, s app.IngestSummary) error {
	return writeJSON(w, view.NewIngestSummary(s))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func userAgent() string {
	return "Storywire/" + Version + " (+https://github.com/storywire/storywire)"
}
