package extracteval

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestShingles(t *testing.T) {
	tests := []struct {
		text string
		want map[string]int
	}{
		{"", map[string]int{}},
		{"one two", map[string]int{"one two": 1}},
		{"a b c d e", map[string]int{"a b c d": 1, "b c d e": 1}},
		{"a, b; c d. a b c d", map[string]int{"a b c d": 2, "b c d a": 1, "c d a b": 1, "d a b c": 1}},
	}
	for _, tt := range tests {
		got := Shingles(tt.text)
		if len(got) != len(tt.want) {
			t.Errorf("Shingles(%q) = %v, want %v", tt.text, got, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("Shingles(%q)[%q] = %d, want %d", tt.text, k, got[k], v)
			}
		}
	}
}

func TestCompareAndScore(t *testing.T) {
	gold := "the cat sat on the mat today"           // 4 shingles
	pred := "menu home the cat sat on the mat today" // the 4 and 2 more
	m := Compare(gold, pred)
	if !near(m.TP, 4.0/6) || !near(m.FP, 2.0/6) || m.FN != 0 {
		t.Fatalf("Compare = %+v, want TP 4/6, FP 2/6, FN 0", m)
	}
	if !near(m.Precision(), 4.0/6) || m.Recall() != 1 || !near(m.F1(), 0.8) {
		t.Errorf("P %v R %v F1 %v, want 2/3, 1, 0.8", m.Precision(), m.Recall(), m.F1())
	}
	// Pages are averaged, whatever their length; a page with nothing
	// extracted has no precision to average but a recall of 0.
	var s Score
	s.Add(m)
	s.Add(Compare("a b c d", "a b c d"))
	s.Add(Compare("a b c d e f g", ""))
	if !near(s.Precision(), (4.0/6+1)/2) || !near(s.Recall(), 2.0/3) {
		t.Errorf("score P %v R %v, want %v and %v", s.Precision(), s.Recall(), (4.0/6+1)/2, 2.0/3)
	}
}

func TestShinglesAreUnicodeWords(t *testing.T) {
	got := Shingles("Рыбаки вернулись домой, в Коставу")
	if got["Рыбаки вернулись домой в"] != 1 || got["вернулись домой в Коставу"] != 1 || len(got) != 2 {
		t.Errorf("Shingles = %v", got)
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("gold.json", `{"b": {"articleBody": "B body", "url": "https://x.example/b"}, "a": {"articleBody": "A body"}}`)
	write("text/a.txt", "A page")
	pages, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].Key != "a" || string(pages[0].Text) != "A page" || pages[1].Text != nil || pages[1].URL != "https://x.example/b" {
		t.Errorf("pages = %+v", pages)
	}
	if _, err := ReadDir(t.TempDir()); err == nil {
		t.Error("a folder without gold.json read without error")
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
