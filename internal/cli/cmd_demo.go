package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

func (a *cli) demoCommand() *cobra.Command {
	var keep bool
	c := &cobra.Command{
		Use:   "demo",
		Short: "Ingest the built-in demo corpus into a fresh database and show what it holds",
		Long: `Demo writes the built-in demo corpus (original, fictional articles from
eight outlets, one of them unnamed, in every format Storywire reads) to a new
temporary directory, ingests it into a fresh database there (or into --db),
and prints a summary: outlets, copies, and the articles.

The temporary directory is removed when the demo ends; with --keep (or with
--db FILE, for the database) it stays, and the printed commands let you go
on exploring.

With --db postgres://... (or STORYWIRE_DB set to such a URL) the demo goes
into that PostgreSQL database, which must not hold Storywire's tables yet
(it is created when the server has none of that name).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runDemo(cmd.Context(), keep) },
	}
	c.Flags().BoolVar(&keep, "keep", false, "keep the temporary directory (corpus and database) to explore it afterwards")
	return c
}

func (a *cli) runDemo(ctx context.Context, keep bool) error {
	dir, err := os.MkdirTemp("", "storywire-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !keep {
		// Deferred first, so it runs after the database is closed.
		defer os.RemoveAll(dir)
	}
	// A PostgreSQL database named in the environment is used as --db is:
	// the demo has no temporary place for one.
	if env := a.env.Getenv("STORYWIRE_DB"); a.dbPath == "" && app.IsPostgres(env) {
		a.dbPath = env
	}
	ownDB := a.dbPath != ""
	corpus, err := app.WriteDemoCorpus(dir)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if a.dbPath == "" {
		a.dbPath = filepath.Join(dir, "demo.db")
	} else if exists, err := app.DatabaseExists(ctx, a.dbPath); err != nil {
		return fmt.Errorf("demo: %w", err)
	} else if exists {
		return fmt.Errorf("demo: %s already exists: the demo needs a fresh database; give another --db or none", app.DatabaseName(a.dbPath))
	}
	w := a.env.Stdout
	shown := app.DatabaseName(a.dbPath)
	fmt.Fprintf(w, "Demo corpus: %s\nDatabase:    %s\n\n", corpus, shown)
	if app.IsPostgres(a.dbPath) {
		shown = "'" + shown + "'" // a URL's ? and & mean something to a shell
	}

	err = a.runIngest(ctx, ingestOptions{quiet: true, maxSize: 20 << 20}, []string{corpus})
	var partial partialError
	if err != nil && !asPartial(err, &partial) {
		return err
	}
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()
	if err := printDemoSummary(ctx, w, sw); err != nil {
		return err
	}
	if !keep && !ownDB {
		fmt.Fprintf(w, "\nThe demo's directory is removed now. To explore the database afterwards, run\n  %s demo --keep\n", a.program())
		return nil
	}
	p := a.program()
	fmt.Fprintf(w, "\nExplore it:\n  %s --db %s show ID\n  %s --db %s search '\"trade talks\"'\n  %s --db %s articles --outlet NAME --json\n",
		p, shown, p, shown, p, shown)
	return nil
}

func asPartial(err error, p *partialError) bool {
	pe, ok := err.(partialError)
	if ok {
		*p = pe
	}
	return ok
}

func printDemoSummary(ctx context.Context, w io.Writer, sw *app.App) error {
	list, err := sw.Articles(ctx, store.Filter{})
	if err != nil {
		return err
	}
	stats, err := sw.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe database holds %d articles from %d outlets; %d are copies of another.\n\n", stats.Articles, stats.Outlets, stats.Copies)

	outlets := map[string]int{}
	copiesOf := map[string][]model.Article{}
	byID := map[string]model.Article{}
	dir, err := sw.OutletDirectory(ctx)
	if err != nil {
		return err
	}
	for _, art := range list {
		outlets[dir.Name(art)]++
		byID[art.ID] = art
		if art.CopyOf != "" {
			copiesOf[art.CopyOf] = append(copiesOf[art.CopyOf], art)
		}
	}
	names := make([]string, 0, len(outlets))
	for n := range outlets {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if outlets[names[i]] != outlets[names[j]] {
			return outlets[names[i]] > outlets[names[j]]
		}
		return names[i] < names[j]
	})
	fmt.Fprintln(w, "Outlets:")
	for _, n := range names {
		fmt.Fprintf(w, "  %3d  %s\n", outlets[n], n)
	}
	if len(copiesOf) > 0 {
		fmt.Fprintln(w, "\nCopies (syndicated or re-posted):")
		roots := make([]string, 0, len(copiesOf))
		for id := range copiesOf {
			roots = append(roots, id)
		}
		sort.Strings(roots)
		for _, id := range roots {
			orig := byID[id]
			fmt.Fprintf(w, "  %s  %s, first run by %s (%s)\n", id, truncate(orig.Title, 60), dir.Name(orig), shortPublished(orig.Published))
			for _, c := range copiesOf[id] {
				fmt.Fprintf(w, "      copy %s  %s  similarity %.2f\n", c.ID, dir.Name(c), c.CopySimilarity)
			}
		}
	}
	fmt.Fprintln(w, "\nArticles, newest first:")
	return printArticleTable(w, list, dir)
}
