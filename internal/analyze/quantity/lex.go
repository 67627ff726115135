package quantity

import (
	"unicode"
	"unicode/utf8"
)

// kind is what a token is.
type kind uint8

const (
	kNone kind = iota // outside the window: before the start or past the end
	kWord
	kNum
	kSym
	kCode // a digit run that is no amount: "9:30", "1.2.3", "12/03/2024"
)

// number is a numeral as written; its value is mant × 10^exp.
type number struct {
	mant    int64
	exp     int16
	digits  int16 // digits before the first separator
	grouped bool  // had thousands separators ("1,500", "1 500", "1.500.000")
	frac    bool  // had a decimal part
	dot3    bool  // "1.500": read as 1.5 here; 1500 when it counts things
	lead0   bool  // "007", "0958": codes, not amounts
}

func (n *number) value() float64 { return decimal(n.mant, int(n.exp)) }

// plainInt reports whether the numeral is digits only: "2014", not "2,014".
func (n *number) plainInt() bool { return !n.grouped && !n.frac && !n.dot3 && n.exp == 0 }

// token is a word, numeral or symbol with its byte range in the text.
type token struct {
	start, end int
	kind       kind
	gap        bool // preceded by space, or the first token of the text
	nl         bool // preceded by a line break
	upper      bool // word starting with an upper-case letter
	caps       bool // word of two or more letters, all upper case
	r          rune // the symbol, for kSym
	info       *wordInfo
	num        number
}

// lexer splits text into tokens one at a time, so Find holds only a
// window of tokens however long the text is.
type lexer struct {
	text string
	pos  int
}

// next reads the next token into t; false at the end of the text.
func (l *lexer) next(t *token) bool {
	s := l.text
	gap, nl := l.pos == 0, false
	for l.pos < len(s) {
		c := s[l.pos]
		if c < utf8.RuneSelf {
			if c == '\n' {
				nl = true
			} else if c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f' {
				break
			}
			gap = true
			l.pos++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[l.pos:])
		if !unicode.IsSpace(r) && r != '\u200b' {
			break
		}
		if r == '\u2028' || r == '\u2029' || r == '\u0085' {
			nl = true
		}
		gap = true
		l.pos += size
	}
	if l.pos >= len(s) {
		return false
	}
	*t = token{start: l.pos, gap: gap, nl: nl}
	c := s[l.pos]
	switch {
	case isDigit(c):
		l.number(t)
	case isLetterAt(s, l.pos):
		l.word(t)
	default:
		r, size := utf8.DecodeRuneInString(s[l.pos:])
		t.kind, t.r = kSym, r
		l.pos += size
	}
	t.end = l.pos
	return true
}

// word reads letters, with hyphens and apostrophes between letters
// ("twenty-seven", "year-old", "o'clock").
func (l *lexer) word(t *token) {
	s := l.text
	start := l.pos
	letters, lower := 0, false
	for l.pos < len(s) {
		r, size := rune(s[l.pos]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[l.pos:])
		}
		if isLetter(r) {
			if letters == 0 {
				t.upper = unicode.IsUpper(r)
			}
			if !unicode.IsUpper(r) {
				lower = true
			}
			letters++
			l.pos += size
			continue
		}
		if (r == '-' || r == '\'' || r == '’') && isLetterAt(s, l.pos+size) {
			l.pos += size
			continue
		}
		break
	}
	t.kind = kWord
	t.caps = letters >= 2 && !lower
	t.info = lookup(s[start:l.pos])
}

// number reads a numeral: digits with thousands separators in the common
// conventions and a decimal part. Separator rules:
//
//   - "," or "." or a space (plain, no-break or thin) followed by exactly
//     three digits groups thousands, after a first group of one to three
//     digits, with one separator kind throughout: "1,500", "1 500",
//     "1.500.000". A single "." group ("1.500") is ambiguous: it is read as
//     a decimal unless the number counts a noun ("1.500 people").
//   - "." followed by digits otherwise is the decimal point: "61.4".
//   - "," followed by one or two digits is a decimal comma only before a
//     scale word: "1,5 million". "1,50" alone stays two numbers.
//   - a numeral running on into ":", "/" or another "." and digits is a
//     time, date, version or address, and is read as a code.
func (l *lexer) number(t *token) {
	s := l.text
	p := l.pos
	q := digitsEnd(s, p)
	if q-p > 18 {
		l.pos = codeEnd(s, q)
		t.kind = kCode
		return
	}
	n := number{mant: atoi(s[p:q]), digits: int16(q - p), lead0: q-p > 1 && s[p] == '0'}
	if n.digits <= 3 && !n.lead0 {
		q = groups(s, q, &n)
	}
	q = decimals(s, q, &n)
	if q+1 < len(s) && (s[q] == '.' || s[q] == ':' || s[q] == '/') && isDigit(s[q+1]) {
		l.pos = codeEnd(s, q)
		t.kind = kCode
		return
	}
	l.pos = q
	t.kind = kNum
	t.num = n
}

