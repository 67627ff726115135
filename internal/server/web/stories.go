package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/extract/dates"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

// Page sizes of the stories page: the default and the most one page
// holds; and how many key entities a story's card shows.
const (
	storiesPerPage = 20
	maxPerPage     = 100
	cardEntities   = 5
)

// storyFilters are the stories page's parameters as the URL gives them,
// so the form shows them back and links keep them.
type storyFilters struct {
	Q, Entity, Outlet, Since, Until string
	Limit                           int
}

// active says whether any filter is set.
func (f storyFilters) active() bool {
	return f.Q != "" || f.Entity != "" || f.Outlet != "" || f.Since != "" || f.Until != ""
}

// values are the filters as URL parameters.
func (f storyFilters) values() url.Values {
	v := url.Values{}
	for _, p := range []struct{ k, v string }{{"q", f.Q}, {"entity", f.Entity}, {"outlet", f.Outlet}, {"since", f.Since}, {"until", f.Until}} {
		if p.v != "" {
			v.Set(p.k, p.v)
		}
	}
	if f.Limit != storiesPerPage {
		v.Set("limit", strconv.Itoa(f.Limit))
	}
	return v
}

// storiesData is the stories page.
type storiesData struct {
	Filters    storyFilters
	Filtered   bool
	EntityName string // the entity filter's name, when it names one
	Cards      []storyCard
	Older      string // the next page's URL; "" on the last
	Newest     string // the first page's URL, on later pages
	Outlets    []string
	Clear      string // the page without filters
}

// storyCard is one story of the list.
type storyCard struct {
	ID        int64
	Title     string
	Summary   string
	Span      string
	FirstSeen string
	Articles  int
	Outlets   int
	Names     []string // the first outlets, most articles first
	More      int      // outlets not named
	Entities  []stories.Entity
}

func (h *Handler) storiesPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := storyFilters{Q: strings.TrimSpace(q.Get("q")), Entity: strings.TrimSpace(q.Get("entity")), Outlet: strings.TrimSpace(q.Get("outlet")),
		Since: strings.TrimSpace(q.Get("since")), Until: strings.TrimSpace(q.Get("until")), Limit: storiesPerPage}
	var sf store.StoryFilter
	var problems []string
	if f.Since != "" {
		t, ok := parseDay(f.Since, false)
		if !ok {
			problems = append(problems, fmt.Sprintf("“%s” is not a date: give one like 2024-03-12.", f.Since))
		}
		sf.Since = t
	}
	if f.Until != "" {
		t, ok := parseDay(f.Until, true)
		if !ok {
			problems = append(problems, fmt.Sprintf("“%s” is not a date: give one like 2024-03-12.", f.Until))
		}
		sf.Until = t
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPerPage {
			problems = append(problems, fmt.Sprintf("limit “%s”: give a number of stories from 1 to %d.", v, maxPerPage))
		} else {
			f.Limit = n
		}
	}
	if c := q.Get("cursor"); c != "" {
		k, err := view.DecodeCursor(c)
		if err != nil {
			problems = append(problems, "The page link is not one this server made: start again from the first page.")
		}
		sf.After = &k
	}
	if len(problems) > 0 {
		h.badRequest(w, r, strings.Join(problems, " "))
		return
	}
	sf.Outlet, sf.Query = f.Outlet, f.Q
	sf.Limit = f.Limit + 1 // one more tells whether there is a next page
	list, err := h.app.Stories(r.Context(), app.StoriesOptions{Filter: sf, Entity: f.Entity})
	if err != nil {
		if errors.Is(err, app.ErrNotFound) && f.Entity != "" {
			h.notFound(w, r, fmt.Sprintf("No entity is named “%s”. Look it up on the entities page, or remove the filter.", f.Entity))
			return
		}
		h.fail(w, r, err)
		return
	}
	d := storiesData{Filters: f, Filtered: f.active(), Clear: "/"}
	if len(list) > f.Limit {
		list = list[:f.Limit]
		last := list[len(list)-1].Summary
		v := f.values()
		v.Set("cursor", view.EncodeCursor(store.StoryKey{LastSeen: last.LastSeen, ID: last.ID}))
		d.Older = "/?" + v.Encode()
	}
	if sf.After != nil {
		d.Newest = "/"
		if v := f.values(); len(v) > 0 {
			d.Newest += "?" + v.Encode()
		}
	}
	if f.Entity != "" {
		if e, err := h.app.FindEntity(r.Context(), f.Entity); err == nil {
			d.EntityName = e.Name
		}
	}
	if d.Cards, err = h.cardsOf(r.Context(), list); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Outlets, err = h.app.Outlets(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	title := "Stories"
	if d.Filtered {
		title = "Stories: filtered"
	}
	h.render(w, r, "stories", pageData{Title: title, Nav: "stories", Query: f.Q, Live: true, Data: d})
}

