package dates

import "strings"

// IsMonthOrWeekday tells a word (any case, no trailing dot) that names a
// month or a day of the week, in full or abbreviated, in English or as a
// month in the other default languages.
func IsMonthOrWeekday(w string) bool {
	w = strings.ToLower(w)
	if _, ok := foreignMonths[w]; ok {
		return true
	}
	if len(w) >= 3 {
		if _, ok := monthAbbr[w[:3]]; ok && strings.HasPrefix(englishMonths[w[:3]], w) {
			return true
		}
		if full, ok := weekdays[w[:3]]; ok && strings.HasPrefix(full, w) {
			return true
		}
	}
	return w == "sept"
}

var englishMonths = map[string]string{
	"jan": "january", "feb": "february", "mar": "march", "apr": "april", "may": "may", "jun": "june",
	"jul": "july", "aug": "august", "sep": "september", "oct": "october", "nov": "november", "dec": "december",
}

var weekdays = map[string]string{
	"mon": "monday", "tue": "tuesday", "wed": "wednesday", "thu": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday",
}
