package charset

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

const (
	russian = "Министр иностранных дел заявил во вторник, что переговоры возобновятся в следующем месяце."
	french  = "Le ministre des Affaires étrangères a déclaré mardi que les négociations reprendraient à Genève."
	german  = "Der Außenminister sagte am Dienstag, die Gespräche würden im nächsten Monat fortgesetzt."
)

func encode(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeLegacy(t *testing.T) {
	tests := []struct {
		name     string
		body     []byte
		declared string
		html     bool
		want     string
	}{
		{"cp1251 undeclared", encode(t, charmap.Windows1251, russian), "", false, russian},
		{"koi8-r undeclared", encode(t, charmap.KOI8R, russian), "", false, russian},
		{"cp1252 undeclared", encode(t, charmap.Windows1252, french), "", false, french},
		{"cp1252 french with guillemets", encode(t, charmap.Windows1252, "« Ce pont réunit les deux moitiés de notre ville », a déclaré la maire à Kostrava."), "", false, "« Ce pont réunit les deux moitiés de notre ville », a déclaré la maire à Kostrava."},
		{"latin-1 german", encode(t, charmap.ISO8859_1, german), "", false, german},
		{"cp1251 declared", encode(t, charmap.Windows1251, russian), "windows-1251", false, russian},
		{"declared utf-8 but cp1251", encode(t, charmap.Windows1251, russian), "utf-8", false, russian},
		{"html meta charset", append([]byte(`<html><head><meta charset="windows-1251"></head><body>`), encode(t, charmap.Windows1251, russian)...), "", true, russian},
		{"utf-8", []byte(russian), "", false, russian},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), french...), "", false, french},
		{"utf-8 declared latin-1", []byte(french), "iso-8859-1", false, french},
	}
	for _, tt := range tests {
		got, err := Decode(tt.body, tt.declared, tt.html)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !strings.Contains(got.Text, tt.want) {
			t.Errorf("%s: decoded as %s: %q", tt.name, got.Encoding, got.Text)
		}
	}
}

func TestDecodeUTF16(t *testing.T) {
	body := []byte{0xff, 0xfe}
	for _, r := range "Hello, мир" {
		body = append(body, byte(r), byte(r>>8))
	}
	got, err := Decode(body, "", false)
	if err != nil || got.Text != "Hello, мир" {
		t.Fatalf("Decode(UTF-16LE) = %q, %v", got.Text, err)
	}
}

func TestDecodeDamagedUTF8(t *testing.T) {
	body := []byte(strings.Repeat(russian, 5) + "\xff" + french)
	got, err := Decode(body, "", false)
	if err != nil || got.Encoding != "utf-8" || !strings.Contains(got.Text, "\uFFFD") || !strings.Contains(got.Text, russian) {
		t.Fatalf("Decode(damaged UTF-8) = %s %v", got.Encoding, err)
	}
}

// A file that is UTF-8 but for a few bad bytes is read as UTF-8, however
// few its valid multi-byte sequences: one "é" and one stray byte made the
// whole file windows-1250 ("Café" became "CafĂ©").
func TestDecodeFewBadBytes(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    string
		offsets []int
	}{
		{"one letter, two bad bytes", "Café opens on Main Street.\n\nThe owner said \x93yes\x94 twice.", "Café opens", []int{44, 48}},
		{"a few letters, a bad byte", "Le café de la gare, à Genève, a rouvert.\xff Fin.", "à Genève", []int{43}},
		{"bad byte at the start", "\xe9t\xe9: Zürich and Köln and Málaga", "Zürich", []int{0, 2}},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.body), "", false)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.Encoding != "utf-8" || !strings.Contains(got.Text, tt.want) || !strings.Contains(got.Text, "\uFFFD") {
			t.Errorf("%s: read as %s: %q", tt.name, got.Encoding, got.Text)
		}
		if got.Replaced != len(tt.offsets) || !slices.Equal(got.Offsets, tt.offsets) {
			t.Errorf("%s: replaced %d at %v, want at %v", tt.name, got.Replaced, got.Offsets, tt.offsets)
		}
	}
	// Offsets count from the start of the file, byte-order mark included.
	got, err := Decode([]byte("\xef\xbb\xbfCafé\xff"), "", false)
	if err != nil || !slices.Equal(got.Offsets, []int{8}) {
		t.Errorf("with BOM: offsets %v, %v", got.Offsets, err)
	}
}

