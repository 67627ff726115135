package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// templateFuncs are the helpers the templates call: formatting only,
// never anything that reads the store.
func templateFuncs(as *assets) template.FuncMap {
	return template.FuncMap{
		"asset":      as.path,
		"when":       when,
		"plural":     plural,
		"typeName":   typeName,
		"score":      func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
		"add":        func(a, b int) int { return a + b },
		"join":       strings.Join,
		"datetime":   datetimeAttr,
		"deref":      deref,
		"typeClass":  typeClass,
		"capitalise": capitalise,
		"span":       spanTimes,
		"rowArgs":    func(r articleRow, can bool) rowArgs { return rowArgs{Row: r, Can: can} },
	}
}

// parseWhen reads a time as the views write them: RFC 3339, or a date.
func parseWhen(s string) (t time.Time, dayOnly, ok bool) {
	if s == "" {
		return time.Time{}, false, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, false, true
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true, true
	}
	return time.Time{}, false, false
}

// when writes a publication time for people: "3 Jun 2024, 11:20 +02:00",
// or the day alone when only the day is known; "undated" for none.
func when(s string) string {
	t, dayOnly, ok := parseWhen(s)
	switch {
	case !ok && s == "":
		return "undated"
	case !ok:
		return s
	case dayOnly:
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 2006, 15:04 -07:00")
}

// datetimeAttr is a value fit for a <time datetime> attribute, or "".
func datetimeAttr(s string) string {
	if _, _, ok := parseWhen(s); ok {
		return s
	}
	return ""
}

// span writes a story's time span: "11 Mar 2024", "11–12 Mar 2024",
// "30 Mar – 2 Apr 2024", "30 Dec 2023 – 2 Jan 2024".
func span(first, last *string) string {
	if first == nil {
		return "undated"
	}
	f, _, ok1 := parseWhen(*first)
	l, _, ok2 := parseWhen(deref(last))
	if !ok1 {
		return "undated"
	}
	if !ok2 {
		l = f
	}
	f, l = f.UTC(), l.UTC()
	switch {
	case f.Format("2006-01-02") == l.Format("2006-01-02"):
		return f.Format("2 Jan 2006")
	case f.Year() == l.Year() && f.Month() == l.Month():
		return fmt.Sprintf("%d–%s", f.Day(), l.Format("2 Jan 2006"))
	case f.Year() == l.Year():
		return f.Format("2 Jan") + " – " + l.Format("2 Jan 2006")
	}
	return f.Format("2 Jan 2006") + " – " + l.Format("2 Jan 2006")
}

// spanTimes is span for times; "undated" when the first is zero.
func spanTimes(first, last time.Time) string {
	if first.IsZero() {
		return "undated"
	}
	return span(timePtr(first), timePtr(last))
}

// plural writes a count with its noun: "1 article", "4 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey"):
		noun = noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"):
		noun += "es"
	default:
		noun += "s"
	}
	return strconv.Itoa(n) + " " + noun
}

// typeName names an entity type for people.
func typeName(t string) string {
	switch strings.ToUpper(t) {
	case model.Person:
		return "person"
	case model.Organization:
		return "organisation"
	case model.Location:
		return "place"
	case model.Misc:
		return "other name"
	}
	return "name"
}

// typeClass is the class an entity of type t is coloured by.
func typeClass(t string) string {
	switch strings.ToUpper(t) {
	case model.Person, model.Organization, model.Location, model.Misc:
		return "t-" + strings.ToLower(t)
	}
	return "t-misc"
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// oneLine cuts a text to about n bytes at a word boundary, with an
// ellipsis when cut.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:-") + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
