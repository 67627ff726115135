package ner

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
)

// The model file is gzip-compressed:
//
//	magic "storywire-ner\n", uvarint format version
//	uvarint length + JSON Info
//	word classes: uvarint levels, uvarint count, then per word:
//	    uvarint length + bytes, levels x uvarint class
//	gazetteer: uvarint count, then per phrase: uint64 hash, uvarint list mask
//	weights: float32 scale, uvarint rows, then per row (sorted by key):
//	    uvarint key delta, uvarint pair count, per pair: label byte, zigzag
//	    uvarint of the weight quantized to scale/32767
//
// Sixteen bits of weight lose no accuracy that shows in F1, and sorted,
// delta-coded keys compress well.

const (
	magic         = "storywire-ner\n"
	formatVersion = 1
	// MaxTypes is the most entity types a model holds: it keeps label ids
	// (1 + 4 per type) within a byte.
	MaxTypes = 60
)

// WriteTo writes the model in its file format.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	if err := m.writeBody(bw); err != nil {
		return cw.n, err
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

// writeBody writes everything after the magic; a two-pass model ends with
// its first-pass model's body.
func (m *Model) writeBody(bw *bufio.Writer) error {
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	uv(formatVersion)
	info, err := json.Marshal(m.info)
	if err != nil {
		return err
	}
	uv(uint64(len(info)))
	bw.Write(info)

	words := make([]string, 0, len(m.classes.class))
	for word := range m.classes.class {
		words = append(words, word)
	}
	slices.Sort(words)
	uv(uint64(m.classes.levels))
	uv(uint64(len(words)))
	for _, word := range words {
		uv(uint64(len(word)))
		bw.WriteString(word)
		c := m.classes.class[word]
		for l := 0; l < m.classes.levels; l++ {
			v := uint64(0)
			if l < len(c) {
				v = uint64(c[l])
			}
			uv(v)
		}
	}

	keys := make([]uint64, 0, len(m.gazetteer.phrases))
	for k := range m.gazetteer.phrases {
		keys = append(keys, k)
	}
	sortUint64(keys)
	uv(uint64(len(keys)))
	for _, k := range keys {
		binary.Write(bw, binary.LittleEndian, k)
		uv(m.gazetteer.phrases[k])
	}

	binary.Write(bw, binary.LittleEndian, m.scale)
	keys = keys[:0]
	m.rows.each(func(k uint64, _, _ uint32) { keys = append(keys, k) })
	sortUint64(keys)
	uv(uint64(len(keys)))
	last := uint64(0)
	for _, k := range keys {
		lo, hi, _ := m.rows.get(k)
		uv(k - last)
		last = k
		uv(uint64(hi - lo))
		for _, p := range m.pairs[lo:hi] {
			bw.WriteByte(p.label)
			bw.Write(buf[:binary.PutVarint(buf[:], int64(p.q))])
		}
	}
	if m.first == nil {
		return bw.WriteByte(0)
	}
	bw.WriteByte(1)
	// The first pass is trained with the same word classes and gazetteers
	// (see SecondPass), so its body leaves them out.
	first := *m.first
	first.classes, first.gazetteer.phrases = wordClasses{}, nil
	return first.writeBody(bw)
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

// Save writes the model to a file.
func (m *Model) Save(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("ner: save model: %w", err)
	}
	if _, err := m.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("ner: save model %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("ner: save model %s: %w", path, err)
	}
	return nil
}

// Load reads a model file.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ner: load model: %w", err)
	}
	defer f.Close()
	m, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("ner: load model %s: %w", path, err)
	}
	return m, nil
}

// errCorrupt is wrapped by every format error.
var errCorrupt = errors.New("not a Storywire NER model, or a damaged one; retrain it with `storywire train ner` or use the built-in model")

// Read reads a model in its file format.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", errCorrupt, err)
	}
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errCorrupt
	}
	m, err := readBody(br, 0)
	if err != nil {
		return nil, err
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data", errCorrupt)
	}
	return m, nil
}

