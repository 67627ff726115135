package timex

import (
	"fmt"
	"strings"
	"time"
)

func (f *finder) day(offset int) time.Time { return f.anchor.AddDate(0, 0, offset) }

func dayValue(t time.Time) string { return t.Format("2006-01-02") }

func weekValue(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// partsOfDay map to TimeML's time-of-day codes.
var partsOfDay = map[string]string{"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI", "overnight": "NI"}

// relativeDay: today, yesterday, tomorrow, tonight, last night, the day
// before yesterday, optionally with a part of the day ("yesterday
// morning").
func (f *finder) relativeDay(i int) result {
	offset, n := 0, 0
	switch f.word(i) {
	case "today":
		n = 1
	case "yesterday":
		offset, n = -1, 1
	case "tomorrow":
		offset, n = 1, 1
	case "tonight":
		if f.anchor.IsZero() {
			return ok(1, "TIME", "XXXX-XX-XXTNI", "time")
		}
		return rel(ok(1, "TIME", dayValue(f.anchor)+"TNI", "time"))
	case "last":
		if f.word(i+1) == "night" {
			if f.anchor.IsZero() {
				return ok(2, "TIME", "XXXX-XX-XXTNI", "time")
			}
			return rel(ok(2, "TIME", dayValue(f.day(-1))+"TNI", "time"))
		}
		return result{}
	case "the":
		if f.word(i+1) == "day" && f.word(i+2) == "before" && f.word(i+3) == "yesterday" {
			offset, n = -2, 4
		} else if f.word(i+1) == "day" && f.word(i+2) == "after" && f.word(i+3) == "tomorrow" {
			offset, n = 2, 4
		} else {
			return result{}
		}
	default:
		return result{}
	}
	if part, okp := partsOfDay[f.word(i+n)]; okp && part != "" && f.word(i+n) != "tonight" {
		if f.anchor.IsZero() {
			return ok(n+1, "TIME", "XXXX-XX-XXT"+part, "time")
		}
		return rel(ok(n+1, "TIME", dayValue(f.day(offset))+"T"+part, "time"))
	}
	if f.anchor.IsZero() {
		return ok(n, "DATE", "XXXX-XX-XX", "day")
	}
	return rel(ok(n, "DATE", dayValue(f.day(offset)), "day"))
}

// direction reads a word that points back or ahead: "last" or "past"
// (-1), "next" or "coming" (+1), "this" (0); ok is false for any other.
func (f *finder) direction(i int) (dir int, ok bool) {
	switch f.word(i) {
	case "last", "past":
		return -1, true
	case "next", "coming":
		return 1, true
	case "this":
		return 0, true
	}
	return 0, false
}

// weekdayRef: [last|next|this|on] Weekday [morning|night]: the most recent
// such day (today included) in a report of the past, the next one (today
// included) in a sentence about the future; "last" and "next" force it.
func (f *finder) weekdayRef(i int) result {
	j, dir := i, 0
	if d, okd := f.direction(j); okd {
		dir, j = d, j+1
	}
	wd, okw := weekday(f.word(j))
	if !okw || !f.monthWord(j) {
		return result{}
	}
	n := j + 1 - i
	part := ""
	if p, okp := partsOfDay[f.word(j+1)]; okp && f.word(j+1) != "tonight" {
		part, n = p, n+1
	}
	if f.anchor.IsZero() {
		if part != "" {
			return ok(n, "TIME", "XXXX-WXX-"+fmt.Sprint(isoWeekday(wd))+"T"+part, "time")
		}
		return ok(n, "DATE", "XXXX-WXX-"+fmt.Sprint(isoWeekday(wd)), "day")
	}
	diff := int(wd) - int(f.anchor.Weekday())
	var t time.Time
	switch {
	case dir < 0:
		if diff >= 0 {
			diff -= 7
		}
		t = f.day(diff)
	case dir > 0 || f.future:
		if diff < 0 || (dir > 0 && diff == 0) {
			diff += 7
		}
		t = f.day(diff)
	default:
		if diff > 0 {
			diff -= 7
		}
		t = f.day(diff)
	}
	if part != "" {
		return rel(ok(n, "TIME", dayValue(t)+"T"+part, "time"))
	}
	return rel(ok(n, "DATE", dayValue(t), "day"))
}

func isoWeekday(d time.Weekday) int {
	if d == time.Sunday {
		return 7
	}
	return int(d)
}

// relativePeriod: [the] (last|past|this|next|coming|current) (week|month|
// year|weekend|quarter|season-name), and "earlier/later this week",
// "the end of the month".
func (f *finder) relativePeriod(i int) result {
	j := i
	sub := ""
	switch f.word(j) {
	case "earlier", "later", "early", "late":
		sub = f.word(j)
		j++
	}
	if f.word(j) == "the" {
		j++
	}
	dir := 0
	switch f.word(j) {
	case "last", "past", "previous":
		dir = -1
	case "this", "current":
	case "next", "coming", "following":
		dir = 1
	default:
		return result{}
	}
	j++
	if f.word(j) == "fiscal" || f.word(j) == "calendar" {
		j++
	}
	unit := f.word(j)
	if f.anchor.IsZero() {
		switch unit {
		case "week", "month", "year", "weekend", "quarter":
			return ok(j+1-i, "DATE", "XXXX-XX-XX", unit)
		}
		return result{}
	}
	// "the past week" names a stretch of time, not a calendar period.
	if f.word(i) == "the" && (f.word(i+1) == "past") && sub == "" {
		return result{}
	}
	var r result
	switch unit {
	case "week":
		t := f.anchor.AddDate(0, 0, 7*dir)
		r = ok(j+1-i, "DATE", weekValue(t), "week")
		if sub != "" {
			r.ref.From, r.ref.To = subRange(sub, f.anchor, startOfWeek(t), startOfWeek(t).AddDate(0, 0, 6))
		}
	case "weekend":
		t := f.anchor.AddDate(0, 0, 7*dir)
		r = ok(j+1-i, "DATE", weekValue(t)+"-WE", "week")
	case "month":
		t := time.Date(f.anchor.Year(), f.anchor.Month()+time.Month(dir), 1, 0, 0, 0, 0, time.UTC)
		r = ok(j+1-i, "DATE", t.Format("2006-01"), "month")
		if sub != "" {
			r.ref.From, r.ref.To = subRange(sub, f.anchor, t, t.AddDate(0, 1, -1))
		}
	case "year":
		y := f.anchor.Year() + dir
		r = ok(j+1-i, "DATE", fmt.Sprintf("%04d", y), "year")
		if sub != "" {
			s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			r.ref.From, r.ref.To = subRange(sub, f.anchor, s, s.AddDate(1, 0, -1))
		}
	case "quarter":
		q := (int(f.anchor.Month())-1)/3 + dir
		y := f.anchor.Year()
		for q < 0 {
			q, y = q+4, y-1
		}
		for q > 3 {
			q, y = q-4, y+1
		}
		r = ok(j+1-i, "DATE", fmt.Sprintf("%04d-Q%d", y, q+1), "quarter")
	default:
		if s, oks := seasons[unit]; oks {
			y := f.anchor.Year() + dir
			r = ok(j+1-i, "DATE", fmt.Sprintf("%04d-%s", y, s), "season")
		} else {
			return result{}
		}
	}
	return rel(r)
}

func startOfWeek(t time.Time) time.Time {
	return t.AddDate(0, 0, 1-isoWeekday(t.Weekday()))
}

// subRange narrows a period to the part before ("earlier this week") or
// after ("later this week") the anchor, or its first or last third.
func subRange(sub string, anchor, from, to time.Time) (string, string) {
	switch sub {
	case "earlier":
		return dayValue(from), dayValue(anchor)
	case "later":
		return dayValue(anchor), dayValue(to)
	case "early":
		return dayValue(from), dayValue(from.Add(to.Sub(from) / 3))
	default: // late
		return dayValue(to.Add(-to.Sub(from) / 3)), dayValue(to)
	}
}

// count reads "three", "48", "a", "several", "a few", "twenty-five" at i;
// n is the number of tokens, x true for a vague count.
func (f *finder) count(i int) (v int, n int, x bool) {
	w := f.word(i)
	if w == "a" && f.word(i+1) == "few" {
		return 0, 2, true
	}
	if vagueNumbers[w] {
		return 0, 1, true
	}
	if v, okn := number(w); okn {
		return v, 1, false
	}
	return 0, 0, false
}

// durationValue builds an ISO 8601 duration from a count and a unit.
func durationValue(v int, vague bool, unit string) string {
	num := fmt.Sprint(v)
	if vague {
		num = "X"
	}
	switch unit {
	case "S", "H":
		return "PT" + num + unit
	case "MIN":
		return "PT" + num + "M"
	case "DE":
		if vague {
			return "PXDE"
		}
		return fmt.Sprintf("P%dY", 10*v)
	case "CE":
		if vague {
			return "PXCE"
		}
		return fmt.Sprintf("P%dY", 100*v)
	case "Q":
		if vague {
			return "PXQ"
		}
		return fmt.Sprintf("P%dM", 3*v)
	case "WE":
		return "P" + num + "WE"
	}
	return "P" + num + unit
}

// unitAt reads a unit word.
func (f *finder) unitAt(i int) (string, bool) {
	u, ok := units[f.word(i)]
	return u, ok
}

// ago: N units ago / N units earlier / a year ago / N units from now.
func (f *finder) ago(i int) result {
	v, n, vague := f.count(i)
	if n == 0 {
		return result{}
	}
	unit, okU := f.unitAt(i + n)
	if !okU {
		return result{}
	}
	after := f.word(i + n + 1)
	sign := 0
	switch after {
	case "ago", "earlier", "before":
		sign = -1
	case "later", "hence":
		sign = 1
	case "from":
		if f.word(i+n+2) != "now" {
			return result{}
		}
		sign = 2
	default:
		return result{}
	}
	size := n + 2
	if sign == 2 {
		sign, size = 1, n+3
	}
	if vague {
		if sign < 0 {
			return ok(size, "DATE", "PAST_REF", "")
		}
		return ok(size, "DATE", "FUTURE_REF", "")
	}
	if f.anchor.IsZero() {
		return ok(size, "DATE", "XXXX-XX-XX", "")
	}
	d := v * sign
	var r result
	switch unit {
	case "D":
		r = ok(size, "DATE", dayValue(f.day(d)), "day")
	case "W":
		r = ok(size, "DATE", weekValue(f.day(7*d)), "week")
	case "M":
		r = ok(size, "DATE", f.anchor.AddDate(0, d, 0).Format("2006-01"), "month")
	case "Y":
		r = ok(size, "DATE", fmt.Sprintf("%04d", f.anchor.Year()+d), "year")
	case "DE":
		r = ok(size, "DATE", fmt.Sprintf("%03d", (f.anchor.Year()+10*d)/10), "decade")
	case "H", "MIN", "S":
		r = ok(size, "TIME", dayValue(f.anchor)+"TXX:XX", "time")
	default:
		return result{}
	}
	return rel(r)
}

// duration: [the] [past|last|next|first|coming] [more than|about] N
// unit(s) [long|old], "N-unit" ("four-week"), "recent weeks", "a decade".
func (f *finder) duration(i int) result {
	j := i
	if f.word(j) == "the" {
		j++
	}
	switch f.word(j) {
	case "past", "last", "next", "first", "coming", "previous", "following":
		j++ // "last three years" without "the" is still a stretch
	}
	// "four-week", "three-month", "90-day"
	if a, b, okh := strings.Cut(f.word(j), "-"); okh {
		if v, okn := number(a); okn {
			if u, oku := units[b]; oku {
				return ok(j+1-i, "DURATION", durationValue(v, false, u), "")
			}
		}
	}
	v, n, vague := f.count(j)
	if n == 0 {
		// Bare plural units with a determiner: "the past months",
		// "recent weeks" (count handles "recent").
		if j > i {
			if u, oku := f.unitAt(j); oku && strings.HasSuffix(f.word(j), "s") {
				return ok(j+1-i, "DURATION", durationValue(0, true, u), "")
			}
		}
		// "minutes", "hours", "years" alone are durations of unknown
		// length; only after "for", "in", "within".
		if u, oku := f.unitAt(j); oku && strings.HasSuffix(f.word(j), "s") && (f.word(i-1) == "for" || f.word(i-1) == "within") {
			return ok(j+1-i, "DURATION", durationValue(0, true, u), "")
		}
		return result{}
	}
	u, oku := f.unitAt(j + n)
	if !oku {
		return result{}
	}
	// "a year" followed by "ago" is a date (ago wins by length); "a day"
	// after "twice" is a set (set wins).
	if f.word(i) == "a" && (f.word(i-1) == "once" || f.word(i-1) == "twice" || f.word(i-1) == "times") {
		return result{}
	}
	return ok(j+n+1-i, "DURATION", durationValue(v, vague, u), "")
}

// set: every/each (week|Monday|year), daily, weekly, annually, twice a
// year, once a month, N times a year.
func (f *finder) set(i int) result {
	switch f.word(i) {
	case "daily":
		return ok(1, "SET", "P1D", "")
	case "weekly":
		return ok(1, "SET", "P1W", "")
	case "monthly":
		return ok(1, "SET", "P1M", "")
	case "annually", "yearly":
		return ok(1, "SET", "P1Y", "")
	case "every", "each":
		if wd, okw := weekday(f.word(i + 1)); okw {
			return ok(2, "SET", fmt.Sprintf("XXXX-WXX-%d", isoWeekday(wd)), "")
		}
		if u, oku := f.unitAt(i + 1); oku {
			return ok(2, "SET", durationValue(1, false, u), "")
		}
		if v, n, _ := f.count(i + 1); n > 0 {
			if u, oku := f.unitAt(i + 1 + n); oku {
				return ok(2+n, "SET", durationValue(v, false, u), "")
			}
		}
		if s, oks := seasons[f.word(i+1)]; oks {
			return ok(2, "SET", "XXXX-"+s, "")
		}
		if m, okm := month(f.word(i + 1)); okm && f.monthWord(i+1) {
			return ok(2, "SET", fmt.Sprintf("XXXX-%02d", m), "")
		}
	case "once", "twice":
		if (f.word(i+1) == "a" || f.word(i+1) == "per" || f.word(i+1) == "every") && f.word(i+2) != "" {
			if u, oku := f.unitAt(i + 2); oku {
				return ok(3, "SET", durationValue(1, false, u), "")
			}
		}
	}
	if _, n, _ := f.count(i); n > 0 && f.word(i+n) == "times" && (f.word(i+n+1) == "a" || f.word(i+n+1) == "per") {
		if u, oku := f.unitAt(i + n + 2); oku {
			return ok(n+3, "SET", durationValue(1, false, u), "")
		}
	}
	return result{}
}

// clock: 9:30 [a.m.|pm], 10 p.m., 8 PM, noon, midnight.
func (f *finder) clock(i int) result {
	w := f.word(i)
	h, m := -1, 0
	n := 1
	if w == "noon" || w == "midday" {
		h = 12
	} else if w == "midnight" {
		h = 0
	} else if a, b, okc := strings.Cut(w, ":"); okc && len(b) == 2 {
		if x, ok1 := number(a); ok1 && x < 24 {
			if y, ok2 := number(b); ok2 && y < 60 {
				h, m = x, y
			}
		}
	} else if x, ok1 := number(w); ok1 && x >= 1 && x <= 12 && isMeridiem(f.word(i+1)) {
		h = x
	}
	if h < 0 {
		return result{}
	}
	if isMeridiem(f.word(i + 1)) {
		if strings.HasPrefix(f.word(i+1), "p") && h < 12 {
			h += 12
		}
		if strings.HasPrefix(f.word(i+1), "a") && h == 12 {
			h = 0
		}
		n++
	} else if !strings.Contains(w, ":") && w != "noon" && w != "midnight" && w != "midday" {
		return result{}
	}
	date := "XXXX-XX-XX"
	r := ok(n, "TIME", "", "time")
	if !f.anchor.IsZero() {
		date = dayValue(f.anchor)
		r = rel(r)
	}
	// "noon Saturday", "10 p.m. Wednesday": the day's date.
	if d := f.weekdayRef(i + n); d.valid && d.ref.Type == "DATE" {
		date, n = d.ref.Value, n+d.n
		r = ok(n, "TIME", "", "time")
		r.ref.Anchor = d.ref.Anchor
		r.ref.Value = fmt.Sprintf("%sT%02d:%02d", date, h, m)
		return r
	}
	if m == 0 && !strings.Contains(w, ":") {
		r.ref.Value = fmt.Sprintf("%sT%02d", date, h)
	} else {
		r.ref.Value = fmt.Sprintf("%sT%02d:%02d", date, h, m)
	}
	return r
}

func isMeridiem(w string) bool {
	switch w {
	case "a.m.", "p.m.", "am", "pm", "a.m", "p.m":
		return true
	}
	return false
}

// partOfDay: "this morning", "this afternoon", "this evening"; also "the
// weekend" (the last one, or the next in a sentence about the future).
func (f *finder) partOfDay(i int) result {
	if f.word(i) == "the" && f.word(i+1) == "weekend" {
		if f.anchor.IsZero() {
			return ok(2, "DATE", "XXXX-WXX-WE", "week")
		}
		t := f.anchor
		if f.future {
			t = t.AddDate(0, 0, 7)
		} else if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			t = t.AddDate(0, 0, -7)
		}
		return rel(ok(2, "DATE", weekValue(t)+"-WE", "week"))
	}
	if f.word(i) != "this" {
		return result{}
	}
	p, okp := partsOfDay[f.word(i+1)]
	if !okp || f.word(i+1) == "tonight" {
		return result{}
	}
	if f.anchor.IsZero() {
		return ok(2, "TIME", "XXXX-XX-XXT"+p, "time")
	}
	return rel(ok(2, "TIME", dayValue(f.anchor)+"T"+p, "time"))
}

