package lang

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// A Model is a letter n-gram model for each language it knows: for each
// kept n-gram, the cost of its last letter after the ones before it (the
// negative log of the conditional probability). Texts are read as words of
// lower-case letters, so n-grams never span a space or a punctuation mark.
//
// N-grams are known only by a hash of KeyBits bits (Key), which is what
// makes the model small: the n-grams themselves are never stored. A hash
// shared by two n-grams of a language keeps the cheaper cost; one shared
// with an n-gram the language never saw makes that n-gram look known (see
// KeyBits for how often), noise that the other letters of a text outweigh.
//
// A Model is built by internal/train/langid and read with ReadModel; it is
// not changed after that.
type Model struct {
	// MaxOrder is the longest n-gram, in letters.
	MaxOrder int
	// Backoff is the cost added each time an n-gram is missing and the
	// next shorter one is tried, for a language that has n-grams of that
	// length at all.
	Backoff uint8
	// Unknown is what a language pays for a letter it never uses, on top
	// of the cost of the letter in the language that finds it likeliest.
	Unknown uint8
	// Source says in a line what the model was trained on.
	Source    string
	Languages []LanguageModel
}

// LanguageModel is one language's n-grams.
type LanguageModel struct {
	// Code is the language's ISO 639-1 code.
	Code string
	// MaxOrder is the longest n-gram this language has: 1 for languages
	// told apart by their script alone (Chinese, Japanese, Korean, Greek,
	// Hebrew in the built-in model), where longer n-grams add nothing.
	MaxOrder int
	// Grams are sorted by Key, each key once.
	Grams []Gram
}

// Gram is one n-gram's entry.
type Gram struct {
	Key  uint32
	Cost uint8
}

const (
	// KeyBits is the width of an n-gram's hash. With 40,000 n-grams a
	// language, an n-gram the language lacks finds a false entry about
	// once in 1,700 lookups, while the gaps between sorted keys stay
	// within two bytes.
	KeyBits = 26
	// CostUnit is how many cost steps make one nat: costs are stored in
	// eighths of a nat, so a byte spans probabilities down to e^-32, and
	// rounding moves a probability by at most 7%.
	CostUnit = 8
	// MaxLanguages bounds a model's languages so that a set of them fits a
	// 64-bit mask.
	MaxLanguages = 64
	// MaxOrderLimit is the longest n-gram a model may hold.
	MaxOrderLimit = 8
)

// Key returns the hash of the n-gram whose letters are gram, already lower
// case. The n-gram's length is part of the hash, so an n-gram and a longer
// one that ends with it do not share a key by construction.
func Key(gram []rune) uint32 {
	h := uint32(2166136261) ^ uint32(len(gram))*0x9e3779b9
	for _, r := range gram {
		h ^= uint32(r)
		h *= 16777619
	}
	// FNV alone leaves the low bits of short n-grams poorly mixed; the
	// murmur3 finaliser spreads every input bit over the whole word.
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h >> (32 - KeyBits)
}

// Codes returns the model's language codes in its order.
func (m *Model) Codes() []string {
	codes := make([]string, len(m.Languages))
	for i, l := range m.Languages {
		codes[i] = l.Code
	}
	return codes
}

// The model file:
//
//	magic "storywire-langid\n", uvarint format version
//	uvarint MaxOrder, byte Backoff, byte Unknown, uvarint length + Source
//	uvarint language count, then per language:
//	    uvarint length + code, uvarint MaxOrder, uvarint gram count
//	per language, its grams' keys as uvarint deltas (sorted keys: the gaps
//	    take two bytes)
//	a DEFLATE stream of every gram's cost, language after language
//
// Only the costs are compressed (by a quarter): compressing the keys too
// saved a tenth of their size and made the model two to three times slower
// to read, which every process that detects a language does once.
const (
	modelMagic         = "storywire-langid\n"
	modelFormatVersion = 1
)

// WriteTo writes the model in its file format.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	if err := m.check(); err != nil {
		return 0, fmt.Errorf("lang: write model: %w", err)
	}
	cw := &countWriter{w: w}
	bw := bufio.NewWriter(cw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); bw.WriteString(s) }
	bw.WriteString(modelMagic)
	uv(modelFormatVersion)
	uv(uint64(m.MaxOrder))
	bw.WriteByte(m.Backoff)
	bw.WriteByte(m.Unknown)
	str(m.Source)
	uv(uint64(len(m.Languages)))
	for _, l := range m.Languages {
		str(l.Code)
		uv(uint64(l.MaxOrder))
		uv(uint64(len(l.Grams)))
	}
	for _, l := range m.Languages {
		prev := uint32(0)
		for _, g := range l.Grams {
			uv(uint64(g.Key - prev))
			prev = g.Key
		}
	}
	zw, err := flate.NewWriter(bw, flate.BestCompression)
	if err != nil {
		return 0, err
	}
	for _, l := range m.Languages {
		for _, g := range l.Grams {
			zw.Write([]byte{g.Cost})
		}
	}
	if err := zw.Close(); err != nil {
		return cw.n, fmt.Errorf("lang: write model: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return cw.n, fmt.Errorf("lang: write model: %w", err)
	}
	return cw.n, nil
}

