package token

import (
	"fmt"
	"strings"
	"testing"
)

func TestHead(t *testing.T) {
	const max = 1 << 10
	var b strings.Builder
	for i := 0; b.Len() < 3*max; i++ {
		fmt.Fprintf(&b, "w%d ", i)
	}
	text := b.String()
	head := Head(text, max)
	if len(head) > max || len(head) < max-8 || text[len(head)] != ' ' {
		t.Errorf("head of %d bytes: %d bytes, cut before %q", len(text), len(head), text[len(head):len(head)+3])
	}
	// A paragraph break in the second half is preferred to a later space.
	para := strings.Repeat("a ", 300) + "\n\n" + strings.Repeat("b ", 300)
	if got := Head(para, max); !strings.HasSuffix(got, "a ") || strings.Contains(got, "b") {
		t.Errorf("cut not at the paragraph break: ends %q", got[len(got)-6:])
	}
	// No space at all: cut at a character boundary.
	runes := strings.Repeat("é", max)
	if got := Head(runes, max+1); len(got) != max || !strings.HasSuffix(got, "é") {
		t.Errorf("a character was split: %d bytes", len(got))
	}
	if short := "a short text"; Head(short, max) != short {
		t.Error("a short text was cut")
	}
}
