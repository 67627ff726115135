package gazette

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func has(l *Lists, list, phrase string) bool {
	for _, p := range l.Phrases(list) {
		if strings.Join(p, " ") == phrase {
			return true
		}
	}
	return false
}

func TestAddGMB(t *testing.T) {
	var l Lists
	words := [][]string{strings.Fields("President George Bush met NATO officials in Brussels ."), strings.Fields("Mr. Bush left .")}
	tags := [][]string{{"B-per", "I-per", "I-per", "O", "B-org", "O", "O", "B-geo", "O"}, {"B-per", "I-per", "O", "O"}}
	l.AddGMB(words, tags, func(w string) bool { return w == "President" || w == "Mr." })
	for _, c := range []struct{ list, phrase string }{
		{"gmb-per", "George Bush"}, {"gmb-per", "Bush"}, {"gmb-first", "George"}, {"gmb-last", "Bush"},
		{"gmb-org", "NATO"}, {"gmb-geo", "Brussels"},
	} {
		if !has(&l, c.list, c.phrase) {
			t.Errorf("%s lacks %q: %v", c.list, c.phrase, l.Phrases(c.list))
		}
	}
	if has(&l, "gmb-per", "President George Bush") || len(l.Phrases("gmb-per")) != 2 {
		t.Errorf("titles kept or duplicates: %v", l.Phrases("gmb-per"))
	}
	if !slices.Equal(l.Names(), []string{"gmb-per", "gmb-first", "gmb-last", "gmb-org", "gmb-geo"}) {
		t.Errorf("list order %v", l.Names())
	}
}

func TestAddWordNet(t *testing.T) {
	dir := t.TempDir()
	data := "  1 This software and database is being provided\n" +
		"10954498 18 n 02 Einstein 0 Albert_Einstein 0 002 @i 10428004 n 0000 | physicist\n" +
		"09044862 15 n 02 United_States 0 US 0 000 | North American republic\n" +
		"02084071 05 n 01 dog 0 000 | a member of the genus Canis\n"
	if err := os.WriteFile(filepath.Join(dir, "data.noun"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var l Lists
	if err := l.AddWordNet(dir); err != nil {
		t.Fatal(err)
	}
	if !has(&l, "wn-person", "Albert Einstein") || !has(&l, "wn-location", "United States") || len(l.Phrases("wn-other")) != 0 {
		t.Errorf("lists %v", l.Sizes())
	}
	if err := os.WriteFile(filepath.Join(dir, "data.noun"), []byte("garbage\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := l.AddWordNet(dir); err == nil || !strings.Contains(err.Error(), "data.noun:1") {
		t.Errorf("bad file: %v", err)
	}
	if err := l.AddWordNet(t.TempDir()); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestAddISO3166(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "iso_3166-1.json"), []byte(`{"3166-1":[{"name":"Germany","official_name":"Federal Republic of Germany"}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "iso_3166-2.json"), []byte(`{"3166-2":[{"name":"Bayern (Bavaria)"}]}`), 0o644)
	var l Lists
	if err := l.AddISO3166(dir); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ list, phrase string }{
		{"iso-country", "Germany"}, {"iso-country", "Federal Republic of Germany"}, {"iso-region", "Bayern"}, {"iso-region", "Bavaria"},
	} {
		if !has(&l, c.list, c.phrase) {
			t.Errorf("%s lacks %q", c.list, c.phrase)
		}
	}
	os.WriteFile(filepath.Join(dir, "iso_3166-2.json"), []byte(`{`), 0o644)
	if err := l.AddISO3166(dir); err == nil {
		t.Error("broken JSON was accepted")
	}
}