// vague: now, currently, recently, the past, the future, at present.
func (f *finder) vague(i int) result {
	switch f.word(i) {
	case "now", "currently", "nowadays", "presently":
		return ok(1, "DATE", "PRESENT_REF", "")
	case "recently", "lately", "previously", "formerly":
		return ok(1, "DATE", "PAST_REF", "")
	case "soon":
		if f.word(i-1) != "as" && f.word(i+1) != "as" && f.word(i+1) != "after" {
			return ok(1, "DATE", "FUTURE_REF", "")
		}
	case "year-earlier", "year-ago":
		// "the year-earlier quarter": the same period a year before.
		if f.anchor.IsZero() {
			break
		}
		if w := f.word(i + 1); w == "quarter" || w == "period" {
			// Reports compare the last full quarter with the same quarter
			// a year before.
			q := (int(f.anchor.Month())-1)/3 + 1 - 1
			y := f.anchor.Year() - 1
			if q == 0 {
				q, y = 4, y-1
			}
			return rel(ok(2, "DATE", fmt.Sprintf("%04d-Q%d", y, q), "quarter"))
		}
		return rel(ok(1, "DATE", fmt.Sprintf("%04d", f.anchor.Year()-1), "year"))
	case "current":
		if _, oku := f.unitAt(i + 1); !oku {
			return ok(1, "DATE", "PRESENT_REF", "")
		}
	case "these":
		if f.word(i+1) == "days" {
			return ok(2, "DATE", "PRESENT_REF", "")
		}
	case "recent", "coming", "next":
		// "recent years", "coming months": no count, no calendar period.
		if _, oku := f.unitAt(i + 1); oku && strings.HasSuffix(f.word(i+1), "s") {
			if f.word(i) == "recent" {
				return ok(2, "DATE", "PAST_REF", "")
			}
			return ok(2, "DATE", "FUTURE_REF", "")
		}

	case "the":
		switch f.word(i + 1) {
		case "past":
			if !f.isUnitAhead(i+2) && f.word(i+2) != "several" && f.word(i+2) != "few" {
				return ok(2, "DATE", "PAST_REF", "")
			}
		case "future":
			return ok(2, "DATE", "FUTURE_REF", "")
		case "near", "short":
			switch f.word(i + 2) {
			case "future", "term":
				return ok(3, "DATE", "FUTURE_REF", "")
			}
		case "last":
			// "the last few months": a vague stretch of the past.
			if f.word(i+2) == "few" || f.word(i+2) == "several" {
				if _, oku := f.unitAt(i + 3); oku {
					return ok(4, "DATE", "PAST_REF", "")
				}
			}
		}
	case "at":
		if f.word(i+1) == "present" {
			return ok(2, "DATE", "PRESENT_REF", "")
		}
	}
	return result{}
}

