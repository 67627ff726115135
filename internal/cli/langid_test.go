package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalLangID(t *testing.T) {
	udhr := t.TempDir()
	writeFile(t, filepath.Join(udhr, "eng.html"), `<html><body>
<p>All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience and should act towards one another in a spirit of brotherhood, and everyone is entitled to all the rights and freedoms set forth in this Declaration.</p>
<p>Everyone has the right to life, liberty and the security of person.</p>
</body></html>`)
	writeFile(t, filepath.Join(udhr, "deu_1996.html"), `<html><body>
<p>Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen, und jeder hat Anspruch auf die in dieser Erklärung verkündeten Rechte und Freiheiten.</p>
<p>Jeder hat das Recht auf Leben, Freiheit und Sicherheit der Person.</p>
</body></html>`)
	db := filepath.Join(t.TempDir(), "unused.db")
	code, out, errOut := run(t, db, "", "eval", "langid", "--udhr", udhr, "--languages", "en,de", "--part", "all")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Two headlines and one paragraph in each language, all found.
	for _, want := range []string{"over 2 languages (en de), part all", "macro", "storywire: 6 texts"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 5 && (f[0] == "en" || f[0] == "de") {
			rows++
			if f[3] != "100.0" || f[4] != "100.0" {
				t.Errorf("row %q: want 100.0 for both lengths", line)
			}
		}
	}
	if rows != 2 {
		t.Errorf("%d rows for en and de, want 2:\n%s", rows, out)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"eval", "langid"}, "--udhr"},
		{[]string{"eval", "langid", "--udhr", udhr, "--part", "half"}, "use dev, test or all"},
		{[]string{"eval", "langid", "--udhr", udhr, "--languages", "en,xx"}, "xx"},
		{[]string{"eval", "langid", "--udhr", udhr, "--baseline", "lingua"}, "-tags lingua"},
		{[]string{"train", "langid", "--out", filepath.Join(t.TempDir(), "m.langid")}, "language-models"},
		{[]string{"train", "langid", "--lingua", t.TempDir()}, "--out"},
	} {
		code, _, errOut := run(t, db, "", tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want an error mentioning %q", tt.args, code, errOut, tt.want)
		}
	}
}
