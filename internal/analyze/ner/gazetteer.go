package ner

import "strings"

// maxPhrase is the longest gazetteer phrase, in tokens.
const maxPhrase = 8

// A gazetteer is a set of named phrase lists (countries, first names,
// organisations seen in other corpora...). The tagger does not trust them:
// it learns how much each list's matches are worth, and in which position
// of a phrase. Phrases are matched case-insensitively as token sequences,
// and stored as hashes of their lower-cased tokens, so the model file holds
// no phrase text.
type gazetteer struct {
	lists   []string          // list names, at most 255
	phrases map[uint64]uint64 // phrase hash -> bitmask of lists
}

func phraseHash(h uint64, lowerTokenHash uint64) uint64 {
	return mix(h^0x243F6A8885A308D3, lowerTokenHash)
}

// add puts a phrase, given as its tokens, into list.
func (g *gazetteer) add(list string, tokens []string) {
	if len(tokens) == 0 || len(tokens) > maxPhrase {
		return
	}
	id := -1
	for i, l := range g.lists {
		if l == list {
			id = i
		}
	}
	if id < 0 {
		if len(g.lists) == 64 {
			return // the bitmask is full; callers keep to few lists
		}
		g.lists = append(g.lists, list)
		id = len(g.lists) - 1
	}
	if g.phrases == nil {
		g.phrases = make(map[uint64]uint64)
	}
	h := uint64(0)
	for _, t := range tokens {
		h = phraseHash(h, hashString(strings.ToLower(t)))
	}
	g.phrases[h] |= 1 << uint(id)
}

// annotate records, for every token of the sentence, the lists whose
// phrases cover it and at which position.
func (g *gazetteer) annotate(si *sentenceInfo) {
	if len(g.phrases) == 0 {
		return
	}
	toks := si.toks
	for i := range toks {
		h := uint64(0)
		for j := i; j < len(toks) && j-i < maxPhrase; j++ {
			h = phraseHash(h, toks[j].lower)
			mask, ok := g.phrases[h]
			if !ok {
				continue
			}
			for list := 0; mask != 0; list++ {
				if mask&1 != 0 {
					if j == i {
						toks[i].gaz = append(toks[i].gaz, gazHit{uint8(list), 'U'})
					} else {
						toks[i].gaz = append(toks[i].gaz, gazHit{uint8(list), 'B'})
						for k := i + 1; k < j; k++ {
							toks[k].gaz = append(toks[k].gaz, gazHit{uint8(list), 'I'})
						}
						toks[j].gaz = append(toks[j].gaz, gazHit{uint8(list), 'L'})
					}
				}
				mask >>= 1
			}
		}
	}
}

// wordClasses maps a word to its class at each granularity, learned from
// unlabeled text.
type wordClasses struct {
	levels int
	class  map[string][]uint16
}

func (w *wordClasses) lookup(word string) ([]uint16, bool) {
	if w.class == nil {
		return nil, false
	}
	c, ok := w.class[normalizeDigits(word)]
	return c, ok
}

// normalizeDigits replaces every digit with '0', the way word classes are
// trained, so "1996" and "2024" share a class.
func normalizeDigits(s string) string {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return s
	}
	b := []byte(s)
	for k := i; k < len(b); k++ {
		if b[k] >= '0' && b[k] <= '9' {
			b[k] = '0'
		}
	}
	return string(b)
}
