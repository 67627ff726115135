// Package quantity finds amounts in English news text — "27 individuals
// and companies", "more than two dozen firms", "$1.5 billion", "hundreds of
// civilians", "61.4 per cent" — with the bounds the wording allows, and
// tells whether two amounts can describe the same thing.
//
// Find reads the text once, token by token, with a fixed window of tokens,
// so time and memory grow linearly with the text. It uses no regular
// expressions and no tagger: numbers are recognised by their spelling and
// units by small word lists and the shape of the words after them.
//
// # Numbers
//
// Digits take thousands separators in the common conventions ("1,500",
// "1.500.000", "1 500" with a plain, no-break or thin space) and a decimal
// point ("61.4"). A lone "." group of three digits ("1.500") is read as a
// decimal unless the number counts a noun ("1.500 people" is 1500). A
// decimal comma is read only before a scale word ("1,5 million"). Words
// cover zero to nineteen, the tens ("twenty-seven", "twenty seven"),
// "hundred", the scale words ("two thousand", "a hundred and twenty"),
// "dozen" ("two dozen" is 24) and "half a million". Scale words and the
// abbreviations "bn", "mn", "tn" multiply; "m", "k" and "b" do too when
// the amount is money or counts a noun ("€200m", "1.5m people"), else "m"
// is metres.
//
// # Bounds
//
// Value is the number as stated; Low and High bound what the words allow:
//
//	27                          [27, 27]
//	more than / over / above X  (X, ∞)
//	at least X                  [X, ∞)
//	fewer than / under X        [0, X)
//	up to / as many as X        [0, X]
//	nearly / almost X           [0.9X, X)
//	about / some / roughly X    [0.9X, 1.1X]
//	X or more, X+, X-plus       [X, ∞)
//	X-odd                       [X, 1.25X]
//	between X and Y, X to Y,
//	X-Y, X or Y                 [X, Y], Value X
//	a couple (of)               [2, 3]
//	a few, a handful (of)       [2, 5]
//	several                     [3, 9]; "several hundred" [300, 900]
//	dozens                      [24, 99]
//	scores of                   [40, 99]
//	hundreds                    [200, 999]
//	thousands                   [2000, 9999]
//	tens of thousands           [20000, 99999]
//	hundreds of thousands       [200000, 999999]
//	millions                    [2e6, 999999999]
//
// For the vague words Value is the lower bound, the least they commit to.
// Any hedged, vague or ranged amount is Approximate.
//
// # Units
//
// Unit is "percent" for "%", "percent" and "per cent"; an ISO code for
// money ("$" is USD, "€200m" EUR, "£3bn" GBP, "USD 40 million", "40
// million dollars"); "°C" / "°F" for temperatures ("-3°C", "5C", "5
// degrees Celsius"); "years" for ages ("aged 45", "45-year-old"); the
// word as written for other measures ("30 km", "5 tonnes"); and otherwise
// the counted noun phrase: up to three modifiers and a plural noun, with
// one coordinated phrase ("individuals and companies"), after "of" for
// vague amounts ("hundreds of civilians"). Fractions ("a third of",
// "two-thirds", "half of", "one in five") have Value the ratio (0.333...)
// and Unit "fraction"; they are not percentages, so "half" and "50
// percent" have different units.
//
// # Not amounts
//
// Years (a bare four-digit number from 1000 to 2100 with no unit, or after
// "in", "since", "the"...), decades ("1990s"), dates ("March 17", "17
// March", "2024-03-12"), clock times ("9:30", "10 a.m."), ordinals
// ("3rd"), scores ("3-1"), telephone numbers, codes and names with digits
// ("COVID-19", "G7", "F-16", "Boeing 737"), labelled numbers ("Article 5",
// "No. 10"), the pronoun "one" ("one of the", "no one", "one day") and
// spelled numbers in capitalised names ("the Group of Seven") are skipped.
package quantity

import "github.com/storywire/storywire/internal/model"

const (
	// window is the most tokens Find holds at a time; shorter texts get
	// a window to their size, but never under minWindow.
	window    = 4096
	minWindow = 4 * lookahead
	// lookahead bounds how far past its first token a match may read;
	// a window is only searched up to this many tokens from its end
	// until the text ends.
	lookahead = 64
	// lookbehind is how many tokens before a match the filters may read.
	lookbehind = 8
)

// Find returns the quantities in text, in order, non-overlapping.
func Find(text string) []model.Quantity {
	var out []model.Quantity
	lx := lexer{text: text}
	// A token takes about five bytes of prose, space included; a denser
	// text only slides the window more often.
	m := matcher{text: text, toks: make([]token, 0, min(max(len(text)/5, minWindow), window))}
	m.nothing.gap = true
	i, eof := 0, false
	for {
		for !eof && len(m.toks) < cap(m.toks) {
			var t token
			if !lx.next(&t) {
				eof = true
				break
			}
			m.toks = append(m.toks, t)
		}
		limit := len(m.toks)
		if !eof {
			limit -= lookahead
		}
		for i < limit {
			q, next, ok := m.match(i)
			if ok {
				out = append(out, q)
			}
			i = max(next, i+1)
		}
		i = min(i, len(m.toks))
		if eof {
			return out
		}
		// Slide the window: keep a few tokens before i and all after.
		keep := max(i-lookbehind, 0)
		m.toks = m.toks[:copy(m.toks, m.toks[keep:])]
		i -= keep
	}
}
