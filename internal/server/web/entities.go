package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
)

// What an entity's page reads: its latest articles listed, the articles
// the entities alongside it are counted in, those shown, the stories
// drawn on its chart, and the chart's lanes.
const (
	entityArticles  = 20
	alongsideFrom   = 100
	alongsideShown  = 24
	entityStories   = 50
	chartStories    = 300
	chartLanes      = 12
	entitiesPerPage = 100
)

// entitiesData is the entities page: a list to look a name up in.
type entitiesData struct {
	Q, Type  string
	Types    []string
	Entities []model.Entity
}

func (h *Handler) entitiesPage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	typ := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("type")))
	list, err := h.app.Entities(r.Context(), store.EntityFilter{Query: q, Type: typ, Limit: entitiesPerPage})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := entitiesData{Q: q, Type: typ, Types: []string{model.Person, model.Organization, model.Location, model.Misc}, Entities: list}
	h.render(w, r, "entities", pageData{Title: "Entities", Nav: "entities", Data: d})
}

// entityData is an entity's page.
type entityData struct {
	Entity    model.Entity
	Class     string
	Aliases   []model.Alias
	Roles     []roleLine
	Chart     chart
	Stories   []timedStory // newest first, at most entityStories
	AllCount  int
	Alongside []app.Alongside
	Articles  []store.EntityArticle
}

// roleLine is a role an entity was given, over the dates it was given
// in.
type roleLine struct {
	Role        string
	Affiliation string
	First, Last string
	Articles    int
	Example     string // an article that gives it
}

func (h *Handler) entityPage(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("id")
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || id <= 0 {
		// A name in the address: show the entity it names, under its id.
		e, err := h.app.FindEntity(r.Context(), ref)
		if err != nil {
			h.entityError(w, r, ref, err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/entities/%d", e.ID), http.StatusSeeOther)
		return
	}
	e, err := h.app.FindEntity(r.Context(), ref)
	if err != nil {
		h.entityError(w, r, ref, err)
		return
	}
	d := entityData{Entity: e, Class: typeClass(e.Type), Aliases: e.Aliases, Roles: roleLines(e.Roles)}
	tl, err := h.app.Timeline(r.Context(), []string{ref}, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	all := timedStories(tl.Stories)
	d.AllCount = len(all)
	d.Chart = storyChart(fmt.Sprintf("The stories naming %s over time", e.Name), latest(all, chartStories), chartLanes)
	d.Stories = latest(all, entityStories)
	slices.Reverse(d.Stories)
	if d.Alongside, err = h.app.EntitiesAlongside(r.Context(), e.ID, alongsideFrom, alongsideShown); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Articles, err = h.app.EntityArticles(r.Context(), e.ID, entityArticles); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, "entity", pageData{Title: e.Name, Nav: "entities", Data: d})
}

func (h *Handler) entityError(w http.ResponseWriter, r *http.Request, ref string, err error) {
	if errors.Is(err, app.ErrNotFound) {
		h.notFound(w, r, fmt.Sprintf("No entity is known as “%s”. Look names up on the entities page.", oneLine(ref, 80)))
		return
	}
	h.fail(w, r, err)
}

// roleLines groups an entity's roles, each with the span of dates it was
// given in, most given first.
func roleLines(roles []model.Role) []roleLine {
	idx := map[string]int{}
	var out []roleLine
	for _, ro := range roles {
		k := strings.ToLower(ro.Role) + "\x00" + strings.ToLower(ro.Affiliation)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, roleLine{Role: ro.Role, Affiliation: ro.Affiliation, Example: ro.ArticleID})
		}
		l := &out[i]
		l.Articles++
		if d := dayOf(ro.Published); d != "" {
			if l.First == "" || d < l.First {
				l.First = d
			}
			if d > l.Last {
				l.Last = d
			}
		}
	}
	slices.SortStableFunc(out, func(a, b roleLine) int {
		if a.First != b.First {
			if a.First == "" {
				return 1
			}
			if b.First == "" {
				return -1
			}
			return strings.Compare(a.First, b.First)
		}
		return b.Articles - a.Articles
	})
	return out
}

// dayOf is the UTC day of a known publication time, "" otherwise.
func dayOf(p model.Published) string {
	if !p.Known() {
		return ""
	}
	return p.Time.UTC().Format("2006-01-02")
}

// timedStories are listed stories with their dates, oldest first as
// Timeline gives them.
func timedStories(list []app.StoryEntry) []timedStory {
	out := make([]timedStory, 0, len(list))
	for _, e := range list {
		out = append(out, timedStory{ID: e.Summary.ID, Title: e.View.Title, First: e.Summary.FirstSeen, Last: e.Summary.LastSeen})
	}
	return out
}

