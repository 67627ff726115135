package quote

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// family is a kind of quotation mark: which marks open and close it.
type family int

const (
	famNone       family = iota
	famStraight          // "…"
	famCurly             // “…”
	famLow               // „…“ or „…”
	famGuillemet         // «…»
	famSingleGuil        // ‹…›
	famSingle            // ‘…’ or '…' (British primary quotes, or quotes inside quotes)
)

// span is a byte range [start, end).
type span struct{ start, end int }

// piece is one stretch of quoted words between quotation marks. A quote
// that runs over several paragraphs is several pieces of one group.
type piece struct {
	open        int // the opening mark
	start, end  int // the quoted words, without marks and outer spaces
	close       int // just after the closing mark; end of paragraph when unclosed
	closed      bool
	group, part int
}

// paragraphs splits text at blank lines, or at line breaks when the text
// has no blank line. Each paragraph is trimmed of surrounding white space;
// empty ones are dropped.
func paragraphs(text string) []span {
	blank := hasBlankLine(text)
	var out []span
	add := func(a, b int) {
		for a < b {
			r, n := utf8.DecodeRuneInString(text[a:])
			if !unicode.IsSpace(r) {
				break
			}
			a += n
		}
		for b > a {
			r, n := utf8.DecodeLastRuneInString(text[:b])
			if !unicode.IsSpace(r) {
				break
			}
			b -= n
		}
		if a < b {
			out = append(out, span{a, b})
		}
	}
	start := 0
	for i := 0; i < len(text); {
		if text[i] != '\n' {
			i++
			continue
		}
		j, lines := i+1, 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n') {
			if text[j] == '\n' {
				lines++
			}
			j++
		}
		if lines >= 2 || !blank {
			add(start, i)
			start = j
		}
		i = j
	}
	add(start, len(text))
	return out
}

func hasBlankLine(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		for j := i + 1; j < len(text); j++ {
			switch text[j] {
			case ' ', '\t', '\r':
				continue
			case '\n':
				return true
			}
			break
		}
	}
	return false
}

