package langid

import (
	"bufio"
	"compress/bzip2"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// readSimplified reads the kSimplifiedVariant field of the Unicode Han
// database (Unihan_Variants.txt, or the .bz2 Debian's unicode-data
// package ships): each traditional character's simplified forms.
func readSimplified(path string) (map[rune][]rune, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("langid: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".bz2") {
		r = bzip2.NewReader(f)
	}
	simplified := map[rune][]rune{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || fields[1] != "kSimplifiedVariant" {
			continue
		}
		from, err := codePoint(fields[0])
		if err != nil {
			return nil, fmt.Errorf("langid: %s: %w", path, err)
		}
		for _, f := range fields[2:] {
			to, err := codePoint(f)
			if err != nil {
				return nil, fmt.Errorf("langid: %s: %w", path, err)
			}
			simplified[from] = append(simplified[from], to)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("langid: %s: %w", path, err)
	}
	if len(simplified) == 0 {
		return nil, fmt.Errorf("langid: %s: no kSimplifiedVariant entries: is it Unihan_Variants.txt?", path)
	}
	return simplified, nil
}

func codePoint(s string) (rune, error) {
	hex, ok := strings.CutPrefix(s, "U+")
	if !ok {
		return 0, fmt.Errorf("%q is not a code point", s)
	}
	r, err := strconv.ParseUint(hex, 16, 32)
	return rune(r), err
}

// withSimplified returns Chinese letter frequencies counted in traditional
// characters as those of a text equally likely to be in either script:
// a character the same in both keeps its frequency, a traditional one
// gives half of its to its simplified forms. Lingua's Chinese table knows
// traditional characters only (國 but not 国), and lingua makes up for it
// with a rule that any text of Chinese characters without Japanese kana
// is Chinese; a model of letters needs the letters.
func withSimplified(unigrams map[string]float64, simplified map[rune][]rune) map[string]float64 {
	out := make(map[string]float64, 2*len(unigrams))
	for g, p := range unigrams {
		r := []rune(g)
		forms := simplified[r[0]]
		if len(r) != 1 || len(forms) == 0 || (len(forms) == 1 && forms[0] == r[0]) {
			out[g] += p
			continue
		}
		out[g] += p / 2
		for _, s := range forms {
			out[string(s)] += p / 2 / float64(len(forms))
		}
	}
	return out
}