// Legacy text with a multi-byte sequence that happens to be valid UTF-8
// ("её" in KOI8-R is C5 A3) is still read in its legacy encoding: one
// accident against dozens of invalid bytes.
func TestDecodeLegacyWithAccidentalUTF8(t *testing.T) {
	text := "Она сказала, что её решение окончательное и обсуждению не подлежит."
	got, err := Decode(encode(t, charmap.KOI8R, text), "", false)
	if err != nil || got.Text != text {
		t.Fatalf("Decode = %s %q %v", got.Encoding, got.Text, err)
	}
}

func TestDecodeBinary(t *testing.T) {
	for name, body := range map[string][]byte{
		"PNG image":              []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"ZIP archive":            []byte("PK\x03\x04\x14\x00\x00\x00"),
		"PDF document":           []byte("%PDF-1.7\n%\xe2\xe3"),
		"":                       {'a', 'b', 0, 0, 1, 2, 3},
		"GIF image":              []byte("GIF89a\x01\x00\x01\x00"),
		"JPEG image":             []byte("\xff\xd8\xff\xe0\x00\x10JFIF"),
		"GZIP data":              []byte("\x1f\x8b\x08\x00"),
		"MP4 or QuickTime media": []byte("\x00\x00\x00\x20ftypisom"),
	} {
		_, err := Decode(body, "", false)
		if !errors.Is(err, ErrBinary) {
			t.Errorf("%q: err = %v, want ErrBinary", name, err)
		}
		if Sniff(body) != name {
			t.Errorf("Sniff = %q, want %q", Sniff(body), name)
		}
	}
}

// Random bytes without a single NUL are binary all the same: about one
// byte in ten is a control byte no text holds.
func TestDecodeRandomBytesWithoutNUL(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{64, 300, 4096, 100000} {
		body := make([]byte, 0, n)
		for len(body) < n {
			if c := byte(rng.UintN(256)); c != 0 {
				body = append(body, c)
			}
		}
		if _, err := Decode(body, "", false); !errors.Is(err, ErrBinary) {
			t.Errorf("%d random bytes: err = %v, want ErrBinary", n, err)
		}
	}
	// Text with a terminal's colour sequences or a stray control byte
	// is still text.
	for _, s := range []string{
		"\x1b]0;pwned\x07\x1b[31mRed title\x1b[0m\n\nThe council met on Tuesday and voted for the bridge.",
		"Tab\tseparated\r\nlines\fand a page break, a form feed\v and one stray \x01 byte.",
	} {
		if _, err := Decode([]byte(s), "", false); err != nil {
			t.Errorf("Decode(%q) = %v, want text", s, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(russian), "", false)
	f.Add([]byte{0xcf, 0xf0, 0xe8}, "windows-1251", true)
	f.Fuzz(func(t *testing.T, body []byte, declared string, html bool) {
		s, err := Decode(body, declared, html)
		if err == nil && !utf8.ValidString(s.Text) {
			t.Fatalf("invalid UTF-8 out for %q", body)
		}
	})
}

func BenchmarkDecodeUTF8(b *testing.B) {
	body := []byte(strings.Repeat(french+" ", 40))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Decode(body, "", false)
	}
}

// TestScanWordAtATime checks that scanning eight bytes at a time counts
// what scanning byte by byte does.
func TestScanWordAtATime(t *testing.T) {
	slow := func(b []byte) stats {
		st := stats{n: len(b)}
		for i := 0; i < len(b); {
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
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{'a', 'b', ' ', '~', 0x7f, 0, 0x1f, 0x20, '\t', '\n', 0x1b, 0x80, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 'Z', 0x7e, 0x21}
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		if got, want := scan(b), slow(b); got != want {
			t.Fatalf("scan(%q) = %+v, byte by byte %+v", b, got, want)
		}
	}
	for c := range 256 {
		b := []byte("abcdefgh")
		b[3] = byte(c)
		if got, want := scan(b), slow(b); got != want {
			t.Fatalf("scan(%q) = %+v, byte by byte %+v", b, got, want)
		}
	}
}
