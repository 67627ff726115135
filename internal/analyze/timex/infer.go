package timex

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/text/token"
)

// Infer guesses the publication date of an article that states none, from
// the dates its text mentions; now (the ingest time) only bounds it, as
// nothing is published in the future. It is InferWith with no evidence
// beyond the text.
func Infer(text string, now time.Time) (model.InferredDate, bool) {
	return InferWith(text, Evidence{Now: now})
}

// InferWith guesses the publication date of an article that states none:
// a report is published on or soon after the latest event it reports, so
// the candidate is the latest date mentioned on a line of a sentence with
// no future verb; "yesterday" in that sentence moves it a day on. A date
// written without a year ("Thursday, 8 March") takes the year ResolveYear
// chooses from ev, to which the text's own dates and years are added; it
// counts only when the text gives a weekday it may fall on. Callers that
// learn more later (the story the article joined, the publication date of
// a copy) run it again with that in ev. ok is false when the text gives no
// usable date.
func InferWith(text string, ev Evidence) (model.InferredDate, bool) {
	return InferIn(text, token.Sentences(text), ev)
}

// InferIn is InferWith over the text's sentences as token.Sentences gives
// them, for a caller that has them already.
func InferIn(text string, sents []token.Sentence, ev Evidence) (model.InferredDate, bool) {
	now := ev.Now
	type cand struct {
		day       time.Time
		why       string
		yearless  bool
		conf      float64
		yesterday bool
	}
	type undated struct {
		m        time.Month
		d        int
		text     string
		weekdays []time.Weekday
	}
	var cands []cand
	var yearless []undated
	var textWeekdays []time.Weekday
	ev.Dates, ev.Years, ev.FutureYears = append([]time.Time(nil), ev.Dates...), append([]int(nil), ev.Years...), append([]int(nil), ev.FutureYears...)
	f := &finder{}
	for _, s := range sents {
		f.reset(text, s, time.Time{})
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
			future := f.futureLine(i)
			expr := text[f.toks[i].start:f.toks[i+r.n-1].end]
			v := r.ref.Value
			if len(v) >= 4 && v[0] != 'X' && v[0] != 'P' && r.ref.Type == "DATE" {
				if y, ok := year(v[:4]); ok {
					if future {
						ev.FutureYears = append(ev.FutureYears, y)
					} else {
						ev.Years = append(ev.Years, y)
					}
				}
			}
			switch {
			case future || r.ref.Type != "DATE":
			case len(v) == 10 && v[0] != 'X':
				if d, err := time.Parse("2006-01-02", v); err == nil && (now.IsZero() || !d.After(now)) {
					cands = append(cands, cand{day: d, why: fmt.Sprintf("%q", expr), conf: 0.5, yesterday: yesterday})
					ev.Dates = append(ev.Dates, d)
				}
			case strings.HasPrefix(v, "XXXX-") && len(v) == 10:
				var m, d int
				if _, err := fmt.Sscanf(v, "XXXX-%02d-%02d", &m, &d); err == nil {
					yearless = append(yearless, undated{time.Month(m), d, expr, weekdays})
				}
			}
		})
	}
	var guesses []cand
	for _, y := range yearless {
		wds, own := y.weekdays, true
		if len(wds) == 0 {
			wds, own = textWeekdays, false
		}
		if len(wds) == 0 {
			continue // without a weekday the year is anyone's guess
		}
		c, ok := ResolveYear(y.m, y.d, wds, ev)
		// A weekday named in another sentence may be another day's: it
		// only confirms the year the evidence points to, never moves it.
		if !ok || (!own && c.Confidence < yearFitsText && c.Confidence > yearGuess) {
			continue
		}
		d, _ := dayIn(c.Year, y.m, y.d)
		k := cand{day: d, why: fmt.Sprintf("%q, %s", y.text, c.Why), yearless: true, conf: c.Confidence}
		if c.Confidence <= yearGuess {
			guesses = append(guesses, k)
		} else {
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 {
		// Only guesses: the best there is, at their low confidence.
		cands = guesses
	}
	if len(cands) == 0 {
		return model.InferredDate{}, false
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].day.After(cands[j].day) })
	best := cands[0]
	day := best.day
	evidence := []string{"latest date mentioned: " + best.why}
	conf := best.conf
	if best.yesterday {
		day = day.AddDate(0, 0, 1)
		evidence = append(evidence, "\"yesterday\" in the same sentence: published the day after")
		conf += 0.2
	}
	agree := 0
	for _, c := range cands {
		if c.day.Equal(best.day) {
			agree++
		}
	}
	if agree > 1 {
		evidence = append(evidence, fmt.Sprintf("mentioned %d times", agree))
		if !best.yearless || best.conf > yearGuess {
			conf += 0.1
		}
	}
	if len(cands) > 1 {
		evidence = append(evidence, fmt.Sprintf("%d dates mentioned in all", len(cands)))
	}
	return model.InferredDate{Date: day.Format("2006-01-02"), Confidence: min(conf, 0.9), Evidence: evidence}, true
}
