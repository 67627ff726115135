package stem

import (
	"cmp"
	"slices"
	"strings"
)

// rule is one suffix of steps 2 to 4: if the longest suffix of the word
// that a step lists is suffix, and it lies in the rule's region, it is
// replaced by repl.
type rule struct {
	suffix string
	repl   string
	// after, when set, lists the letters that must precede the suffix
	// ("ogi" only after l, "li" only after a valid li-ending).
	after string
	// inR2 asks for the suffix to lie in R2 rather than R1.
	inR2 bool
}

// ruleTable holds a step's rules bucketed by last letter, longest suffix
// first, so the first rule that matches is the longest match the algorithm
// asks for. Bucketing keeps a step to a handful of comparisons. All words
// reaching the steps are ASCII.
type ruleTable [128][]rule

func newRuleTable(rules ...rule) ruleTable {
	rules = slices.Clone(rules)
	slices.SortStableFunc(rules, func(a, b rule) int {
		return cmp.Compare(len(b.suffix), len(a.suffix))
	})
	var t ruleTable
	for _, r := range rules {
		last := r.suffix[len(r.suffix)-1]
		t[last] = append(t[last], r)
	}
	return t
}

// applyLongest applies the rule for the longest listed suffix of the word.
// Per the algorithm, a longest suffix that fails its conditions is not
// replaced by a shorter one: "ement" out of R2 does not fall back to "ment".
func (s *stemmer) applyLongest(t *ruleTable) {
	n := len(s.b)
	if n == 0 || s.b[n-1] >= 128 {
		return
	}
	for _, r := range t[s.b[n-1]] {
		if !s.hasSuffix(r.suffix) {
			continue
		}
		start := n - len(r.suffix)
		region := s.p1
		if r.inR2 {
			region = s.p2
		}
		if start < region {
			return
		}
		if r.after != "" && (start == 0 || !strings.ContainsRune(r.after, rune(s.b[start-1]))) {
			return
		}
		s.replaceSuffix(len(r.suffix), r.repl)
		return
	}
}

// validLI are the letters after which "li" is an adverb ending to remove.
const validLI = "cdeghkmnrt"

// step2 maps derivational suffixes onto shorter ones, in R1.
var step2 = newRuleTable(
	rule{suffix: "tional", repl: "tion"},
	rule{suffix: "enci", repl: "ence"},
	rule{suffix: "anci", repl: "ance"},
	rule{suffix: "abli", repl: "able"},
	rule{suffix: "entli", repl: "ent"},
	rule{suffix: "izer", repl: "ize"},
	rule{suffix: "ization", repl: "ize"},
	rule{suffix: "ational", repl: "ate"},
	rule{suffix: "ation", repl: "ate"},
	rule{suffix: "ator", repl: "ate"},
	rule{suffix: "alism", repl: "al"},
	rule{suffix: "aliti", repl: "al"},
	rule{suffix: "alli", repl: "al"},
	rule{suffix: "fulness", repl: "ful"},
	rule{suffix: "ousli", repl: "ous"},
	rule{suffix: "ousness", repl: "ous"},
	rule{suffix: "iveness", repl: "ive"},
	rule{suffix: "iviti", repl: "ive"},
	rule{suffix: "biliti", repl: "ble"},
	rule{suffix: "bli", repl: "ble"},
	rule{suffix: "ogi", repl: "og", after: "l"},
	rule{suffix: "fulli", repl: "ful"},
	rule{suffix: "lessli", repl: "less"},
	rule{suffix: "li", repl: "", after: validLI},
)

// step3 shortens or removes further derivational suffixes, in R1.
var step3 = newRuleTable(
	rule{suffix: "tional", repl: "tion"},
	rule{suffix: "ational", repl: "ate"},
	rule{suffix: "alize", repl: "al"},
	rule{suffix: "icate", repl: "ic"},
	rule{suffix: "iciti", repl: "ic"},
	rule{suffix: "ical", repl: "ic"},
	rule{suffix: "ful", repl: ""},
	rule{suffix: "ness", repl: ""},
	rule{suffix: "ative", repl: "", inR2: true},
)

// step4 removes the remaining suffixes, in R2.
var step4 = newRuleTable(
	rule{suffix: "al", inR2: true},
	rule{suffix: "ance", inR2: true},
	rule{suffix: "ence", inR2: true},
	rule{suffix: "er", inR2: true},
	rule{suffix: "ic", inR2: true},
	rule{suffix: "able", inR2: true},
	rule{suffix: "ible", inR2: true},
	rule{suffix: "ant", inR2: true},
	rule{suffix: "ement", inR2: true},
	rule{suffix: "ment", inR2: true},
	rule{suffix: "ent", inR2: true},
	rule{suffix: "ism", inR2: true},
	rule{suffix: "ate", inR2: true},
	rule{suffix: "iti", inR2: true},
	rule{suffix: "ous", inR2: true},
	rule{suffix: "ive", inR2: true},
	rule{suffix: "ize", inR2: true},
	rule{suffix: "ion", inR2: true, after: "st"},
)
