package extract

import (
	"strings"
	"unicode"
)

// notNameWords mark a byline fragment as something other than a person's
// name: a role, a time stamp or a call to action. Month names are not
// among them: dates carry digits, and May and June are surnames.
var notNameWords = map[string]bool{
	"email": true, "e-mail": true, "author": true, "follow": true, "twitter": true, "facebook": true,
	"updated": true, "published": true, "posted": true, "ago": true, "minutes": true, "minute": true,
	"hours": true, "hour": true, "days": true, "day": true, "yesterday": true, "today": true,
	"staff": true, "correspondent": true, "editor": true, "reporter": true, "writer": true,
	"contributor": true, "columnist": true, "bureau": true, "desk": true, "team": true,
	"producer": true, "photographer": true, "analyst": true, "chief": true, "senior": true,
	"read": true, "more": true, "share": true, "comments": true, "comment": true, "min": true,
}

// nameParticles may be lower case inside a name.
var nameParticles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true,
	"del": true, "la": true, "le": true, "al": true, "bin": true, "ibn": true, "y": true,
}

// cleanAuthors splits bylines ("By Jane Roe and John Poe | Email the
// author | 2 hours ago") into person names, drops fragments that are not
// names, and removes repeats, keeping the first spelling and order.
func cleanAuthors(raw []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range raw {
		for _, part := range splitByline(r) {
			name := trimByPrefix(part)
			if !looksLikeName(name) {
				continue
			}
			key := strings.ToLower(name)
			if !seen[key] {
				seen[key] = true
				out = append(out, name)
			}
		}
	}
	return out
}

func splitByline(s string) []string {
	s = strings.Join(strings.Fields(s), " ")
	f := func(r rune) bool { return strings.ContainsRune("|•·;,/\n", r) }
	var parts []string
	for _, p := range strings.FieldsFunc(s, f) {
		for _, q := range splitWords(p, " and ", " & ", " und ", " et ", " y ") {
			parts = append(parts, strings.TrimSpace(q))
		}
	}
	return parts
}

func splitWords(s string, seps ...string) []string {
	parts := []string{s}
	for _, sep := range seps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

func trimByPrefix(s string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, p := range []string{"by ", "from ", "written by ", "words by ", "reporting by ", "von ", "par "} {
		if strings.HasPrefix(lower, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

// looksLikeName accepts two to five words, each capitalised (or a name
// particle), with no digits, no address and no role or time words.
func looksLikeName(s string) bool {
	if s == "" || strings.ContainsAny(s, "@:/0123456789?!") {
		return false
	}
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 {
		return false
	}
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, ".,'’"))
		if notNameWords[lw] {
			return false
		}
		r := []rune(w)
		if !unicode.IsUpper(r[0]) && !nameParticles[lw] {
			return false
		}
	}
	return true
}
