// Package iob decodes tag sequences (IOB1, IOB2, IOE, IOBES) into typed
// spans, the way conlleval reads them. The tagger's output and the gold
// corpora are both read with it.
package iob

import "strings"

// Span is a typed, half-open range [Start, End) of token positions.
type Span struct {
	Start, End int
	Type       string
}

// Chunks reads the entity spans of a tag sequence the way conlleval does:
// a tag is "O" or PREFIX-TYPE with PREFIX one of B, I, E, S; a chunk ends
// and another starts where the prefixes or the types say so, so IOB1 ("I"
// opening an entity) and IOB2 ("B" opening every entity) read alike.
func Chunks(tags []string) []Span {
	var out []Span
	start, prevPrefix, prevType := -1, "O", ""
	for i := 0; i <= len(tags); i++ {
		prefix, typ := "O", ""
		if i < len(tags) {
			prefix, typ = splitTag(tags[i])
		}
		if start >= 0 && chunkEnds(prevPrefix, prefix, prevType, typ) {
			out = append(out, Span{Start: start, End: i, Type: prevType})
			start = -1
		}
		if i < len(tags) && chunkStarts(prevPrefix, prefix, prevType, typ) {
			start = i
		}
		prevPrefix, prevType = prefix, typ
	}
	return out
}

func splitTag(tag string) (prefix, typ string) {
	if tag == "O" || tag == "" {
		return "O", ""
	}
	if p, t, ok := strings.Cut(tag, "-"); ok && len(p) == 1 {
		return p, t
	}
	return "I", tag // a bare type is inside an entity of that type
}

func chunkEnds(prev, cur, prevType, curType string) bool {
	switch {
	case prev == "O":
		return false
	case prev == "E" || prev == "S":
		return true
	case cur == "B" || cur == "S" || cur == "O":
		return true
	}
	return prevType != curType
}

func chunkStarts(prev, cur, prevType, curType string) bool {
	switch {
	case cur == "O":
		return false
	case cur == "B" || cur == "S":
		return true
	case prev == "E" || prev == "S" || prev == "O":
		return true
	}
	return prevType != curType
}
