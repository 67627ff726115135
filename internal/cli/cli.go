// Package cli is Storywire's command line: one file per command, each a
// thin layer that parses flags, calls a use case of internal/app (or an
// evaluation runner), and prints human text or, with --json,
// machine-readable output.
//
// Exit codes: 0 when everything succeeded, 2 when some items failed (the
// rest were processed), 1 on a fatal error or a usage error.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
)

// Version is the program's version, shown by --version and sent in the
// User-Agent of HTTP requests.
const Version = "0.1.0"

// Exit codes, documented in the README.
const (
	ExitOK      = 0
	ExitFatal   = 1
	ExitPartial = 2
)

// Env is the process environment a command runs in; tests fill it with
// buffers.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Program is how the user runs Storywire, for the commands hints
	// print: "storywire" when empty.
	Program string
}

// partialError reports that a command finished but some items failed; it
// maps to ExitPartial.
type partialError struct{ failed int }

func (e partialError) Error() string { return fmt.Sprintf("%d item(s) failed", e.failed) }

// cli holds what every command shares: the environment and global flags.
type cli struct {
	env    Env
	dbPath string
	json   bool
}

// Run runs the command line args and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	a := &cli{env: env}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	var partial partialError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &partial):
		return ExitPartial
	default:
		// Errors quote input (file names, URLs, titles): printed as text.
		fmt.Fprintf(env.Stderr, "storywire: %s\n", terminalText(err.Error()))
		return ExitFatal
	}
}

func (a *cli) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "storywire",
		Short: "Turn news articles from many outlets into a structured picture of what happened",
		Long: `Storywire ingests news articles from files, feeds and URLs, cleans them,
recognises copies, and keeps them in an embedded database you can list,
read, search and export. It groups the articles that report the same event
into stories (storywire stories, story ID), finds the people, organisations
and places they name and who said what, and compares how the outlets of a
story covered it (storywire compare STORY).

Start with storywire demo.`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			// Flags are parsed: text output is stripped of terminal
			// controls (terminal.go); JSON and data are written as they are.
			if !a.json && cmd.Annotations[outputAnnotation] != dataOutput {
				a.env.Stdout = newTerminalWriter(a.env.Stdout)
			}
			return checkNumbers(cmd)
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database: an SQLite file, or a PostgreSQL URL postgres://user:password@host:port/database (default $STORYWIRE_DB, else $XDG_DATA_HOME/storywire/storywire.db)")
	root.AddCommand(
		a.ingestCommand(),
		a.feedsCommand(),
		a.articlesCommand(),
		a.showCommand(),
		a.searchCommand(),
		a.exportCommand(),
		a.demoCommand(),
		a.analyzeCommand(),
		a.entitiesCommand(),
		a.quotesCommand(),
		a.compareCommand(),
		a.storiesCommand(),
		a.storyCommand(),
		a.whyCommand(),
		a.timelineCommand(),
		a.reclusterCommand(),
		a.watchCommand(),
		a.entityCommand(),
		a.trainCommand(),
		a.evalCommand(),
		a.serveCommand(),
		a.workerCommand(),
		a.queueCommand(),
	)
	return root
}

// program is how the user runs Storywire, for hints.
func (a *cli) program() string {
	if a.env.Program == "" {
		return "storywire"
	}
	return a.env.Program
}

// ProgramName says how the user ran the program whose executable is exe,
// started as arg0: under go run (an executable in Go's build cache) it is
// "go run ./cmd/storywire", otherwise arg0 as typed.
func ProgramName(arg0, exe string) string {
	if strings.Contains(filepath.ToSlash(exe), "/go-build") {
		return "go run ./cmd/storywire"
	}
	if arg0 == "" {
		return "storywire"
	}
	return arg0
}

// A command whose output is data, written byte for byte, not text for a
// terminal, says so in its annotations: Annotations: {outputAnnotation:
// dataOutput}.
const (
	outputAnnotation = "output"
	dataOutput       = "data"
)

// addJSONFlag gives a read command its --json flag.
func (a *cli) addJSONFlag(c *cobra.Command) {
	c.Flags().BoolVar(&a.json, "json", false, "print JSON instead of text")
}

// databasePath resolves where the database lives: --db, then
// $STORYWIRE_DB, then the XDG data directory. A postgres:// URL in either
// names a PostgreSQL database (app.IsPostgres).
func (a *cli) databasePath() (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	if p := a.env.Getenv("STORYWIRE_DB"); p != "" {
		return p, nil
	}
	dir := a.env.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home := a.env.Getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("cannot find a place for the database: set --db or STORYWIRE_DB: %w", err)
			}
			home = h
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "storywire", "storywire.db"), nil
}

// open opens the database, creating it when there is none.
func (a *cli) open(ctx context.Context) (*app.App, error) {
	path, err := a.databasePath()
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, path)
}

// openExisting opens the database for a read command, with a helpful
// error when there is none yet instead of creating an empty one.
func (a *cli) openExisting(ctx context.Context) (*app.App, error) {
	path, err := a.databasePath()
	if err != nil {
		return nil, err
	}
	sw, err := app.OpenExisting(ctx, path)
	if errors.Is(err, app.ErrNoDatabase) {
		return nil, fmt.Errorf("no database at %s: ingest something first (storywire ingest PATH) or point --db at one", app.DatabaseName(path))
	}
	return sw, err
}

// withExisting runs fn on the existing database, closing it after.
func (a *cli) withExisting(ctx context.Context, fn func(*app.App) error) error {
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	return fn(sw)
}