// ReadModel reads a model written by WriteTo.
func ReadModel(r io.Reader) (*Model, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("lang: read model: %w", err)
	}
	m, err := parseModel(b)
	if err != nil {
		return nil, fmt.Errorf("lang: read model: %w", err)
	}
	return m, nil
}

func parseModel(b []byte) (*Model, error) {
	br := bytes.NewReader(b)
	m, counts, err := readHeader(br)
	if err != nil {
		return nil, err
	}
	rest := b[len(b)-br.Len():]
	total := uint64(0)
	for i := range m.Languages {
		grams := make([]Gram, counts[i])
		key := uint64(0)
		for j := range grams {
			d, n := binary.Uvarint(rest)
			if n <= 0 {
				return nil, fmt.Errorf("%s: keys cut short", m.Languages[i].Code)
			}
			key += d
			grams[j].Key = uint32(key)
			rest = rest[n:]
		}
		m.Languages[i].Grams = grams
		total += counts[i]
	}
	costs, err := io.ReadAll(flate.NewReader(bytes.NewReader(rest)))
	if err != nil {
		return nil, fmt.Errorf("costs: %w", err)
	}
	if uint64(len(costs)) != total {
		return nil, fmt.Errorf("%d costs for %d grams", len(costs), total)
	}
	for i := range m.Languages {
		for j := range m.Languages[i].Grams {
			m.Languages[i].Grams[j].Cost = costs[j]
		}
		costs = costs[len(m.Languages[i].Grams):]
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
}

// readCodes returns the codes of the languages of the model in b, reading
// no further than its header.
func readCodes(b []byte) ([]string, error) {
	m, _, err := readHeader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("lang: read model: %w", err)
	}
	return m.Codes(), nil
}

// readHeader reads everything before the grams: the model without them
// and the number of grams of each language.
func readHeader(br io.ByteReader) (*Model, []uint64, error) {
	var err error
	byt := func() uint8 {
		b, e := br.ReadByte()
		if e != nil && err == nil {
			err = e
		}
		return b
	}
	uv := func() uint64 {
		x, e := binary.ReadUvarint(br)
		if e != nil && err == nil {
			err = e
		}
		return x
	}
	str := func() string {
		n := uv()
		if n > 1<<16 && err == nil {
			err = errors.New("string too long")
		}
		if err != nil {
			return ""
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byt()
		}
		return string(b)
	}
	for i := 0; i < len(modelMagic); i++ {
		if byt() != modelMagic[i] || err != nil {
			return nil, nil, errors.New("not a Storywire language model")
		}
	}
	if v := uv(); err == nil && v != modelFormatVersion {
		return nil, nil, fmt.Errorf("format version %d, this build reads %d", v, modelFormatVersion)
	}
	m := &Model{MaxOrder: int(uv())}
	m.Backoff = byt()
	m.Unknown = byt()
	m.Source = str()
	n := uv()
	if err != nil {
		return nil, nil, err
	}
	if n > MaxLanguages {
		return nil, nil, fmt.Errorf("%d languages, at most %d", n, MaxLanguages)
	}
	m.Languages = make([]LanguageModel, n)
	counts := make([]uint64, n)
	for i := range m.Languages {
		m.Languages[i].Code = str()
		m.Languages[i].MaxOrder = int(uv())
		counts[i] = uv()
		if counts[i] > 1<<KeyBits {
			return nil, nil, fmt.Errorf("language %d: %d grams, more than there are keys", i, counts[i])
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return m, counts, nil
}

// check reports a model that Detect could not use.
func (m *Model) check() error {
	if m.MaxOrder < 1 || m.MaxOrder > MaxOrderLimit {
		return fmt.Errorf("model: n-gram length %d, want 1 to %d", m.MaxOrder, MaxOrderLimit)
	}
	if len(m.Languages) > MaxLanguages {
		return fmt.Errorf("model: %d languages, at most %d", len(m.Languages), MaxLanguages)
	}
	seen := map[string]bool{}
	for _, l := range m.Languages {
		if len(l.Code) != 2 || !isASCIILetters(l.Code) || seen[l.Code] {
			return fmt.Errorf("model: language code %q is not a lower-case ISO 639-1 code or comes twice", l.Code)
		}
		seen[l.Code] = true
		if l.MaxOrder < 1 || l.MaxOrder > m.MaxOrder {
			return fmt.Errorf("model: %s: n-gram length %d, want 1 to %d", l.Code, l.MaxOrder, m.MaxOrder)
		}
		if !slices.IsSortedFunc(l.Grams, func(a, b Gram) int { return int(a.Key) - int(b.Key) }) {
			return fmt.Errorf("model: %s: grams not sorted by key", l.Code)
		}
		for i, g := range l.Grams {
			if g.Key >= 1<<KeyBits || (i > 0 && l.Grams[i-1].Key == g.Key) {
				return fmt.Errorf("model: %s: key %#x out of range or repeated", l.Code, g.Key)
			}
		}
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
