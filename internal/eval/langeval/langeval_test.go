package langeval

import (
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHeadlineAndCut(t *testing.T) {
	long := strings.Repeat("word ", 40)
	h := headline(long)
	if n := utf8.RuneCountInString(h); n > ShortMax || n < ShortMax/2 || strings.HasSuffix(h, " ") || !strings.HasSuffix(h, "word") {
		t.Errorf("headline of a long text = %q (%d characters)", h, n)
	}
	if h := headline("short one"); h != "" {
		t.Errorf("headline of 9 characters = %q, want none", h)
	}
	if h := headline("12 345 678 910 11 12 13 14 a"); h != "" {
		t.Errorf("headline of digits = %q, want none", h)
	}
	zh := strings.Repeat("中文", 50)
	if h := headline(zh); utf8.RuneCountInString(h) != ShortMax {
		t.Errorf("headline of text without spaces has %d characters, want %d", utf8.RuneCountInString(h), ShortMax)
	}
}

func TestInScript(t *testing.T) {
	for _, tt := range []struct {
		lang, text string
		want       bool
	}{
		{"ru", "Переговоры возобновятся (talks)", true},
		{"ru", "see /usr/share/doc для", false},
		{"zh", "使用 POSIX 輸出格式", true},
		{"zh", "-X use-set-session-authorization", false},
		{"de", "Die Gespräche", true},
		{"de", "Переговоры", false},
	} {
		if got := inScript(tt.lang, tt.text); got != tt.want {
			t.Errorf("inScript(%s, %q) = %v, want %v", tt.lang, tt.text, got, tt.want)
		}
	}
}

func writeGzip(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(text))
	zw.Close()
	f.Close()
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	writeGzip(t, filepath.Join(dir, "man1", "tool.1.gz"), `.TH TOOL 1
.SH NAME
tool \- do a thing with files
.SH DESCRIPTION
.B tool
reads every file it is given and writes what it found to the standard output, one line per file, in the order given.
.TP
.B \-v
Print more.
`)
	writeGzip(t, filepath.Join(dir, "fr", "man1", "tool.1.gz"), `.TH TOOL 1
.SH NOM
tool \- faire quelque chose avec des fichiers
.SH DESCRIPTION
.B tool
lit chaque fichier donn\('e et \('ecrit ce qu'il a trouv\('e sur la sortie standard, une ligne par fichier, dans l'ordre donn\[u00E9].
.TP
.B \-v
reads every file it is given and writes what it found to the standard output
.nf
exemple de code
.fi
`)
	writeGzip(t, filepath.Join(dir, "fr", "man1", "orphan.1.gz"), ".SH NOM\norphan \\- une page sans original anglais\n")
	texts, err := ManPages(dir).Read(map[string]bool{"fr": true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range texts {
		if l.Lang != "fr" {
			t.Errorf("text labelled %s", l.Lang)
		}
		got = append(got, l.Text)
	}
	want := []string{
		"faire quelque chose avec des fichiers",
		"tool lit chaque fichier donné et écrit ce qu'il a trouvé sur la sortie standard, une ligne par fichier, dans l'ordre donné.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("texts:\n%s\nwant (the untranslated paragraph, the option tag, the example and the page with no original left out):\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFortunesAndUDHR(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "de"), 0o755)
	os.WriteFile(filepath.Join(dir, "de", "sprueche"), []byte("Erster Spruch, lang genug für eine Zeile.\n%\nZweiter Spruch \x1b[1mmit Farbe\x1b[0m und mehr Worten.\n%\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "de", "sprueche.dat"), []byte("binary"), 0o644)
	udhr := t.TempDir()
	os.WriteFile(filepath.Join(udhr, "deu_1996.html"), []byte(`<html><body><h2>Artikel 1</h2><p>Alle Menschen sind frei und gleich an Würde und Rechten geboren.</p><li>Jeder hat das Recht auf Leben, Freiheit und Sicherheit der Person.</li></body></html>`), 0o644)
	samples, err := Build(Options{Langs: []string{"de"}}, Fortunes(dir), UDHR(udhr))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"fortunes de Erster Spruch, lang genug für eine Zeile.",
		"fortunes de Zweiter Spruch mit Farbe und mehr Worten.",
		"udhr de Alle Menschen sind frei und gleich an Würde und Rechten",
		"udhr de Jeder hat das Recht auf Leben, Freiheit und Sicherheit der",
	}
	var got []string
	for _, s := range samples {
		if s.Long {
			t.Errorf("long sample from a short text: %q", s.Text)
		}
		got = append(got, s.Source+" "+s.Lang+" "+s.Text)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("samples:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	dev, _ := Build(Options{Langs: []string{"de"}, Part: "dev"}, Fortunes(dir), UDHR(udhr))
	test, _ := Build(Options{Langs: []string{"de"}, Part: "test"}, Fortunes(dir), UDHR(udhr))
	if len(dev)+len(test) != len(samples) {
		t.Errorf("dev %d + test %d samples, want %d", len(dev), len(test), len(samples))
	}
}

func TestScore(t *testing.T) {
	samples := []Sample{
		{Lang: "en", Text: "a"}, {Lang: "en", Text: "b"}, {Lang: "en", Long: true, Text: "c"},
		{Lang: "de", Text: "d"},
	}
	answers := map[string]string{"a": "en", "b": "de", "c": "en", "d": ""}
	r := Score(Detector{Name: "t", Detect: func(s string) string { return answers[s] }}, samples)
	if r.Accuracy("en", 0) != 0.5 || r.Accuracy("en", 1) != 1 || r.Accuracy("de", 0) != 0 || r.Accuracy("de", 1) != -1 {
		t.Errorf("accuracies en %v/%v de %v/%v", r.Accuracy("en", 0), r.Accuracy("en", 1), r.Accuracy("de", 0), r.Accuracy("de", 1))
	}
	if m, n := r.Macro(0); m != 0.25 || n != 2 {
		t.Errorf("short macro = %v over %d, want 0.25 over 2", m, n)
	}
	if m, n := r.Macro(1); m != 1 || n != 1 {
		t.Errorf("long macro = %v over %d, want 1 over 1", m, n)
	}
	if r.Confused["en"]["de"] != 1 || r.Confused["de"][""] != 1 {
		t.Errorf("confusions %v", r.Confused)
	}
}

// writeMO writes a gettext catalog of the given original/translation pairs.
func writeMO(t *testing.T, path string, pairs [][2]string) {
	t.Helper()
	n := uint32(len(pairs))
	var head, strs []byte
	le := binary.LittleEndian
	head = le.AppendUint32(head, 0x950412de)
	head = le.AppendUint32(head, 0)
	head = le.AppendUint32(head, n)
	head = le.AppendUint32(head, 28)
	head = le.AppendUint32(head, 28+8*n)
	head = le.AppendUint32(head, 0)
	head = le.AppendUint32(head, 0)
	base := 28 + 16*n
	var origs, trans []byte
	for k := range 2 {
		for _, p := range pairs {
			off := base + uint32(len(strs))
			strs = append(append(strs, p[k]...), 0)
			entry := le.AppendUint32(le.AppendUint32(nil, uint32(len(p[k]))), off)
			if k == 0 {
				origs = append(origs, entry...)
			} else {
				trans = append(trans, entry...)
			}
		}
	}
	writeFileBytes(t, path, append(append(append(head, origs...), trans...), strs...))
}

func writeFileBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGettext(t *testing.T) {
	dir := t.TempDir()
	writeMO(t, filepath.Join(dir, "de", "LC_MESSAGES", "tool.mo"), [][2]string{
		{"", "Content-Type: text/plain; charset=UTF-8\n"},
		{"cannot open %s: %s", "%s kann nicht geöffnet werden: %s"},
		{"menu\x04_Open recent files", "Zuletzt _geöffnete Dateien"},
		{"one file\x00%d files", "eine Datei\x00%d Dateien"},
		{"Network Manager", "Network Manager"},
		{"Show the Network Manager applet", "Show the Network Manager Applet"},
	})
	texts, err := Gettext(dir).Read(map[string]bool{"de": true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range texts {
		got = append(got, l.Lang+" "+collapse(l.Text))
	}
	want := []string{"de kann nicht geöffnet werden:", "de Zuletzt geöffnete Dateien", "de eine Datei"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("texts:\n%s\nwant (no header, no untranslated message):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	writeFileBytes(t, filepath.Join(dir, "de", "LC_MESSAGES", "broken.mo"), []byte("not a catalog at all"))
	if _, err := Gettext(dir).Read(map[string]bool{"de": true}); err == nil {
		t.Error("a broken catalog: no error")
	}
}
