// Package token splits article text into sentences and tokens, each with
// byte offsets into the text, so every later annotation can point back at
// the characters it came from. Tokens follow the conventions of the
// CoNLL-2003 and Penn Treebank data the tagger learns from: punctuation
// apart, "'s" and "n't" apart, abbreviations ("U.S.", "Mr.") and numbers
// ("1,200.50", "6.5%" as "6.5" "%") whole, hyphenated words whole.
package token

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a token and its byte range [Start, End) in the text.
type Token struct {
	Text       string
	Start, End int
}

// Sentence is a sentence's byte range and its tokens.
type Sentence struct {
	Start, End int
	Tokens     []Token
}

// abbreviations end with a period that does not end a sentence; stored
// lower case, without the final period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "cmdr": true, "adm": true, "maj": true,
	"gov": true, "sen": true, "rep": true, "rev": true, "hon": true, "pres": true, "supt": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "bros": true, "no": true, "vs": true, "etc": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mt": true, "ft": true, "approx": true, "dept": true, "est": true, "fig": true, "e.g": true, "i.e": true,
}

// Tokenize returns the tokens of text.
func Tokenize(text string) []Token {
	var out []Token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		out = splitChunk(text, i, j, out)
		i = j
	}
	return out
}

// splitChunk splits a whitespace-delimited chunk text[start:end] into
// tokens, appending them to out.
func splitChunk(text string, start, end int, out []Token) []Token {
	// Leading punctuation: quotes, brackets.
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !isOpening(r) {
			break
		}
		out = append(out, Token{text[start : start+size], start, start + size})
		start += size
	}
	// Trailing punctuation, kept in order after the core.
	var tail []Token
	for start < end {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !isClosing(r) {
			break
		}
		if r == '.' && keepsPeriod(text[start:end]) {
			break
		}
		tail = append(tail, Token{text[end-size : end], end - size, end})
		end -= size
	}
	if start < end {
		out = splitCore(text, start, end, out)
	}
	for k := len(tail) - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}

// splitCore splits clitics and inner punctuation off a chunk's core.
func splitCore(text string, start, end int, out []Token) []Token {
	core := text[start:end]
	lower := strings.ToLower(core)
	// Clitics: "n't" and "'s", "'re", "'ve", "'ll", "'d", "'m", with either
	// apostrophe.
	for _, cl := range []string{"n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m"} {
		if strings.HasSuffix(lower, cl) && len(core) > len(cl) {
			cut := end - len(cl)
			out = splitCore(text, start, cut, out)
			return append(out, Token{text[cut:end], cut, end})
		}
	}
	// A percent sign after a number, a currency sign before one.
	if strings.HasSuffix(core, "%") && len(core) > 1 {
		out = splitCore(text, start, end-1, out)
		return append(out, Token{"%", end - 1, end})
	}
	if r, size := utf8.DecodeRuneInString(core); unicode.Is(unicode.Sc, r) && size < len(core) {
		out = append(out, Token{text[start : start+size], start, start + size})
		return splitCore(text, start+size, end, out)
	}
	// Inner separators that are never part of a word.
	for k, r := range core {
		if k > 0 && strings.ContainsRune(",;:!?\"()[]", r) && !isNumberComma(core, k) && !(r == ':' && isTimeColon(core, k)) {
			out = splitCore(text, start, start+k, out)
			out = append(out, Token{text[start+k : start+k+1], start + k, start + k + 1})
			if start+k+1 < end {
				out = splitCore(text, start+k+1, end, out)
			}
			return out
		}
	}
	return append(out, Token{core, start, end})
}

// keepsPeriod says whether a chunk ending in "." keeps it: abbreviations
// ("Mr.", "U.S.", "Inc."), initials ("J.") and numbers ("No. 1." no).
func keepsPeriod(chunk string) bool {
	word := strings.TrimRight(chunk, ".")
	word = strings.TrimLeftFunc(word, func(r rune) bool { return isOpening(r) })
	if word == "" {
		return false
	}
	if abbreviations[strings.ToLower(word)] {
		return true
	}
	// Initials and dotted abbreviations: "J.", "U.S.", "a.m.".
	if strings.Contains(word, ".") {
		for _, part := range strings.Split(word, ".") {
			if utf8.RuneCountInString(part) > 2 || strings.IndexFunc(part, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
				return false
			}
		}
		return true
	}
	r, size := utf8.DecodeRuneInString(word)
	return size == len(word) && unicode.IsUpper(r)
}

func isOpening(r rune) bool {
	return strings.ContainsRune("\"'“‘«([{", r)
}

func isClosing(r rune) bool {
	return strings.ContainsRune("\"'”’».,;:!?)]}…", r)
}

// isNumberComma reports a comma or period inside a number: "1,200".
func isNumberComma(s string, k int) bool {
	return s[k] == ',' && k > 0 && k+1 < len(s) && isDigit(s[k-1]) && isDigit(s[k+1])
}

func isTimeColon(s string, k int) bool {
	return k > 0 && k+1 < len(s) && isDigit(s[k-1]) && isDigit(s[k+1])
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// Sentences splits text into sentences of tokens. A sentence ends at a
// token that is ".", "!" or "?" (possibly followed by closing quotes or
// brackets), or at a paragraph break (a blank line).
func Sentences(text string) []Sentence {
	_, sents := Split(text)
	return sents
}

// Split returns a text's tokens (Tokenize) and its sentences (Sentences),
// whose tokens are slices of the first: a caller that needs both
// tokenises once.
func Split(text string) ([]Token, []Sentence) {
	toks := Tokenize(text)
	var out []Sentence
	begin := 0
	emit := func(end int) {
		if end > begin {
			ts := toks[begin:end:end]
			out = append(out, Sentence{Start: ts[0].Start, End: ts[len(ts)-1].End, Tokens: ts})
		}
		begin = end
	}
	for k := 0; k < len(toks); k++ {
		if k > begin && paragraphBreak(text[toks[k-1].End:toks[k].Start]) {
			emit(k)
		}
		switch toks[k].Text {
		case ".", "!", "?", "…":
			end := k + 1
			for end < len(toks) && len(toks[end].Text) <= 3 && isClosingToken(toks[end].Text) &&
				toks[end].Start == toks[end-1].End {
				end++
			}
			emit(end)
			k = end - 1
		}
	}
	emit(len(toks))
	return toks, out
}

func paragraphBreak(gap string) bool {
	return strings.Count(gap, "\n") >= 2
}

func isClosingToken(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("\"'”’»)]}", r)
}
