package cli

import (
	"fmt"

	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywire/storywire/internal/train/langid"
	nertrain "github.com/storywire/storywire/internal/train/ner"
)

func (a *cli) trainCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "train",
		Short: "Train Storywire's models on your data",
	}
	c.AddCommand(a.trainNERCommand(), a.trainLangIDCommand())
	return c
}

func (a *cli) trainNERCommand() *cobra.Command {
	var cfg nertrain.Config
	var out string
	c := &cobra.Command{
		Use:   "ner --train FILE [--dev FILE] --out FILE",
		Short: "Train the named-entity tagger on CoNLL-format data",
		Long: `Train the named-entity tagger. --train and --dev are CoNLL-format files
(one token per line with its tag last, blank lines between sentences,
-DOCSTART- lines between documents; IOB1 or IOB2 tags of PER, ORG, LOC and
MISC). The dev file picks the number of epochs; with --final the model is
then retrained on train and dev together.

Optional resources improve the model: --gmb (GMB ner_dataset.csv: name
lists and unlabeled text for word classes), --wordnet (WordNet 3.0 dict
directory, Debian package wordnet-base: /usr/share/wordnet) and --iso-codes
(Debian package iso-codes: /usr/share/iso-codes/json).

The built-in model was made with:
  storywire train ner --train conll2003/train.txt --dev conll2003/dev.txt --final \
    --gmb gmb/ner_dataset.csv --wordnet /usr/share/wordnet \
    --iso-codes /usr/share/iso-codes/json --out en.ner`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("no output file: pass --out FILE")
			}
			cfg.Log = a.env.Stderr
			m, rep, err := nertrain.Build(cfg)
			if err != nil {
				return err
			}
			if err := m.Save(out); err != nil {
				return err
			}
			fmt.Fprintf(a.env.Stdout, "wrote %s: %d features, %d epochs (first pass %d), dev F1 %.2f, trained in %v\n",
				out, m.Info().Features, m.Info().Epochs, m.Info().FirstEpochs, rep.DevF1, rep.Took.Round(1e9))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.Train, "train", "", "CoNLL-format training file (required)")
	f.StringVar(&cfg.Dev, "dev", "", "CoNLL-format development file, to choose the number of epochs")
	f.BoolVar(&cfg.Final, "final", false, "after choosing epochs on --dev, retrain on train and dev together")
	f.StringVar(&cfg.GMB, "gmb", "", "GMB ner_dataset.csv (name lists, unlabeled text)")
	f.StringVar(&cfg.WordNet, "wordnet", "", "WordNet 3.0 dict directory holding data.noun (name lists)")
	f.StringVar(&cfg.ISOCodes, "iso-codes", "", "iso-codes JSON directory (country and region names)")
	f.IntVar(&cfg.Epochs, "epochs", 12, "maximum epochs per pass")
	f.Uint64Var(&cfg.Seed, "seed", 1, "seed for the order of training documents")
	f.StringVar(&out, "out", "", "where to write the model (required)")
	return c
}

func (a *cli) trainLangIDCommand() *cobra.Command {
	cfg := langid.DefaultConfig
	var out string
	c := &cobra.Command{
		Use:   "langid --lingua DIR --out FILE",
		Short: "Build the language identification model from lingua-go's n-gram tables",
		Long: `Build the language identification model. --lingua is the language-models
directory of the lingua-go module (Apache-2.0), which the Go toolchain puts in
its module cache; --unihan is the Unicode Han database's variants file, which
Debian's unicode-data package installs:

  go mod download github.com/pemistahl/lingua-go@v1.4.0
  storywire train langid \
    --lingua "$(go env GOMODCACHE)/github.com/pemistahl/lingua-go@v1.4.0/language-models" \
    --unihan /usr/share/unicode/Unihan_Variants.txt.bz2 \
    --out internal/extract/lang/builtin.langid

That is how the built-in model was made, with the defaults below. The model
keeps, for each language, every letter and the n-grams that change the cost
of a letter most (--grams of them), hashed, with their costs in a byte.
docs/experiments/langid.md says how the defaults were chosen.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("no output file: pass --out FILE")
			}
			m, rep, err := langid.Build(cfg)
			if err != nil {
				return err
			}
			tmp := out + ".tmp"
			f, err := os.Create(tmp)
			if err != nil {
				return err
			}
			n, err := m.WriteTo(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				err = os.Rename(tmp, out)
			}
			if err != nil {
				os.Remove(tmp)
				return fmt.Errorf("write %s: %w", out, err)
			}
			kept, read := 0, 0
			for _, code := range m.Codes() {
				kept += rep.Kept[code]
				read += rep.Read[code]
			}
			fmt.Fprintf(a.env.Stdout, "wrote %s: %d languages (%s), %d of lingua's %d n-grams, %d bytes\n",
				filepath.Base(out), len(m.Languages), strings.Join(m.Codes(), " "), kept, read, n)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.LinguaDir, "lingua", "", "lingua-go's language-models directory (required)")
	f.StringVar(&cfg.Unihan, "unihan", "", "Unihan_Variants.txt(.bz2) of the Unicode Han database, to add simplified Chinese characters")
	f.StringSliceVar(&cfg.Languages, "languages", nil, "ISO 639-1 codes to include (default: "+strings.Join(langid.DefaultLanguages, ",")+")")
	f.IntVar(&cfg.MaxOrder, "max-order", cfg.MaxOrder, "longest n-gram kept, 1 to 5 letters")
	f.IntVar(&cfg.Grams, "grams", cfg.Grams, "n-grams of two letters or more kept per language")
	f.Float64Var(&cfg.Backoff, "backoff", cfg.Backoff, "cost in nats of backing off to a shorter n-gram")
	f.Float64Var(&cfg.Unknown, "unknown", cfg.Unknown, "cost in nats of a letter a language never uses, beyond its cost in the language likeliest to use it")
	f.StringVar(&out, "out", "", "where to write the model (required)")
	return c
}
