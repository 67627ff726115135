package langid

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/storywire/storywire/internal/extract/lang"
)

// writeLinguaTable writes one table in lingua's format: a zip holding a
// protocol buffer message of n-gram sets (field 4), each a probability
// (field 1, double) and its n-grams (field 2, strings).
func writeLinguaTable(t *testing.T, dir, code, name string, table map[string]float64) {
	t.Helper()
	var msg []byte
	msg = binary.AppendUvarint(msg, 1<<3) // field 1, a varint (the language): skipped
	msg = binary.AppendUvarint(msg, 17)
	for g, p := range table {
		var set []byte
		set = binary.AppendUvarint(set, 1<<3|1)
		set = binary.LittleEndian.AppendUint64(set, math.Float64bits(p))
		set = binary.AppendUvarint(set, 2<<3|2)
		set = binary.AppendUvarint(set, uint64(len(g)))
		set = append(set, g...)
		msg = binary.AppendUvarint(msg, 4<<3|2)
		msg = binary.AppendUvarint(msg, uint64(len(set)))
		msg = append(msg, set...)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name + ".pb.bin")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(msg)
	zw.Close()
	if err := os.MkdirAll(filepath.Join(dir, code), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, code, name+".pb.bin.zip"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// toyLingua writes two made-up languages that share their letters and
// differ in which follows which: in "xa" a is followed by b, in "xb" by c.
func toyLingua(t *testing.T) string {
	dir := t.TempDir()
	uni := map[string]float64{"a": 0.4, "b": 0.3, "c": 0.3}
	writeLinguaTable(t, dir, "xa", "unigrams", uni)
	writeLinguaTable(t, dir, "xa", "bigrams", map[string]float64{"ab": 0.9, "ac": 0.1, "ba": 0.8, "ca": 0.5})
	writeLinguaTable(t, dir, "xb", "unigrams", uni)
	writeLinguaTable(t, dir, "xb", "bigrams", map[string]float64{"ac": 0.9, "ab": 0.1, "ca": 0.8, "ba": 0.5})
	return dir
}

func TestBuildLearnsWhichLetterFollows(t *testing.T) {
	cfg := DefaultConfig
	cfg.LinguaDir = toyLingua(t)
	cfg.Languages = []string{"xa", "xb"}
	m, rep, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read["xa"] != 7 || rep.Kept["xa"] != 7 {
		t.Errorf("read %d, kept %d n-grams of xa, want 7 and 7", rep.Read["xa"], rep.Kept["xa"])
	}
	if m.Languages[0].MaxOrder != 2 {
		t.Errorf("xa has n-grams up to %d letters, want 2 (lingua's tables stop there)", m.Languages[0].MaxOrder)
	}
	if _, err := lang.NewWithModel(m, nil); err == nil {
		t.Fatal("NewWithModel with the default languages of a model without them: no error")
	}
	d, err := lang.NewWithModel(m, []string{"xa", "xb"})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"abab ababa bab": "xa", "acac acaca cac": "xb"} {
		if got := d.Detect(text); got != want {
			t.Errorf("Detect(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestBuildKeepsTheGramsThatMatter(t *testing.T) {
	cfg := DefaultConfig
	cfg.LinguaDir = toyLingua(t)
	cfg.Languages = []string{"xa", "xb"}
	cfg.Grams = 1
	m, _, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Three letters and the one bigram that is both common and far from
	// what its letter alone predicts: ab (a is common, and b follows it
	// nine times in ten against 0.3 for b alone).
	xa := m.Languages[0]
	if len(xa.Grams) != 4 {
		t.Fatalf("kept %d grams, want 4", len(xa.Grams))
	}
	found := false
	for _, g := range xa.Grams {
		found = found || g.Key == lang.Key([]rune("ab"))
	}
	if !found {
		t.Error("the bigram ab was not kept")
	}
}

func TestBuildIsReproducible(t *testing.T) {
	cfg := DefaultConfig
	cfg.LinguaDir = toyLingua(t)
	cfg.Languages = []string{"xa", "xb"}
	var files [2]bytes.Buffer
	for i := range files {
		m, _, err := Build(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.WriteTo(&files[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0].Bytes(), files[1].Bytes()) {
		t.Error("two builds of the same data differ")
	}
}

func TestBuildErrors(t *testing.T) {
	dir := toyLingua(t)
	for name, cfg := range map[string]Config{
		"no directory":     {MaxOrder: 4, Languages: []string{"xa"}},
		"missing language": {LinguaDir: dir, MaxOrder: 4, Languages: []string{"xa", "zz"}},
		"order too long":   {LinguaDir: dir, MaxOrder: 6, Languages: []string{"xa"}},
	} {
		if _, _, err := Build(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestWithSimplified(t *testing.T) {
	// 國 has the simplified form 国; 中 is the same in both scripts.
	got := withSimplified(map[string]float64{"國": 0.2, "中": 0.3}, map[rune][]rune{'國': {'国'}})
	want := map[string]float64{"國": 0.1, "国": 0.1, "中": 0.3}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for g, p := range want {
		if math.Abs(got[g]-p) > 1e-12 {
			t.Errorf("%s: %v, want %v", g, got[g], p)
		}
	}
}

func TestReadSimplified(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Unihan_Variants.txt")
	data := "# comment\nU+570B\tkSimplifiedVariant\tU+56FD\nU+570B\tkTraditionalVariant\tU+570B\nU+4E7E\tkSimplifiedVariant\tU+4E7E U+5E72\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := readSimplified(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 2 || string(s['國']) != "国" || string(s['乾']) != "乾干" {
		t.Errorf("readSimplified = %q", s)
	}
	if err := os.WriteFile(path, []byte("# nothing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readSimplified(path); err == nil {
		t.Error("a file with no simplified variants: no error")
	}
}
