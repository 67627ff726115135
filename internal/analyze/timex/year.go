package timex

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Evidence is what a date written without a year ("Thursday, 8 March")
// is placed against, strongest first: a stated publication time; the
// publication dates of the story the article joins and of its copies; the
// dates and years its own text names. Now only bounds the choice (nothing
// is published after it): it is never an anchor, since an ingest time
// says nothing of when an article was written.
type Evidence struct {
	Published time.Time   // stated publication time; zero when unknown
	Story     []time.Time // publication dates of the story's articles and of copies
	Dates     []time.Time // full dates the text names, not in the future
	Years     []int       // years the text names in sentences about the past
	// FutureYears are years named only in sentences about the future
	// ("the 2008 Games will open"): the text was written before them.
	FutureYears []int
	Now         time.Time
}

// YearChoice is the year chosen for a date written without one.
type YearChoice struct {
	Year       int
	Confidence float64
	Why        string
}

// Confidence levels of a chosen year.
const (
	// yearFits: the weekday fits a year next to strong evidence (the
	// publication date, the story's dates).
	yearFits = 0.8
	// yearFitsText: the weekday fits the latest year the text names.
	yearFitsText = 0.7
	// yearNear: the weekday fits a year next to the text's latest year.
	yearNear = 0.5
	// yearGuess: no evidence but the weekday, which fits every few years,
	// or a weekday that fits no year near the evidence.
	yearGuess = 0.2
)

// ResolveYear picks the year of month m, day d from the evidence. wds are
// the weekdays the date may fall on (its own, "Thursday, 8 March", or those
// its sentence names); none when the text gives no weekday. Only years
// next to the evidence are considered: when the weekday fits none of them
// the nearest is kept with a low confidence, rather than jumping to a
// year the evidence does not support. ok is false when there is neither
// evidence nor a weekday, or the day never exists (30 February).
func ResolveYear(m time.Month, d int, wds []time.Weekday, ev Evidence) (YearChoice, bool) {
	if d < 1 || d > 31 || (m == time.February && d > 29) {
		return YearChoice{}, false
	}
	fits := func(t time.Time) bool { return len(wds) == 0 || slices.Contains(wds, t.Weekday()) }
	wdName := ""
	if len(wds) > 0 {
		wdName = wds[0].String()
	}
	var refs []time.Time
	label := ""
	switch {
	case !ev.Published.IsZero():
		refs, label = []time.Time{ev.Published}, "the publication date"
	case len(ev.Story) > 0:
		refs, label = ev.Story, "the dates of its story and copies"
	}
	if refs != nil {
		years := map[int]bool{}
		for _, r := range refs {
			for y := r.Year() - 1; y <= r.Year()+1; y++ {
				years[y] = true
			}
		}
		return pickYear(m, d, years, ev.Now, fits, func(t time.Time) float64 { return nearestDays(t, refs, nil) }, func(c time.Time, fit bool, dist float64) (float64, string) {
			switch {
			case !fit:
				return yearGuess, fmt.Sprintf("it is a %s in no year next to %s: the nearest year, %d", wdName, label, c.Year())
			case len(wds) == 0:
				return yearFitsText, fmt.Sprintf("the year nearest %s", label)
			case dist <= 183:
				return yearFits, fmt.Sprintf("a %s in %d, next to %s", c.Weekday(), c.Year(), label)
			}
			return yearNear, fmt.Sprintf("a %s in %d, months from %s", c.Weekday(), c.Year(), label)
		})
	}
	latest := 0
	for _, y := range ev.Years {
		if (ev.Now.IsZero() || y <= ev.Now.Year()) && y > latest {
			latest = y
		}
	}
	for _, t := range ev.Dates {
		if (ev.Now.IsZero() || !t.After(ev.Now)) && t.Year() > latest {
			latest = t.Year()
		}
	}
	if latest == 0 {
		// Named only ahead ("the 2008 Games will open"): the text was
		// written before the earliest of those years, or in it.
		for _, y := range ev.FutureYears {
			if (ev.Now.IsZero() || y <= ev.Now.Year()) && (latest == 0 || y < latest) {
				latest = y
			}
		}
	}
	if latest > 0 {
		years := map[int]bool{latest - 1: true, latest: true, latest + 1: true}
		dist := func(t time.Time) float64 { return nearestDays(t, ev.Dates, append(slices.Clone(ev.Years), latest)) }
		return pickYear(m, d, years, ev.Now, fits, dist, func(c time.Time, fit bool, _ float64) (float64, string) {
			switch {
			case !fit:
				return yearGuess, fmt.Sprintf("it is a %s in no year next to %d, the latest the text names: kept in %d", wdName, latest, c.Year())
			case len(wds) == 0:
				return yearNear, fmt.Sprintf("the year nearest %d, the latest the text names", latest)
			case c.Year() == latest:
				return yearFitsText, fmt.Sprintf("a %s in %d, the latest year the text names", c.Weekday(), c.Year())
			}
			return yearNear, fmt.Sprintf("a %s in %d, next to %d, the latest year the text names", c.Weekday(), c.Year(), latest)
		})
	}
	if len(wds) == 0 || ev.Now.IsZero() {
		return YearChoice{}, false
	}
	// Nothing but the weekday: the most recent year it fits, a guess (a
	// day and month fall on the same weekday every 5, 6 or 11 years; 29
	// February every 28).
	for y := ev.Now.Year(); y > ev.Now.Year()-29; y-- {
		c, ok := dayIn(y, m, d)
		if ok && !c.After(ev.Now) && fits(c) {
			return YearChoice{Year: y, Confidence: yearGuess,
				Why: fmt.Sprintf("no year in the text: the most recent year in which it is a %s", c.Weekday())}, true
		}
	}
	return YearChoice{}, false
}