func (f *finder) isUnitAhead(i int) bool {
	if _, oku := f.unitAt(i); oku {
		return true
	}
	if _, n, _ := f.count(i); n > 0 {
		return true
	}
	return false
}

// quarter: "the first quarter [of 2013]", "the third quarter", "Q3 2013".
func (f *finder) quarter(i int) result {
	j := i
	yearShift, explicit := 0, false
	if f.word(j) == "this" || f.word(j) == "last" || f.word(j) == "next" {
		if f.word(j+1) == "year" && f.word(j+2) == "'s" {
			explicit = true
			yearShift, _ = f.direction(j)
			j += 3
		}
	}
	if f.word(j) == "the" {
		j++
	}
	// "the quarter", "the latest quarter": the last quarter reported.
	if !explicit && j > i && (f.word(j) == "quarter" || (f.word(j) == "latest" || f.word(j) == "recent") && f.word(j+1) == "quarter") {
		n := j + 1 - i
		if f.word(j) != "quarter" {
			n++
		}
		if f.anchor.IsZero() {
			return ok(n, "DATE", "XXXX-QX", "quarter")
		}
		q := (int(f.anchor.Month())-1)/3 - 1
		y := f.anchor.Year()
		if q < 0 {
			q, y = 3, y-1
		}
		return rel(ok(n, "DATE", fmt.Sprintf("%04d-Q%d", y, q+1), "quarter"))
	}
	w := f.word(j)
	hyphen := false
	if a, b, okh := strings.Cut(w, "-"); okh && (b == "quarter") {
		w, hyphen = a, true
	}
	q, okq := ordinals[w]
	if !okq || (!hyphen && f.word(j+1) != "quarter") {
		return result{}
	}
	n := j + 2 - i
	if hyphen {
		n = j + 1 - i
	}
	if explicit && !f.anchor.IsZero() {
		return rel(ok(n, "DATE", fmt.Sprintf("%04d-Q%d", f.anchor.Year()+yearShift, q), "quarter"))
	}
	if f.word(i+n) == "of" {
		if y, oky := year(f.word(i + n + 1)); oky {
			return ok(n+2, "DATE", fmt.Sprintf("%04d-Q%d", y, q), "quarter")
		}
	}
	if f.anchor.IsZero() {
		return ok(n, "DATE", fmt.Sprintf("XXXX-Q%d", q), "quarter")
	}
	y := f.anchor.Year()
	if !f.future && q > (int(f.anchor.Month())-1)/3+1 {
		y--
	}
	return rel(ok(n, "DATE", fmt.Sprintf("%04d-Q%d", y, q), "quarter"))
}

// season: "summer 2012", "in the summer", "last winter" (the latter by
// relativePeriod).
func (f *finder) season(i int) result {
	j := i + f.prefixLen(i)
	s, oks := seasons[f.word(j)]
	if !oks {
		return result{}
	}
	if y, oky := year(f.word(j + 1)); oky {
		return ok(j+2-i, "DATE", fmt.Sprintf("%04d-%s", y, s), "season")
	}
	if f.word(j+1) == "of" {
		if y, oky := year(f.word(j + 2)); oky {
			return ok(j+3-i, "DATE", fmt.Sprintf("%04d-%s", y, s), "season")
		}
	}
	return result{}
}
