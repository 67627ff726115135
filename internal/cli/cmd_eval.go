package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/corpus/conll"
	"github.com/storywire/storywire/internal/eval"
)

func (a *cli) evalCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Measure Storywire's analysis against gold data",
	}
	c.AddCommand(a.evalNERCommand(), a.evalEntitiesCommand(), a.evalTimexCommand(), a.evalQuotesCommand(), a.evalStoriesCommand(), a.evalCompareCommand(), a.evalExtractionCommand(), a.evalLangIDCommand())
	return c
}

// tagFunc tags one document's sentences with IOB2 tags.
type tagFunc func(doc [][]string) [][]string

func (a *cli) evalNERCommand() *cobra.Command {
	var data, modelPath string
	var baselines []string
	c := &cobra.Command{
		Use:   "ner --data FILE [--model FILE] [--baseline prose]",
		Short: "Score the named-entity tagger on CoNLL-format gold data (conlleval: exact spans, micro P/R/F1)",
		Long: `Score the named-entity tagger on a CoNLL-format file, entity by entity:
a predicted entity counts only if its span and type both match the gold one
(the conlleval definition). Prints precision, recall and F1 per type and
overall, and the tagging speed.

--baseline prose adds jdkato/prose v2 in the same table; it needs a binary
built with -tags prose (go run -tags prose ./cmd/storywire eval ner ...).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if data == "" {
				return fmt.Errorf("no gold data: pass --data FILE (CoNLL format)")
			}
			docs, err := conll.ReadDocuments(data)
			if err != nil {
				return err
			}
			m, err := app.LoadNERModel(modelPath)
			if err != nil {
				return err
			}
			t := m.NewTagger()
			systems := []namedTagger{{"storywire", t.TagDocument}}
			for _, b := range baselines {
				if b != "prose" {
					return fmt.Errorf("unknown baseline %q: the one available is prose", b)
				}
				f, err := proseBaseline()
				if err != nil {
					return err
				}
				systems = append(systems, namedTagger{"prose v2", f})
			}
			results := make([]nerResult, len(systems))
			for i, s := range systems {
				results[i] = scoreNER(s, docs)
			}
			printNERTable(a.env.Stdout, data, results)
			return nil
		},
	}
	c.Flags().StringVar(&data, "data", "", "CoNLL-format gold file (required)")
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the built-in model)")
	c.Flags().StringSliceVar(&baselines, "baseline", nil, "also score a baseline: prose")
	return c
}

type namedTagger struct {
	name string
	tag  tagFunc
}

type nerResult struct {
	name   string
	score  eval.ChunkScore
	tokens int
	took   time.Duration
}

func scoreNER(s namedTagger, docs []conll.Document) nerResult {
	r := nerResult{name: s.name}
	start := time.Now()
	preds := make([][][]string, len(docs))
	for i, d := range docs {
		preds[i] = s.tag(d.Sentences)
	}
	r.took = time.Since(start)
	for i, d := range docs {
		for k, gold := range d.Tags {
			r.tokens += len(gold)
			// Both come from the same sentence, so lengths agree.
			_ = r.score.ScoreTags(gold, preds[i][k])
		}
	}
	return r
}

func printNERTable(w io.Writer, data string, results []nerResult) {
	fmt.Fprintf(w, "Named entities in %s: exact-span micro P / R / F1 (conlleval)\n\n", data)
	var types []string
	for _, r := range results {
		for _, t := range r.score.Types() {
			if !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
	}
	slices.Sort(types)
	head := "| type | gold |"
	rule := "|---|---|"
	for _, r := range results {
		head += fmt.Sprintf(" %s P | R | F1 |", r.name)
		rule += "---|---|---|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	row := func(name string, get func(eval.ChunkScore) eval.Counts) {
		gold := get(results[0].score)
		var b strings.Builder
		fmt.Fprintf(&b, "| %s | %d |", name, gold.TP+gold.FN)
		for _, r := range results {
			c := get(r.score)
			fmt.Fprintf(&b, " %.2f | %.2f | %.2f |", 100*c.Precision(), 100*c.Recall(), 100*c.F1())
		}
		fmt.Fprintln(w, b.String())
	}
	for _, t := range types {
		row(t, func(s eval.ChunkScore) eval.Counts { return s.ByType[t] })
	}
	row("**overall**", func(s eval.ChunkScore) eval.Counts { return s.Overall })
	fmt.Fprintln(w)
	for _, r := range results {
		fmt.Fprintf(w, "%s: %d tokens in %v, %.0f tokens/s (one goroutine)\n", r.name, r.tokens, r.took.Round(time.Millisecond), float64(r.tokens)/r.took.Seconds())
	}
}
