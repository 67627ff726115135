// Package dates reads publication dates as news sources write them: RFC
// 3339 and RFC 1123 in feeds and metadata, "March 3, 2024" and "Thu Feb 8,
// 2018 9:40AM EST" in datelines, "/2024/03/05/" in URL paths. Each result
// says whether a time of day and a zone were given, so a date is never
// passed off as a precise time.
package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// zones are the abbreviations read as fixed offsets. Ambiguous ones (IST,
// CST as China time) are read in their most common news meaning: CST is US
// Central, IST is India.
var zones = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"BST": 3600, "CET": 3600, "CEST": 2 * 3600, "EET": 2 * 3600, "EEST": 3 * 3600,
	"WET": 0, "WEST": 3600, "MSK": 3 * 3600, "IST": 5*3600 + 1800, "JST": 9 * 3600,
	"KST": 9 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600, "HKT": 8 * 3600, "SGT": 8 * 3600,
}

// layouts with an explicit numeric zone or Z, tried first.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	time.RFC1123Z,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	time.RubyDate,
}

// localLayouts carry a time of day but no zone (a trailing zone
// abbreviation is taken off before they are tried).
var localLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"Mon, 02 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006 15:04",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"Monday, 02-Jan-06 15:04:05",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2, 2006 3:04PM",
	"Mon Jan 2, 2006 3:04 PM",
	"Jan 2, 2006 3:04PM",
	"Jan 2, 2006 3:04 PM",
	"Jan 2, 2006 15:04",
	"January 2, 2006 3:04 PM",
	"January 2, 2006 3:04PM",
	"January 2, 2006 15:04",
	"Monday, January 2, 2006 3:04 PM",
	"Monday, January 2, 2006 15:04",
	"2 January 2006 15:04",
	"2 January 2006 3:04 PM",
	"Monday 2 January 2006 15:04",
	"Mon 2 Jan 2006 15:04",
	"Mon 2 Jan 2006 15:04:05",
	"Monday, 2 January 2006 15:04",
	"Monday, 2 January 2006, 15:04",
	"January 2, 2006 / 3:04 PM",
	"January 2, 2006 / 3:04PM",
	"Jan 2, 2006 / 3:04 PM",
	"January 2, 2006, 3:04 PM",
	"Jan 2, 2006, 3:04 PM",
	"2.1.2006 15:04",
	"02.01.2006 15:04",
}

// dayLayouts are dates without a time of day.
var dayLayouts = []string{
	"2006-01-02",
	"2006/01/02",
	"20060102",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"Mon, Jan 2, 2006",
	"Mon Jan 2, 2006",
	"Mon Jan 2 2006",
	"Monday, January 2, 2006",
	"Monday January 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"02 Jan 2006",
	"Monday, 2 January 2006",
	"Monday 2 January 2006",
	"Mon, 2 Jan 2006",
	"Mon 2 Jan 2006",
	"2. January 2006",
	"02.01.2006",
	"2.1.2006",
	"January 2nd, 2006",
}

