package token

import (
	"strings"
	"unicode/utf8"
)

// Head returns the start of text up to max bytes, cut at the last
// paragraph break, line break or space before the limit (when one lies in
// its second half), else at a character boundary: no word or character is
// split. A text of max bytes or fewer is returned whole.
func Head(text string, max int) string {
	if len(text) <= max {
		return text
	}
	head := text[:max]
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(head, sep); i > max/2 {
			return head[:i]
		}
	}
	i := max
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return text[:i]
}
