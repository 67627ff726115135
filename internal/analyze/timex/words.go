package timex

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Word tables: read-only after package initialisation.

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "mon": time.Monday, "tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "thursday": time.Thursday, "thu": time.Thursday, "thurs": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "saturday": time.Saturday, "sat": time.Saturday, "sunday": time.Sunday, "sun": time.Sunday,
}

// units maps a unit word (singular or plural) to its ISO 8601 duration
// letter; hours, minutes and seconds take the "T" time designator, and
// minutes are "MIN" here so they are not taken for months (both are "M").
var units = map[string]string{
	"second": "S", "seconds": "S", "minute": "MIN", "minutes": "MIN", "hour": "H", "hours": "H",
	"day": "D", "days": "D", "week": "W", "weeks": "W", "weekend": "WE", "weekends": "WE",
	"month": "M", "months": "M", "year": "Y", "years": "Y", "decade": "DE", "decades": "DE",
	"century": "CE", "centuries": "CE", "quarter": "Q", "quarters": "Q",
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"hundred": 100, "dozen": 12, "half": 0, // "half" is handled by the caller
}

// vagueNumbers stand for an unknown count: "several days" is PXD.
var vagueNumbers = map[string]bool{"several": true, "few": true, "many": true, "some": true, "recent": true, "coming": true, "numerous": true}

var seasons = map[string]string{"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

// number reads a count: digits ("48"), a number word ("three"), or a
// hyphenated word number ("twenty-five"). ok is false for anything else.
func number(w string) (int, bool) {
	w = strings.ToLower(w)
	if n, err := atoi(strings.ReplaceAll(w, ",", "")); err == nil && n >= 0 {
		return n, true
	}
	if n, ok := numberWords[w]; ok && w != "half" {
		return n, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		x, ok1 := numberWords[a]
		y, ok2 := numberWords[b]
		if ok1 && ok2 && x >= 20 && y < 10 {
			return x + y, true
		}
	}
	return 0, false
}

// errNotNumber is atoi's answer for a word: strconv's error names the
// word, and making one for most words of a text cost as much as reading
// them.
var errNotNumber = errors.New("not a number")

// atoi is strconv.Atoi for a word that may well not be a number.
func atoi(w string) (int, error) {
	if w == "" || (w[0] != '+' && w[0] != '-' && (w[0] < '0' || w[0] > '9')) {
		return 0, errNotNumber
	}
	return strconv.Atoi(w)
}

// dayOfMonth reads "17", "17th", "1st".
func dayOfMonth(w string) (int, bool) {
	w = strings.TrimRight(strings.ToLower(w), ",")
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	n, err := atoi(w)
	if err != nil || n < 1 || n > 31 || len(w) > 2 {
		return 0, false
	}
	return n, true
}

// year reads a four-digit year between 1000 and 2199.
func year(w string) (int, bool) {
	if len(w) != 4 {
		return 0, false
	}
	n, err := atoi(w)
	if err != nil || n < 1000 || n > 2199 {
		return 0, false
	}
	return n, true
}

// month reads a month name or abbreviation ("Sept.", "mid-November").
func month(w string) (time.Month, bool) {
	w = strings.TrimPrefix(strings.ToLower(w), "mid-")
	m, ok := months[strings.TrimSuffix(w, ".")]
	return m, ok
}

// weekday reads a weekday's name; an abbreviation only with its period
// ("Sun." but not "Sun", which is more often a newspaper).
func weekday(w string) (time.Weekday, bool) {
	l := strings.ToLower(w)
	d, ok := weekdays[strings.TrimSuffix(l, ".")]
	if ok && len(strings.TrimSuffix(l, ".")) <= 4 && !strings.HasSuffix(l, ".") {
		return 0, false
	}
	return d, ok
}
