// Package stem reduces English words to their stems (the Snowball English
// "Porter2" algorithm), so "talks", "talked" and "talking" index as one term.
//
// The algorithm is the one Martin Porter published as the Snowball English
// stemmer: regions R1 and R2 with the gener/commun/arsen prefixes, the two
// exception lists, and steps 0 to 5. Snowball 3.0 (2025) revised the
// English stemmer (more R1 prefixes, no post-1a exception list); this
// package implements the earlier definition, which most deployed Porter2
// stemmers (PostgreSQL's english_stem among them) still follow.
package stem

// stackWord is the longest word stemmed without a heap buffer. Running text
// rarely holds longer words, and those pay for one extra allocation.
const stackWord = 64

// English returns the stem of a lower-case English word. Words of one or
// two letters, and words with characters outside a–z and the apostrophe,
// are returned unchanged (after the algorithm's apostrophe handling).
//
// ASCII upper-case letters are lowered first. Any other byte (digits,
// punctuation, non-ASCII letters, invalid UTF-8) returns word as given.
// A word that is nothing but a leading apostrophe and a possessive ending
// stems to the empty string. When the stem is a prefix of word, as it
// usually is, English returns a substring of word and allocates nothing.
func English(word string) string {
	var buf [stackWord]byte
	var b []byte
	if len(word) <= len(buf) {
		b = buf[:len(word)]
	} else {
		b = make([]byte, len(word))
	}
	lowered, ok := lowerInto(b, word)
	if !ok {
		return word
	}
	if stem, ok := exceptionalForm(b); ok {
		return stem
	}
	// The length test comes before the apostrophe is removed, as in the
	// Snowball definition, so "'ab" is still stemmed (to "ab").
	if len(b) < 3 {
		if lowered {
			return string(b)
		}
		return word
	}

	// Prelude: a leading apostrophe is dropped. Only one, by definition.
	start := 0
	if b[0] == '\'' {
		start = 1
	}
	s := stemmer{b: b[start:]}
	s.stem()

	// Every rule shortens the word or keeps its length, so the stem fits
	// in the input; when it also matches it, share the input's bytes.
	if !lowered {
		if in := word[start : start+len(s.b)]; string(s.b) == in {
			return in
		}
	}
	return string(s.b)
}

// lowerInto copies word into b (of the same length), lowering A–Z. It
// reports whether any letter was lowered, and fails on any byte that is not
// an ASCII letter or an apostrophe.
func lowerInto(b []byte, word string) (lowered, ok bool) {
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case 'a' <= c && c <= 'z', c == '\'':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
			lowered = true
		default:
			return false, false
		}
		b[i] = c
	}
	return lowered, true
}

// exceptionalForm looks up the whole words the rules would get wrong. It
// is checked before anything else, apostrophes included.
func exceptionalForm(b []byte) (string, bool) {
	switch string(b) {
	case "skis":
		return "ski", true
	case "skies":
		return "sky", true
	case "dying":
		return "die", true
	case "lying":
		return "lie", true
	case "tying":
		return "tie", true
	case "idly":
		return "idl", true
	case "gently":
		return "gentl", true
	case "ugly":
		return "ugli", true
	case "early":
		return "earli", true
	case "only":
		return "onli", true
	case "singly":
		return "singl", true
	case "sky":
		return "sky", true
	case "news":
		return "news", true
	case "howe":
		return "howe", true
	case "atlas":
		return "atlas", true
	case "cosmos":
		return "cosmos", true
	case "bias":
		return "bias", true
	case "andes":
		return "andes", true
	}
	return "", false
}

// invariantAfter1a reports whether the word, as left by step 1a, is one the
// remaining steps would mangle ("inning" → "inn", "proceed" → "procee").
func invariantAfter1a(b []byte) bool {
	switch string(b) {
	case "inning", "outing", "canning", "herring", "earring",
		"proceed", "exceed", "succeed":
		return true
	}
	return false
}

