package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	nertrain "github.com/storywire/storywire/internal/train/ner"
)

func (a *cli) trainCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "train",
		Short: "Train Storywire's models on your data",
	}
	c.AddCommand(a.trainNERCommand())
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
