package quoteeval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/model"
)

func TestScore(t *testing.T) {
	text := `"We will not be pushed around," Kallas said. Sand said that his party would not join. He called it "a disgrace".`
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		return i, i + len(s)
	}
	gold := []Gold{
		{Article: "a", Text: "We will not be pushed around", Kind: "direct", Speaker: "Mira Kallas", Cue: "said"},
		{Article: "a", Text: "his party would not join", Kind: "indirect", Speaker: "Viktor Sand", Cue: "said"},
		{Article: "a", Text: "a disgrace", Kind: "direct", Partial: true, Speaker: "Viktor Sand", Cue: "called"},
		{Article: "b", Text: "anything", Kind: "direct", Speaker: "X"},
	}
	s1, e1 := at("We will not be pushed around,") // a trailing comma still matches
	s2, e2 := at("his party would not join.")
	s3, e3 := at("He called")
	got := map[string]Analysed{"a": {Text: text, Quotes: []model.Quote{
		{Start: s1, End: e1, Kind: "direct", Speaker: "Kallas", Cue: "said"},
		{Start: s2, End: e2, Kind: "indirect", Speaker: "the Viktor Sand", Cue: "said"},
		{Start: s3, End: e3, Kind: "direct", Speaker: "Sand"}, // not the gold span
	}}}
	res := Score(gold, got)
	row := func(name string) Row {
		for _, r := range res.Rows {
			if r.Name == name {
				return r
			}
		}
		t.Fatalf("no row %s", name)
		return Row{}
	}
	d := row("direct")
	if d.Detection.TP != 1 || d.Detection.FP != 1 || d.Detection.FN != 2 {
		t.Errorf("direct detection %+v, want TP 1 FP 1 FN 2 (article b missing)", d.Detection)
	}
	if d.Strict.TP != 0 || d.Lenient.TP != 1 {
		t.Errorf("direct attribution strict %+v lenient %+v: Kallas is right only leniently", d.Strict, d.Lenient)
	}
	ind := row("indirect")
	if ind.Detection.TP != 1 || ind.Strict.TP != 1 || ind.Cue != 1 {
		t.Errorf("indirect %+v: a leading article is folded away", ind)
	}
	if d.Named != 1 || d.NamedRight != 0 || ind.Named != 1 || ind.NamedRight != 1 {
		t.Errorf("named speakers: direct %d/%d, indirect %d/%d; want 0/1 and 1/1", d.NamedRight, d.Named, ind.NamedRight, ind.Named)
	}
	if len(res.Missing) != 1 || res.Missing[0] != "b" {
		t.Errorf("missing %v", res.Missing)
	}
}

func TestIsName(t *testing.T) {
	for _, tc := range []struct {
		speaker string
		want    bool
	}{
		{"Mira Kallas", true},
		{"Kostrava police", true},
		{"M. Zavolskaya", true},
		{"police", false},
		{"senior Republican aide", false},
		{"", false},
	} {
		if got := IsName(tc.speaker); got != tc.want {
			t.Errorf("IsName(%q) = %v, want %v", tc.speaker, got, tc.want)
		}
	}
}

func TestReadGoldErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"kind.jsonl":  `{"article":"a","text":"x","kind":"quoted"}`,
		"empty.jsonl": `{"article":"","text":"x","kind":"direct"}`,
		"json.jsonl":  `{"article":`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadGold(p); err == nil || !strings.Contains(err.Error(), name+":1") {
			t.Errorf("%s: error %v should name the line", name, err)
		}
	}
	gold, err := ReadGold("../../../testdata/quotes/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(gold) != 266 || len(Articles(gold)) != 34 {
		t.Errorf("gold corpus: %d quotes in %d articles", len(gold), len(Articles(gold)))
	}
}

// TestGoldSetsLocate: every gold quote of the held-out and blind sets
// stands in its article's body, in order, so no line is silently
// counted as missed.
func TestGoldSetsLocate(t *testing.T) {
	for _, tc := range []struct {
		dir              string
		quotes, articles int
	}{
		{"../../../testdata/quotes/heldout", 259, 32},
		{"../../../testdata/quotes/blind", 72, 10},
	} {
		gold, err := ReadGold(filepath.Join(tc.dir, "gold.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if len(gold) != tc.quotes || len(Articles(gold)) != tc.articles {
			t.Errorf("%s: %d quotes in %d articles, want %d in %d", tc.dir, len(gold), len(Articles(gold)), tc.quotes, tc.articles)
		}
		from := map[string]int{}
		for _, g := range gold {
			b, err := os.ReadFile(filepath.Join(tc.dir, g.Article))
			if err != nil {
				t.Fatal(err)
			}
			body := string(b)
			if i := strings.Index(body, "\n\n"); i >= 0 {
				body = body[i+2:] // the headline is not annotated
			}
			i := strings.Index(body[from[g.Article]:], g.Text)
			if i < 0 {
				t.Errorf("%s: %q not in the body after the previous quote", g.Article, g.Text)
				continue
			}
			from[g.Article] += i + 1
		}
	}
}
