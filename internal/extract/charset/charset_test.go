package charset

import (
	"errors"
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
		got, enc, err := Decode(tt.body, tt.declared, tt.html)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: decoded as %s: %q", tt.name, enc, got)
		}
	}
}

func TestDecodeUTF16(t *testing.T) {
	body := []byte{0xff, 0xfe}
	for _, r := range "Hello, мир" {
		body = append(body, byte(r), byte(r>>8))
	}
	got, _, err := Decode(body, "", false)
	if err != nil || got != "Hello, мир" {
		t.Fatalf("Decode(UTF-16LE) = %q, %v", got, err)
	}
}

func TestDecodeDamagedUTF8(t *testing.T) {
	body := []byte(strings.Repeat(russian, 5) + "\xff" + french)
	got, enc, err := Decode(body, "", false)
	if err != nil || enc != "utf-8" || !strings.Contains(got, "\uFFFD") || !strings.Contains(got, russian) {
		t.Fatalf("Decode(damaged UTF-8) = %s %v", enc, err)
	}
}

func TestDecodeBinary(t *testing.T) {
	for name, body := range map[string][]byte{
		"PNG image":    []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"ZIP archive":  []byte("PK\x03\x04\x14\x00\x00\x00"),
		"PDF document": []byte("%PDF-1.7\n%\xe2\xe3"),
		"":             {'a', 'b', 0, 0, 1, 2, 3},
	} {
		_, _, err := Decode(body, "", false)
		if !errors.Is(err, ErrBinary) {
			t.Errorf("%q: err = %v, want ErrBinary", name, err)
		}
		if Sniff(body) != name {
			t.Errorf("Sniff = %q, want %q", Sniff(body), name)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(russian), "", false)
	f.Add([]byte{0xcf, 0xf0, 0xe8}, "windows-1251", true)
	f.Fuzz(func(t *testing.T, body []byte, declared string, html bool) {
		s, _, err := Decode(body, declared, html)
		if err == nil && !utf8.ValidString(s) {
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
