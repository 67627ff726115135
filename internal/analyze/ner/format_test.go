package ner

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/storywire/storywire/internal/text/token"
)

// fmtSampleDocs are documents to compare taggers on: news-like text for
// the built-in model and template text for synthetic ones.
func fmtSampleDocs(t testing.TB) [][][]string {
	t.Helper()
	texts := []string{
		"German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday. " +
			"Scholz said the European Union would act. Reuters reported that Siemens shares fell in Frankfurt.",
		"NATO Secretary General Jens Stoltenberg spoke in Brussels. STOLTENBERG WARNS RUSSIA. " +
			"The United Nations and the World Bank met in New York with Microsoft and Toyota.",
		"Manchester United beat Arsenal 2-1 at Old Trafford on Saturday, Wayne Rooney scoring twice.",
	}
	var docs [][][]string
	for _, text := range texts {
		docs = append(docs, fmtTokenize(text))
	}
	b := synBytes(t, "synthetic-docs.txt")
	for _, d := range strings.Split(strings.TrimSpace(string(b)), "\n\n") {
		var doc [][]string
		for _, s := range strings.Split(d, "\n") {
			doc = append(doc, strings.Fields(s))
		}
		docs = append(docs, doc)
	}
	return docs
}

// The synthetic models in testdata are trained by internal/train/ner
// (TestRuntimeFixtures, which rewrites them with -update): this package
// cannot import its trainer.

// synModel loads testdata/name.
func synModel(t testing.TB, name string) *Model {
	t.Helper()
	m, err := Load(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// synBytes returns the bytes of testdata/name.
func synBytes(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fmtTokenize(text string) [][]string {
	var doc [][]string
	for _, s := range token.Sentences(text) {
		w := make([]string, len(s.Tokens))
		for i, tk := range s.Tokens {
			w[i] = tk.Text
		}
		doc = append(doc, w)
	}
	return doc
}

// fmtSameTags fails the test unless a and b tag every document alike.
func fmtSameTags(t *testing.T, a, b *Model, docs [][][]string) {
	t.Helper()
	ta, tb := a.NewTagger(), b.NewTagger()
	entities := 0
	for i, d := range docs {
		pa, pb := ta.TagDocument(d), tb.TagDocument(d)
		for s := range pa {
			if !slices.Equal(pa[s], pb[s]) {
				t.Errorf("doc %d sentence %d %q:\n before %v\n after  %v", i, s, d[s], pa[s], pb[s])
			}
			for _, tag := range pa[s] {
				if strings.HasPrefix(tag, "B-") {
					entities++
				}
			}
		}
	}
	if entities == 0 {
		t.Errorf("no entities found in the sample documents: the comparison shows nothing")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	builtin, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	models := []struct {
		name string
		m    *Model
	}{
		{"builtin", builtin},
		{"synthetic", synModel(t, "synthetic.ner")},
		{"synthetic-two-pass", synModel(t, "synthetic-two-pass.ner")},
	}
	// A model with gazetteers, word classes and trigrams exercises every
	// section of the format.
	gm := synModel(t, "synthetic-lists.ner")
	models = append(models, struct {
		name string
		m    *Model
	}{"synthetic-gazetteer-classes-trigrams", gm})

	docs := fmtSampleDocs(t)
	dir := t.TempDir()
	for _, c := range models {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".ner")
			if err := c.m.Save(path); err != nil {
				t.Fatal(err)
			}
			back, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			fmtSameTags(t, c.m, back, docs)
			if !reflect.DeepEqual(c.m.Info(), back.Info()) {
				t.Errorf("Info changed:\n before %+v\n after  %+v", c.m.Info(), back.Info())
			}
			if (c.m.first == nil) != (back.first == nil) {
				t.Fatalf("first pass present: %v before, %v after", c.m.first != nil, back.first != nil)
			}
			if c.m.first != nil && !reflect.DeepEqual(c.m.first.Info(), back.first.Info()) {
				t.Errorf("first-pass Info changed:\n before %+v\n after  %+v", c.m.first.Info(), back.first.Info())
			}
			if back.rows.len() != c.m.rows.len() && c.name == "builtin" {
				t.Errorf("%d feature rows after loading, %d before", back.rows.len(), c.m.rows.len())
			}
			if !reflect.DeepEqual(back.classes, c.m.classes) {
				t.Errorf("word classes changed")
			}
			if !reflect.DeepEqual(back.gazetteer.phrases, c.m.gazetteer.phrases) && len(c.m.gazetteer.phrases)+len(back.gazetteer.phrases) > 0 {
				t.Errorf("gazetteer changed")
			}
			if back.trigrams != c.m.trigrams {
				t.Errorf("trigrams %v, want %v", back.trigrams, c.m.trigrams)
			}
			// Writing the loaded model gives the bytes of the file: the
			// format is stable once weights are quantized.
			var b1, b2 bytes.Buffer
			if _, err := back.WriteTo(&b1); err != nil {
				t.Fatal(err)
			}
			again, err := Read(bytes.NewReader(b1.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := again.WriteTo(&b2); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
				t.Errorf("write -> read -> write is not stable (%d vs %d bytes)", b1.Len(), b2.Len())
			}
			fmtSameTags(t, back, again, docs)
			// WriteTo reports the bytes it wrote.
			n, err := back.WriteTo(&bytes.Buffer{})
			if err != nil || n != int64(b1.Len()) {
				t.Errorf("WriteTo = %d, %v; wrote %d bytes", n, err, b1.Len())
			}
		})
	}
	// The gazetteer and classes model really has them.
	if len(gm.gazetteer.phrases) == 0 || gm.classes.levels != 2 || gm.first == nil || !gm.trigrams {
		t.Errorf("gazetteer model lost a part: %d phrases, %d class levels, first pass %v, trigrams %v",
			len(gm.gazetteer.phrases), gm.classes.levels, gm.first != nil, gm.trigrams)
	}
}

func TestBuiltinMatchesFile(t *testing.T) {
	m, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Builtin()
	if err != nil || m2 != m {
		t.Errorf("Builtin decodes again: %p %p %v", m, m2, err)
	}
	disk, err := Load("en.ner")
	if err != nil {
		t.Fatal(err)
	}
	fmtSameTags(t, m, disk, fmtSampleDocs(t)[:3])
	info := m.Info()
	if !slices.Equal(info.Types, []string{"PER", "ORG", "LOC", "MISC"}) || info.Features == 0 || m.rows.len() == 0 {
		t.Errorf("built-in model info %+v, %d rows", info, m.rows.len())
	}
}

// fmtHint reports whether a load error tells the user what to do.
func fmtHint(err error) bool {
	s := err.Error()
	return strings.Contains(s, "retrain") || strings.Contains(s, "built-in")
}

// fmtRead calls Read, turning a panic into a test failure.
func fmtRead(t *testing.T, what string, data []byte) (m *Model, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: Read panicked: %v", what, r)
			m, err = nil, errors.New("panic")
		}
	}()
	return Read(bytes.NewReader(data))
}

