package cluster

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// SnapshotVersion names the snapshot format and what Restore builds: a
// snapshot of another version is refused (LoadSnapshot), and the caller
// replays instead. Bump it whenever the clusterer's state or the way
// Restore, observe, story.add, index.add or evict change it, so a
// snapshot written by an older build is never taken for a replay by this
// one.
const SnapshotVersion = 2

// snapshotMagic starts every snapshot.
const snapshotMagic = "storywire-cluster"

// ErrSnapshotVersion is returned (wrapped) by LoadSnapshot for a snapshot
// of another version or configuration than the loader's.
var ErrSnapshotVersion = errors.New("cluster: snapshot of another version")

// Snapshot encodes the clusterer's state, exactly (every weight to the
// bit, every posting list in order, with the places of the stories gone
// from memory), so that LoadSnapshot gives a clusterer that assigns what
// follows as this one would. Corrections are not part of it: the caller
// applies them again, as after a replay. A clusterer holding articles
// for Settle cannot be snapshot (their vectors are not kept): settle it
// first.
func (c *Clusterer) Snapshot() ([]byte, error) {
	if len(c.held.items) > 0 {
		return nil, fmt.Errorf("cluster: snapshot with %d articles held for settling", len(c.held.items))
	}
	var e encoder
	e.str(snapshotMagic)
	e.uvarint(SnapshotVersion)
	c.cfg.encode(&e)

	vc := &c.vocab
	e.uvarint(uint64(vc.docs))
	e.uvarint(uint64(len(vc.words)))
	for i, w := range vc.words {
		e.str(w)
		e.uvarint(uint64(vc.df[i]))
	}
	encodeMap(&e, vc.edf, e.varint, func(n int) { e.uvarint(uint64(n)) })
	encodeMap(&e, vc.ndf, e.str, func(n int) { e.uvarint(uint64(n)) })
	encodeMap(&e, vc.langs, e.str, func(bool) {})

	t := &c.stories
	e.varint(t.next)
	e.time(t.clock)
	encodeMap(&e, t.ofDoc, e.str, e.varint)
	ids := slices.Sorted(maps.Keys(t.byID))
	e.uvarint(uint64(len(ids)))
	for _, id := range ids {
		if err := t.byID[id].encode(&e); err != nil {
			return nil, err
		}
	}

	// Posting lists name stories by id; a story gone from memory (merged
	// away or evicted) keeps its place in a list until the list is next
	// read, so it is written as a place too: 0 for one gone, -id for one
	// merged into the story with that id.
	e.uvarint(uint64(c.index.mark))
	ref := func(s *story) error {
		switch {
		case s.into != nil:
			root := resolve(s)
			if root.gone {
				e.varint(0)
			} else {
				e.varint(-root.id)
			}
		case s.gone:
			e.varint(0)
		case t.byID[s.id] != s:
			return fmt.Errorf("cluster: snapshot: story %d is indexed but not in memory", s.id)
		default:
			e.varint(s.id)
		}
		return nil
	}
	if err := encodeIndex(&e, c.index.byTerm, func(k int32) { e.varint(int64(k)) }, ref); err != nil {
		return nil, err
	}
	if err := encodeIndex(&e, c.index.byName, e.str, ref); err != nil {
		return nil, err
	}
	if err := encodeIndex(&e, c.index.byEnt, e.varint, ref); err != nil {
		return nil, err
	}
	if e.err != nil {
		return nil, e.err
	}
	return e.b, nil
}

