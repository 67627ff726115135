package compare

import (
	"sort"

	"github.com/storywire/storywire/internal/model"
)

// Lineage is who published first, who copied whom, and when each outlet
// covered the story.
type Lineage struct {
	// First is the earliest dated independent article ("" when none is
	// dated). An inferred date counts, marked in the timeline. A day-only
	// date is some time that day: an exact time of the same (UTC) day is
	// earlier, in First, the timeline and claims' first reports alike.
	First    string           `json:"first,omitempty"`
	Copies   []CopyLink       `json:"copies"`
	Timeline []TimelineEntry  `json:"timeline"`
	Outlets  []OutletCoverage `json:"outlets"`
}

// CopyLink is a copy and the original it reproduces.
type CopyLink struct {
	Original       string  `json:"original"`
	OriginalOutlet string  `json:"original_outlet"`
	Copy           string  `json:"copy"`
	CopyOutlet     string  `json:"copy_outlet"`
	Similarity     float64 `json:"similarity,omitempty"`
}

// TimelineEntry is one article in publication order (undated last).
type TimelineEntry struct {
	Published string `json:"published,omitempty"`
	Inferred  bool   `json:"published_inferred,omitempty"`
	Outlet    string `json:"outlet"`
	Article   string `json:"article"`
	Title     string `json:"title"`
	CopyOf    string `json:"copy_of,omitempty"`
}

// OutletCoverage is one outlet's articles in the story.
type OutletCoverage struct {
	Outlet   string `json:"outlet"`
	Articles int    `json:"articles"`
	Copies   int    `json:"copies"`
	First    string `json:"first,omitempty"`
	Last     string `json:"last,omitempty"`
}

func lineage(docs []*doc) Lineage {
	l := Lineage{Copies: []CopyLink{}, Timeline: []TimelineEntry{}, Outlets: []OutletCoverage{}}
	cov := map[string]*OutletCoverage{}
	for _, d := range docs { // docs are in publication order
		e := TimelineEntry{Published: d.art.Published.Format(), Inferred: d.art.Published.Source == model.FromInferred,
			Outlet: d.outlet, Article: d.art.ID, Title: d.art.Title}
		if d.original != nil {
			e.CopyOf = d.original.art.ID
			l.Copies = append(l.Copies, CopyLink{Original: d.original.art.ID, OriginalOutlet: d.original.outlet,
				Copy: d.art.ID, CopyOutlet: d.outlet, Similarity: d.art.CopySimilarity})
		} else if l.First == "" && d.art.Published.Known() {
			l.First = d.art.ID
		}
		l.Timeline = append(l.Timeline, e)
		c := cov[d.outlet]
		if c == nil {
			c = &OutletCoverage{Outlet: d.outlet}
			cov[d.outlet] = c
		}
		c.Articles++
		if d.original != nil {
			c.Copies++
		}
		if e.Published != "" {
			if c.First == "" {
				c.First = e.Published
			}
			c.Last = e.Published
		}
	}
	for _, c := range cov {
		l.Outlets = append(l.Outlets, *c)
	}
	// Outlets in the order they first covered the story; undated last.
	sort.Slice(l.Outlets, func(i, j int) bool {
		a, b := l.Outlets[i], l.Outlets[j]
		if (a.First == "") != (b.First == "") {
			return a.First != ""
		}
		if a.First != b.First {
			return firstIndex(l.Timeline, a.Outlet) < firstIndex(l.Timeline, b.Outlet)
		}
		return a.Outlet < b.Outlet
	})
	sort.SliceStable(l.Copies, func(i, j int) bool {
		if l.Copies[i].Original != l.Copies[j].Original {
			return l.Copies[i].Original < l.Copies[j].Original
		}
		return l.Copies[i].Copy < l.Copies[j].Copy
	})
	return l
}

func firstIndex(t []TimelineEntry, outlet string) int {
	for i, e := range t {
		if e.Outlet == outlet {
			return i
		}
	}
	return len(t)
}