// stemmer is the state of one word's stemming. No step lengthens the word
// (step 1b's added "e" replaces a removed "ed" or "ing"), so every change
// happens in place, in the caller's buffer.
type stemmer struct {
	b      []byte
	p1, p2 int // starts of regions R1 and R2; len(b) when a region is empty
}

func (s *stemmer) stem() {
	marked := s.markConsonantY()
	s.markRegions()
	s.step0()
	s.step1a()
	if !invariantAfter1a(s.b) {
		s.step1b()
		s.step1c()
		s.applyLongest(&step2)
		s.applyLongest(&step3)
		s.applyLongest(&step4)
		s.step5()
	}
	if marked {
		s.unmarkY()
	}
}

// vowels marks the letters the algorithm treats as vowels. A consonant y is
// rewritten as Y, which is therefore not a vowel.
var vowels = [256]bool{'a': true, 'e': true, 'i': true, 'o': true, 'u': true, 'y': true}

func isVowel(c byte) bool { return vowels[c] }

// markConsonantY rewrites as Y each y that acts as a consonant: at the start
// of the word or after a vowel. The scan runs left to right over the
// rewritten word, so in "sayy" only the first y becomes Y. It reports
// whether any Y was written, so that the postlude can be skipped.
func (s *stemmer) markConsonantY() bool {
	marked := false
	for i, c := range s.b {
		if c == 'y' && (i == 0 || isVowel(s.b[i-1])) {
			s.b[i] = 'Y'
			marked = true
		}
	}
	return marked
}

// unmarkY is the postlude: consonant Y goes back to y.
func (s *stemmer) unmarkY() {
	for i, c := range s.b {
		if c == 'Y' {
			s.b[i] = 'y'
		}
	}
}

// r1Prefixes end R1 early for words whose natural R1 would leave too much
// to the suffix rules (generous, communism, arsenal).
var r1Prefixes = [...]string{"gener", "commun", "arsen"}

func (s *stemmer) markRegions() {
	s.p1 = -1
	for _, p := range r1Prefixes {
		if len(s.b) >= len(p) && string(s.b[:len(p)]) == p {
			s.p1 = len(p)
			break
		}
	}
	if s.p1 < 0 {
		s.p1 = regionAfter(s.b, 0)
	}
	s.p2 = regionAfter(s.b, s.p1)
}

// regionAfter returns the index just past the first non-vowel that follows
// a vowel at or after from, or len(b) when there is none.
func regionAfter(b []byte, from int) int {
	for i := from + 1; i < len(b); i++ {
		if isVowel(b[i-1]) && !isVowel(b[i]) {
			return i + 1
		}
	}
	return len(b)
}

func endsWith(b []byte, suf string) bool {
	return len(b) >= len(suf) && string(b[len(b)-len(suf):]) == suf
}

func (s *stemmer) hasSuffix(suf string) bool { return endsWith(s.b, suf) }

// trim removes the last n letters.
func (s *stemmer) trim(n int) { s.b = s.b[:len(s.b)-n] }

// replaceSuffix replaces the last n letters by repl. No rule's replacement
// is longer than what it replaces, so the word never outgrows its buffer;
// the slicing here would panic if a rule broke that.
func (s *stemmer) replaceSuffix(n int, repl string) {
	start := len(s.b) - n
	s.b = s.b[:start+len(repl)]
	copy(s.b[start:], repl)
}

// step0 removes a possessive or plural-possessive apostrophe ending.
func (s *stemmer) step0() {
	switch {
	case s.hasSuffix("'s'"):
		s.trim(3)
	case s.hasSuffix("'s"):
		s.trim(2)
	case s.hasSuffix("'"):
		s.trim(1)
	}
}

