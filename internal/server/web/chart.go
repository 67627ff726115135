package web

import (
	"fmt"
	"slices"
	"time"

	"github.com/storywire/storywire/internal/compare"
)

// A chart is drawn in HTML and CSS, not SVG, so its labels stay readable
// at any width: lanes of marks on a time axis, each mark placed by a
// class (x0 … x100: its left edge in percent of the track; w0 … w100: a
// bar's width), as the Content-Security-Policy allows no inline style.
type chart struct {
	Label   string // what the chart shows, for screen readers
	Plain   bool   // its lanes have no labels: the track takes the width
	Ticks   []tick
	Lanes   []lane
	Undated int // marks left out for want of a date
	Note    string
}

type tick struct {
	Pos   int
	Label string
	Minor bool // hidden on narrow screens
}

type lane struct {
	Label string
	Href  string
	Class string
	Marks []mark
}

type mark struct {
	Pos   int
	Width int // 0 for a dot
	Href  string
	Title string
	Class string
}

// timeScale maps times between lo and hi to 0…100, with a margin so no
// mark sits on the track's edge, and picks ticks for the axis.
type timeScale struct {
	lo, hi time.Time
}

func newTimeScale(lo, hi time.Time) timeScale {
	if hi.Sub(lo) < time.Hour {
		mid := lo.Add(hi.Sub(lo) / 2)
		lo, hi = mid.Add(-30*time.Minute), mid.Add(30*time.Minute)
	}
	pad := hi.Sub(lo) / 25
	return timeScale{lo.Add(-pad), hi.Add(pad)}
}

// pos is t's place on the track, 0…100.
func (s timeScale) pos(t time.Time) int {
	f := float64(t.Sub(s.lo)) / float64(s.hi.Sub(s.lo))
	return max(0, min(100, int(f*100+0.5)))
}

// width is a bar's width from a to b, at least 1.
func (s timeScale) width(a, b time.Time) int {
	return max(1, s.pos(b)-s.pos(a))
}

// tickSteps are the axis's candidate steps, finest first.
var tickSteps = []struct {
	d      time.Duration
	months int
	layout string
}{
	{10 * time.Minute, 0, "15:04"}, {15 * time.Minute, 0, "15:04"}, {30 * time.Minute, 0, "15:04"},
	{time.Hour, 0, "15:04"}, {3 * time.Hour, 0, "15:04"}, {6 * time.Hour, 0, "15:04"}, {12 * time.Hour, 0, "2 Jan 15:04"},
	{24 * time.Hour, 0, "2 Jan"}, {2 * 24 * time.Hour, 0, "2 Jan"}, {7 * 24 * time.Hour, 0, "2 Jan"}, {14 * 24 * time.Hour, 0, "2 Jan"},
	{0, 1, "Jan 2006"}, {0, 2, "Jan 2006"}, {0, 3, "Jan 2006"}, {0, 6, "Jan 2006"},
	{0, 12, "2006"}, {0, 24, "2006"}, {0, 60, "2006"}, {0, 120, "2006"}, {0, 240, "2006"}, {0, 600, "2006"}, {0, 1200, "2006"},
}

// maxTicks on the axis.
const maxTicks = 7

