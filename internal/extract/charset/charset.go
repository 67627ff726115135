// Package charset turns document bytes into UTF-8 text. Copies of web
// pages arrive in legacy encodings (windows-1251, KOI8-R, cp1252), with
// wrong declarations or none, and sometimes are not text at all; this
// package decides which encoding the bytes are in, or says they are binary.
package charset

import (
	"bytes"
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
}

// Sniff names a binary format for messages ("PNG image"), or "" when the
// bytes do not start with a known signature.
func Sniff(body []byte) string {
	for _, s := range signatures {
		if bytes.HasPrefix(body, s.prefix) {
			return s.name
		}
	}
	return ""
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)`)

// Decode returns body as UTF-8 and the name of the encoding it was read in.
// The order of evidence: a byte-order mark; valid UTF-8 (which legacy text
// almost never is by accident); the declared charset (from a transport or
// container) and, for HTML, a <meta charset>; finally a statistical guess
// among the common legacy encodings. Binary content is an error wrapping
// ErrBinary.
func Decode(body []byte, declared string, html bool) (string, string, error) {
	if len(body) == 0 {
		return "", "utf-8", nil
	}
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return toValid(body[3:]), "utf-8", nil
	case bytes.HasPrefix(body, []byte("\xff\xfe")), bytes.HasPrefix(body, []byte("\xfe\xff")):
		out, _, err := transform.Bytes(xunicode.BOMOverride(xunicode.UTF8.NewDecoder()), body)
		if err != nil {
			return "", "", fmt.Errorf("charset: decode UTF-16: %w", err)
		}
		return toValid(out), "utf-16", nil
	}
	if name := Sniff(body); name != "" {
		return "", "", fmt.Errorf("%w (%s)", ErrBinary, name)
	}
	head := body
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "", "", fmt.Errorf("%w (NUL bytes)", ErrBinary)
	}
	if utf8.Valid(body) {
		return string(body), "utf-8", nil
	}
	// Mostly-valid UTF-8 with a few stray bytes is UTF-8 with damage, not a
	// legacy encoding.
	if mostlyUTF8(body) {
		return toValid(body), "utf-8", nil
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
			return toValid(out), n, nil
		}
	}
	name, out := guess(body)
	return out, name, nil
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

// mostlyUTF8 reports whether at least 95% of the non-ASCII sequences are
// valid UTF-8.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		b = b[size:]
	}
	return valid > 0 && float64(valid) >= 0.95*float64(valid+invalid)
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