func readBody(br *bufio.Reader, depth int) (*Model, error) {
	fail := func(what string, err error) (*Model, error) {
		if err == nil {
			err = errors.New("value out of range")
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%w: reading %s: %v", errCorrupt, what, err)
	}
	v, err := binary.ReadUvarint(br)
	if err != nil {
		return fail("version", err)
	}
	if v != formatVersion {
		return nil, fmt.Errorf("model format version %d, this Storywire reads version %d: retrain the model with this version", v, formatVersion)
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<20 {
		return fail("header", err)
	}
	infoBytes := make([]byte, n)
	if _, err := io.ReadFull(br, infoBytes); err != nil {
		return fail("header", err)
	}
	m := &Model{}
	if err := json.Unmarshal(infoBytes, &m.info); err != nil {
		return fail("header", err)
	}
	if len(m.info.Types) == 0 || len(m.info.Types) > MaxTypes {
		return fail("header", fmt.Errorf("%d entity types", len(m.info.Types)))
	}
	m.labels = newLabelSet(m.info.Types)
	m.trigrams = m.info.Trigrams
	m.gazetteer.lists = m.info.Lists

	levels, err := binary.ReadUvarint(br)
	if err != nil || levels > 16 {
		return fail("word classes", err)
	}
	count, err := binary.ReadUvarint(br)
	if err != nil || count > 1<<24 {
		return fail("word classes", err)
	}
	m.classes = wordClasses{levels: int(levels)}
	// Counts come from the file, so capacities are capped: a damaged file
	// must fail on its missing data, not by allocating what it claims.
	const capHint = 1 << 12
	if count > 0 {
		m.classes.class = make(map[string][]uint16, min(count, capHint))
		var all []uint16
		for i := uint64(0); i < count; i++ {
			if len(all) < int(levels) {
				all = make([]uint16, int(levels)*capHint)
			}
			l, err := binary.ReadUvarint(br)
			if err != nil || l > 1024 {
				return fail("word classes", err)
			}
			word := make([]byte, l)
			if _, err := io.ReadFull(br, word); err != nil {
				return fail("word classes", err)
			}
			c := all[:levels:levels]
			all = all[levels:]
			for k := range c {
				x, err := binary.ReadUvarint(br)
				if err != nil || x > math.MaxUint16 {
					return fail("word classes", err)
				}
				c[k] = uint16(x)
			}
			m.classes.class[string(word)] = c
		}
	}

	count, err = binary.ReadUvarint(br)
	if err != nil || count > 1<<26 {
		return fail("gazetteer", err)
	}
	m.gazetteer.phrases = make(map[uint64]uint64, min(count, capHint))
	for i := uint64(0); i < count; i++ {
		var k uint64
		if err := binary.Read(br, binary.LittleEndian, &k); err != nil {
			return fail("gazetteer", err)
		}
		mask, err := binary.ReadUvarint(br)
		if err != nil {
			return fail("gazetteer", err)
		}
		m.gazetteer.phrases[k] = mask
	}

	if err := binary.Read(br, binary.LittleEndian, &m.scale); err != nil {
		return fail("weights", err)
	}
	count, err = binary.ReadUvarint(br)
	if err != nil || count > 1<<26 {
		return fail("weights", err)
	}
	nl := uint64(m.labels.n())
	m.rows = newFeatureTable(int(min(count, capHint)))
	key := uint64(0)
	for i := uint64(0); i < count; i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return fail("weights", err)
		}
		key += d
		np, err := binary.ReadUvarint(br)
		if err != nil || np > nl {
			return fail("weights", err)
		}
		start := uint32(len(m.pairs))
		for j := uint64(0); j < np; j++ {
			l, err := br.ReadByte()
			if err != nil || uint64(l) >= nl {
				return fail("weights", err)
			}
			q, err := binary.ReadVarint(br)
			if err != nil || q < math.MinInt16 || q > math.MaxInt16 {
				return fail("weights", err)
			}
			m.pairs = append(m.pairs, weight{int16(q), l})
		}
		m.rows.put(key, start, uint32(len(m.pairs)))
	}
	hasFirst, err := br.ReadByte()
	switch {
	case err != nil:
		return fail("first pass", err)
	case hasFirst == 1 && depth == 0:
		if m.first, err = readBody(br, depth+1); err != nil {
			return nil, err
		}
		m.first.classes, m.first.gazetteer = m.classes, m.gazetteer
	case hasFirst != 0:
		return fail("first pass", fmt.Errorf("flag %d", hasFirst))
	}
	return m, nil
}

func sortUint64(s []uint64) { slices.Sort(s) }
