package lexicon

import (
	"strings"
)

// demonymRules rewrite an English demonym ending into a place-name ending,
// most productive first. Every rule whose suffix matches gives a
// candidate.
var demonymRules = []struct{ suffix, repl string }{
	{"lander", "land"}, // Norlander → Norland
	{"egian", "ay"},    // Norwegian → Norway
	{"ian", "ia"},      // Bulgarian → Bulgaria
	{"ian", ""},        // Iranian → Iran, Brazilian → Brazil
	{"ian", "y"},       // Italian → Italy, Hungarian → Hungary
	{"ian", "e"},       // Ukrainian → Ukraine
	{"ian", "a"},       // Canadian → Canada
	{"ian", "ium"},     // Belgian → Belgium
	{"vian", ""},       // Peruvian → Peru
	{"an", "a"},        // Veldoran → Veldora, Kenyan → Kenya
	{"an", ""},         // Chilean → Chile, Singaporean → Singapore
	{"an", "o"},        // Mexican → Mexico, Moroccan → Morocco
	{"ese", ""},        // Japanese → Japan, Sudanese → Sudan
	{"ese", "a"},       // Chinese → China, Maltese → Malta
	{"ese", "on"},      // Lebanese → Lebanon
	{"lese", ""},       // Congolese → Congo, Togolese → Togo
	{"uese", "al"},     // Portuguese → Portugal
	{"lish", "land"},   // Polish → Poland, English → England
	{"ish", "land"},    // Finnish → Finland, Scottish → Scotland
	{"ish", ""},        // Kurdish → Kurd
	{"ish", "en"},      // Swedish → Sweden
	{"ish", "ey"},      // Turkish → Turkey
	{"ish", "istan"},   // Kurdish → Kurdistan
	{"ish", "eland"},   // Irish → Ireland
	{"ic", ""},         // Norlandic → Norland, Icelandic → Iceland
	{"ic", "ia"},       // Slavic → Slavia
	{"er", ""},         // Icelander → Iceland, Londoner → London
	{"i", ""},          // Pakistani → Pakistan, Iraqi → Iraq
	{"i", "ia"},        // Somali → Somalia
	{"ite", ""},        // Yemenite → Yemen
	{"iot", "us"},      // Cypriot → Cyprus
	{"ois", ""},        // Quebecois → Quebec
	{"ais", ""},        // Togolais → Togol
	{"ine", "ina"},     // Argentine → Argentina
}

// demonymPluralEndings are singular endings whose plural DemonymStem
// takes back to the singular ("Veldorans" → "Veldoran").
var demonymPluralEndings = []string{"an", "er", "i", "ite", "ot"}

// DemonymStem returns the place names a demonym-looking word could come
// from, by rewriting common English demonym endings, so callers can check
// them against place names seen in the corpus. It is meant for countries
// the tables do not know, such as fictional ones ("Veldoran" → Veldora,
// "Norlandic" and "Norlander" → Norland, "Kostravans'" → Kostrava); known
// demonyms are better looked up with Country.
//
// A possessive ending is removed and a plural ("-ans", "-ers", "-is")
// tried as its singular. Candidates keep the word's spelling up to the
// ending; the new ending is lower case (upper case for a word in
// capitals). When the ending follows a doubled consonant, "-ish" rules try
// a single consonant first ("Scottish" → Scotland). Most candidates are
// not real names; the order is fixed: the word's forms (as given, then the
// singular), then the rules in demonymRules order. Words shorter than four
// letters give nil.
func DemonymStem(word string) []string {
	w := fold(strings.TrimSpace(word))
	if s, ok := strings.CutSuffix(w, "'s"); ok {
		w = s
	} else if s, ok := strings.CutSuffix(w, "s'"); ok {
		w = s + "s"
	}
	if len(w) < 4 {
		return nil
	}
	lw := strings.ToLower(w)
	upper := w == strings.ToUpper(w)
	forms := []string{w}
	if s, ok := strings.CutSuffix(w, "s"); ok {
		for _, e := range demonymPluralEndings {
			if strings.HasSuffix(strings.ToLower(s), e) {
				forms = append(forms, s)
				break
			}
		}
	}
	var out []string
	addCandidate := func(c string) {
		lc := strings.ToLower(c)
		if len(c) < 3 || lc == lw {
			return
		}
		for _, o := range out {
			if strings.ToLower(o) == lc {
				return
			}
		}
		out = append(out, c)
	}
	for _, f := range forms {
		lf := strings.ToLower(f)
		if len(lf) != len(f) {
			continue // a case change altered the length: byte slicing would be wrong
		}
		for _, r := range demonymRules {
			if !strings.HasSuffix(lf, r.suffix) || len(f)-len(r.suffix) < 2 {
				continue
			}
			stem, repl := f[:len(f)-len(r.suffix)], r.repl
			if upper {
				repl = strings.ToUpper(repl)
			}
			if r.suffix == "ish" && doubledConsonant(stem) {
				addCandidate(stem[:len(stem)-1] + repl)
			}
			addCandidate(stem + repl)
		}
	}
	return out
}

// doubledConsonant reports whether s ends in a doubled consonant letter.
func doubledConsonant(s string) bool {
	n := len(s)
	if n < 2 {
		return false
	}
	a, b := s[n-1]|0x20, s[n-2]|0x20
	return a == b && a >= 'b' && a <= 'z' && !isVowel(rune(a)) && a != 'y'
}
