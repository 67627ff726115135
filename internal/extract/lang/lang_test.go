package lang

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDetect(t *testing.T) {
	d, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, want string
	}{
		{"The foreign minister said on Tuesday that the talks would resume next month in the capital.", "en"},
		{"Министр иностранных дел заявил во вторник, что переговоры возобновятся в следующем месяце.", "ru"},
		{"Міністр закордонних справ заявив у вівторок, що переговори відновляться наступного місяця.", "uk"},
		{"Der Außenminister sagte am Dienstag, die Gespräche würden im nächsten Monat fortgesetzt.", "de"},
		{"Le ministre des Affaires étrangères a déclaré mardi que les pourparlers reprendraient le mois prochain.", "fr"},
		{"El ministro de Asuntos Exteriores dijo el martes que las conversaciones se reanudarían el mes próximo.", "es"},
		{"too short", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := d.Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%.30q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestNewRejectsUnknownCodes(t *testing.T) {
	if _, err := New([]string{"en", "xx"}); err == nil || !strings.Contains(err.Error(), "xx") {
		t.Fatalf("New with unknown code: err = %v, want one naming xx", err)
	}
	if _, err := New([]string{"en"}); err == nil {
		t.Fatal("New with one language: want an error")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"en-US": "en", "DE": "de", "pt_BR": "pt", "eng": "", "": "", "e1": ""} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSampleCutsAtWordBoundary(t *testing.T) {
	long := strings.Repeat("слово ", 1000)
	s := Sample(long)
	if n := utf8.RuneCountInString(s); n > sampleRunes || n < sampleRunes/2 || !strings.HasSuffix(s, "слово") {
		t.Fatalf("Sample: len %d, suffix %q", len(s), s[len(s)-10:])
	}
}

// BenchmarkDetect times Detect on a headline and on a long article (of
// which only the sample is read), in English and in Russian. The detector
// is warmed first, so model loading is not part of the timing.
func BenchmarkDetect(b *testing.B) {
	d, err := New(nil)
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct{ name, text string }{
		{"short/en", "Foreign minister says talks to resume next month"},
		{"short/ru", "Министр заявил, что переговоры возобновятся"},
		{"long/en", strings.Repeat("The foreign minister said on Tuesday that the talks would resume next month. ", 30)},
		{"long/ru", strings.Repeat("Министр иностранных дел заявил во вторник, что переговоры возобновятся в следующем месяце. ", 30)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			d.Detect(c.text)
			b.ReportAllocs()
			for b.Loop() {
				d.Detect(c.text)
			}
		})
	}
}
