package wordclass

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A toy grammar: DET [ADJ] NOUN VERB [ADV] END. Every category has its own
// left and right contexts, so the categories are the best 6-class
// clustering.
var toyGrammar = []struct {
	cat   string
	words []string
}{
	{"DET", []string{"the", "a", "this", "that", "every", "some"}},
	{"ADJ", []string{"big", "small", "red", "old", "young", "happy", "green"}},
	{"NOUN", []string{"dog", "cat", "bird", "horse", "cow", "fox", "mouse", "sheep"}},
	{"VERB", []string{"runs", "sleeps", "eats", "jumps", "sings", "walks"}},
	{"ADV", []string{"quickly", "slowly", "loudly", "quietly", "often"}},
	{"END", []string{".", "!"}},
}

func toySentences(n int, seed uint64) [][]string {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(i int) string {
		ws := toyGrammar[i].words
		return ws[r.IntN(len(ws))]
	}
	out := make([][]string, n)
	for i := range out {
		s := []string{pick(0)}
		if r.IntN(2) == 0 {
			s = append(s, pick(1))
		}
		s = append(s, pick(2), pick(3))
		if r.IntN(2) == 0 {
			s = append(s, pick(4))
		}
		out[i] = append(s, pick(5))
	}
	return out
}

// zipfSentences makes a bigger corpus: toy-grammar sentences whose
// categories have many words drawn with Zipfian frequencies, with some
// repeated words ("very very") and numbers.
func zipfSentences(n int, seed uint64) [][]string {
	r := rand.New(rand.NewPCG(seed, 11))
	const perCat = 300
	zipf := rand.NewZipf(r, 1.2, 2, perCat-1)
	pick := func(cat int) string {
		return fmt.Sprintf("%s%d", toyGrammar[cat].cat, zipf.Uint64())
	}
	out := make([][]string, n)
	for i := range out {
		s := []string{pick(0)}
		for r.IntN(3) == 0 {
			s = append(s, "very")
		}
		if r.IntN(2) == 0 {
			s = append(s, pick(1))
		}
		s = append(s, pick(2), pick(3))
		if r.IntN(4) == 0 {
			s = append(s, fmt.Sprint(r.IntN(3000)))
		}
		out[i] = append(s, pick(5))
	}
	return out
}

