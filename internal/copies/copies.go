// Package copies recognises near-identical copies of an article: the wire
// story another outlet republished under its own headline, with a line
// added or the last paragraph trimmed. It computes a MinHash signature over
// word shingles and bands it for locality-sensitive hashing, so candidates
// are found by looking up band keys instead of comparing every pair. It
// also defines the normalised form and content hash that identify exact
// duplicates. Pure functions, no I/O.
package copies

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"github.com/storywire/storywire/internal/model"
)

// Threshold is the estimated Jaccard similarity of shingle sets from which
// an article counts as a copy of another. Syndicated copies with an intro
// line added and a paragraph trimmed score 0.7 to 0.95; independent reports
// of the same event, sharing names and numbers but not sentences, score
// below 0.1, so 0.5 leaves a wide margin on both sides.
const Threshold = 0.5

// Params of the sketch.
type Params struct {
	Shingle int    // words per shingle
	Hashes  int    // signature length
	Bands   int    // LSH bands; Hashes/Bands rows per band
	Seed    uint64 // seeds the hash functions; stored sketches depend on it
}

// DefaultParams: 5-word shingles, 128 hashes in 32 bands of 4 rows.
//
// Two texts with Jaccard similarity s share at least one band with
// probability 1-(1-s^4)^32: 0.87 at s=0.3, 0.99 at s=0.4, >0.999 at s=0.5,
// so every pair above Threshold becomes a candidate; below s=0.1 the
// probability is 0.003, so unrelated articles rarely cost a comparison.
func DefaultParams() Params {
	return Params{Shingle: 5, Hashes: 128, Bands: 32, Seed: 0x5707_1e1e_c0b1_e5ed}
}

// Sketcher computes sketches. It holds only read-only tables and is safe
// for concurrent use.
type Sketcher struct {
	p    Params
	rows int
	a, b []uint64 // per-slot multipliers (odd) and offsets
}

// NewSketcher validates p and prepares the hash functions.
func NewSketcher(p Params) (*Sketcher, error) {
	if p.Shingle < 1 || p.Hashes < 1 || p.Bands < 1 || p.Hashes%p.Bands != 0 {
		return nil, fmt.Errorf("copies: invalid params %+v: need Shingle, Hashes, Bands > 0 and Hashes divisible by Bands", p)
	}
	s := &Sketcher{p: p, rows: p.Hashes / p.Bands, a: make([]uint64, p.Hashes), b: make([]uint64, p.Hashes)}
	state := p.Seed
	for i := range p.Hashes {
		s.a[i] = splitmix(&state) | 1
		s.b[i] = splitmix(&state)
	}
	return s, nil
}

// Sketch computes the MinHash signature and band keys of text. A text with
// fewer words than a shingle is one shingle of all its words; an empty text
// has a signature of all-ones slots, which matches only other empty texts.
func (s *Sketcher) Sketch(text string) model.Sketch {
	words := tokens(text)
	sig := make([]uint32, s.p.Hashes)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	// Equal-length views let the compiler drop bounds checks in the
	// innermost loop, which is most of a sketch's cost.
	a, b := s.a[:len(sig)], s.b[:len(sig)]
	n := min(s.p.Shingle, len(words))
	for w := 0; n > 0 && w+n <= len(words); w++ {
		h := shingleHash(words[w : w+n])
		for i := range sig {
			// Multiply-shift hashing: a universal family over the already
			// mixed shingle hash, cheap enough for 128 slots per shingle.
			if v := uint32((h*a[i] + b[i]) >> 32); v < sig[i] {
				sig[i] = v
			}
		}
	}
	bands := make([]uint64, s.p.Bands)
	for band := range bands {
		h := uint64(0xcbf29ce484222325) ^ uint64(band+1)*0x9e3779b97f4a7c15
		for _, v := range sig[band*s.rows : (band+1)*s.rows] {
			h = mix(h ^ uint64(v))
		}
		bands[band] = h
	}
	return model.Sketch{Signature: sig, Bands: bands}
}

// Similarity estimates the Jaccard similarity of the shingle sets behind
// two signatures: the fraction of equal slots. Signatures of different
// lengths (made with other params) are not comparable and score 0.
func Similarity(a, b []uint32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// Normalize returns text as compared for exact duplicates: lower case, curly
// quotes and dashes made plain, whitespace collapsed, so a copy that differs
// only in formatting hashes the same.
func Normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		switch r {
		case '‘', '’', '‚', '′', '`':
			r = '\''
		case '“', '”', '„', '″', '«', '»':
			r = '"'
		case '–', '—', '‒', '−':
			r = '-'
		case '\u00a0':
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// ContentHash is the hex SHA-256 of Normalize(text).
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(Normalize(text)))
	return hex.EncodeToString(sum[:])
}

// tokens splits text into lower-case words of letters and digits; all
// punctuation is a separator, so quotes and dashes do not change shingles.
func tokens(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// shingleHash is FNV-1a over the shingle's words with a separator.
func shingleHash(words []string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= 0x100000001b3
		}
		h ^= ' '
		h *= 0x100000001b3
	}
	return mix(h)
}

// mix is the splitmix64 finaliser: it spreads every input bit over the
// output, which the multiply-add slot hashes need.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func splitmix(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	return mix(*state)
}