// step1a handles plural s.
func (s *stemmer) step1a() {
	switch {
	case s.hasSuffix("sses"):
		s.trim(2)
	case s.hasSuffix("ied"), s.hasSuffix("ies"):
		// "cries" → "cri" but "ties" → "tie": a one-letter stem keeps its e.
		if len(s.b) > 4 {
			s.trim(2)
		} else {
			s.trim(1)
		}
	case s.hasSuffix("us"), s.hasSuffix("ss"):
		// Not plurals: "bus", "class".
	case s.hasSuffix("s"):
		// The vowel must come before the letter preceding the s, so that
		// "gas" and "this" keep it while "gaps" and "kiwis" lose it.
		if len(s.b) >= 2 && containsVowel(s.b[:len(s.b)-2]) {
			s.trim(1)
		}
	}
}

func containsVowel(b []byte) bool {
	for _, c := range b {
		if isVowel(c) {
			return true
		}
	}
	return false
}

// step1b removes -ed and -ing endings and repairs the stem they leave.
func (s *stemmer) step1b() {
	var n int
	eed := false
	switch {
	case s.hasSuffix("eedly"):
		n, eed = 5, true
	case s.hasSuffix("ingly"):
		n = 5
	case s.hasSuffix("edly"):
		n = 4
	case s.hasSuffix("eed"):
		n, eed = 3, true
	case s.hasSuffix("ing"):
		n = 3
	case s.hasSuffix("ed"):
		n = 2
	default:
		return
	}
	start := len(s.b) - n
	if eed {
		// "agreed" → "agree", but "feed" (eed outside R1) is left alone;
		// the shorter "ed" is not tried instead.
		if start >= s.p1 {
			s.trim(n - 2)
		}
		return
	}
	// "bed" and "sing" have no vowel before the ending, so no ending.
	stem := s.b[:start]
	if !containsVowel(stem) {
		return
	}
	switch {
	case endsWith(stem, "at"), endsWith(stem, "bl"), endsWith(stem, "iz"):
		s.replaceSuffix(n, "e") // luxuriat → luxuriate
	case endsInDouble(stem):
		s.trim(n + 1) // hopp → hop
	case s.p1 == start && endsInShortSyllable(stem):
		s.replaceSuffix(n, "e") // a short word: hop → hope
	default:
		s.trim(n)
	}
}

// endsInDouble reports whether b ends in one of the doubled letters English
// spelling adds before a suffix (hopping, but not tossing or falling).
func endsInDouble(b []byte) bool {
	n := len(b)
	if n < 2 || b[n-1] != b[n-2] {
		return false
	}
	switch b[n-1] {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// endsInShortSyllable reports whether b ends in a short syllable: a
// non-vowel, vowel, non-vowel other than w, x or Y; or, for a two-letter
// b, a vowel followed by any non-vowel.
func endsInShortSyllable(b []byte) bool {
	n := len(b)
	switch {
	case n == 2:
		return isVowel(b[0]) && !isVowel(b[1])
	case n >= 3:
		last := b[n-1]
		return !isVowel(last) && last != 'w' && last != 'x' && last != 'Y' &&
			isVowel(b[n-2]) && !isVowel(b[n-3])
	}
	return false
}

// step1c turns a final y or Y after a consonant into i ("cry" → "cri"),
// unless that consonant starts the word ("by").
func (s *stemmer) step1c() {
	n := len(s.b)
	if n >= 3 && (s.b[n-1] == 'y' || s.b[n-1] == 'Y') && !isVowel(s.b[n-2]) {
		s.b[n-1] = 'i'
	}
}

// step5 removes a final e or the second of a final ll.
func (s *stemmer) step5() {
	n := len(s.b)
	if n == 0 {
		return
	}
	switch s.b[n-1] {
	case 'e':
		// "generate" loses it (in R2); "hope" keeps it, as the e is what
		// makes its syllable long.
		if n-1 >= s.p2 || (n-1 >= s.p1 && !endsInShortSyllable(s.b[:n-1])) {
			s.trim(1)
		}
	case 'l':
		if n-1 >= s.p2 && n >= 2 && s.b[n-2] == 'l' {
			s.trim(1)
		}
	}
}
