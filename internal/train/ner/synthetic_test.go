package ner

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/analyze/ner"

	"github.com/storywire/storywire/internal/eval"
)

// A tiny template grammar of news sentences. Slots are filled from word
// lists; the training documents use one half of each list and the held-out
// documents the other, so the held-out names were never seen in training
// and can be found only from their context and shape.

var (
	synFirst = []string{
		"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas",
		"Karin", "Luca", "Marta", "Nils", "Olga", "Pavel", "Rosa", "Stefan", "Tomas", "Ulla",
		"Vera", "Walter", "Yara", "Zoran", "Agnes", "Bruno", "Clara", "Dario", "Edith", "Felix",
	}
	synLast = []string{
		"Almeida", "Brandt", "Castillo", "Dorfman", "Eklund", "Ferrante", "Gorski", "Halvorsen", "Ibarra", "Jansen",
		"Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quintana", "Rasmussen", "Sorensen", "Tanaka",
		"Urbina", "Vasquez", "Wojcik", "Yilmaz", "Zeller", "Abbott", "Benedek", "Carvalho", "Dunmore", "Esposito",
	}
	synCity = []string{
		"Lisbon", "Oslo", "Krakow", "Tbilisi", "Valencia", "Gdansk", "Porto", "Tartu", "Bergen", "Ghent",
		"Lyon", "Turin", "Malmo", "Brno", "Split", "Graz", "Aarhus", "Cork", "Bilbao", "Leipzig",
	}
	synOrgHead = []string{
		"Acme", "Globex", "Initech", "Umbrella", "Vandelay", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell",
		"Cyberdyne", "Soylent", "Gringotts", "Monarch", "Oscorp", "Pendant", "Zorin", "Virtucon", "Nakatomi", "Sirius",
	}
	synOrgTail = []string{"Corp", "Bank", "Group", "Airlines", "Holdings"}
	synDay     = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	synVerb    = []string{"said", "told", "reported", "announced"}
)

// synPools holds the slot fillers one split draws from.
type synPools struct {
	first, last, city, org []string
}

func synSplit(heldOut bool) synPools {
	half := func(s []string) []string {
		if heldOut {
			return s[len(s)/2:]
		}
		return s[:len(s)/2]
	}
	return synPools{first: half(synFirst), last: half(synLast), city: half(synCity), org: half(synOrgHead)}
}

// synSentence builds one sentence from a random template; it returns words
// and IOB2 tags.
func synSentence(r *rand.Rand, p synPools) ([]string, []string) {
	var words, tags []string
	add := func(typ string, ws ...string) {
		for i, w := range ws {
			words = append(words, w)
			switch {
			case typ == "":
				tags = append(tags, "O")
			case i == 0:
				tags = append(tags, "B-"+typ)
			default:
				tags = append(tags, "I-"+typ)
			}
		}
	}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	person := func() { add("PER", pick(p.first), pick(p.last)) }
	city := func() { add("LOC", pick(p.city)) }
	org := func() { add("ORG", pick(p.org), pick(synOrgTail)) }
	switch r.IntN(6) {
	case 0: // NAME said in CITY on DAY .
		person()
		add("", pick(synVerb), "in")
		city()
		add("", "on", pick(synDay), ".")
	case 1: // NAME , a spokesman for ORG , said on DAY .
		person()
		add("", ",", "a", "spokesman", "for")
		org()
		add("", ",", "said", "on", pick(synDay), ".")
	case 2: // ORG shares rose in CITY .
		org()
		add("", "shares", "rose", "in")
		city()
		add("", ".")
	case 3: // NAME met NAME in CITY .
		person()
		add("", "met")
		person()
		add("", "in")
		city()
		add("", ".")
	case 4: // The talks in CITY ended on DAY , NAME said .
		add("", "The", "talks", "in")
		city()
		add("", "ended", "on", pick(synDay), ",")
		person()
		add("", "said", ".")
	case 5: // ORG hired NAME as chief executive .
		org()
		add("", "hired")
		person()
		add("", "as", "chief", "executive", ".")
	}
	return words, tags
}

