package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/compare"
	"github.com/storywire/storywire/internal/extract/dates"
	"github.com/storywire/storywire/internal/store"
	"github.com/storywire/storywire/internal/stories"
)

// Page sizes of the listings: the default, and the most one page holds.
const (
	defaultLimit = 20
	maxLimit     = 200
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if !s.Ready() {
		writeError(w, http.StatusServiceUnavailable, "loading the stories")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// storyPage is GET /stories: a page of stories, newest first, and the
// cursor of the next page ("" on the last).
type storyPage struct {
	Stories []stories.Story `json:"stories"`
	Next    string          `json:"next,omitempty"`
}

func (s *Server) listStories(w http.ResponseWriter, r *http.Request) {
	q := query{r.URL.Query(), nil}
	f := store.StoryFilter{
		Since:      q.time("since"),
		Until:      q.time("until"),
		Outlet:     q.Get("outlet"),
		Query:      q.Get("q"),
		MinOutlets: q.int("min_outlets", 0, 0, 1<<20),
		After:      q.cursor("cursor"),
	}
	limit := q.int("limit", defaultLimit, 1, maxLimit)
	whole := q.view()
	if q.err != nil {
		badRequest(w, "%v", q.err)
		return
	}
	// One more than the page tells whether there is a next one.
	f.Limit = limit + 1
	list, err := s.app.Stories(r.Context(), app.StoriesOptions{Filter: f, Entity: q.Get("entity"), Whole: whole})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := storyPage{}
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1].Summary
		page.Next = view.EncodeCursor(store.StoryKey{LastSeen: last.LastSeen, ID: last.ID})
	}
	page.Stories = view.Stories(list)
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) getStory(w http.ResponseWriter, r *http.Request) {
	id, ok := storyID(w, r)
	if !ok {
		return
	}
	v, err := s.app.StoryView(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) compareStory(w http.ResponseWriter, r *http.Request) {
	id, ok := storyID(w, r)
	if !ok {
		return
	}
	c, err := s.app.Compare(r.Context(), id, compare.Options{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	f, err := articleFilter(r.URL.Query(), defaultLimit)
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	list, err := s.app.Articles(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"articles": view.NewArticles(list)})
}

// articleFilter reads the article filters (outlet, since, until, limit)
// of a listing or an export; limit 0 (export's default) is no limit.
func articleFilter(v url.Values, defLimit int) (store.Filter, error) {
	q := query{v, nil}
	lowest := 1
	if defLimit == 0 {
		lowest = 0
	}
	f := store.Filter{Outlet: q.Get("outlet"), Since: q.time("since"), Until: q.time("until"), Limit: q.int("limit", defLimit, lowest, 1<<30)}
	if defLimit > 0 && f.Limit > maxLimit {
		f.Limit = maxLimit
	}
	return f, q.err
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	q := query{r.URL.Query(), nil}
	ann := q.bool("annotations")
	if q.err != nil {
		badRequest(w, "%v", q.err)
		return
	}
	v, err := s.app.ArticleView(r.Context(), r.PathValue("id"), ann)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view.NewArticleDetail(v))
}

func (s *Server) listEntities(w http.ResponseWriter, r *http.Request) {
	q := query{r.URL.Query(), nil}
	f := store.EntityFilter{Query: q.Get("q"), Type: q.Get("type"), Limit: q.int("limit", 50, 1, 1000)}
	if q.err != nil {
		badRequest(w, "%v", q.err)
		return
	}
	list, err := s.app.Entities(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entities": view.NewEntities(list)})
}

func (s *Server) getEntity(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.EntityView(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view.NewEntityDetail(v))
}

// timelineJSON is GET /timeline: the entities' names and their stories,
// oldest first.
type timelineJSON struct {
	Entities []string        `json:"entities"`
	Stories  []stories.Story `json:"stories"`
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	refs := r.URL.Query()["entity"]
	if len(refs) == 0 || len(refs) > 2 {
		badRequest(w, "give one or two entities: ?entity=A or ?entity=A&entity=B (ids or names)")
		return
	}
	tl, err := s.app.Timeline(r.Context(), refs, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, timelineJSON{Entities: tl.Names, Stories: view.Stories(tl.Stories)})
}

func (s *Server) quotes(w http.ResponseWriter, r *http.Request) {
	q := query{r.URL.Query(), nil}
	o := app.QuotesOptions{
		Speaker:  q.Get("speaker"),
		Story:    int64(q.int("story", 0, 0, 1<<62)),
		Indirect: q.bool("indirect"),
		Limit:    q.int("limit", 50, 1, 1000),
	}
	if q.err != nil {
		badRequest(w, "%v", q.err)
		return
	}
	groups, err := s.app.Quotes(r.Context(), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"quotes": view.NewQuotes(groups)})
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := query{r.URL.Query(), nil}
	text := strings.TrimSpace(q.Get("q"))
	limit := q.int("limit", defaultLimit, 1, maxLimit)
	if q.err == nil && text == "" {
		q.err = fmt.Errorf(`give a query: ?q=words or ?q="a phrase"`)
	}
	if q.err != nil {
		badRequest(w, "%v", q.err)
		return
	}
	hits, err := s.app.Search(r.Context(), text, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"hits": view.NewSearchHits(hits)})
}

// storyID reads the {id} of a story path, answering 400 when it is not
// one.
func storyID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		badRequest(w, "%q is not a story id: story ids are positive numbers", r.PathValue("id"))
		return 0, false
	}
	return id, true
}

// query reads a request's parameters, keeping the first error.
type query struct {
	url.Values
	err error
}

func (q *query) int(name string, def, lo, hi int) int {
	v := q.Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		q.setErr("%s=%q: give a whole number from %d to %d", name, v, lo, hi)
		return def
	}
	return n
}

func (q *query) bool(name string) bool {
	v := q.Get(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		q.setErr("%s=%q: give 1 or 0 (true or false)", name, v)
	}
	return b
}

// view reads ?view=: "head" (the default: what a story's articles give,
// as storywire stories lists them) or "full" (the whole view, as
// storywire stories --json prints it, entities and event dates included).
func (q *query) view() (whole bool) {
	switch v := q.Get("view"); v {
	case "", "head":
		return false
	case "full":
		return true
	default:
		q.setErr("view=%q: use head or full", v)
		return false
	}
}

func (q *query) time(name string) time.Time {
	v := q.Get(name)
	if v == "" {
		return time.Time{}
	}
	p, ok := dates.Parse(v)
	if !ok {
		q.setErr("%s=%q: not a date or time; use a form like 2024-03-12 or 2024-03-12T09:30:00Z", name, v)
		return time.Time{}
	}
	return p.Time
}

func (q *query) cursor(name string) *store.StoryKey {
	v := q.Get(name)
	if v == "" {
		return nil
	}
	k, err := view.DecodeCursor(v)
	if err != nil {
		q.setErr("%s=%q: not a cursor this server gave: start again without it", name, v)
		return nil
	}
	return &k
}

func (q *query) setErr(format string, args ...any) {
	if q.err == nil {
		q.err = fmt.Errorf(format, args...)
	}
}