func mustTrain(t testing.TB, s [][]string, o Options) *Model {
	t.Helper()
	m, err := Train(s, o)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestToyGrammar(t *testing.T) {
	m := mustTrain(t, toySentences(3000, 1), Options{Classes: []int{6, 12, 3}})
	if got := m.Levels(); !slices.Equal(got, []int{6, 12, 3}) {
		t.Fatalf("Levels = %v", got)
	}
	// K=6: exactly the categories.
	seen := map[int]string{}
	for _, g := range toyGrammar {
		c0, ok := m.Class(g.words[0], 0)
		if !ok {
			t.Fatalf("%q not clustered", g.words[0])
		}
		for _, w := range g.words {
			if c, _ := m.Class(w, 0); c != c0 {
				t.Errorf("K=6: %q in class %d, %q in class %d; want the same (%s)", w, c, g.words[0], c0, g.cat)
			}
		}
		if other, dup := seen[c0]; dup {
			t.Errorf("K=6: %s and %s share class %d", other, g.cat, c0)
		}
		seen[c0] = g.cat
	}
	// K=12: every class holds words of one category only.
	catOf := map[string]string{}
	for _, g := range toyGrammar {
		for _, w := range g.words {
			catOf[w] = g.cat
		}
	}
	for c := range 12 {
		mem := m.Members(1, c)
		for _, w := range mem {
			if catOf[w] != catOf[mem[0]] {
				t.Errorf("K=12: class %d mixes categories: %v", c, mem)
				break
			}
		}
	}
	for _, g := range toyGrammar {
		for _, w := range g.words {
			cl, _ := m.Lookup(w)
			if len(cl) != 3 || cl[1] >= 12 || cl[2] >= 3 {
				t.Errorf("Lookup(%q) = %v", w, cl)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	s := zipfSentences(4000, 3)
	var want []byte
	for _, workers := range []int{1, 2, 1, 4} {
		m := mustTrain(t, s, Options{Classes: []int{8, 32}, Workers: workers})
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = buf.Bytes()
		} else if !bytes.Equal(buf.Bytes(), want) {
			t.Fatalf("Workers=%d: model differs from the first run", workers)
		}
	}
}

// TestGains checks the incremental gain computation against brute force:
// the gain score gives each class must differ from the log-likelihood
// recomputed from scratch with the word in that class by the same constant
// for every class; moveWord must never lower the log-likelihood; and the
// incrementally kept counts must equal recomputed ones.
func TestGains(t *testing.T) {
	s := zipfSentences(300, 5)
	// Self-bigrams and words next to members of their own class.
	s = append(s, []string{"very", "very", "very"}, []string{"DET0", "DET1", "DET0", "DET0"})
	c, err := buildCorpus(s, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	const K = 6
	e := newExchange(c, K, xlogxTable(c.total))
	checkCounts := func(when string) {
		M, MT, N := slices.Clone(e.M), slices.Clone(e.MT), slices.Clone(e.N)
		e.recount()
		if !slices.Equal(M, e.M) || !slices.Equal(MT, e.MT) || !slices.Equal(N, e.N) {
			t.Fatalf("%s: incremental counts differ from recomputed ones", when)
		}
	}
	selfSeen := false
	for sweep := range 2 {
		for w := range int32(e.V) {
			word := c.words[w]
			// The gains.
			old := e.cls[w]
			nw, self := e.gather(w)
			selfSeen = selfSeen || self > 0
			e.update(old, nw, self, -1)
			e.score(nw, self)
			gains := slices.Clone(e.acc)
			e.update(old, nw, self, +1)
			e.release()
			checkCounts(fmt.Sprintf("gains of %q", word))
			// Brute force.
			var offset float64
			for b := range int32(K) {
				e.cls[w] = b
				e.recount()
				d := e.logLik() - gains[b]
				if b == 0 {
					offset = d
				} else if math.Abs(d-offset) > 1e-6 {
					t.Fatalf("sweep %d, %q to class %d: gain %v is off by %v", sweep, word, b, gains[b], d-offset)
				}
			}
			e.cls[w] = old
			e.recount()

			before := e.logLik()
			e.moveWord(w)
			if after := e.logLik(); after < before-1e-6 {
				t.Fatalf("moving %q lowered the log-likelihood: %v -> %v", word, before, after)
			}
			checkCounts(fmt.Sprintf("sweep %d, moving %q", sweep, word))
		}
	}
	if !selfSeen {
		t.Error("no word followed itself; the test corpus should have some")
	}
}

func TestLogLikelihoodIncreases(t *testing.T) {
	c, err := buildCorpus(zipfSentences(3000, 9), 2, false)
	if err != nil {
		t.Fatal(err)
	}
	e := newExchange(c, 16, xlogxTable(c.total))
	prev := e.logLik()
	for i := range 10 {
		moved := e.sweep()
		ll := e.logLik()
		if ll < prev-1e-6 {
			t.Fatalf("sweep %d: log-likelihood fell from %v to %v", i+1, prev, ll)
		}
		prev = ll
		if moved == 0 {
			break
		}
	}
}

func TestEdgeCases(t *testing.T) {
	for name, s := range map[string][][]string{
		"nil":             nil,
		"empty sentences": {{}, {}},
		"all rare":        {{"a", "b", "c"}},
	} {
		if _, err := Train(s, Options{}); !errors.Is(err, ErrNoData) {
			t.Errorf("%s: err = %v, want ErrNoData", name, err)
		}
	}

	// Fewer word types than classes: every word gets a class of its own.
	s := [][]string{{"x", "y", "z"}, {}, {"z", "y", "x"}, {"x"}}
	m := mustTrain(t, s, Options{Classes: []int{10, 2}, MinCount: 1})
	if m.Len() != 3 {
		t.Fatalf("Len = %d, want 3", m.Len())
	}
	got := map[int]bool{}
	for _, w := range []string{"x", "y", "z"} {
		cl, ok := m.Lookup(w)
		if !ok || cl[0] >= 3 || cl[1] >= 2 {
			t.Fatalf("Lookup(%q) = %v, %v", w, cl, ok)
		}
		got[cl[0]] = true
	}
	if len(got) != 3 {
		t.Errorf("K=10 with 3 words: classes %v, want 3 distinct", got)
	}
	if c, _ := m.Class("x", 0); c != 0 {
		t.Errorf("the most frequent word is in class %d, want 0", c)
	}
	if _, ok := m.Lookup("w"); ok {
		t.Error("Lookup of an unseen word: ok")
	}

	// One word type only.
	m = mustTrain(t, [][]string{{"x"}, {"x", "x"}}, Options{Classes: []int{4}})
	if cl, ok := m.Lookup("x"); !ok || cl[0] != 0 {
		t.Errorf("Lookup(x) = %v, %v", cl, ok)
	}
	if n := m.Count("x"); n != 3 {
		t.Errorf("Count(x) = %d, want 3", n)
	}

	// MinCount: words seen once are not clustered, but still context.
	m = mustTrain(t, [][]string{{"a", "b"}, {"a", "c"}, {"b"}}, Options{Classes: []int{2}})
	if _, ok := m.Lookup("c"); ok {
		t.Error("word seen once was clustered with MinCount 2")
	}
	if m.Len() != 2 || m.MinCount() != DefaultMinCount {
		t.Errorf("Len = %d, MinCount = %d", m.Len(), m.MinCount())
	}
}

func TestOptionErrors(t *testing.T) {
	s := toySentences(10, 1)
	for _, o := range []Options{
		{Classes: []int{1}},
		{Classes: []int{MaxClasses + 1}},
		{Classes: []int{8, 16, 8}},
		{MinCount: -1},
		{MaxIter: -1},
		{Workers: -1},
	} {
		if _, err := Train(s, o); err == nil || errors.Is(err, ErrNoData) {
			t.Errorf("Train(%+v): err = %v, want an option error", o, err)
		}
	}
	m := mustTrain(t, s, Options{})
	if got := m.Levels(); !slices.Equal(got, DefaultClasses()) {
		t.Errorf("default Levels = %v", got)
	}
}

func TestNormalize(t *testing.T) {
	for _, c := range []struct {
		in    string
		lower bool
		want  string
	}{
		{"1,250.50", false, "0,000.00"},
		{"1990s", false, "0000s"},
		{"F-16", true, "f-00"},
		{"Bank", false, "Bank"},
		{"Bank", true, "bank"},
		{"0", false, "0"},
		{"", false, ""},
		{"Ünïcode", true, "ünïcode"},
		{"١٢٣", false, "000"}, // Arabic-Indic digits
	} {
		if got := normalize(c.in, c.lower); got != c.want {
			t.Errorf("normalize(%q, %v) = %q, want %q", c.in, c.lower, got, c.want)
		}
	}

	s := [][]string{
		{"In", "1996", ",", "the", "Bank", "rose"},
		{"In", "2001", ",", "the", "bank", "fell"},
		{"In", "1996", ",", "the", "Bank", "fell"},
		{"In", "2001", ",", "the", "bank", "rose"},
	}
	m := mustTrain(t, s, Options{Classes: []int{3}})
	if n := m.Count("1234"); n != 4 {
		t.Errorf("Count(1234) = %d, want 4 (all four-digit numbers)", n)
	}
	if _, ok := m.Lookup("BANK"); ok {
		t.Error("case-sensitive model found BANK")
	}
	if m.Count("Bank") != 2 || m.Count("bank") != 2 {
		t.Error("Bank and bank should be counted apart")
	}
	if got := m.Normalize("In 1996"); got != "In 0000" {
		t.Errorf("Normalize = %q", got)
	}

	m = mustTrain(t, s, Options{Classes: []int{3}, Lowercase: true})
	if !m.Lowercase() || m.Count("BANK") != 4 {
		t.Errorf("lower-cased model: Count(BANK) = %d, want 4", m.Count("BANK"))
	}
	a, _ := m.Lookup("BANK")
	b, _ := m.Lookup("bank")
	if !slices.Equal(a, b) || a == nil {
		t.Errorf("Lookup(BANK) = %v, Lookup(bank) = %v", a, b)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, lower := range []bool{false, true} {
		m := mustTrain(t, zipfSentences(2000, 4), Options{Classes: []int{5, 40}, Lowercase: lower})
		var buf bytes.Buffer
		n, err := m.WriteTo(&buf)
		if err != nil || n != int64(buf.Len()) {
			t.Fatalf("WriteTo = %d, %v; wrote %d bytes", n, err, buf.Len())
		}
		data := slices.Clone(buf.Bytes())
		// Two models back to back: Read must stop at the end of the first.
		buf.Write(data)
		for i := range 2 {
			r, err := Read(&buf)
			if err != nil {
				t.Fatalf("Read #%d: %v", i, err)
			}
			if r.Len() != m.Len() || !slices.Equal(r.Levels(), m.Levels()) ||
				r.Lowercase() != m.Lowercase() || r.MinCount() != m.MinCount() {
				t.Fatalf("Read #%d: header differs", i)
			}
			for _, w := range m.words {
				a, _ := m.Lookup(w)
				b, ok := r.Lookup(w)
				if !ok || !slices.Equal(a, b) || m.Count(w) != r.Count(w) {
					t.Fatalf("Read #%d: %q: %v vs %v", i, w, a, b)
				}
			}
			var again bytes.Buffer
			r.WriteTo(&again)
			if !bytes.Equal(again.Bytes(), data) {
				t.Fatalf("Read #%d: rewriting gives different bytes", i)
			}
		}
		if buf.Len() != 0 {
			t.Errorf("%d bytes left unread", buf.Len())
		}
	}
}

func TestReadCorrupt(t *testing.T) {
	m := mustTrain(t, toySentences(200, 2), Options{Classes: []int{3, 6}})
	var buf bytes.Buffer
	m.WriteTo(&buf)
	data := buf.Bytes()

	for n := range len(data) {
		_, err := Read(bytes.NewReader(data[:n]))
		if !errors.Is(err, ErrFormat) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("truncated to %d of %d bytes: err = %v", n, len(data), err)
		}
	}
	for i := range data {
		for bit := range 8 {
			bad := slices.Clone(data)
			bad[i] ^= 1 << bit
			if _, err := Read(bytes.NewReader(bad)); !errors.Is(err, ErrFormat) {
				t.Fatalf("bit %d of byte %d flipped: err = %v", bit, i, err)
			}
		}
	}

	// Payloads with a valid checksum but invalid content.
	frame := func(p []byte) []byte {
		var b bytes.Buffer
		b.WriteString(magic)
		b.WriteByte(formatVersion)
		var n [8]byte
		for i := range 8 {
			n[i] = byte(uint64(len(p)) >> (8 * i))
		}
		b.Write(n[:])
		b.Write(p)
		sum := crc32.ChecksumIEEE(p)
		b.Write([]byte{byte(sum), byte(sum >> 8), byte(sum >> 16), byte(sum >> 24)})
		return b.Bytes()
	}
	for name, c := range map[string]struct {
		p    []byte
		want string
	}{
		"class out of range": {[]byte{0, 2, 1, 4, 1, 1, 'a', 3, 4}, "class id"},
		"one class":          {[]byte{0, 2, 1, 1, 0}, "1 classes"},
		"duplicate word":     {[]byte{0, 2, 1, 4, 2, 1, 'a', 3, 0, 1, 'a', 2, 1}, "twice"},
		"trailing bytes":     {[]byte{0, 2, 1, 4, 1, 1, 'a', 3, 0, 9}, "after the last word"},
		"not normalised":     {[]byte{0, 2, 1, 4, 1, 1, '7', 3, 0}, "not normalised"},
		"too many words":     {[]byte{0, 2, 1, 4, 100, 1, 'a', 3, 0}, "word count"},
		"long word":          {[]byte{0, 2, 1, 4, 1, 9, 'a', 3, 0}, "word length"},
		"unknown flag":       {[]byte{2, 2, 1, 4, 0}, "flags"},
		"empty":              {nil, "flags"},
	} {
		_, err := Read(bytes.NewReader(frame(c.p)))
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", name, err, c.want)
		}
	}
	// A valid hand-made model, to show the frames above are right.
	r, err := Read(bytes.NewReader(frame([]byte{1, 2, 1, 4, 1, 1, 'a', 3, 2})))
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := r.Class("A", 0); !ok || c != 2 || r.Count("a") != 3 {
		t.Errorf("hand-made model: class %d, %v, count %d", c, ok, r.Count("a"))
	}

	bad := slices.Clone(data)
	bad[0] = 'X'
	if _, err := Read(bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "magic") {
		t.Errorf("bad magic: err = %v", err)
	}
	bad = slices.Clone(data)
	bad[4] = 9
	if _, err := Read(bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "version 9") {
		t.Errorf("bad version: err = %v", err)
	}
	bad = slices.Clone(data)
	bad[12] = 0xff // length byte 7: a huge payload length
	if _, err := Read(bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("huge length: err = %v", err)
	}
}

func BenchmarkTrain(b *testing.B) {
	s := zipfSentences(50000, 1)
	for b.Loop() {
		mustTrain(b, s, Options{Classes: []int{64, 256}})
	}
}
