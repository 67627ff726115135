// Package langeval measures language identification: it reads labelled
// texts from public sources that the language model was not trained on
// (the Universal Declaration of Human Rights in its translations, Debian's
// fortune cookies, translated manual pages and message catalogs, English
// news of ECB+),
// cuts each into a headline-length and a paragraph-length text, and
// scores a detector's accuracy per language on each length.
package langeval

import (
	"cmp"
	"hash/fnv"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text lengths, in characters.
const (
	// ShortMin and ShortMax bound a short text: a headline.
	ShortMin, ShortMax = 20, 60
	// LongMin is the least a long text holds: a paragraph. Longer ones are
	// cut to LongMax.
	LongMin, LongMax = 200, 1000
)

// Sample is one labelled text.
type Sample struct {
	Source string // where it comes from: udhr, fortunes, man, gettext, ecbplus
	Lang   string // ISO 639-1 code of its language
	Long   bool   // a paragraph, not a headline
	Text   string
}

// Source is a reader of labelled texts, by name. Read returns the texts
// it finds in the languages asked for, each with its language.
type Source struct {
	Name string
	Read func(langs map[string]bool) ([]Labelled, error)
}

// Labelled is a text and the ISO 639-1 code of its language, as a source
// labels it.
type Labelled struct {
	Lang, Text string
}

// Options says what a set holds.
type Options struct {
	// Langs are the languages to keep.
	Langs []string
	// PerGroup caps the samples of one source, language and length, so
	// that no source outweighs the others; the ones kept are chosen by a
	// hash of their text, the same on every run.
	PerGroup int
	// Part is "dev", "test" or "" for both: a fixed quarter of the texts
	// (by a hash of the text, chosen before any result was seen) is the
	// development part, on which the model's settings were chosen; the
	// figures in docs/quality.md are on the rest.
	Part string
}

// Build reads the sources and returns the samples, sorted by source,
// language, length and text.
func Build(opts Options, sources ...Source) ([]Sample, error) {
	langs := map[string]bool{}
	for _, l := range opts.Langs {
		langs[l] = true
	}
	var out []Sample
	for _, src := range sources {
		texts, err := src.Read(langs)
		if err != nil {
			return nil, err
		}
		type group struct {
			lang string
			long bool
		}
		groups := map[group][]Sample{}
		seen := map[string]bool{}
		add := func(s Sample) {
			if seen[s.Text] {
				return
			}
			seen[s.Text] = true
			if opts.Part != "" && isDev(s.Text) != (opts.Part == "dev") {
				return
			}
			k := group{s.Lang, s.Long}
			groups[k] = append(groups[k], s)
		}
		for _, t := range texts {
			if !langs[t.Lang] {
				continue
			}
			text := collapse(ansiEscape.ReplaceAllString(t.Text, ""))
			if s := headline(text); s != "" && inScript(t.Lang, s) {
				add(Sample{Source: src.Name, Lang: t.Lang, Text: s})
			}
			if utf8.RuneCountInString(text) >= LongMin && inScript(t.Lang, text) {
				add(Sample{Source: src.Name, Lang: t.Lang, Long: true, Text: cut(text, LongMax)})
			}
		}
		for _, g := range groups {
			if opts.PerGroup > 0 && len(g) > opts.PerGroup {
				slices.SortFunc(g, func(a, b Sample) int { return cmp.Compare(hash(a.Text), hash(b.Text)) })
				g = g[:opts.PerGroup]
			}
			out = append(out, g...)
		}
	}
	slices.SortFunc(out, func(a, b Sample) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Lang, b.Lang),
			compareBool(a.Long, b.Long), strings.Compare(a.Text, b.Text))
	})
	return out, nil
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// isDev says whether a text is in the development quarter.
func isDev(text string) bool { return hash("dev:"+text)%4 == 0 }

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// scripts are the writing systems of the languages not written in Latin
// letters.
var scripts = map[string][]*unicode.RangeTable{
	"ru": {unicode.Cyrillic}, "uk": {unicode.Cyrillic}, "bg": {unicode.Cyrillic},
	"sr": {unicode.Cyrillic, unicode.Latin}, "el": {unicode.Greek}, "he": {unicode.Hebrew},
	"ar": {unicode.Arabic}, "fa": {unicode.Arabic}, "ur": {unicode.Arabic},
	"hi": {unicode.Devanagari}, "th": {unicode.Thai}, "zh": {unicode.Han},
	"ja": {unicode.Han, unicode.Hiragana, unicode.Katakana}, "ko": {unicode.Hangul, unicode.Han},
}

// inScript says whether most of text's letters are in the script of its
// language. Sources label whole files, and a file's texts are not all in
// its language: manual pages keep commands, paths and untranslated
// paragraphs, cookie files quote English. What a script tells apart is
// left out of the set; an English paragraph in a German page is not.
func inScript(lang, text string) bool {
	tables := scripts[lang]
	if tables == nil {
		tables = []*unicode.RangeTable{unicode.Latin}
	}
	in, all := 0, 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		all++
		if unicode.IsOneOf(tables, r) {
			in++
		}
	}
	return 2*in > all
}

// collapse turns runs of white space into one space and trims the ends.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// headline returns the start of text as a short sample: at most ShortMax
// characters, cut after a word, or "" when that is fewer than ShortMin
// characters or holds fewer than ShortMin/2 letters. Texts written
// without spaces (Chinese, Japanese) are cut at ShortMax characters.
func headline(text string) string {
	s := cut(text, ShortMax)
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	if utf8.RuneCountInString(s) < ShortMin || n < ShortMin/2 {
		return ""
	}
	return s
}

// cut returns text's first max characters, cut at the last space in the
// second half of them, if any.
func cut(text string, max int) string {
	n := 0
	for i := range text {
		if n == max {
			if sp := strings.LastIndexByte(text[:i], ' '); sp >= 0 && utf8.RuneCountInString(text[:sp]) >= max/2 {
				return text[:sp]
			}
			return text[:i]
		}
		n++
	}
	return text
}