// runeBefore returns the rune ending at i, or 0 at the start.
func runeBefore(text string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

// runeAt returns the rune at i and its size, or 0 at the end.
func runeAt(text string, i int) (rune, int) {
	if i >= len(text) {
		return 0, 0
	}
	return utf8.DecodeRuneInString(text[i:])
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

func isDash(r rune) bool {
	return r == '-' || r == '–' || r == '—' || r == '―' || r == '‒'
}

// opensAfter reports whether a rune can come right before an opening mark.
func opensAfter(r rune) bool {
	return r == 0 || isSpace(r) || isDash(r) || strings.ContainsRune("([{/:“\"‘«‹„", r)
}

// straightOpens reports whether the straight double quote at i opens a
// quote: it follows a space, a bracket or a dash (or starts the text) and
// is followed by a non-space.
func straightOpens(text string, i int) bool {
	next, _ := runeAt(text, i+1)
	return next != 0 && !isSpace(next) && opensAfter(runeBefore(text, i))
}

// elisions are words written with a leading apostrophe that can look like
// an opening single quote: 'em, 'til, 'n', 'tis.
var elisions = map[string]bool{"em": true, "til": true, "tis": true, "twas": true, "cause": true,
	"n": true, "bout": true, "round": true, "cos": true, "coz": true, "im": false}

// singleOpens reports whether ‘ or ' at i (size bytes) opens a quote and
// is not an apostrophe ("’90s", "'em", "rock 'n' roll").
func singleOpens(text string, i, size int) bool {
	if !opensAfter(runeBefore(text, i)) {
		return false
	}
	j := i + size
	next, _ := runeAt(text, j)
	if next == 0 || !(unicode.IsLetter(next) || unicode.IsDigit(next) || strings.ContainsRune("“\"«(", next)) {
		return false
	}
	// A decade or a year: '90s, ’24.
	if len(text) >= j+2 && isDigitByte(text[j]) && isDigitByte(text[j+1]) {
		after, _ := runeAt(text, j+2)
		if after == 's' || !(unicode.IsLetter(after) || unicode.IsDigit(after)) {
			return false
		}
	}
	k := j
	for k < len(text) {
		r, n := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsLetter(r) {
			break
		}
		k += n
	}
	return !elisions[strings.ToLower(text[j:k])]
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// openerAt returns the family of the opening mark at i, if there is one.
func openerAt(text string, i int) (family, int) {
	r, size := runeAt(text, i)
	switch r {
	case '"':
		if straightOpens(text, i) {
			return famStraight, size
		}
	case '“':
		next, _ := runeAt(text, i+size)
		prev := runeBefore(text, i)
		if next != 0 && !(prev != 0 && !isSpace(prev) && !opensAfter(prev) && isSpace(next)) {
			return famCurly, size
		}
	case '„':
		if next, _ := runeAt(text, i+size); next != 0 {
			return famLow, size
		}
	case '«':
		if next, _ := runeAt(text, i+size); next != 0 {
			return famGuillemet, size
		}
	case '‹':
		if next, _ := runeAt(text, i+size); next != 0 && opensAfter(runeBefore(text, i)) {
			return famSingleGuil, size
		}
	case '‘', '\'':
		if singleOpens(text, i, size) {
			return famSingle, size
		}
	}
	return famNone, 0
}

// continues reports whether the opening mark r continues a quote of
// family fam in a new paragraph.
func continues(fam family, r rune) bool {
	switch fam {
	case famStraight:
		return r == '"'
	case famCurly:
		return r == '“'
	case famLow:
		return r == '„'
	case famGuillemet:
		return r == '«'
	case famSingleGuil:
		return r == '‹'
	case famSingle:
		return r == '‘' || r == '\''
	}
	return false
}

// findCloser returns the position and size of the mark that closes a
// quote of family fam whose words start at from, looking no further than
// limit; -1 when there is none.
func findCloser(text string, from, limit int, fam family) (int, int) {
	switch fam {
	case famStraight:
		depth, first := 1, -1
		for j := from; j < limit; j++ {
			if text[j] != '"' {
				continue
			}
			if straightOpens(text, j) && !closesBefore(text, j) {
				depth++
				continue
			}
			if first < 0 {
				first = j
			}
			if depth--; depth == 0 {
				return j, 1
			}
		}
		if depth > 1 && first >= 0 {
			return first, 1
		}
		return -1, 0
	case famCurly, famGuillemet:
		open, cls := '“', '”'
		if fam == famGuillemet {
			open, cls = '«', '»'
		}
		depth, first, straight := 1, -1, -1
		for j := from; j < limit; {
			r, n := utf8.DecodeRuneInString(text[j:])
			switch {
			case r == open:
				depth++
			case r == cls:
				if first < 0 {
					first = j
				}
				if depth--; depth == 0 {
					return j, n
				}
			case r == '"' && straight < 0 && fam == famCurly && !straightOpens(text, j):
				straight = j // a mixed-up closing mark
			}
			j += n
		}
		if first >= 0 {
			return first, len(string(cls))
		}
		if straight >= 0 {
			return straight, 1
		}
		return -1, 0
	case famLow:
		for j := from; j < limit; {
			r, n := utf8.DecodeRuneInString(text[j:])
			if r == '“' || r == '”' {
				return j, n
			}
			j += n
		}
		return -1, 0
	case famSingleGuil:
		if k := strings.IndexRune(text[from:limit], '›'); k >= 0 {
			return from + k, len("›")
		}
		return -1, 0
	case famSingle:
		weak, weakN := -1, 0
		for j := from; j < limit; {
			r, n := utf8.DecodeRuneInString(text[j:])
			if (r == '’' || r == '\'') && j > from {
				prev := runeBefore(text, j)
				next, _ := runeAt(text, j+n)
				if !isSpace(prev) && !(unicode.IsLetter(next) || unicode.IsDigit(next)) {
					// "the ministers’ decision": a plural possessive, unless
					// nothing better follows.
					if (prev == 's' || prev == 'S') && isSpace(next) && lowerWordAfter(text, j+n) {
						if weak < 0 {
							weak, weakN = j, n
						}
					} else {
						return j, n
					}
				}
			}
			j += n
		}
		return weak, weakN
	}
	return -1, 0
}

// closesBefore reports whether the straight quote at j directly follows
// punctuation that ends quoted words ("word," "), which makes it a closing
// mark even with a space after it.
func closesBefore(text string, j int) bool {
	prev := runeBefore(text, j)
	return prev != 0 && !isSpace(prev) && !opensAfter(prev)
}

// lowerWordAfter reports whether spaces and then a lower-case letter
// follow i.
func lowerWordAfter(text string, i int) bool {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isSpace(r) {
			return unicode.IsLower(r)
		}
		i += n
	}
	return false
}

// trimSpan trims white space from both ends of [a, b).
func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(text[a:b])
		if !isSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(text[a:b])
		if !isSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}

// scanMarks finds the quoted stretches of text: outermost quotes only (a
// quote inside a quote is part of the outer one), each closed within its
// paragraph, or continued in the next paragraph when that one opens with
// the same mark, or (double quotes and guillemets) ended at the paragraph
// end when never closed. A single quote that is never closed is taken for
// an apostrophe.
func scanMarks(text string, paras []span) []piece {
	var out []piece
	group := 0
	pi := 0
	// An unclosed single quote means no closing mark follows it in its
	// paragraph, so later apostrophes there need not look again: this
	// keeps a paragraph full of apostrophes linear.
	deadPara, deadFrom, deadFam := -1, 0, famNone
	for i := 0; i < len(text); {
		for pi < len(paras) && paras[pi].end <= i {
			pi++
		}
		if pi >= len(paras) {
			break
		}
		if i < paras[pi].start {
			i = paras[pi].start
		}
		fam, size := openerAt(text, i)
		if fam == famNone {
			_, n := runeAt(text, i)
			i += max(n, 1)
			continue
		}
		single := fam == famSingle || fam == famSingleGuil
		if single && deadPara == pi && deadFam == fam && i >= deadFrom {
			i += size
			continue
		}
		pieces, next := closeQuote(text, paras, pi, i, size, fam)
		if len(pieces) == 0 {
			if single {
				deadPara, deadFrom, deadFam = pi, i, fam
			}
			i += size
			continue
		}
		for k := range pieces {
			pieces[k].group, pieces[k].part = group, k
		}
		group++
		out = append(out, pieces...)
		i = next
	}
	return out
}

// closeQuote follows a quote opened at open (a mark of size bytes) in
// paragraph pi to its end. It returns the quote's pieces (none when it is
// not a quote) and where scanning goes on.
func closeQuote(text string, paras []span, pi, open, size int, fam family) ([]piece, int) {
	var pieces []piece
	add := func(p piece) {
		p.start, p.end = trimSpan(text, p.start, p.end)
		if p.start < p.end {
			pieces = append(pieces, p)
		}
	}
	for {
		from := open + size
		limit := paras[pi].end
		if j, n := findCloser(text, from, limit, fam); j >= 0 {
			add(piece{open: open, start: from, end: j, close: j + n, closed: true})
			return pieces, j + n
		}
		unclosed := piece{open: open, start: from, end: limit, close: limit}
		if pi+1 < len(paras) {
			next := paras[pi+1].start
			if r, n := runeAt(text, next); continues(fam, r) {
				if f, _ := openerAt(text, next); f == fam || (fam == famSingle && f == famSingle) {
					add(unclosed)
					pi, open, size = pi+1, next, n
					continue
				}
			}
		}
		if fam == famSingle || fam == famSingleGuil {
			if len(pieces) == 0 {
				return nil, 0
			}
		}
		add(unclosed)
		return pieces, limit
	}
}

// paraOf returns the index of the paragraph holding byte i (the last one
// starting at or before i).
func paraOf(paras []span, i int) int {
	k := sort.Search(len(paras), func(k int) bool { return paras[k].start > i })
	return max(k-1, 0)
}