// latest are the last n of an oldest-first list.
func latest(list []timedStory, n int) []timedStory {
	if len(list) > n {
		return list[len(list)-n:]
	}
	return slices.Clone(list)
}

// timelineData is the pair view: two entities' stories over time, apart
// and together.
type timelineData struct {
	Names    []string
	IDs      []int64
	Chart    chart
	Together []timedStory
	OnlyA    int
	OnlyB    int
}

func (h *Handler) timelinePage(w http.ResponseWriter, r *http.Request) {
	refs := r.URL.Query()["entity"]
	for i := range refs {
		refs[i] = strings.TrimSpace(refs[i])
	}
	refs = slices.DeleteFunc(refs, func(s string) bool { return s == "" })
	switch len(refs) {
	case 0:
		h.badRequest(w, r, "Name an entity, or two: /timeline?entity=A&entity=B (names or numbers from the entities page).")
		return
	case 1:
		e, err := h.app.FindEntity(r.Context(), refs[0])
		if err != nil {
			h.entityError(w, r, refs[0], err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/entities/%d", e.ID), http.StatusSeeOther)
		return
	case 2:
	default:
		h.badRequest(w, r, "The timeline compares two entities at most: give entity= twice.")
		return
	}
	var ents [2]model.Entity
	var lists [2][]timedStory
	for i, ref := range refs {
		e, err := h.app.FindEntity(r.Context(), ref)
		if err != nil {
			h.entityError(w, r, ref, err)
			return
		}
		ents[i] = e
		tl, err := h.app.Timeline(r.Context(), []string{strconv.FormatInt(e.ID, 10)}, false)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		lists[i] = timedStories(tl.Stories)
	}
	if ents[0].ID == ents[1].ID {
		http.Redirect(w, r, fmt.Sprintf("/entities/%d", ents[0].ID), http.StatusSeeOther)
		return
	}
	inB := map[int64]bool{}
	for _, s := range lists[1] {
		inB[s.ID] = true
	}
	inA := map[int64]bool{}
	var onlyA, both, onlyB []timedStory
	for _, s := range lists[0] {
		inA[s.ID] = true
		if inB[s.ID] {
			both = append(both, s)
		} else {
			onlyA = append(onlyA, s)
		}
	}
	for _, s := range lists[1] {
		if !inA[s.ID] {
			onlyB = append(onlyB, s)
		}
	}
	d := timelineData{Names: []string{ents[0].Name, ents[1].Name}, IDs: []int64{ents[0].ID, ents[1].ID}, OnlyA: len(onlyA), OnlyB: len(onlyB)}
	d.Chart = pairChart(ents, onlyA, both, onlyB)
	d.Together = slices.Clone(both)
	slices.Reverse(d.Together)
	title := ents[0].Name + " and " + ents[1].Name
	h.render(w, r, "timeline", pageData{Title: title, Nav: "entities", Data: d})
}

// pairChart draws three lanes: the stories naming only the first
// entity, both, and only the second; a story is a dot at its first day.
func pairChart(ents [2]model.Entity, onlyA, both, onlyB []timedStory) chart {
	all := slices.Concat(onlyA, both, onlyB)
	ch := chart{Label: fmt.Sprintf("Stories naming %s, both, or %s, over time", ents[0].Name, ents[1].Name)}
	lo, hi := timeOf(all)
	if lo.IsZero() {
		return ch
	}
	sc := newTimeScale(lo, hi)
	ch.Ticks = sc.ticks()
	lanes := []struct {
		label, class string
		list         []timedStory
	}{
		{"Only " + ents[0].Name, "lane-a", onlyA},
		{"Both", "lane-both", both},
		{"Only " + ents[1].Name, "lane-b", onlyB},
	}
	for _, l := range lanes {
		ln := lane{Label: fmt.Sprintf("%s (%d)", l.label, len(l.list)), Class: l.class}
		for _, s := range latest(l.list, chartStories) {
			if s.First.IsZero() {
				ch.Undated++
				continue
			}
			ln.Marks = append(ln.Marks, mark{Pos: sc.pos(s.First), Href: fmt.Sprintf("/stories/%d", s.ID), Class: "dot",
				Title: span(timePtr(s.First), timePtr(s.Last)) + ": " + s.Title})
		}
		ch.Lanes = append(ch.Lanes, ln)
	}
	return ch
}

// timeOf is the earliest first and the latest last date of the dated
// stories; zero when none is dated.
func timeOf(list []timedStory) (lo, hi time.Time) {
	for _, s := range list {
		if s.First.IsZero() {
			continue
		}
		if lo.IsZero() || s.First.Before(lo) {
			lo = s.First
		}
		if s.Last.After(hi) {
			hi = s.Last
		}
	}
	return lo, hi
}
