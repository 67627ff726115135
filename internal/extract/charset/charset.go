// Package charset turns document bytes into UTF-8 text. Copies of web
// pages arrive in legacy encodings (windows-1251, KOI8-R, cp1252), with
// wrong declarations or none, and sometimes are not text at all; this
// package decides which encoding the bytes are in, or says they are binary.
package charset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ErrBinary is returned (wrapped) when the bytes are not text.
var ErrBinary = errors.New("binary content")

var signatures = []struct {
	prefix []byte
	name   string
}{
	{[]byte("\x89PNG\r\n\x1a\n"), "PNG image"},
	{[]byte("PK\x03\x04"), "ZIP archive"},
	{[]byte("PK\x05\x06"), "ZIP archive"},
	{[]byte("%PDF-"), "PDF document"},
	{[]byte("\x1f\x8b"), "GZIP data"},
	{[]byte("\xff\xd8\xff"), "JPEG image"},
	{[]byte("GIF87a"), "GIF image"},
	{[]byte("GIF89a"), "GIF image"},
	{[]byte("RIFF"), "RIFF media (WebP, WAV or AVI)"},
	{[]byte("\x7fELF"), "ELF executable"},
	{[]byte("BZh"), "BZIP2 data"},
	{[]byte("\xfd7zXZ\x00"), "XZ data"},
	{[]byte("7z\xbc\xaf\x27\x1c"), "7-Zip archive"},
	{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "Microsoft Office document"},
	{[]byte("SQLite format 3\x00"), "SQLite database"},
	{[]byte("ID3"), "MP3 audio"},
	{[]byte("OggS"), "Ogg media"},
	{[]byte("fLaC"), "FLAC audio"},
	{[]byte("\x1a\x45\xdf\xa3"), "Matroska or WebM video"},
	{[]byte("wOFF"), "WOFF font"},
	{[]byte("wOF2"), "WOFF2 font"},
	{[]byte("II*\x00"), "TIFF image"},
	{[]byte("MM\x00*"), "TIFF image"},
	{[]byte("Rar!\x1a\x07"), "RAR archive"},
	{[]byte("\x28\xb5\x2f\xfd"), "Zstandard data"},
	{[]byte("\x00asm"), "WebAssembly module"},
	{[]byte("\xca\xfe\xba\xbe"), "Java class or Mach-O executable"},
	{[]byte("\xcf\xfa\xed\xfe"), "Mach-O executable"},
	{[]byte("MZ\x90\x00"), "Windows executable"},
}

