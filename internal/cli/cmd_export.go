package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/model"
)

func (a *cli) exportCommand() *cobra.Command {
	var ff filterFlags
	var format, out string
	c := &cobra.Command{
		Use:   "export --format jsonl|csv [filters]",
		Short: "Write stored articles as JSON Lines or CSV",
		Long: `Export writes the articles matching the filters, newest first, to standard
output or --out. JSON Lines carries every field (the same fields as --json
elsewhere) and can be ingested again; CSV has one row per article.`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{outputAnnotation: dataOutput},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runExport(cmd.Context(), ff, format, out)
		},
	}
	ff.add(c, 0)
	c.Flags().StringVar(&format, "format", "jsonl", "jsonl or csv")
	c.Flags().StringVarP(&out, "out", "o", "", "write to this file instead of standard output")
	return c
}

func (a *cli) runExport(ctx context.Context, ff filterFlags, format, outPath string) error {
	format = strings.ToLower(format)
	if format != "jsonl" && format != "csv" {
		return fmt.Errorf("--format %q: use jsonl or csv", format)
	}
	f, err := ff.filter()
	if err != nil {
		return err
	}
	sw, err := a.openExisting(ctx)
	if err != nil {
		return err
	}
	defer sw.Close()

	var w io.Writer = a.env.Stdout
	var file *os.File
	if outPath != "" {
		if file, err = os.Create(outPath); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriter(w)
	var write func(model.Article) error
	var cw *csv.Writer
	switch format {
	case "jsonl":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(art model.Article) error { return enc.Encode(view.NewArticle(art)) }
	case "csv":
		cw = csv.NewWriter(bw)
		if err := cw.Write(view.CSVHeader); err != nil {
			return err
		}
		write = func(art model.Article) error { return cw.Write(view.CSVRow(art)) }
	}
	if err := sw.Export(ctx, f, write); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if file != nil {
		return file.Close()
	}
	return nil
}
