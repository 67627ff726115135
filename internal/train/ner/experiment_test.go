package ner

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/analyze/ner"

	"github.com/storywire/storywire/internal/corpus/conll"
	"github.com/storywire/storywire/internal/corpus/gmb"
	"github.com/storywire/storywire/internal/eval"
	"github.com/storywire/storywire/internal/text/iob"
	"github.com/storywire/storywire/internal/text/token"
	"github.com/storywire/storywire/internal/train/gazette"
	"github.com/storywire/storywire/internal/train/wordclass"
)

const conllDir = "../../../../shared/data/ner/conll2003/"

func conllDocs(t testing.TB, name string) []Document {
	sents, err := conll.ReadFile(conllDir + name)
	if err != nil {
		t.Skip(err)
	}
	var docs []Document
	last := -1
	for _, s := range sents {
		if s.Doc != last || len(docs) == 0 {
			docs = append(docs, Document{})
			last = s.Doc
		}
		d := &docs[len(docs)-1]
		d.Sentences = append(d.Sentences, s.Words())
		d.Tags = append(d.Tags, s.Tags())
	}
	return docs
}

// TestExperiment trains on CoNLL train, picks the epoch on dev and scores
// test: the ablations of docs/quality.md. It takes minutes, so it runs only
// when asked. Environment variables:
//
//	NER_EXPERIMENT=1  run at all
//	NER_EPOCHS=N      maximum epochs (default 12); NER_MIN=N feature count cut-off (2)
//	NER_GAZ=1         name lists from GMB;  NER_GAZ2=1 GMB, WordNet and ISO 3166 lists
//	NER_2=1           two passes;  NER_TRI=1 character trigrams;  NER_HIDE=P hide P% of word features
//	NER_WC=1          word classes;  NER_WC_MORE=1 also from WordNet glosses and ECB+ text
//	NER_TRAINDEV=1    train on train + dev (no epoch selection)
//	NER_GMBDATA=N     add N GMB sentences, tags mapped to CoNLL's, to the training data
//	NER_OUT=FILE      save the model
//
// The rows of the table were made with, in order: (defaults); NER_GAZ NER_EPOCHS=15;
// NER_GAZ NER_HIDE=20 NER_EPOCHS=20; NER_GAZ NER_2 NER_EPOCHS=15;
// NER_GAZ2 NER_2; NER_GAZ2 NER_2 NER_TRI; NER_WC NER_GAZ2 NER_2 NER_TRI;
// NER_WC_MORE NER_WC NER_GAZ2 NER_2 NER_TRI (NER_EPOCHS=12 unless given).
func TestExperiment(t *testing.T) {
	if os.Getenv("NER_EXPERIMENT") == "" {
		t.Skip("set NER_EXPERIMENT=1")
	}
	train, dev, test := conllDocs(t, "train.txt"), conllDocs(t, "dev.txt"), conllDocs(t, "test.txt")
	opt := TrainOptions{}
	if os.Getenv("NER_GAZ") != "" {
		opt.Gazetteers, opt.GazetteerOrder = gmbLists(t)
	}
	if os.Getenv("NER_GAZ2") != "" {
		var l gazette.Lists
		sents, err := gmb.ReadFile("../../../../shared/data/ner/gmb/ner_dataset.csv")
		if err != nil {
			t.Fatal(err)
		}
		var ws, ts [][]string
		for _, s := range sents {
			ws, ts = append(ws, s.Words), append(ts, s.Tags)
		}
		titles := map[string]bool{"Mr.": true, "Mrs.": true, "Ms.": true, "President": true, "Prime": true, "Minister": true, "General": true, "Foreign": true, "Secretary": true, "Dr.": true}
		l.AddGMB(ws, ts, func(w string) bool { return titles[w] })
		if err := l.AddWordNet("/usr/share/wordnet"); err != nil {
			t.Fatal(err)
		}
		if err := l.AddISO3166("/usr/share/iso-codes/json"); err != nil {
			t.Fatal(err)
		}
		t.Log(l.Sizes())
		opt.Gazetteers, opt.GazetteerOrder = l.Map(), l.Names()
	}
	if os.Getenv("NER_WC") != "" {
		var text [][]string
		for _, d := range append(append([]Document(nil), train...), dev...) {
			text = append(text, d.Sentences...)
		}
		sents, _ := gmb.ReadFile("../../../../shared/data/ner/gmb/ner_dataset.csv")
		for _, s := range sents {
			text = append(text, s.Words)
		}
		if os.Getenv("NER_WC_MORE") != "" {
			n0 := len(text)
			text = append(text, extraText(t)...)
			t.Logf("extra unlabeled sentences: %d", len(text)-n0)
		}
		wc, err := wordclass.Train(text, wordclass.Options{})
		if err != nil {
			t.Fatal(err)
		}
		opt.Classes = map[string][]uint16{}
		for _, w := range wc.Words() {
			c, _ := wc.Lookup(w)
			u := make([]uint16, len(c))
			for i, x := range c {
				u[i] = uint16(x)
			}
			opt.Classes[w] = u
		}
		opt.ClassLevels = len(wc.Levels())
	}
	trainDocs, devDocs := train, dev
	if n := envInt("NER_GMBDATA", 0); n > 0 {
		trainDocs = append(append([]Document(nil), train...), gmbAsCoNLL(t, n)...)
	}
	if os.Getenv("NER_TRAINDEV") != "" {
		trainDocs, devDocs = append(append([]Document(nil), train...), dev...), nil
	}
	m, err := Train(trainDocs, TrainOptions{Classes: opt.Classes, ClassLevels: opt.ClassLevels, TwoPass: os.Getenv("NER_2") != "", Trigrams: os.Getenv("NER_TRI") != "", Gazetteers: opt.Gazetteers, GazetteerOrder: opt.GazetteerOrder, Types: []string{"PER", "ORG", "LOC", "MISC"}, Epochs: envInt("NER_EPOCHS", 12), HideWord: float64(envInt("NER_HIDE", 0)) / 100, MinCount: envInt("NER_MIN", 2), Dev: devDocs,
		Progress: func(e Epoch) {
			t.Logf("pass %d epoch %d: %d mistakes / %d tokens, dev F1 %.2f, %v", e.Pass, e.N, e.Mistakes, e.Tokens, e.DevF1, e.Took)
		}})
	if err != nil {
		t.Fatal(err)
	}
	var cs eval.ChunkScore
	tg := m.NewTagger()
	for _, d := range test {
		pred := tg.TagDocument(d.Sentences)
		for s := range pred {
			cs.ScoreTags(d.Tags[s], pred[s])
		}
	}
	t.Logf("%v epochs=%d\n%s", m, m.Info().Epochs, cs.Table())
	if out := os.Getenv("NER_OUT"); out != "" {
		if err := m.Save(out); err != nil {
			t.Fatal(err)
		}
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func gmbLists(t testing.TB) (map[string][][]string, []string) {
	sents, err := gmb.ReadFile("../../../../shared/data/ner/gmb/ner_dataset.csv")
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string][][]string{}
	seen := map[string]bool{}
	add := func(list string, p []string) {
		k := list + "\x00" + strings.Join(p, " ")
		if !seen[k] {
			seen[k] = true
			lists[list] = append(lists[list], p)
		}
	}
	for _, s := range sents {
		for i := 0; i < len(s.Tags); {
			if !strings.HasPrefix(s.Tags[i], "B-") {
				i++
				continue
			}
			typ := s.Tags[i][2:]
			j := i + 1
			for j < len(s.Tags) && s.Tags[j] == "I-"+typ {
				j++
			}
			p := s.Words[i:j]
			switch typ {
			case "per":
				add("gmb-per", p)
				if len(p) > 1 {
					add("gmb-first", p[:1])
					add("gmb-last", p[len(p)-1:])
				}
			case "org", "geo", "gpe":
				add("gmb-"+typ, p)
			case "art", "eve", "nat":
				add("gmb-misc", p)
			}
			i = j
		}
	}
	return lists, []string{"gmb-per", "gmb-first", "gmb-last", "gmb-org", "gmb-geo", "gmb-gpe", "gmb-misc"}
}

func TestErrors(t *testing.T) {
	path := os.Getenv("NER_MODEL")
	if path == "" {
		t.Skip("set NER_MODEL")
	}
	m, err := ner.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	test := conllDocs(t, os.Getenv("NER_SET"))
	tg := m.NewTagger()
	kinds := map[string]int{}
	for _, d := range test {
		pred := tg.TagDocument(d.Sentences)
		for s := range pred {
			g, p := iob.Chunks(d.Tags[s]), iob.Chunks(pred[s])
			key := func(x iob.Span) string { return strconv.Itoa(x.Start) + ":" + strconv.Itoa(x.End) }
			gm, pm := map[string]string{}, map[string]string{}
			for _, x := range g {
				gm[key(x)] = x.Type
			}
			for _, x := range p {
				pm[key(x)] = x.Type
			}
			words := d.Sentences[s]
			for _, x := range g {
				pt, ok := pm[key(x)]
				switch {
				case !ok:
					kinds["missed-or-boundary "+x.Type]++
					t.Logf("MISS %s %q | %s", x.Type, strings.Join(words[x.Start:x.End], " "), strings.Join(words, " "))
				case pt != x.Type:
					kinds["type "+x.Type+"->"+pt]++
					t.Logf("TYPE %s->%s %q | %s", x.Type, pt, strings.Join(words[x.Start:x.End], " "), strings.Join(words, " "))
				}
			}
			for _, x := range p {
				if _, ok := gm[key(x)]; !ok {
					kinds["spurious-or-boundary "+x.Type]++
				}
			}
		}
	}
	t.Log(kinds)
}

func extraText(t testing.TB) [][]string {
	var out [][]string
	add := func(s string) {
		for _, sent := range token.Sentences(s) {
			w := make([]string, len(sent.Tokens))
			for i, tk := range sent.Tokens {
				w[i] = tk.Text
			}
			out = append(out, w)
		}
	}
	b, err := os.ReadFile("/usr/share/wordnet/data.noun")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if _, g, ok := strings.Cut(line, " | "); ok {
				add(g)
			}
		}
	}
	f, err := os.ReadFile("../../../../shared/data/ecbplus/ecbplus-dev.jsonl")
	if err == nil {
		for _, line := range strings.Split(string(f), "\n") {
			var a struct{ Text string }
			if json.Unmarshal([]byte(line), &a) == nil {
				add(a.Text)
			}
		}
	}
	return out
}