// dateline matches a wire dateline at the start of a lead ("ARVENA, Jan
// 20 (Meridian) - "), which a one-line summary can do without.
var dateline = regexp.MustCompile(`^\p{Lu}[\p{Lu} .'-]{1,40}, [^()\n]{0,30}\([^()\n]{1,40}\)\s*[-–—]+\s*`)

// parseDay reads a date filter; endOfDay makes a day-only date mean up to
// the end of that day (an "until" the reader ticked in a calendar).
func parseDay(s string, endOfDay bool) (time.Time, bool) {
	p, ok := dates.Parse(s)
	if !ok {
		return time.Time{}, false
	}
	if endOfDay && p.Reliability == model.Day {
		return p.Time.Add(24 * time.Hour), true
	}
	return p.Time, true
}

// cardsOf makes the cards of listed stories: the heads the listing gave,
// with key entities from each story's whole view (kept while the story
// is unchanged, see cardCache).
func (h *Handler) cardsOf(ctx context.Context, list []app.StoryEntry) ([]storyCard, error) {
	cards := make([]storyCard, 0, len(list))
	for _, e := range list {
		v := e.View
		c := storyCard{ID: e.Summary.ID, Title: v.Title, Span: span(v.FirstSeen, v.LastSeen), FirstSeen: deref(v.FirstSeen),
			Articles: e.Summary.Articles, Outlets: e.Summary.Outlets}
		if c.Title == "" {
			c.Title = fmt.Sprintf("Story %d", c.ID)
		}
		if len(v.Summary) > 0 {
			c.Summary = oneLine(dateline.ReplaceAllString(v.Summary[0], ""), 240)
		}
		for i, o := range v.Outlets {
			if i == 3 {
				c.More = len(v.Outlets) - 3
				break
			}
			c.Names = append(c.Names, o.Name)
		}
		ents, ok := h.cards.get(e.Summary)
		if !ok {
			whole, err := h.app.StoryView(ctx, e.Summary.ID)
			if errors.Is(err, app.ErrNotFound) {
				continue // gone since the listing was read (merged away)
			}
			if err != nil {
				return nil, err
			}
			ents = whole.Entities[:min(len(whole.Entities), cardEntities)]
			h.cards.put(e.Summary, ents)
		}
		c.Entities = ents
		cards = append(cards, c)
	}
	return cards, nil
}

// storyID reads the {id} of a story's path; false (with a 404 page) when
// it names no story.
func (h *Handler) storyID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r, fmt.Sprintf("“%s” is not a story number. Stories are numbered 1, 2, 3…: pick one from the stories page.", r.PathValue("id")))
		return 0, false
	}
	return id, true
}

// storyView reads a story's view, answering a page for a story that is
// not there (merged away, say).
func (h *Handler) storyView(w http.ResponseWriter, r *http.Request, id int64) (stories.Story, bool) {
	v, err := h.app.StoryView(r.Context(), id)
	if errors.Is(err, app.ErrNotFound) {
		h.notFound(w, r, fmt.Sprintf("There is no story %d. It may have been merged into another one: find it on the stories page or search for its words.", id))
		return v, false
	}
	if err != nil {
		h.fail(w, r, err)
		return v, false
	}
	return v, true
}
