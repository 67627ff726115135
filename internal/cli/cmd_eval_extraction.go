package cli

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/eval/extracteval"
	"github.com/storywire/storywire/internal/extract"
	"github.com/storywire/storywire/internal/model"
)

func (a *cli) evalExtractionCommand() *cobra.Command {
	var data string
	var errs int
	c := &cobra.Command{
		Use:   "extraction --data DIR [--errors N]",
		Short: "Score article-body extraction from HTML pages and from their plain-text copies",
		Long: `Score how well the article body is told from the page around it, on a
folder of pages with gold bodies (gold.json, html/KEY.html.gz, text/KEY.txt:
the layout of the ScrapingHub article-extraction benchmark). Each page is
extracted twice, from its HTML and from its plain-text copy, as ingest
would, and scored against the gold body with the benchmark's metric (word
4-shingles with multiplicity; each page's precision and recall, averaged
over the pages): a text copy's title and text together, since its
headline line is part of what cleanup keeps, and an HTML page's text. The
baseline keeps the whole text copy, as no cleanup would.

--errors N lists the N text copies that score worst, with what was lost
and what was kept that is not article.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold data: pass --data DIR (a folder with gold.json, html/ and text/)")
			}
			pages, err := extracteval.ReadDir(data)
			if err != nil {
				return err
			}
			ex, err := extract.New(extract.Options{})
			if err != nil {
				return err
			}
			res := evalExtraction(ex, pages)
			printExtraction(a.env.Stdout, data, res, errs)
			return nil
		},
	}
	c.Flags().StringVar(&data, "data", "", "gold folder: gold.json, html/, text/ (required)")
	c.Flags().IntVar(&errs, "errors", 0, "also list the N worst text copies")
	return c
}

type extractionResult struct {
	text, html, baseline extracteval.Score
	failed               []string
	pages                []extractionPage
}

type extractionPage struct {
	key, title string
	match      extracteval.Match
}

// evalExtraction extracts every page as HTML and as text and scores each
// against its gold body. A text copy is scored on its title and text, since
// the headline line of a copy is part of what cleanup keeps (the data's
// SOURCE.md); an HTML page on its text, as the benchmark scores extractors.
// A page the extractor refuses scores as empty.
func evalExtraction(ex *extract.Extractor, pages []extracteval.Page) extractionResult {
	var res extractionResult
	run := func(p extracteval.Page, format model.Format, body []byte) model.Article {
		art, err := ex.Extract(model.RawDocument{Origin: p.Key + "." + string(format), Format: format, Body: body})
		if err != nil && !errors.Is(err, extract.ErrNoText) {
			res.failed = append(res.failed, err.Error())
		}
		return art
	}
	for _, p := range pages {
		if p.Text != nil {
			art := run(p, model.FormatText, p.Text)
			m := extracteval.Compare(p.Body, art.Title+"\n"+art.Text)
			res.text.Add(m)
			res.pages = append(res.pages, extractionPage{key: p.Key, title: art.Title, match: m})
			res.baseline.Add(extracteval.Compare(p.Body, string(p.Text)))
		}
		if p.HTML != nil {
			res.html.Add(extracteval.Compare(p.Body, run(p, model.FormatHTML, p.HTML).Text))
		}
	}
	return res
}

func printExtraction(w io.Writer, data string, res extractionResult, errs int) {
	fmt.Fprintf(w, "Article bodies in %s (word 4-shingles, as the ScrapingHub benchmark scores)\n\n", data)
	fmt.Fprintln(w, "| input | pages | precision | recall | F1 |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	row := func(name string, s extracteval.Score) {
		if s.Pages == 0 {
			return
		}
		fmt.Fprintf(w, "| %s | %d | %.3f | %.3f | %.3f |\n", name, s.Pages, s.Precision(), s.Recall(), s.F1())
	}
	row("HTML", res.html)
	row("**plain-text copy**", res.text)
	row("plain-text copy, no cleanup (baseline)", res.baseline)
	for _, f := range res.failed {
		fmt.Fprintf(w, "\nfailed: %s", f)
	}
	if errs <= 0 {
		return
	}
	worst := append([]extractionPage(nil), res.pages...)
	sort.SliceStable(worst, func(i, j int) bool { return worst[i].match.F1() < worst[j].match.F1() })
	fmt.Fprintln(w, "\nWorst text copies (page F1, share of gold lost, share of output not in gold, title):")
	for i, p := range worst {
		if i == errs {
			break
		}
		m := p.match
		fmt.Fprintf(w, "  %.3f  lost %.2f  extra %.2f  %s  %q\n", m.F1(), ratio(m.FN, m.TP+m.FN), ratio(m.FP, m.TP+m.FP), p.key[:min(12, len(p.key))], p.title)
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