var (
	spaces   = regexp.MustCompile(`\s+`)
	ordinal  = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)\b`)
	monthDot = regexp.MustCompile(`\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.`)
	sept     = regexp.MustCompile(`\bSept\b`)
	ampm     = regexp.MustCompile(`(?i)\b(\d{1,2}:\d{2})\s*([ap])\.?m\.?`)
	unixSecs = regexp.MustCompile(`^\d{10}$`)
	unixMs   = regexp.MustCompile(`^\d{13}$`)
)

// Parse reads a date or date-time in one of the common forms. The result's
// Time is in UTC; HasZone and Offset are set when the text gave a zone;
// Reliability is Exact with a time of day and Day for a date alone (whose
// Time is then midnight UTC of that calendar day). Source is left for the
// caller. Years outside 1900-2100 are refused.
func Parse(s string) (model.Published, bool) {
	s = normalize(s)
	if s == "" || len(s) > 80 || !strings.ContainsAny(s, "0123456789") {
		// Every layout has a day or a year in digits; trying them all on
		// a line of words made an error each.
		return model.Published{}, false
	}
	if unixSecs.MatchString(s) || unixMs.MatchString(s) {
		n, _ := strconv.ParseInt(s, 10, 64)
		if len(s) == 13 {
			n /= 1000
		}
		return exact(time.Unix(n, 0), true)
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return exact(t, true)
		}
	}
	rest, offset, hasZone := cutZone(s)
	for _, l := range localLayouts {
		if t, err := time.Parse(l, rest); err == nil {
			if hasZone {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone("", offset))
			}
			return exact(t, hasZone)
		}
	}
	for _, l := range dayLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return day(t)
		}
	}
	return model.Published{}, false
}

// foreignMonths maps month names in the default languages (their
// nominative and genitive forms, as datelines write them) to English, so
// "7 février 2025" and "22 ноября 2024 года" read like "7 February 2025".
var foreignMonths = map[string]string{
	"janvier": "January", "février": "February", "fevrier": "February", "mars": "March", "avril": "April",
	"mai": "May", "juin": "June", "juillet": "July", "août": "August", "aout": "August",
	"septembre": "September", "octobre": "October", "novembre": "November", "décembre": "December", "januar": "January",
	"februar": "February", "märz": "March", "juni": "June", "juli": "July", "oktober": "October",
	"dezember": "December", "enero": "January", "febrero": "February", "marzo": "March", "abril": "April",
	"mayo": "May", "junio": "June", "julio": "July", "agosto": "August", "septiembre": "September",
	"octubre": "October", "noviembre": "November", "diciembre": "December", "gennaio": "January", "febbraio": "February",
	"aprile": "April", "maggio": "May", "giugno": "June", "luglio": "July", "settembre": "September",
	"ottobre": "October", "dicembre": "December", "janeiro": "January", "fevereiro": "February", "março": "March",
	"maio": "May", "junho": "June", "julho": "July", "setembro": "September", "outubro": "October",
	"novembro": "November", "dezembro": "December", "января": "January", "февраля": "February", "марта": "March",
	"апреля": "April", "мая": "May", "июня": "June", "июля": "July", "августа": "August",
	"сентября": "September", "октября": "October", "ноября": "November", "декабря": "December", "січня": "January",
	"лютого": "February", "березня": "March", "квітня": "April", "травня": "May", "червня": "June",
	"липня": "July", "серпня": "August", "вересня": "September", "жовтня": "October", "листопада": "November",
	"грудня": "December",
}

// yearWords are words that follow a year in some languages ("2024 года").
var yearWords = regexp.MustCompile(`(\d{4})\s*(года|року|г\.|р\.)`)

// normalize makes the forms sources vary in uniform: single spaces, no
// ordinal suffixes, "Mar." as "Mar", "Sept" as "Sep", "9:40 a.m." as "9:40 AM".
func normalize(s string) string {
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	s = strings.Trim(s, " .,;|-–—")
	s = strings.TrimPrefix(s, "Published ")
	if hasNonASCII(s) || strings.ContainsAny(s, "jfmasondJFMASOND") {
		s = translateMonths(s)
		s = yearWords.ReplaceAllString(s, "$1")
	}
	s = ordinal.ReplaceAllString(s, "$1")
	s = monthDot.ReplaceAllString(s, "$1")
	s = sept.ReplaceAllString(s, "Sep")
	s = ampm.ReplaceAllStringFunc(s, func(m string) string {
		sub := ampm.FindStringSubmatch(m)
		return sub[1] + " " + strings.ToUpper(sub[2]) + "M"
	})
	// "9:40AM" and "9:40 AM" are both in the layouts; "Sept" handled above.
	return s
}

// cutZone removes a trailing zone abbreviation ("EST", "GMT") or a
// parenthesised one, returning its offset.
func cutZone(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s, 0, false
	}
	abbr := strings.Trim(s[i+1:], "()")
	if off, ok := zones[strings.ToUpper(abbr)]; ok && strings.ToUpper(abbr) == abbr {
		return strings.TrimSpace(s[:i]), off, true
	}
	return s, 0, false
}

func plausible(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 2100 }

func exact(t time.Time, hasZone bool) (model.Published, bool) {
	if !plausible(t) {
		return model.Published{}, false
	}
	_, off := t.Zone()
	p := model.Published{Time: t.UTC(), Reliability: model.Exact, HasZone: hasZone}
	if hasZone {
		p.Offset = off
	}
	return p, true
}

func day(t time.Time) (model.Published, bool) {
	if !plausible(t) {
		return model.Published{}, false
	}
	return model.Published{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), Reliability: model.Day}, true
}

var urlDate = regexp.MustCompile(`/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2]|[a-z]{3})[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)`)

var monthAbbr = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// FromURL finds a date in a URL's path (/2024/03/05/, /2024-03-05-title,
// /20240305/, /2024/mar/05/): Reliability Day.
func FromURL(rawURL string) (model.Published, bool) {
	path := rawURL
	if i := strings.Index(path, "://"); i >= 0 {
		path = path[i+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			return model.Published{}, false
		}
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	m := urlDate.FindStringSubmatch(strings.ToLower(path))
	if m == nil {
		return model.Published{}, false
	}
	y, _ := strconv.Atoi(m[1])
	var mon time.Month
	if n, err := strconv.Atoi(m[2]); err == nil {
		mon = time.Month(n)
	} else if mm, ok := monthAbbr[m[2]]; ok {
		mon = mm
	} else {
		return model.Published{}, false
	}
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, mon, d, 0, 0, 0, 0, time.UTC)
	if t.Month() != mon || t.Day() != d { // 2024/02/31 is not a date
		return model.Published{}, false
	}
	return day(t)
}

// translateMonths replaces whole words that are foreign month names.
func translateMonths(s string) string {
	words := strings.Fields(s)
	changed := false
	for i, w := range words {
		core := strings.TrimRight(w, ".,")
		if en, ok := foreignMonths[strings.ToLower(core)]; ok {
			words[i] = en + w[len(core):]
			changed = true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(words, " ")
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}
