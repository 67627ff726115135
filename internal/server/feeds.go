package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/model"
)

// maxOPMLBody bounds POST /feeds/import: a list of thousands of feeds.
const maxOPMLBody = 4 << 20

// pollTimeout bounds POST /feeds/{id}/poll: the feed, its items' pages
// and their ingest.
const pollTimeout = 5 * time.Minute

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.Feeds(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"feeds": view.NewFeeds(list)})
}

// feedRequest is POST /feeds: the feed's address and, optionally, the
// time between polls ("30m"; 15 minutes when absent).
type feedRequest struct {
	URL      string `json:"url"`
	Interval string `json:"interval"`
}

func (s *Server) addFeed(w http.ResponseWriter, r *http.Request) {
	var req feedRequest
	if !s.decodeBody(w, r, &req) {
		return
	}
	interval, ok := duration(w, "interval", req.Interval)
	if !ok {
		return
	}
	f, err := s.app.AddFeed(r.Context(), req.URL, interval)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.poller.Wake() // polled now, not at the poller's next look
	w.Header().Set("Location", "/api/v1/feeds/"+strconv.FormatInt(f.ID, 10))
	writeJSON(w, http.StatusCreated, view.NewFeed(f))
}

// importFeeds subscribes to every feed of the OPML body, each polled
// every ?interval=.
func (s *Server) importFeeds(w http.ResponseWriter, r *http.Request) {
	interval, ok := duration(w, "interval", r.URL.Query().Get("interval"))
	if !ok {
		return
	}
	body, ok := s.readBody(w, r, maxOPMLBody)
	if !ok {
		return
	}
	imp, err := s.app.ImportOPML(r.Context(), bytes.NewReader(body), interval)
	if err != nil && r.Context().Err() == nil {
		badRequest(w, "%v", err) // the body is not an OPML list
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(imp.Added) > 0 {
		s.poller.Wake()
	}
	writeJSON(w, http.StatusOK, view.NewOPMLImport(imp))
}

func (s *Server) exportFeeds(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	if err := s.app.ExportOPML(r.Context(), &b); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="storywire-feeds.opml"`)
	_, _ = w.Write(b.Bytes())
}

func (s *Server) removeFeed(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "feed")
	if !ok {
		return
	}
	if err := s.app.RemoveFeed(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// pollFeed polls one feed now through the running poller (so the request
// limits hold across its polls and this one) and answers the poll's
// result: 200 even when the feed failed, which the result says.
func (s *Server) pollFeed(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "feed")
	if !ok {
		return
	}
	if _, err := s.app.Feed(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(pollTimeout))
	// A poll stopped part way records nothing and the feed stays due, so
	// a client going away may cancel it.
	ctx, cancel := context.WithTimeout(r.Context(), pollTimeout)
	defer cancel()
	res, err := s.poller.PollNow(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, view.NewFeedPoll(res))
}

func (s *Server) listWatches(w http.ResponseWriter, r *http.Request) {
	ws, err := s.app.Watches(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ws == nil {
		ws = []model.Watch{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"watches": ws})
}

// watchRequest is POST /watches.
type watchRequest struct {
	Query      string `json:"query"`
	Entity     string `json:"entity"`
	MinOutlets int    `json:"min_outlets"`
	Webhook    string `json:"webhook"`
}

func (s *Server) addWatch(w http.ResponseWriter, r *http.Request) {
	var req watchRequest
	if !s.decodeBody(w, r, &req) {
		return
	}
	added, err := s.app.AddWatch(r.Context(), model.Watch{Query: req.Query, Entity: req.Entity, MinOutlets: req.MinOutlets, Webhook: req.Webhook})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/watches/"+strconv.FormatInt(added.ID, 10))
	writeJSON(w, http.StatusCreated, added)
}

func (s *Server) removeWatch(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "watch")
	if !ok {
		return
	}
	if err := s.app.RemoveWatch(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deliveries(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "watch")
	if !ok {
		return
	}
	q := query{r.URL.Query(), nil}
	limit := q.int("limit", defaultLimit, 1, 1000)
	if q.err != nil {
		badRequest(w, "%v", q.err)
		return
	}
	ds, err := s.app.Deliveries(r.Context(), id, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ds == nil {
		ds = []model.Delivery{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": ds})
}

// pathID reads the {id} of a feed's or a watch's path, answering 400 when
// it is not one.
func pathID(w http.ResponseWriter, r *http.Request, what string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		badRequest(w, "%q is not a %s id: %s ids are positive numbers", r.PathValue("id"), what, what)
		return 0, false
	}
	return id, true
}

// duration reads an optional duration ("15m", "2h"), answering 400 when
// it is not one; 0 when empty.
func duration(w http.ResponseWriter, name, v string) (time.Duration, bool) {
	if v == "" {
		return 0, true
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		badRequest(w, "%s %q: give a duration such as 15m or 2h", name, v)
		return 0, false
	}
	return d, true
}
