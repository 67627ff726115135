package ner

import (
	"fmt"
	"strings"
)

// The tagger predicts BILOU labels (Begin, Inside, Last, Unit-length,
// Outside) rather than the IOB2 tags of the training files: Ratinov and
// Roth (2009) found BILOU gives a greedy left-to-right tagger about one F1
// point more, because the last token of a name is told apart from its
// middle. Tags are converted on the way in and on the way out.

// labelSet is the label inventory of one model: O, then B, I, L, U for each
// entity type in order.
type labelSet struct {
	types []string
	names []string // label id -> "B-PER" etc.; id 0 is "O"
}

func newLabelSet(types []string) labelSet {
	ls := labelSet{types: append([]string(nil), types...), names: []string{"O"}}
	for _, t := range types {
		for _, p := range "BILU" {
			ls.names = append(ls.names, string(p)+"-"+t)
		}
	}
	return ls
}

func (ls labelSet) n() int { return len(ls.names) }

// label returns the id of prefix p ('B','I','L','U') of type index t.
func (ls labelSet) label(p byte, t int) int {
	return 1 + 4*t + strings.IndexByte("BILU", p)
}

// parts splits a label id into its prefix and type index; O gives ('O', -1).
func (ls labelSet) parts(id int) (byte, int) {
	if id == 0 {
		return 'O', -1
	}
	return "BILU"[(id-1)%4], (id - 1) / 4
}

// allowed reports whether label cur may follow label prev in a
// well-formed BILOU sequence. prev is -1 at the start of a sentence.
func (ls labelSet) allowed(prev, cur int) bool {
	pp, pt := byte('O'), -1
	if prev >= 0 {
		pp, pt = ls.parts(prev)
	}
	cp, ct := ls.parts(cur)
	open := pp == 'B' || pp == 'I'
	switch cp {
	case 'I', 'L':
		return open && pt == ct
	default: // O, B, U
		return !open
	}
}

// allowedEnd reports whether a sentence may end after label id.
func (ls labelSet) allowedEnd(id int) bool {
	p, _ := ls.parts(id)
	return p != 'B' && p != 'I'
}

// typeIndex returns the index of an entity type, or -1.
func (ls labelSet) typeIndex(t string) int {
	for i, x := range ls.types {
		if x == t {
			return i
		}
	}
	return -1
}

// fromIOB converts IOB1 or IOB2 tags to label ids. Types the set does not
// know become O.
func (ls labelSet) fromIOB(tags []string) ([]int, error) {
	out := make([]int, len(tags))
	type chunk struct{ start, end, typ int }
	var chunks []chunk
	prevType := ""
	for i, tag := range tags {
		if tag == "O" || tag == "" {
			prevType = ""
			continue
		}
		p, t, ok := strings.Cut(tag, "-")
		if !ok || (p != "B" && p != "I") || t == "" {
			return nil, fmt.Errorf("tag %q at token %d: want O, B-TYPE or I-TYPE", tag, i+1)
		}
		if p == "B" || t != prevType {
			chunks = append(chunks, chunk{i, i + 1, ls.typeIndex(t)})
		} else {
			chunks[len(chunks)-1].end = i + 1
		}
		prevType = t
	}
	for _, c := range chunks {
		if c.typ < 0 {
			continue
		}
		if c.end-c.start == 1 {
			out[c.start] = ls.label('U', c.typ)
			continue
		}
		out[c.start] = ls.label('B', c.typ)
		for k := c.start + 1; k < c.end-1; k++ {
			out[k] = ls.label('I', c.typ)
		}
		out[c.end-1] = ls.label('L', c.typ)
	}
	return out, nil
}

// toIOB2 converts label ids to IOB2 tags.
func (ls labelSet) toIOB2(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		p, t := ls.parts(id)
		switch p {
		case 'O':
			out[i] = "O"
		case 'B', 'U':
			out[i] = "B-" + ls.types[t]
		default:
			out[i] = "I-" + ls.types[t]
		}
	}
	return out
}