// pickYear chooses among years the one whose date fits the weekday and
// lies nearest the evidence (the later on a tie); when none fits, the
// nearest of all. rate gives the confidence and the reason.
func pickYear(m time.Month, d int, years map[int]bool, now time.Time, fits func(time.Time) bool, dist func(time.Time) float64,
	rate func(c time.Time, fit bool, dist float64) (float64, string)) (YearChoice, bool) {
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	var best, nearest time.Time
	bestD, nearestD := math.Inf(1), math.Inf(1)
	for _, y := range ys {
		c, ok := dayIn(y, m, d)
		if !ok || (!now.IsZero() && c.After(now)) {
			continue
		}
		dd := dist(c)
		if dd <= nearestD {
			nearest, nearestD = c, dd
		}
		if fits(c) && dd <= bestD {
			best, bestD = c, dd
		}
	}
	switch {
	case !best.IsZero():
		conf, why := rate(best, true, bestD)
		return YearChoice{Year: best.Year(), Confidence: conf, Why: why}, true
	case !nearest.IsZero():
		conf, why := rate(nearest, false, nearestD)
		return YearChoice{Year: nearest.Year(), Confidence: conf, Why: why}, true
	}
	return YearChoice{}, false
}

// nearestDays is the distance in days from t to the nearest of some
// dates and years (a year counts as all its days).
func nearestDays(t time.Time, dates []time.Time, years []int) float64 {
	best := math.Inf(1)
	for _, r := range dates {
		best = min(best, math.Abs(t.Sub(r).Hours())/24)
	}
	for _, y := range years {
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		switch {
		case t.Before(from):
			best = min(best, from.Sub(t).Hours()/24)
		case t.After(to):
			best = min(best, t.Sub(to).Hours()/24)
		default:
			best = 0
		}
	}
	return best
}

// dayIn is day d of month m in year y; ok is false when there is none.
func dayIn(y int, m time.Month, d int) (time.Time, bool) {
	if d > daysIn(y, m) {
		return time.Time{}, false
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
}