// LoadSnapshot returns the clusterer a Snapshot describes, configured
// with cfg; an error wrapping ErrSnapshotVersion when the snapshot is of
// another version or configuration.
func LoadSnapshot(cfg Config, b []byte) (*Clusterer, error) {
	c := New(cfg)
	d := decoder{b: b}
	if d.str() != snapshotMagic || d.uvarint() != SnapshotVersion {
		return nil, ErrSnapshotVersion
	}
	var stored Config
	stored.decode(&d)
	if d.err == nil && !c.cfg.sameNumbers(stored) {
		return nil, fmt.Errorf("%w: made with another configuration", ErrSnapshotVersion)
	}

	vc := &c.vocab
	vc.docs = int(d.uvarint())
	vc.logN = math.Log(float64(vc.docs + 1))
	n := d.count()
	vc.words, vc.df = make([]string, n), make([]int32, n)
	for i := range n {
		vc.words[i] = d.str()
		vc.df[i] = int32(d.uvarint())
		vc.ids.Store(vc.words[i], int32(i))
	}
	c.scratch = make(scratch, n)
	decodeMap(&d, vc.edf, d.varint, func() int { return int(d.uvarint()) })
	decodeMap(&d, vc.ndf, d.str, func() int { return int(d.uvarint()) })
	decodeMap(&d, vc.langs, d.str, func() bool { return true })

	t := &c.stories
	t.next = d.varint()
	t.clock = d.time()
	decodeMap(&d, t.ofDoc, d.str, d.varint)
	for range d.count() {
		s := decodeStory(&d)
		t.byID[s.id] = s
	}

	c.index.mark = uint32(d.uvarint())
	gone := &story{gone: true}
	merged := map[int64]*story{}
	ref := func() *story {
		id := d.varint()
		switch {
		case id == 0:
			return gone
		case id < 0:
			root := t.byID[-id]
			if root == nil {
				d.fail("merged into story %d, not in memory", -id)
				return gone
			}
			m := merged[-id]
			if m == nil {
				m = &story{id: -id, gone: true, into: root}
				merged[-id] = m
			}
			return m
		}
		s := t.byID[id]
		if s == nil {
			d.fail("indexed story %d not in memory", id)
			return gone
		}
		return s
	}
	decodeIndex(&d, c.index.byTerm, func() int32 { return int32(d.varint()) }, ref)
	decodeIndex(&d, c.index.byName, d.str, ref)
	decodeIndex(&d, c.index.byEnt, d.varint, ref)
	if d.err == nil && len(d.b) > 0 {
		d.fail("%d bytes after the end", len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	return c, nil
}

// encode writes the numbers of a configuration (Stem, a function, cannot
// be compared, and is taken to be the loader's).
func (c Config) encode(e *encoder) {
	for _, x := range c.numbers() {
		e.f64(x)
	}
}

func (c *Config) decode(d *decoder) {
	c.Threshold, c.UndatedThreshold, c.Related, c.TextWeight, c.TimeScale = d.f64(), d.f64(), d.f64(), d.f64(), d.f64()
	c.Dormancy = time.Duration(d.f64())
	c.Wake, c.SettleWindow = d.f64(), int(d.f64())
}

func (c Config) numbers() []float64 {
	return []float64{c.Threshold, c.UndatedThreshold, c.Related, c.TextWeight, c.TimeScale,
		float64(c.Dormancy), c.Wake, float64(c.SettleWindow)}
}

func (c Config) sameNumbers(o Config) bool { return slices.Equal(c.numbers(), o.numbers()) }

func (s *story) encode(e *encoder) error {
	if s.gone || s.into != nil {
		return fmt.Errorf("cluster: snapshot: story %d in memory is marked gone", s.id)
	}
	e.varint(s.id)
	e.vec(s.terms)
	encodeMap(e, s.ents, e.varint, e.f64)
	encodeMap(e, s.entNames, e.varint, e.str)
	e.uvarint(uint64(len(s.entKeys)))
	for _, k := range s.entKeys {
		e.varint(k)
	}
	e.uvarint(uint64(len(s.nameKeys)))
	for _, k := range s.nameKeys {
		e.str(k)
	}
	encodeMap(e, s.leads, e.varint, func(n int) { e.varint(int64(n)) })
	e.time(s.first)
	e.time(s.last)
	encodeMap(e, s.years, func(y int) { e.varint(int64(y)) }, func(n int) { e.varint(int64(n)) })
	encodeMap(e, s.names, e.str, e.f64)
	encodeMap(e, s.langs, e.str, func(n int) { e.varint(int64(n)) })
	e.str(s.lang)
	e.uvarint(uint64(len(s.articles)))
	for i, a := range s.articles {
		e.str(a)
		e.time(s.times[i])
	}
	e.varint(int64(s.seen))
	e.uvarint(uint64(s.mark))
	e.varint(int64(s.hits))
	e.uvarint(uint64(len(s.members)))
	for _, m := range s.members {
		e.vec(m.tf)
		e.f64(m.norm)
		e.varint(int64(m.normAt))
	}
	e.f64(s.norm)
	e.varint(int64(s.normAt))
	e.f64(s.entNorm)
	e.varint(int64(s.entNormAt))
	return nil
}

func decodeStory(d *decoder) *story {
	s := newStory(d.varint())
	s.terms = d.vec()
	decodeMap(d, s.ents, d.varint, d.f64)
	decodeMap(d, s.entNames, d.varint, d.str)
	for range d.count() {
		s.entKeys = append(s.entKeys, d.varint())
	}
	for range d.count() {
		s.nameKeys = append(s.nameKeys, d.str())
	}
	decodeMap(d, s.leads, d.varint, func() int { return int(d.varint()) })
	s.first, s.last = d.time(), d.time()
	decodeMap(d, s.years, func() int { return int(d.varint()) }, func() int { return int(d.varint()) })
	decodeMap(d, s.names, d.str, d.f64)
	decodeMap(d, s.langs, d.str, func() int { return int(d.varint()) })
	s.lang = d.str()
	n := d.count()
	s.articles, s.times = make([]string, n), make([]time.Time, n)
	for i := range n {
		s.articles[i], s.times[i] = d.str(), d.time()
	}
	s.seen = int(d.varint())
	s.mark = uint32(d.uvarint())
	s.hits = int(d.varint())
	for range d.count() {
		s.members = append(s.members, member{tf: d.vec(), norm: d.f64(), normAt: int(d.varint())})
	}
	s.norm, s.normAt = d.f64(), int(d.varint())
	s.entNorm, s.entNormAt = d.f64(), int(d.varint())
	return s
}

// encodeMap writes a map's entries in key order, so the same state gives
// the same bytes.
func encodeMap[K cmp.Ordered, V any](e *encoder, m map[K]V, key func(K), val func(V)) {
	e.uvarint(uint64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key(k)
		val(m[k])
	}
}

func decodeMap[K comparable, V any](d *decoder, m map[K]V, key func() K, val func() V) {
	for range d.count() {
		k := key()
		m[k] = val()
	}
}

func encodeIndex[K cmp.Ordered](e *encoder, m map[K][]*story, key func(K), ref func(*story) error) error {
	e.uvarint(uint64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key(k)
		l := m[k]
		e.uvarint(uint64(len(l)))
		for _, s := range l {
			if err := ref(s); err != nil {
				return err
			}
		}
	}
	return nil
}

func decodeIndex[K comparable](d *decoder, m map[K][]*story, key func() K, ref func() *story) {
	for range d.count() {
		k := key()
		n := d.count()
		l := make([]*story, n)
		for i := range l {
			l[i] = ref()
		}
		m[k] = l
	}
}

// encoder appends the snapshot's values: varints, floats as their bits,
// strings with their length, times in their binary form. The first error
// sticks.
type encoder struct {
	b   []byte
	err error
}

func (e *encoder) uvarint(x uint64) { e.b = binary.AppendUvarint(e.b, x) }
func (e *encoder) varint(x int64)   { e.b = binary.AppendVarint(e.b, x) }
func (e *encoder) f64(x float64)    { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x)) }

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.uvarint(0)
		return
	}
	b, err := t.MarshalBinary()
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("cluster: snapshot time %v: %w", t, err)
	}
	e.uvarint(uint64(len(b)))
	e.b = append(e.b, b...)
}

