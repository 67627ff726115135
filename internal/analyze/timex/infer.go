package timex

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/analyze/token"
	"github.com/storywire/storywire/internal/model"
)

// Infer guesses the publication date of an article that states none, from
// the dates its text mentions: a report is published on or soon after the
// latest event it reports, so the candidate is the latest date mentioned in
// a sentence that is not about the future; "yesterday" in that sentence
// moves it a day on. A date written without a year ("July 25") takes the
// year in which it falls on a weekday the text names ("on Thursday"),
// counting back from the latest year the text mentions, or from now when it
// mentions none. ok is false when the text gives no usable date.
func Infer(text string, now time.Time) (model.InferredDate, bool) {
	type cand struct {
		day       time.Time
		why       string
		weekdayOK bool
		yesterday bool
	}
	var cands []cand
	var yearless []struct {
		m        time.Month
		d        int
		text     string
		weekdays []time.Weekday
	}
	latestYear := 0
	var textWeekdays []time.Weekday
	for _, s := range token.Sentences(text) {
		f := newFinder(s, time.Time{})
		var weekdays []time.Weekday
		yesterday := false
		for i := range f.toks {
			if wd, ok := weekday(f.toks[i].text); ok && f.monthWord(i) {
				weekdays = append(weekdays, wd)
			}
			if f.word(i) == "yesterday" {
				yesterday = true
			}
		}
		textWeekdays = append(textWeekdays, weekdays...)
		f.scan(func(i int, r result) {
			expr := text[f.toks[i].start:f.toks[i+r.n-1].end]
			v := r.ref.Value
			if len(v) >= 4 && v[0] != 'X' && v[0] != 'P' {
				if y, ok := year(v[:4]); ok && y > latestYear && !f.future {
					latestYear = y
				}
			}
			switch {
			case f.future || r.ref.Type != "DATE":
			case len(v) == 10 && v[0] != 'X':
				if d, err := time.Parse("2006-01-02", v); err == nil && (now.IsZero() || !d.After(now)) {
					cands = append(cands, cand{day: d, why: fmt.Sprintf("%q", expr), yesterday: yesterday})
				}
			case strings.HasPrefix(v, "XXXX-") && len(v) == 10:
				var m, d int
				if _, err := fmt.Sscanf(v, "XXXX-%02d-%02d", &m, &d); err == nil {
					yearless = append(yearless, struct {
						m        time.Month
						d        int
						text     string
						weekdays []time.Weekday
					}{time.Month(m), d, expr, weekdays})
				}
			}
		})
	}
	ref := latestYear
	if ref == 0 {
		ref = now.Year()
	}
	for _, y := range yearless {
		wds := y.weekdays
		if len(wds) == 0 {
			wds = textWeekdays
		}
		for yr := ref; yr > ref-7 && len(wds) > 0; yr-- {
			if y.d > daysIn(yr, y.m) {
				continue
			}
			d := time.Date(yr, y.m, y.d, 0, 0, 0, 0, time.UTC)
			if !now.IsZero() && d.After(now) {
				continue // not published in the future
			}
			if containsWeekday(wds, d.Weekday()) {
				cands = append(cands, cand{day: d, why: fmt.Sprintf("%q, a %s in %d", y.text, d.Weekday(), yr), weekdayOK: true})
				break
			}
		}
	}
	if len(cands) == 0 {
		return model.InferredDate{}, false
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].day.After(cands[j].day) })
	best := cands[0]
	day := best.day
	evidence := []string{"latest date mentioned: " + best.why}
	conf := 0.5
	if best.yesterday {
		day = day.AddDate(0, 0, 1)
		evidence = append(evidence, "\"yesterday\" in the same sentence: published the day after")
		conf += 0.2
	}
	if best.weekdayOK {
		conf += 0.2
		if latestYear == 0 {
			// Only the weekday fixes the year, and every seven years or so
			// fit: the most recent is a guess.
			conf = 0.3
			evidence = append(evidence, "no year in the text: the most recent year in which the date falls on that weekday")
		}
	}
	agree := 0
	for _, c := range cands {
		if c.day.Equal(best.day) {
			agree++
		}
	}
	if agree > 1 {
		evidence = append(evidence, fmt.Sprintf("mentioned %d times", agree))
		conf += 0.1
	}
	if len(cands) > 1 {
		evidence = append(evidence, fmt.Sprintf("%d dates mentioned in all", len(cands)))
	}
	return model.InferredDate{Date: day.Format("2006-01-02"), Confidence: min(conf, 0.9), Evidence: evidence}, true
}

func containsWeekday(list []time.Weekday, d time.Weekday) bool {
	for _, x := range list {
		if x == d {
			return true
		}
	}
	return false
}