func fmtGzip(t testing.TB, parts ...[]byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for _, p := range parts {
		zw.Write(p)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-model.ner")
	m, err := Load(path)
	if err == nil {
		t.Fatalf("Load(%s) = %v, want an error", path, m)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name %s", err, path)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %q does not wrap os.ErrNotExist", err)
	}
	// A directory is not a model either.
	if _, err := Load(t.TempDir()); err == nil {
		t.Errorf("Load of a directory succeeded")
	}
}

func TestLoadBadFiles(t *testing.T) {
	real, err := os.ReadFile("en.ner")
	if err != nil {
		t.Fatal(err)
	}
	small := synBytes(t, "synthetic-two-pass.ner")
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	cases := map[string][]byte{
		"empty":            {},
		"random":           random,
		"text":             []byte("PER ORG LOC MISC\nthis is not a model\n"),
		"gzip of nothing":  fmtGzip(t),
		"gzip of junk":     fmtGzip(t, random),
		"gzip of magic":    fmtGzip(t, []byte(magic)),
		"gzip magic+junk":  fmtGzip(t, []byte(magic), random),
		"wrong magic":      fmtGzip(t, []byte("storywire-pos\n"), random),
		"gzip header only": real[:10],
		"trailing data":    fmtGzip(t, gunzip(t, small), []byte{0}),
		"first-pass flag":  fmtGzip(t, fmtReplaceLastByte(gunzip(t, fmtSinglePass(t)), 7)),
		"nested two-pass":  fmtGzip(t, fmtNestTwice(t, gunzip(t, small))),
	}
	// Truncated copies of real models, cut in the gzip header, the header
	// JSON, the word classes, the weights and the gzip trailer.
	for _, src := range []struct {
		name string
		b    []byte
	}{{"builtin", real}, {"synthetic", small}} {
		n := len(src.b)
		for _, cut := range []int{1, 9, 20, 60, 200, n / 10, n / 4, n / 2, 3 * n / 4, n - 100, n - 9, n - 5, n - 4, n - 1} {
			if cut <= 0 || cut >= n {
				continue
			}
			cases[src.name+" cut at "+strconv.Itoa(cut)] = src.b[:cut]
		}
	}
	// Flipped bytes: in the middle, and at a spread of other places.
	for _, src := range []struct {
		name string
		b    []byte
	}{{"builtin", real}, {"synthetic", small}} {
		n := len(src.b)
		for _, at := range []int{n / 2, 12, 15, 30, 100, n / 3, 2 * n / 3, n - 20, n - 6, n - 2} {
			c := slices.Clone(src.b)
			c[at] ^= 0xff
			cases[src.name+" flipped at "+strconv.Itoa(at)] = c
		}
	}
	dir := t.TempDir()
	for name, data := range cases {
		m, err := fmtRead(t, name, data)
		if err == nil {
			t.Errorf("%s: Read succeeded (%v), want an error", name, m)
			continue
		}
		if !fmtHint(err) {
			t.Errorf("%s: error %q does not say what to do (retrain or use the built-in model)", name, err)
		}
		// Load says which file it was.
		path := filepath.Join(dir, "bad.ner")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) || !fmtHint(err) {
			t.Errorf("%s: Load error %v does not name %s and say what to do", name, err, path)
		}
	}
}