// vec writes a term vector: term ids as increasing deltas (vectors are
// sorted by id), weights as their bits.
func (e *encoder) vec(v vec) {
	e.uvarint(uint64(len(v)))
	prev := int32(0)
	for _, x := range v {
		e.varint(int64(x.t - prev))
		prev = x.t
		e.f64(x.w)
	}
}

// decoder reads what encoder wrote; the first error sticks and every
// later read returns a zero value.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("cluster: corrupt snapshot: "+format, args...)
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) varint() int64 {
	x, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return x
}

// count reads a length, bounded by what is left (each element takes at
// least a byte), so a corrupt length cannot make a huge allocation.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail("length %d past the end", n)
		return 0
	}
	return int(n)
}

func (d *decoder) f64() float64 {
	if len(d.b) < 8 {
		d.fail("short float")
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return x
}

func (d *decoder) bytes() []byte {
	n := d.count()
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) time() time.Time {
	b := d.bytes()
	var t time.Time
	if len(b) > 0 {
		if err := t.UnmarshalBinary(b); err != nil {
			d.fail("time: %v", err)
		}
	}
	return t
}

func (d *decoder) vec() vec {
	n := d.count()
	v := make(vec, n)
	prev := int32(0)
	for i := range v {
		prev += int32(d.varint())
		v[i] = tw{prev, d.f64()}
	}
	return v
}