// gmbAsCoNLL returns up to n GMB sentences as one-sentence documents with
// tags mapped to CoNLL's conventions: titles stripped from person names,
// geo -> LOC, gpe (mostly nationality words) and art/eve/nat -> MISC, org
// -> ORG, tim -> O.
func gmbAsCoNLL(t testing.TB, n int) []Document {
	sents, err := gmb.ReadFile("../../../../shared/data/ner/gmb/ner_dataset.csv")
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{"Mr.": true, "Mrs.": true, "Ms.": true, "President": true, "Prime": true, "Minister": true, "General": true, "Foreign": true, "Secretary": true, "Dr.": true, "Senator": true, "Chancellor": true}
	var out []Document
	for _, s := range sents[:min(n, len(sents))] {
		tags := make([]string, len(s.Tags))
		for i, tag := range s.Tags {
			p, typ, _ := strings.Cut(tag, "-")
			switch typ {
			case "per":
				typ = "PER"
			case "org":
				typ = "ORG"
			case "geo":
				typ = "LOC"
			case "gpe", "art", "eve", "nat":
				typ = "MISC"
			default:
				tags[i] = "O"
				continue
			}
			if typ == "PER" && titles[s.Words[i]] {
				tags[i] = "O"
				continue
			}
			if p == "I" && i > 0 && tags[i-1] == "O" {
				p = "B"
			}
			tags[i] = p + "-" + typ
		}
		out = append(out, Document{Sentences: [][]string{s.Words}, Tags: [][]string{tags}})
	}
	return out
}