// TestLoadNewerVersion checks that a model from another format version is
// refused with advice to retrain.
func TestLoadNewerVersion(t *testing.T) {
	body := gunzip(t, synBytes(t, "synthetic.ner"))
	if !bytes.HasPrefix(body, []byte(magic)) || body[len(magic)] != formatVersion {
		t.Fatalf("unexpected model layout")
	}
	body[len(magic)] = formatVersion + 1
	_, err := Read(bytes.NewReader(fmtGzip(t, body)))
	if err == nil || !strings.Contains(err.Error(), "version") || !fmtHint(err) {
		t.Errorf("error %v, want a version error advising to retrain", err)
	}
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func fmtSinglePass(t testing.TB) []byte {
	return synBytes(t, "synthetic.ner")
}

// fmtReplaceLastByte replaces the first-pass flag (the last byte of a
// single-pass model).
func fmtReplaceLastByte(b []byte, v byte) []byte {
	b = slices.Clone(b)
	b[len(b)-1] = v
	return b
}

// fmtNestTwice turns a two-pass model into one whose first pass claims a
// first pass of its own, which the format does not allow.
func fmtNestTwice(t testing.TB, body []byte) []byte {
	if body[len(body)-1] != 0 {
		t.Fatalf("two-pass body does not end with the first pass's 0 flag")
	}
	// Append a third body: the first pass's flag becomes 1 and the body
	// after the magic is repeated once more.
	out := slices.Clone(body)
	out[len(out)-1] = 1
	return append(out, body[len(magic):]...)
}

// FuzzRead checks that no input makes Read panic, and that every refused
// input gets an error that says what to do. The seeds run in every test
// run; `go test -fuzz FuzzRead` explores more.
func FuzzRead(f *testing.F) {
	small := synBytes(f, "synthetic.ner")
	body := gunzip(f, small)
	f.Add(small)
	f.Add([]byte{})
	f.Add(fmtGzip(f, []byte(magic)))
	f.Add(fmtGzip(f, body[:len(body)/2]))
	f.Add(fmtGzip(f, append([]byte(magic), 1, 2, '{', '}')))
	f.Add(fmtGzip(f, append([]byte(magic), 1, 15, '{', '"', 't', 'y', 'p', 'e', 's', '"', ':', '[', '"', 'A', '"', ']', '}', 0, 0, 0, 0, 0, 0, 0, 0)))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Inputs are gzip-compressed when they do not already look
		// like gzip, so the fuzzer reaches the body parser.
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			data = fmtGzip(t, append([]byte(magic), data...))
		}
		m, err := Read(bytes.NewReader(data))
		if err != nil {
			if !fmtHint(err) {
				t.Errorf("error %q does not say what to do", err)
			}
			return
		}
		// A model that loads must tag without panicking.
		tg := m.NewTagger()
		tags := tg.TagDocument([][]string{{"Anna", "Novak", "said", "in", "Lisbon", "."}, {}})
		if len(tags) != 2 || len(tags[0]) != 6 || len(tags[1]) != 0 {
			t.Errorf("tags %v", tags)
		}
		if err := iob2WellFormed(tags[0]); err != nil {
			t.Error(err)
		}
	})
}

// TestReadSmallFileSmallMemory checks that a tiny damaged file cannot make
// Read allocate memory out of all proportion to its size: the counts in a
// model file are untrusted until the data they count has been read.
func TestReadSmallFileSmallMemory(t *testing.T) {
	hdr := []byte(`{"types":["A"]}`)
	uv := binary.AppendUvarint
	const claim = 1 << 20 // far below the format's limits, far above the data
	cases := map[string][]byte{
		"word classes": uv(uv(nil, 16), claim),
		"gazetteer":    uv(uv(uv(nil, 0), 0), claim),
		"weights":      append(uv(uv(uv(nil, 0), 0), 0), append([]byte{0, 0, 0x80, 0x3f}, uv(nil, claim)...)...),
	}
	for name, tail := range cases {
		body := append([]byte(magic), formatVersion, byte(len(hdr)))
		body = append(append(body, hdr...), tail...)
		data := fmtGzip(t, body)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Read(bytes.NewReader(data))
		runtime.ReadMemStats(&after)
		if err == nil || !fmtHint(err) {
			t.Errorf("%s: error %v", name, err)
		}
		if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 16 {
			t.Errorf("%s: a %d-byte file claiming %d entries made Read allocate %d MB before failing", name, len(data), claim, mb)
		}
	}
}
