package lang

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// toyModel knows two made-up languages: "aa" of a and b, "cc" of c and d.
func toyModel() *Model {
	grams := func(costs map[string]uint8) []Gram {
		var gs []Gram
		for g, c := range costs {
			gs = append(gs, Gram{Key([]rune(g)), c})
		}
		slices.SortFunc(gs, func(a, b Gram) int { return int(a.Key) - int(b.Key) })
		return gs
	}
	return &Model{MaxOrder: 2, Backoff: 8, Unknown: 16, Source: "toy", Languages: []LanguageModel{
		{Code: "aa", MaxOrder: 2, Grams: grams(map[string]uint8{"a": 5, "b": 6, "ab": 2, "ba": 2})},
		{Code: "cc", MaxOrder: 1, Grams: grams(map[string]uint8{"c": 5, "d": 6, "a": 30})},
	}}
}

func TestModelRoundTrip(t *testing.T) {
	m := toyModel()
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ReadModel(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.MaxOrder != m.MaxOrder || got.Backoff != m.Backoff || got.Unknown != m.Unknown || got.Source != m.Source || len(got.Languages) != 2 {
		t.Fatalf("read back %+v", got)
	}
	for i, l := range m.Languages {
		g := got.Languages[i]
		if g.Code != l.Code || g.MaxOrder != l.MaxOrder || !slices.Equal(g.Grams, l.Grams) {
			t.Errorf("language %d read back as %+v, want %+v", i, g, l)
		}
	}
	codes, err := readCodes(buf.Bytes())
	if err != nil || !slices.Equal(codes, []string{"aa", "cc"}) {
		t.Errorf("readCodes = %v, %v", codes, err)
	}
	// Every cut of the file is an error, not a panic or a smaller model.
	for n := 0; n < buf.Len(); n++ {
		if _, err := ReadModel(bytes.NewReader(buf.Bytes()[:n])); err == nil {
			t.Errorf("ReadModel of the first %d of %d bytes: no error", n, buf.Len())
		}
	}
}

func TestWriteRejectsBadModels(t *testing.T) {
	for name, change := range map[string]func(*Model){
		"unsorted grams": func(m *Model) { slices.Reverse(m.Languages[0].Grams) },
		"code twice":     func(m *Model) { m.Languages[1].Code = "aa" },
		"bad code":       func(m *Model) { m.Languages[1].Code = "CCC" },
		"order too long": func(m *Model) { m.Languages[1].MaxOrder = 3 },
		"no order":       func(m *Model) { m.MaxOrder = 0 },
	} {
		m := toyModel()
		change(m)
		if _, err := m.WriteTo(&bytes.Buffer{}); err == nil {
			t.Errorf("%s: WriteTo: no error", name)
		}
	}
}

func TestToyModelScoring(t *testing.T) {
	d, err := NewWithModel(toyModel(), []string{"aa", "cc"})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"abab baba abba":        "aa",
		"cdcd dcdc cddc":        "cc",
		"ABAB BABA ABBA":        "aa", // lower-cased
		"cdcd dcdc cddc ab":     "cc",
		"xyzxyz xyzxyz xyzxyz":  "", // no language knows these letters
		"ab-ab ab-ab cd-cd cd":  "aa",
		"cd cd cd cd cd ab ab ": "cc",
	} {
		if got := d.Detect(text); got != want {
			t.Errorf("Detect(%q) = %q, want %q", text, got, want)
		}
	}
	if _, err := NewWithModel(toyModel(), []string{"aa", "en"}); err == nil || !strings.Contains(err.Error(), "aa cc") {
		t.Errorf("NewWithModel with a code the model lacks: err = %v, want the model's codes listed", err)
	}
}

func TestKeyTellsLengthsApart(t *testing.T) {
	seen := map[uint32]string{}
	for _, g := range []string{"a", "aa", "aaa", "aaaa", "ab", "ba", "abc", "bca", "я", "яя"} {
		k := Key([]rune(g))
		if k >= 1<<KeyBits {
			t.Errorf("Key(%q) = %#x, more than %d bits", g, k, KeyBits)
		}
		if other, ok := seen[k]; ok {
			t.Errorf("Key(%q) = Key(%q)", g, other)
		}
		seen[k] = g
	}
}

func FuzzReadModel(f *testing.F) {
	var buf bytes.Buffer
	toyModel().WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(modelMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadModel(bytes.NewReader(b))
		if err != nil {
			return
		}
		// A model that reads must be one Detect can use.
		if len(m.Languages) >= 2 {
			d, err := NewWithModel(m, m.Codes())
			if err == nil {
				d.Detect("some text to score, long enough")
			}
		}
	})
}