// synDocs returns n documents of one to three sentences.
func synDocs(seed uint64, n int, heldOut bool) []Document {
	r := rand.New(rand.NewPCG(seed, 42))
	p := synSplit(heldOut)
	docs := make([]Document, n)
	for i := range docs {
		for k := 1 + r.IntN(3); k > 0; k-- {
			w, tg := synSentence(r, p)
			docs[i].Sentences = append(docs[i].Sentences, w)
			docs[i].Tags = append(docs[i].Tags, tg)
		}
	}
	return docs
}

var synTypes = []string{"PER", "ORG", "LOC"}

func synTrain(t testing.TB, twoPass bool, seed uint64) *ner.Model {
	t.Helper()
	m, err := Train(synDocs(1, 200, false), TrainOptions{
		Types:    synTypes,
		Epochs:   5,
		Seed:     seed,
		HideWord: 0.2,
		TwoPass:  twoPass,
		Folds:    3,
		Now:      synNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	if m == nil {
		t.Fatal("Train returned a nil model and no error")
	}
	return m
}

// synF1 tags docs and returns the conlleval micro F1 (0-1) and the chunk
// scores.
func synF1(t testing.TB, m *ner.Model, docs []Document) (float64, *eval.ChunkScore) {
	t.Helper()
	var cs eval.ChunkScore
	tg := m.NewTagger()
	for _, d := range docs {
		pred := tg.TagDocument(d.Sentences)
		if len(pred) != len(d.Sentences) {
			t.Fatalf("%d sentences tagged, want %d", len(pred), len(d.Sentences))
		}
		for s := range pred {
			if err := cs.ScoreTags(d.Tags[s], pred[s]); err != nil {
				t.Fatal(err)
			}
			if err := iob2WellFormed(pred[s]); err != nil {
				t.Fatalf("%v: %v", pred[s], err)
			}
		}
	}
	return cs.Overall.F1(), &cs
}

// iob2WellFormed checks that every I-X follows B-X or I-X and that every
// tag is O, B-X or I-X.
func iob2WellFormed(tags []string) error {
	prev := "O"
	for i, tag := range tags {
		switch {
		case tag == "O":
		case strings.HasPrefix(tag, "B-") && len(tag) > 2:
		case strings.HasPrefix(tag, "I-") && len(tag) > 2:
			if prev == "O" || prev[2:] != tag[2:] {
				return fmt.Errorf("tag %d %q follows %q", i, tag, prev)
			}
		default:
			return fmt.Errorf("tag %d %q is not O, B-X or I-X", i, tag)
		}
		prev = tag
	}
	return nil
}

func TestSyntheticHeldOutNames(t *testing.T) {
	// The two splits must not share a name, or the test would not show
	// that context generalises.
	tr, ho := synSplit(false), synSplit(true)
	for _, pair := range [][2][]string{{tr.first, ho.first}, {tr.last, ho.last}, {tr.city, ho.city}, {tr.org, ho.org}} {
		for _, w := range pair[1] {
			if slices.Contains(pair[0], w) {
				t.Fatalf("%q is in both splits", w)
			}
		}
	}
	test := synDocs(2, 150, true)
	for _, twoPass := range []bool{false, true} {
		t.Run(fmt.Sprintf("twoPass=%v", twoPass), func(t *testing.T) {
			m := synTrain(t, twoPass, 7)
			if (m.FirstPass() != nil) != twoPass {
				t.Fatalf("first pass present = %v, want %v", m.FirstPass() != nil, twoPass)
			}
			info := m.Info()
			if !slices.Equal(info.Types, synTypes) || !slices.Equal(m.Types(), synTypes) {
				t.Errorf("types %v / %v, want %v", info.Types, m.Types(), synTypes)
			}
			if info.Epochs != 5 || info.Features == 0 || info.Version < 1 {
				t.Errorf("info = %+v", info)
			}
			if twoPass && info.FirstEpochs != 5 {
				t.Errorf("FirstEpochs = %d, want 5", info.FirstEpochs)
			}
			trainF1, _ := synF1(t, m, synDocs(1, 200, false))
			f1, cs := synF1(t, m, test)
			t.Logf("train F1 %.3f, held-out F1 %.3f\n%s", trainF1, f1, cs.Table())
			if trainF1 < 0.97 {
				t.Errorf("F1 on the training documents = %.3f, want >= 0.97", trainF1)
			}
			if f1 < 0.9 {
				t.Errorf("F1 on held-out names = %.3f, want >= 0.9", f1)
			}
			for _, typ := range synTypes {
				if c, ok := cs.ByType[typ]; !ok || c.F1() < 0.8 {
					t.Errorf("held-out %s F1 = %.3f, want >= 0.8", typ, c.F1())
				}
			}
		})
	}
}

// TestSyntheticDeterministic trains twice with the same seed: the models
// must tag alike and be the same bytes.
// A different seed still learns the task.
func TestSyntheticDeterministic(t *testing.T) {
	test := synDocs(3, 100, true)
	for _, twoPass := range []bool{false, true} {
		t.Run(fmt.Sprintf("twoPass=%v", twoPass), func(t *testing.T) {
			a, b := synTrain(t, twoPass, 11), synTrain(t, twoPass, 11)
			ta, tb := a.NewTagger(), b.NewTagger()
			for i, d := range test {
				pa, pb := ta.TagDocument(d.Sentences), tb.TagDocument(d.Sentences)
				for s := range pa {
					if !slices.Equal(pa[s], pb[s]) {
						t.Fatalf("doc %d sentence %d: %v vs %v", i, s, pa[s], pb[s])
					}
				}
			}
			if !bytes.Equal(modelBytes(t, a), modelBytes(t, b)) {
				t.Errorf("two models trained with the same seed differ in their bytes")
			}
			c := synTrain(t, twoPass, 12)
			if f1, _ := synF1(t, c, test); f1 < 0.9 {
				t.Errorf("seed 12: held-out F1 %.3f", f1)
			}
		})
	}
}

// synNow is the clock synthetic models are trained with, so that two
// models trained alike are the same bytes.
func synNow() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }

// modelBytes returns m's file bytes.
func modelBytes(t testing.TB, m *ner.Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTrainDocumentErrors checks that bad training data is reported with
// its place, not trained on and not a crash.
func TestTrainDocumentErrors(t *testing.T) {
	good := synDocs(4, 3, false)
	cases := []struct {
		name string
		docs []Document
		opt  TrainOptions
		want []string
	}{
		{"no types", good, TrainOptions{}, []string{"no entity types"}},
		{"tag rows", []Document{good[0], {Sentences: [][]string{{"a"}, {"b"}}, Tags: [][]string{{"O"}}}}, TrainOptions{Types: synTypes}, []string{"document 2", "2 sentences but 1 tag rows"}},
		{"tag count", []Document{{Sentences: [][]string{{"a", "b"}}, Tags: [][]string{{"O"}}}}, TrainOptions{Types: synTypes}, []string{"document 1 sentence 1", "2 words but 1 tags"}},
		{"bad tag", []Document{good[0], {Sentences: [][]string{{"x"}, {"Ann", "Lee"}}, Tags: [][]string{{"O"}, {"B-PER", "E-PER"}}}}, TrainOptions{Types: synTypes}, []string{"document 2 sentence 2", `"E-PER"`, "token 2"}},
		{"bad dev tag", good, TrainOptions{Types: synTypes, Dev: []Document{{Sentences: [][]string{{"x"}}, Tags: [][]string{{"PER"}}}}}, []string{"dev", "document 1 sentence 1"}},
		{"bad tag two-pass", []Document{good[0], good[1], {Sentences: [][]string{{"x"}}, Tags: [][]string{{"Q"}}}}, TrainOptions{Types: synTypes, TwoPass: true}, []string{"document 3"}},
		// A tag with an empty type: must be an error (or O), not a panic.
		{"empty type", []Document{{Sentences: [][]string{{"a", "b"}}, Tags: [][]string{{"O", "I-"}}}}, TrainOptions{Types: synTypes}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Train panicked: %v", r)
				}
			}()
			c.opt.Epochs = 1
			m, err := Train(c.docs, c.opt)
			if c.want == nil {
				return
			}
			if err == nil {
				t.Fatalf("Train = %v, want an error", m)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestTrainDevPicksEpoch checks that with dev documents the model kept
// records its dev F1, and that the Progress callback sees every epoch.
func TestTrainDevPicksEpoch(t *testing.T) {
	var seen []Epoch
	m, err := Train(synDocs(1, 100, false), TrainOptions{
		Types: synTypes, Epochs: 4, Seed: 3, HideWord: 0.2,
		Dev:      synDocs(5, 40, true),
		Progress: func(e Epoch) { seen = append(seen, e) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 4 {
		t.Fatalf("Progress called %d times, want 4", len(seen))
	}
	best := -1.0
	bestEpoch := 0
	for i, e := range seen {
		if e.N != i+1 || e.Pass != 1 || e.Tokens == 0 || e.DevF1 < 0 || e.DevF1 > 100 {
			t.Errorf("epoch report %+v", e)
		}
		if e.DevF1 > best {
			best, bestEpoch = e.DevF1, e.N
		}
	}
	info := m.Info()
	if info.Epochs != bestEpoch || info.DevF1 != best {
		t.Errorf("kept epoch %d (dev F1 %.2f), want epoch %d (%.2f)", info.Epochs, info.DevF1, bestEpoch, best)
	}
	if f1, _ := synF1(t, m, synDocs(5, 40, true)); synAbs(100*f1-best) > 1e-9 {
		t.Errorf("the kept model scores %.4f on dev, but its epoch reported %.4f", 100*f1, best)
	}
}

func synAbs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestInfoIsACopy checks that a caller cannot change a model (which is
// shared and said to be immutable) through the slices Info returns.
func TestInfoIsACopy(t *testing.T) {
	m, err := Train(synDocs(1, 20, false), TrainOptions{Types: synTypes, Epochs: 1, TrainedOn: []string{"synthetic"}})
	if err != nil {
		t.Fatal(err)
	}
	info := m.Info()
	info.Types[0] = "CHANGED"
	info.TrainedOn[0] = "CHANGED"
	if got := m.Info(); got.Types[0] != "PER" || got.TrainedOn[0] != "synthetic" {
		t.Errorf("changing Info's slices changed the model: %v %v", got.Types, got.TrainedOn)
	}
	types := m.Types()
	types[0] = "CHANGED"
	if m.Types()[0] != "PER" {
		t.Errorf("changing Types changed the model")
	}
}

// TestTrainTooManyTypes checks that Train refuses a tag set the model
// file cannot hold, rather than train a model that cannot be loaded (or,
// past 63 types, whose label ids wrap around in a byte).
func TestTrainTooManyTypes(t *testing.T) {
	for _, n := range []int{61, 64} {
		types := make([]string, n)
		for i := range types {
			types[i] = fmt.Sprintf("T%d", i)
		}
		last := types[n-1]
		docs := []Document{{Sentences: [][]string{{"Anna", "went", "home"}}, Tags: [][]string{{"B-" + last, "O", "O"}}}}
		m, err := Train(docs, TrainOptions{Types: types, Epochs: 2})
		if err != nil {
			continue // refused: good
		}
		path := filepath.Join(t.TempDir(), "m.ner")
		if err := m.Save(path); err != nil {
			continue
		}
		if _, err := ner.Load(path); err != nil {
			t.Errorf("%d types: Train and Save succeed, but the saved model does not load: %v", n, err)
		}
	}
}

// TestF1MatchesEval checks that the trainer's dev F1, which picks the
// epoch, is the conlleval F1 of eval.ChunkScore: the trainer counts on its
// own only so as not to import the evaluation packages.
func TestF1MatchesEval(t *testing.T) {
	weak, err := Train(synDocs(1, 8, false), TrainOptions{Types: synTypes, Epochs: 1, Now: synNow})
	if err != nil {
		t.Fatal(err)
	}
	docs := synDocs(6, 60, true)
	for _, m := range []*ner.Model{weak, synTrain(t, true, 5)} {
		want, cs := synF1(t, m, docs)
		if got := f1(m, docs); got != 100*want {
			t.Errorf("f1 = %v, eval.ChunkScore says %v (%+v)", got, 100*want, cs.Overall)
		}
		if want == 0 || want == 1 {
			t.Errorf("F1 %v: the comparison shows little", want)
		}
	}
}