// Sniff names a binary format for messages ("PNG image"), or "" when the
// bytes do not start with a known signature.
func Sniff(body []byte) string {
	if len(body) >= 12 && string(body[4:8]) == "ftyp" {
		return "MP4 or QuickTime media" // ISO media: the signature is after the box size
	}
	for _, s := range signatures {
		if bytes.HasPrefix(body, s.prefix) {
			return s.name
		}
	}
	return ""
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)`)

// Text is a document decoded to UTF-8.
type Text struct {
	// Text is valid UTF-8.
	Text string
	// Encoding is the name of the encoding the bytes were read in.
	Encoding string
	// Replaced counts the bytes of a UTF-8 document that were not UTF-8
	// and became U+FFFD; Offsets holds the byte offsets (in the body as
	// given) of the first maxOffsets of them, for the warning that names
	// where the damage is.
	Replaced int
	Offsets  []int
}

// maxOffsets bounds the offsets kept for a warning: a few say where to
// look; thousands would only flood the summary.
const maxOffsets = 5

// Decode returns body as UTF-8 text. The order of evidence: a byte-order
// mark; a binary signature or a share of control bytes no text has;
// UTF-8, valid or with a few damaged bytes (which legacy text almost never
// is by accident); the declared charset (from a transport or container)
// and, for HTML, a <meta charset>; finally a statistical guess among the
// common legacy encodings. Binary content is an error wrapping ErrBinary.
func Decode(body []byte, declared string, html bool) (Text, error) {
	if len(body) == 0 {
		return Text{Encoding: "utf-8"}, nil
	}
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return fromUTF8(body[3:], 3), nil
	case bytes.HasPrefix(body, []byte("\xff\xfe")), bytes.HasPrefix(body, []byte("\xfe\xff")):
		out, _, err := transform.Bytes(xunicode.BOMOverride(xunicode.UTF8.NewDecoder()), body)
		if err != nil {
			return Text{}, fmt.Errorf("charset: decode UTF-16: %w", err)
		}
		return Text{Text: toValid(out), Encoding: "utf-16"}, nil
	}
	if name := Sniff(body); name != "" {
		return Text{}, fmt.Errorf("%w (%s)", ErrBinary, name)
	}
	st := scan(body)
	if why := st.binary(); why != "" {
		return Text{}, fmt.Errorf("%w (%s)", ErrBinary, why)
	}
	if st.invalid == 0 || st.damagedUTF8() {
		return fromUTF8(body, 0), nil
	}
	for _, name := range []string{declared, htmlDeclared(body, html)} {
		if name == "" {
			continue
		}
		enc, err := htmlindex.Get(name)
		if err != nil || isUTF8(enc) {
			continue // unknown name, or a UTF-8 declaration the bytes contradict
		}
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			n, _ := htmlindex.Name(enc)
			return Text{Text: toValid(out), Encoding: n}, nil
		}
	}
	name, out := guess(body)
	return Text{Text: out, Encoding: name}, nil
}

// fromUTF8 decodes b as UTF-8, each byte that is not part of a valid
// sequence becoming U+FFFD; base is b's offset in the body, so offsets
// point into the file the user has.
func fromUTF8(b []byte, base int) Text {
	if utf8.Valid(b) {
		return Text{Text: string(b), Encoding: "utf-8"}
	}
	t := Text{Encoding: "utf-8"}
	var sb strings.Builder
	sb.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
			if len(t.Offsets) < maxOffsets {
				t.Offsets = append(t.Offsets, base+i)
			}
			t.Replaced++
		} else {
			sb.Write(b[i : i+size])
		}
		i += size
	}
	t.Text = sb.String()
	return t
}

// stats counts what tells text from binary and UTF-8 from legacy bytes.
type stats struct {
	n        int // bytes
	controls int // C0 controls no text file holds (not tab, line and page breaks, ESC)
	valid    int // valid multi-byte UTF-8 sequences
	invalid  int // bytes that start no valid UTF-8 sequence
	nul      bool
}

func scan(b []byte) stats {
	st := stats{n: len(b)}
	for i := 0; i < len(b); {
		// Eight printable ASCII bytes at a time: most of a page.
		if i+8 <= len(b) && plainASCII(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
			continue
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if isBinaryControl(c) {
				st.controls++
				st.nul = st.nul || c == 0
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			st.invalid++
		} else {
			st.valid++
		}
		i += size
	}
	return st
}

// plainASCII reports whether the eight bytes of x are all ASCII from
// space to '~': no byte with the high bit, none below 0x20, none 0x7f.
func plainASCII(x uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	below := (x - lo*0x20) & ^x & hi                  // a byte < 0x20 (or >= 0x80)
	del := ((x ^ lo*0x7f) - lo) & ^(x ^ lo*0x7f) & hi // a byte 0x7f
	return (x|below|del)&hi == 0
}

// isBinaryControl reports whether c is a control byte that text files do
// not hold. Tab, line feed, vertical tab, form feed and carriage return
// are layout; ESC is left out because text copied from a terminal carries
// colour sequences, which are text with escapes (the CLI strips them on
// output), not binary data.
func isBinaryControl(c byte) bool {
	switch {
	case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r', c == 0x1b:
		return false
	case c < 0x20, c == 0x7f:
		return true
	}
	return false
}

// binary says why the bytes are not text, or "" when they may be. A NUL
// byte is never in text; other control bytes are about one byte in ten of
// random data and compressed or encrypted content, and next to none of
// text, where a stray one or two can come from a careless copy.
func (st stats) binary() string {
	switch {
	case st.nul:
		return "NUL bytes"
	case st.controls >= 4 && st.controls*100 >= 2*st.n:
		return fmt.Sprintf("%d control bytes in %d", st.controls, st.n)
	case st.controls >= 2 && st.invalid*2 >= st.n:
		// Short: too few bytes for the share of controls to tell, but
		// text in a legacy encoding has no control bytes at all.
		return "control bytes among bytes that are not UTF-8"
	}
	return ""
}

// damagedUTF8 reports whether bytes that are not all valid UTF-8 are UTF-8
// with a few damaged bytes rather than a legacy encoding, by the share of
// invalid sequences among the non-ASCII ones. Legacy text puts its letters
// on bytes that, followed by ASCII or by another letter, are invalid
// UTF-8: a valid multi-byte sequence comes out of it only by accident (an
// upper-case letter before a symbol in cp1251, a letter before "ё" in
// KOI8-R), a few per hundred letters, so its share of invalid sequences is
// above 95%. UTF-8 with a stray byte or two is far below: anything under
// 80% is UTF-8. No valid sequence at all is no evidence for UTF-8.
func (st stats) damagedUTF8() bool {
	return st.valid > 0 && st.invalid*100 < 80*(st.valid+st.invalid)
}

func isUTF8(e encoding.Encoding) bool {
	n, _ := htmlindex.Name(e)
	return n == "utf-8"
}

func htmlDeclared(body []byte, html bool) string {
	if !html {
		return ""
	}
	head := body
	if len(head) > 2048 {
		head = head[:2048]
	}
	if m := metaCharset.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

func toValid(b []byte) string {
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// candidates are the legacy encodings guessed between.
var candidates = []struct {
	name string
	enc  *charmap.Charmap
}{
	{"windows-1251", charmap.Windows1251},
	{"koi8-r", charmap.KOI8R},
	{"windows-1252", charmap.Windows1252},
	{"iso-8859-2", charmap.ISO8859_2},
}

// guess decodes b with each candidate and keeps the most plausible text.
// Plausibility favours letters over symbols, lower case over upper case
// (running text is mostly lower case: Cyrillic read as cp1252 comes out as
// a run of accented capitals, KOI8-R read as cp1251 swaps the cases) and
// words in one script.
func guess(b []byte) (string, string) {
	bestScore := -1e18
	var bestName, best string
	for _, c := range candidates {
		out, err := c.enc.NewDecoder().Bytes(b)
		if err != nil {
			continue
		}
		s := string(out)
		if sc := plausibility(s); sc > bestScore {
			bestScore, bestName, best = sc, c.name, s
		}
	}
	return bestName, toValid([]byte(best))
}

// westernLetters are frequent in French, Italian, Spanish and Portuguese
// and sit where ISO-8859-2 has rarer letters (à/ŕ, è/č, ù/ů, ñ/ń).
const westernLetters = "àèêùòìñ"

func plausibility(s string) float64 {
	score := 0.0
	prevScript := "" // script of the previous letter in this word; "" at a word start
	accentRun := 0   // consecutive non-ASCII Latin letters
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r) {
			// Latin-script words have a few accented letters among plain
			// ones; Cyrillic read as a Latin code page is nothing but.
			accentRun++
			if accentRun >= 3 {
				score -= 6
			}
		} else {
			accentRun = 0
		}
		if r < utf8.RuneSelf {
			if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				if prevScript == "cyr" {
					score -= 2
				}
				prevScript = "lat"
			} else {
				prevScript = ""
			}
			continue
		}
		script := "other"
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			script = "cyr"
		case unicode.Is(unicode.Latin, r):
			script = "lat"
		}
		switch {
		case strings.ContainsRune(westernLetters, r):
			score += 3 // common in the Western languages cp1252 serves
		case unicode.IsLower(r):
			score += 2
		case unicode.IsUpper(r):
			score -= 0.5
		case unicode.IsLetter(r):
			score += 0.5
		case unicode.IsPunct(r) || unicode.IsSpace(r) || r == '€' || r == '°':
			// Typographic quotes, dashes and no-break spaces are normal in
			// running text.
		default:
			score -= 3 // symbols, box drawing, control characters
		}
		// A letter of one script right after a letter of another, inside
		// one word, is rare in real text and common in mis-decoded text.
		if prevScript != "" && prevScript != script {
			score -= 3
		}
		if unicode.IsLetter(r) {
			prevScript = script
		} else {
			prevScript = ""
		}
	}
	// A non-ASCII letter standing alone as a word is rare in every Latin
	// language but for French and Portuguese "à" and "é"; mis-decoded
	// quotation marks and symbols often come out as one.
	for _, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, unicode.IsPunct)
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && r >= utf8.RuneSelf && unicode.IsLetter(r) && !strings.ContainsRune("àéÀÉ", r) && !unicode.Is(unicode.Cyrillic, r) {
			score -= 4
		}
	}
	return score
}
