package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/app/view"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/source"
)

// bodyOrigin names the articles of a POST /articles: "api", "api#2" in
// an array, "api:3" in JSON Lines.
const bodyOrigin = "api"

// postArticles ingests the articles in the body (an object, an array or
// JSON Lines, as ingest reads a file) and answers the summary: 200 with
// each failed item and its reason, or 400 when the body as a whole is
// not an article.
func (s *Server) postArticles(w http.ResponseWriter, r *http.Request) {
	body, ok := s.readBody(w, r, s.opts.MaxBody)
	if !ok {
		return
	}
	q := query{r.URL.Query(), nil}
	o := s.opts.Ingest
	o.Outlet, o.Published = q.Get("outlet"), q.Get("published")
	if q.time("published"); q.err != nil {
		badRequest(w, "%v", q.err)
		return
	}
	// Read the items first: a body that is not JSON at all is the
	// client's mistake, answered 400 rather than counted as a failure.
	var items []source.Item
	for it := range source.ReadJSON(r.Context(), bodyOrigin, bytes.NewReader(body), s.opts.MaxBody) {
		items = append(items, it)
	}
	if len(items) == 1 && items[0].Err != nil && items[0].Origin == bodyOrigin {
		badRequest(w, "%v", items[0].Err)
		return
	}
	// An ingest runs to its end once started, even if the client goes
	// away or the server is stopping: its batches are committed whole.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(ingestTimeout))
	ctx := context.WithoutCancel(r.Context())
	if s.opts.Queue != nil {
		s.queueArticles(ctx, w, r, items, o)
		return
	}
	sum, err := s.app.IngestItems(ctx, slices.Values(items), o)
	s.metrics.countIngest(sum)
	var stopped *app.StoppedError
	switch {
	case errors.As(err, &stopped):
		s.log.Error("ingest stopped", "error", err)
		writeJSON(w, http.StatusServiceUnavailable, struct {
			errorBody
			view.IngestSummary
		}{errorBody{"ingest stopped part way: what the summary counts is stored; send the same body again to finish"}, view.NewIngestSummary(sum)})
	case errors.Is(err, app.ErrInvalid):
		badRequest(w, "%v", err)
	case err != nil:
		s.fail(w, r, err)
	default:
		writeJSON(w, http.StatusOK, view.NewIngestSummary(sum))
	}
}

// queueArticles publishes a POST /articles' items for the workers (the
// distributed mode) and answers 202 with what was queued: the articles
// are stored and clustered later, by the workers and the clusterer.
func (s *Server) queueArticles(ctx context.Context, w http.ResponseWriter, r *http.Request, items []source.Item, o app.IngestOptions) {
	sum, err := app.Enqueue(ctx, s.opts.Queue, slices.Values(items), o)
	s.metrics.countQueued(sum)
	var stopped *app.StoppedError
	switch {
	case errors.As(err, &stopped):
		s.log.Error("publishing to the queue stopped", "error", err)
		writeJSON(w, http.StatusServiceUnavailable, struct {
			errorBody
			view.QueueSummary
		}{errorBody{"the queue stopped taking items part way: what the summary counts is queued; send the same body again (items queued already are dropped)"}, view.NewQueueSummary(sum)})
	case errors.Is(err, app.ErrInvalid):
		badRequest(w, "%v", err)
	case err != nil:
		s.fail(w, r, err)
	default:
		writeJSON(w, http.StatusAccepted, view.NewQueueSummary(sum))
	}
}

// readBody reads a whole request body of at most limit bytes, answering
// 413 past it.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is above the %d-byte limit: send fewer articles per request", limit))
		return nil, false
	case err != nil:
		badRequest(w, "read the body: %v", err)
		return nil, false
	}
	return body, true
}

// decodeBody reads a small JSON body into v, answering 400 or 413.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	body, ok := s.readBody(w, r, maxSmallBody)
	if !ok {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		badRequest(w, "malformed JSON body: %v", err)
		return false
	}
	return true
}

// mergeRequest is POST /stories/{id}/merge: story From is merged into
// the path's story.
type mergeRequest struct {
	From int64 `json:"from"`
}

func (s *Server) merge(w http.ResponseWriter, r *http.Request) {
	into, ok := storyID(w, r)
	if !ok {
		return
	}
	var req mergeRequest
	if !s.decodeBody(w, r, &req) {
		return
	}
	if req.From <= 0 {
		badRequest(w, `give the story to merge in: {"from": ID}`)
		return
	}
	n, err := s.app.Merge(r.Context(), into, req.From)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"story": into, "merged": req.From, "moved": n})
}

// splitRequest is POST /stories/{id}/split: the articles to move out
// into a new story.
type splitRequest struct {
	Articles []string `json:"articles"`
}

func (s *Server) split(w http.ResponseWriter, r *http.Request) {
	id, ok := storyID(w, r)
	if !ok {
		return
	}
	var req splitRequest
	if !s.decodeBody(w, r, &req) {
		return
	}
	if len(req.Articles) == 0 {
		badRequest(w, `name the articles to split out: {"articles": ["ID", ...]}`)
		return
	}
	next, err := s.app.Split(r.Context(), id, req.Articles)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"story": id, "new_story": next, "moved": len(req.Articles)})
}

// moveRequest is POST /articles/{id}/move: the story to move it into.
type moveRequest struct {
	Story int64 `json:"story"`
}

func (s *Server) move(w http.ResponseWriter, r *http.Request) {
	art := r.PathValue("id")
	var req moveRequest
	if !s.decodeBody(w, r, &req) {
		return
	}
	if req.Story <= 0 {
		badRequest(w, `give the story to move the article into: {"story": ID}`)
		return
	}
	moved, err := s.app.Move(r.Context(), art, req.Story)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"article": art, "story": req.Story, "moved": moved})
}

// export streams every article the filters select, newest first, as JSON
// Lines or CSV: uncapped, written as it is read.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	format := strings.ToLower(r.URL.Query().Get("format"))
	if format == "" {
		format = "jsonl"
	}
	if format != "jsonl" && format != "csv" {
		badRequest(w, "format=%q: use jsonl or csv", format)
		return
	}
	f, err := articleFilter(r.URL.Query(), 0)
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	// A large store takes longer than any fixed write timeout.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	bw := bufio.NewWriterSize(w, 64<<10)
	var write func(model.Article) error
	var cw *csv.Writer
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		cw = csv.NewWriter(bw)
		write = func(a model.Article) error { return cw.Write(view.CSVRow(a)) }
		if err := cw.Write(view.CSVHeader); err != nil {
			return
		}
	} else {
		w.Header().Set("Content-Type", "application/x-ndjson")
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(a model.Article) error { return enc.Encode(view.NewArticle(a)) }
	}
	w.Header().Set("Content-Disposition", `attachment; filename="storywire-export.`+format+`"`)
	err = s.app.Export(r.Context(), f, write)
	if cw != nil {
		cw.Flush()
		err = errors.Join(err, cw.Error())
	}
	err = errors.Join(err, bw.Flush())
	if err != nil {
		// The status is sent; cutting the connection is the only way
		// left to tell the client the export is incomplete.
		s.log.Warn("export cut short", "error", err)
		panic(http.ErrAbortHandler)
	}
}
