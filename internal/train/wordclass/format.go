package wordclass

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// The model file format, version 1:
//
//	magic    "SWWC" (4 bytes)
//	version  1 (1 byte)
//	length   payload length in bytes, uint64 little-endian
//	payload
//	checksum CRC-32 (IEEE) of the payload, uint32 little-endian
//
// The payload is a sequence of unsigned varints (encoding/binary) and bytes:
//
//	flags (bit 0: lower-cased), MinCount,
//	number of levels L, then the number of classes of each level,
//	number of words, then for each word, most frequent first:
//	  byte length, the UTF-8 bytes, training count, L class ids.
//
// Read consumes exactly these bytes and no more.

const (
	magic         = "SWWC"
	formatVersion = 1
	headerSize    = len(magic) + 1 + 8
	maxPayload    = 1 << 32
	flagLowercase = 1
)

// ErrFormat is wrapped by every error Read returns for input that is not a
// valid model (bad magic, unknown version, truncated or corrupt data).
var ErrFormat = errors.New("wordclass: invalid model file")

// WriteTo writes the model in its binary format (see Read) and returns the
// number of bytes written.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var p []byte
	flags := uint64(0)
	if m.lowercase {
		flags |= flagLowercase
	}
	p = binary.AppendUvarint(p, flags)
	p = binary.AppendUvarint(p, uint64(m.minCount))
	p = binary.AppendUvarint(p, uint64(len(m.levels)))
	for _, k := range m.levels {
		p = binary.AppendUvarint(p, uint64(k))
	}
	p = binary.AppendUvarint(p, uint64(len(m.words)))
	L := len(m.levels)
	for i, word := range m.words {
		p = binary.AppendUvarint(p, uint64(len(word)))
		p = append(p, word...)
		p = binary.AppendUvarint(p, uint64(m.counts[i]))
		for _, c := range m.classes[i*L : i*L+L] {
			p = binary.AppendUvarint(p, uint64(c))
		}
	}
	buf := make([]byte, 0, headerSize+len(p)+4)
	buf = append(buf, magic...)
	buf = append(buf, formatVersion)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(p)))
	buf = append(buf, p...)
	buf = binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(p))
	n, err := w.Write(buf)
	return int64(n), err
}

// Read reads a model written by WriteTo. Errors for malformed input wrap
// ErrFormat and, for input that ends early, io.ErrUnexpectedEOF.
func Read(r io.Reader) (*Model, error) {
	var hdr [headerSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, readErr("header", err)
	}
	if string(hdr[:4]) != magic {
		return nil, fmt.Errorf("%w: bad magic %q, want %q", ErrFormat, hdr[:4], magic)
	}
	if v := hdr[4]; v != formatVersion {
		return nil, fmt.Errorf("%w: unsupported version %d (this build reads version %d)", ErrFormat, v, formatVersion)
	}
	size := binary.LittleEndian.Uint64(hdr[5:])
	if size > maxPayload {
		return nil, fmt.Errorf("%w: payload length %d too large", ErrFormat, size)
	}
	// Copy rather than allocate size bytes up front: a corrupt length must
	// not make us allocate gigabytes for a short input.
	var payload bytes.Buffer
	if n, err := io.CopyN(&payload, r, int64(size)+4); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%w: payload (%d of %d bytes): %w", ErrFormat, n, size+4, err)
	}
	p := payload.Bytes()
	p, sum := p[:size], binary.LittleEndian.Uint32(p[size:])
	if got := crc32.ChecksumIEEE(p); got != sum {
		return nil, fmt.Errorf("%w: checksum mismatch (stored %08x, computed %08x)", ErrFormat, sum, got)
	}
	m, err := decodePayload(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return m, nil
}

func readErr(what string, err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%w: %s: %w", ErrFormat, what, err)
}

// decoder reads varints and byte strings from a payload.
type decoder struct {
	p   []byte
	off int
}

func (d *decoder) uvarint(what string, max uint64) (uint64, error) {
	v, n := binary.Uvarint(d.p[d.off:])
	if n <= 0 {
		return 0, fmt.Errorf("bad or truncated %s at payload offset %d", what, d.off)
	}
	if v > max {
		return 0, fmt.Errorf("%s %d at payload offset %d out of range (max %d)", what, v, d.off, max)
	}
	d.off += n
	return v, nil
}

func decodePayload(p []byte) (*Model, error) {
	d := &decoder{p: p}
	flags, err := d.uvarint("flags", flagLowercase)
	if err != nil {
		return nil, err
	}
	minCount, err := d.uvarint("MinCount", 1<<31)
	if err != nil {
		return nil, err
	}
	L, err := d.uvarint("level count", 64)
	if err != nil {
		return nil, err
	}
	m := &Model{lowercase: flags&flagLowercase != 0, minCount: int(minCount)}
	for range L {
		k, err := d.uvarint("class count", MaxClasses)
		if err != nil {
			return nil, err
		}
		if k < 2 {
			return nil, fmt.Errorf("level with %d classes", k)
		}
		m.levels = append(m.levels, int(k))
	}
	// Every word takes at least 2+L bytes, which bounds the allocation.
	nWords, err := d.uvarint("word count", uint64(len(p)-d.off)/(2+L))
	if err != nil {
		return nil, err
	}
	m.words = make([]string, nWords)
	m.counts = make([]uint32, nWords)
	m.classes = make([]uint16, nWords*L)
	for i := range m.words {
		n, err := d.uvarint("word length", uint64(len(p)-d.off))
		if err != nil {
			return nil, err
		}
		w := string(p[d.off : d.off+int(n)])
		d.off += int(n)
		if normalize(w, m.lowercase) != w {
			return nil, fmt.Errorf("word %d %q is not normalised", i, w)
		}
		m.words[i] = w
		c, err := d.uvarint("word count", 1<<32-1)
		if err != nil {
			return nil, err
		}
		m.counts[i] = uint32(c)
		for l, k := range m.levels {
			c, err := d.uvarint("class id", uint64(k-1))
			if err != nil {
				return nil, err
			}
			m.classes[i*int(L)+l] = uint16(c)
		}
	}
	if d.off != len(p) {
		return nil, fmt.Errorf("%d bytes of unexpected data after the last word", len(p)-d.off)
	}
	if err := m.buildIndex(); err != nil {
		return nil, err
	}
	return m, nil
}