// ticks are the axis's labels: the finest step that gives at most
// maxTicks, aligned to whole hours, days, months or years (UTC). Every
// other one is minor, left out on narrow screens.
func (s timeScale) ticks() []tick {
	for _, st := range tickSteps {
		var t time.Time
		next := func(t time.Time) time.Time { return t.Add(st.d) }
		switch {
		case st.months >= 12:
			t = time.Date(s.lo.Year()-s.lo.Year()%(st.months/12), 1, 1, 0, 0, 0, 0, time.UTC)
			next = func(t time.Time) time.Time { return t.AddDate(st.months/12, 0, 0) }
		case st.months > 0:
			m := (int(s.lo.Month()) - 1) / st.months * st.months
			t = time.Date(s.lo.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
			next = func(t time.Time) time.Time { return t.AddDate(0, st.months, 0) }
		case st.d >= 24*time.Hour:
			t = time.Date(s.lo.Year(), s.lo.Month(), s.lo.Day(), 0, 0, 0, 0, time.UTC)
		default:
			t = s.lo.UTC().Truncate(st.d)
		}
		var out []tick
		for ; !t.After(s.hi); t = next(t) {
			if t.Before(s.lo) {
				continue
			}
			out = append(out, tick{Pos: s.pos(t), Label: t.Format(st.layout), Minor: len(out)%2 == 1})
			if len(out) > maxTicks {
				break
			}
		}
		if len(out) <= maxTicks {
			return out
		}
	}
	return nil
}

// coverageChart is a story's coverage over time: a lane per outlet, a dot
// per article (copies marked), in the order the outlets first covered it.
func coverageChart(c compare.Comparison, classes map[string]string) chart {
	ch := chart{Label: "When each outlet covered the story"}
	type dated struct {
		e   compare.TimelineEntry
		t   time.Time
		day bool // only the day is known: drawn as the whole day
	}
	var ds []dated
	for _, e := range c.Lineage.Timeline {
		t, day, ok := parseWhen(e.Published)
		if !ok {
			ch.Undated++
			continue
		}
		ds = append(ds, dated{e, t, day})
	}
	if len(ds) == 0 {
		return ch
	}
	lo, hi := ds[0].t, ds[0].t
	days := 0
	for _, d := range ds {
		end := d.t
		if d.day {
			end = d.t.Add(24 * time.Hour)
			days++
		}
		lo, hi = minTime(lo, d.t), maxTime(hi, end)
	}
	sc := newTimeScale(lo, hi)
	ch.Ticks = sc.ticks()
	if hi.Sub(lo) <= 3*24*time.Hour {
		ch.Note = "Times are in UTC."
	}
	if days > 0 {
		ch.Note += fmt.Sprintf(" %s known only by the day: drawn across it.", plural(days, "article"))
	}
	lanes := map[string]int{}
	for _, d := range ds {
		i, ok := lanes[d.e.Outlet]
		if !ok {
			i = len(ch.Lanes)
			lanes[d.e.Outlet] = i
			ch.Lanes = append(ch.Lanes, lane{Label: d.e.Outlet, Class: chipOf(classes, d.e.Outlet).Class})
		}
		m := mark{Pos: sc.pos(d.t), Href: "/articles/" + d.e.Article, Class: "dot", Title: fmt.Sprintf("%s, %s: %s", when(d.e.Published), d.e.Outlet, d.e.Title)}
		if d.day {
			m.Class, m.Width = "bar day", sc.width(d.t, d.t.Add(24*time.Hour))
		}
		if d.e.CopyOf != "" {
			m.Class += " copy"
			m.Title += " (a copy)"
		}
		if d.e.Inferred {
			m.Title += " (date inferred)"
		}
		ch.Lanes[i].Marks = append(ch.Lanes[i].Marks, m)
	}
	return ch
}

// timedStory is a story on a timeline: its id, title and dates.
type timedStory struct {
	ID          int64
	Title       string
	First, Last time.Time
}

// storyChart draws stories as bars from first to last seen, in lanes
// packed so bars do not overlap, at most maxLanes (the rest are counted
// in the note).
func storyChart(label string, list []timedStory, maxLanes int) chart {
	ch := chart{Label: label, Plain: true}
	var dated []timedStory
	for _, s := range list {
		if s.First.IsZero() {
			ch.Undated++
			continue
		}
		dated = append(dated, s)
	}
	if len(dated) == 0 {
		return ch
	}
	slices.SortFunc(dated, func(a, b timedStory) int { return a.First.Compare(b.First) })
	lo, hi := dated[0].First, dated[0].Last
	for _, s := range dated {
		lo, hi = minTime(lo, s.First), maxTime(hi, s.Last)
	}
	sc := newTimeScale(lo, hi)
	ch.Ticks = sc.ticks()
	ends := []int{} // each lane's last bar end, in track percent
	left := 0
	for _, s := range dated {
		p, w := sc.pos(s.First), sc.width(s.First, s.Last)
		li := -1
		for i, e := range ends {
			if e < p {
				li = i
				break
			}
		}
		if li < 0 {
			if len(ends) == maxLanes {
				left++
				continue
			}
			li = len(ends)
			ends = append(ends, 0)
			ch.Lanes = append(ch.Lanes, lane{})
		}
		ends[li] = p + w
		title := s.Title
		if title == "" {
			title = fmt.Sprintf("Story %d", s.ID)
		}
		ch.Lanes[li].Marks = append(ch.Lanes[li].Marks, mark{Pos: p, Width: w, Href: fmt.Sprintf("/stories/%d", s.ID), Class: "bar",
			Title: fmt.Sprintf("%s: %s", span(timePtr(s.First), timePtr(s.Last)), title)})
	}
	if left > 0 {
		ch.Note = fmt.Sprintf("%s more overlap the ones drawn; the list below has them all.", plural(left, "story"))
	}
	return ch
}

func timePtr(t time.Time) *string {
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