// groups reads thousands groups after the first digits, ending at q.
func groups(s string, q int, n *number) int {
	var style byte
	count := 0
	for {
		sep, size := separator(s, q)
		if size == 0 || (style != 0 && sep != style) {
			break
		}
		g := q + size
		if !threeDigits(s, g) {
			break
		}
		if sep == ' ' {
			// "020 7946 0958" is a telephone number, not 20,794,600,958.
			if next, sz := separator(s, g+3); next == ' ' && sz > 0 && g+3+sz < len(s) && isDigit(s[g+3+sz]) {
				break
			}
		}
		if n.mant > 1e14 {
			break
		}
		n.mant = n.mant*1000 + atoi(s[g:g+3])
		style = sep
		count++
		q = g + 3
	}
	switch {
	case style == '.' && count == 1:
		n.dot3 = true
		n.exp = -3
	case count > 0:
		n.grouped = true
	}
	return q
}

// decimals reads a decimal part after q.
func decimals(s string, q int, n *number) int {
	if n.dot3 || q+1 >= len(s) || !isDigit(s[q+1]) {
		return q
	}
	switch {
	case s[q] == '.':
	case s[q] == ',' && !n.grouped && n.digits <= 3:
		e := digitsEnd(s, q+1)
		if e-q-1 > 2 || !scaleWordAt(s, e) {
			return q
		}
	default:
		return q
	}
	e := digitsEnd(s, q+1)
	for i := q + 1; i < e && n.mant < 1e17; i++ {
		n.mant = n.mant*10 + int64(s[i]-'0')
		n.exp--
	}
	n.frac = true
	return e
}

// separator returns the thousands separator at i: ',', '.', or ' ' for a
// plain, no-break, narrow no-break or thin space, with its size in bytes.
func separator(s string, i int) (byte, int) {
	if i >= len(s) {
		return 0, 0
	}
	switch s[i] {
	case ',', '.', ' ':
		return s[i], 1
	case 0xC2: // U+00A0 no-break space
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return ' ', 2
		}
	case 0xE2: // U+2009 thin space, U+202F narrow no-break space
		if i+2 < len(s) && ((s[i+1] == 0x80 && s[i+2] == 0x89) || (s[i+1] == 0x80 && s[i+2] == 0xAF)) {
			return ' ', 3
		}
	}
	return 0, 0
}

// scaleWordAt reports whether a scale word or abbreviation follows at i,
// after at most one space: the test for a decimal comma.
func scaleWordAt(s string, i int) bool {
	if _, size := separator(s, i); size > 0 && s[i] != ',' && s[i] != '.' {
		i += size
	}
	j := i
	for j < len(s) && j-i < 9 && ((s[j]|0x20) >= 'a' && (s[j]|0x20) <= 'z') {
		j++
	}
	if j == i || (j < len(s) && isLetterAt(s, j)) {
		return false
	}
	switch lowerASCII(s[i:j]) {
	case "thousand", "million", "billion", "trillion", "bn", "mn", "m", "tn", "mln", "bln", "k":
		return true
	}
	return false
}

func threeDigits(s string, g int) bool {
	return g+3 <= len(s) && isDigit(s[g]) && isDigit(s[g+1]) && isDigit(s[g+2]) &&
		(g+3 == len(s) || !isDigit(s[g+3]))
}

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// codeEnd skips digits joined by separators: "9:30", "192.168.1.1".
func codeEnd(s string, i int) int {
	for i < len(s) {
		switch {
		case isDigit(s[i]):
			i++
		case (s[i] == '.' || s[i] == ':' || s[i] == '/' || s[i] == ',') && i+1 < len(s) && isDigit(s[i+1]):
			i++
		default:
			return i
		}
	}
	return i
}

func atoi(s string) int64 {
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r|0x20 && r|0x20 <= 'z')
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

func isLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		return isLetter(rune(s[i]))
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isLetter(r)
}
