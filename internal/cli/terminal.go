package cli

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Stored text comes from anyone who publishes a page or a feed, and a
// title carrying "\x1b]0;...\x07" would retitle the user's terminal window
// when printed, "\x1b[2J" would clear it. Text output therefore goes
// through a terminalWriter, which drops terminal control sequences and
// the C0 and C1 control characters but for newline and tab. --json and
// export write data, not text: JSON escapes the controls itself and an
// export must give back exactly what was stored.

// terminalWriter passes text to w without terminal control sequences or
// control characters. A sequence may be split across writes: the state
// carries over.
type terminalWriter struct {
	w     io.Writer
	state termState
	// partial holds the first bytes of a UTF-8 sequence cut by the end of
	// a write, to decide on the whole rune.
	partial []byte
	buf     []byte
}

// termState is where the writer is in a control sequence.
type termState int

const (
	termText   termState = iota
	termEscape           // after ESC
	termCSI              // in a control sequence: parameters up to a final byte
	termString           // in an OSC, DCS, PM, APC or SOS string: up to BEL or ST
	termStrEsc           // ESC inside a string: "\" ends it
)

func newTerminalWriter(w io.Writer) *terminalWriter { return &terminalWriter{w: w} }

// Write writes the text in p stripped of control sequences. It reports
// len(p) written when w took everything that was kept.
func (t *terminalWriter) Write(p []byte) (int, error) {
	t.buf = t.buf[:0]
	in := p
	if len(t.partial) > 0 {
		in = append(t.partial, p...)
		t.partial = nil
	}
	for i := 0; i < len(in); {
		c := in[i]
		if c >= utf8.RuneSelf && !utf8.FullRune(in[i:]) {
			t.partial = append([]byte(nil), in[i:]...)
			break
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(in[i:])
		}
		t.step(r, in[i:i+size])
		i += size
	}
	if _, err := t.w.Write(t.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// step feeds one rune (its bytes b) through the state machine.
func (t *terminalWriter) step(r rune, b []byte) {
	switch t.state {
	case termEscape:
		switch r {
		case '[':
			t.state = termCSI
		case ']', 'P', '^', '_', 'X':
			t.state = termString
		default:
			// A two-character escape (ESC c, ESC 7, ...); a control
			// after ESC is read afresh.
			t.state = termText
			if isControl(r) {
				t.step(r, b)
			}
		}
	case termCSI:
		if r >= 0x40 && r <= 0x7e {
			t.state = termText // the final byte
		} else if r < 0x20 || r > 0x7e {
			t.state = termText // not a well-formed sequence: end it here
			t.step(r, b)
		}
	case termString:
		switch r {
		case 0x07, 0x9c:
			t.state = termText
		case 0x1b:
			t.state = termStrEsc
		}
	case termStrEsc:
		t.state = termString
		if r == '\\' {
			t.state = termText
		}
	default:
		switch {
		case r == 0x1b:
			t.state = termEscape
		case r == 0x9b:
			t.state = termCSI
		case r == 0x90, r == 0x98, r == 0x9d, r == 0x9e, r == 0x9f:
			t.state = termString
		case r == utf8.RuneError && len(b) == 1:
			// A byte that is not UTF-8 (stored text never has one): on a
			// terminal that is not in UTF-8 mode 0x80-0x9f are controls.
		case isControl(r):
		default:
			t.buf = append(t.buf, b...)
		}
	}
}

// isControl reports whether r is a C0 or C1 control character or DEL that
// text output drops: all of them but newline and tab.
func isControl(r rune) bool {
	return r != '\n' && r != '\t' && (r < 0x20 || (r >= 0x7f && r <= 0x9f))
}

// terminalText is s as text output prints it: without control sequences
// or control characters but for newline and tab. For messages printed
// outside a terminalWriter, such as the final error.
func terminalText(s string) string {
	var sb strings.Builder
	t := newTerminalWriter(&sb)
	_, _ = t.Write([]byte(s)) // a strings.Builder takes everything
	return sb.String()
}
