package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// feedsData is the feeds page: each subscription's health.
type feedsData struct {
	Feeds   []feedRow
	Failing int
	CanPoll bool
}

type feedRow struct {
	Feed         model.Feed
	Title        string // the feed's own title; "" until read
	Interval     string
	LastSuccess  moment
	NextPoll     moment
	FailingSince moment
}

// moment is a time as the feeds table shows it: how long ago (or how
// soon), with the full time on hover.
type moment struct {
	Rel  string // "3 min ago", "in 1 h", "never"
	Full string // "6 Dec 2026 06:44 UTC"
	ISO  string // for <time datetime>
}

func momentOf(t, now time.Time) moment {
	if t.IsZero() {
		return moment{Rel: "never"}
	}
	m := moment{Full: t.UTC().Format("2 Jan 2006 15:04 UTC"), ISO: t.UTC().Format(time.RFC3339)}
	switch d := now.Sub(t); {
	case d < -time.Minute:
		m.Rel = "in " + roughly(-d)
	case d < time.Minute:
		m.Rel = "just now"
	default:
		m.Rel = roughly(d) + " ago"
	}
	return m
}

// roughly writes a duration the way people say it: "3 min", "2 h",
// "5 days".
func roughly(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()+0.5))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()+0.5))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24+0.5))
}

// every writes a polling interval: "15 min", "2 h", "1 h 30 min".
func every(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

func (h *Handler) feedsPage(w http.ResponseWriter, r *http.Request) {
	list, err := h.app.Feeds(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	now := time.Now()
	d := feedsData{CanPoll: h.opts.Feeds != nil}
	for _, f := range list {
		row := feedRow{Feed: f, Title: f.Title, Interval: every(f.Interval), LastSuccess: momentOf(f.LastSuccess, now), NextPoll: momentOf(f.NextPoll, now)}
		if f.Failing() {
			d.Failing++
			row.FailingSince = momentOf(f.FailingSince, now)
		}
		d.Feeds = append(d.Feeds, row)
	}
	h.render(w, r, "feeds", pageData{Title: "Feeds", Nav: "feeds", Data: d})
}

// formInterval reads a form's optional interval ("15m", "2h"); 0 when
// empty.
func formInterval(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("“%s” is not a time between polls: write it like 15m, 30m or 2h", v)
	}
	return d, nil
}

func (h *Handler) addFeed(w http.ResponseWriter, r *http.Request) {
	interval, err := formInterval(r.PostFormValue("interval"))
	if err != nil {
		h.badRequest(w, r, sentence(err.Error()))
		return
	}
	f, err := h.app.AddFeed(r.Context(), r.PostFormValue("url"), interval)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.opts.Feeds != nil {
		h.opts.Feeds.Wake() // polled now, not at the poller's next look
	}
	setFlash(w, r, "ok", fmt.Sprintf("Subscribed to %s (feed %d): it is polled now, then every %v.", f.URL, f.ID, f.Interval))
	http.Redirect(w, r, "/feeds", http.StatusSeeOther)
}

func (h *Handler) importFeeds(w http.ResponseWriter, r *http.Request) {
	interval, err := formInterval(r.PostFormValue("interval"))
	if err != nil {
		h.badRequest(w, r, sentence(err.Error()))
		return
	}
	file, _, err := r.FormFile("opml")
	if err != nil {
		h.badRequest(w, r, "No OPML file came with the form: choose the file your feed reader exported, then Import.")
		return
	}
	defer file.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(file); err != nil {
		h.badRequest(w, r, "The OPML file could not be read: send it again.")
		return
	}
	imp, err := h.app.ImportOPML(r.Context(), &body, interval)
	if err != nil {
		if r.Context().Err() != nil {
			h.fail(w, r, err)
			return
		}
		h.badRequest(w, r, sentence(err.Error()))
		return
	}
	if len(imp.Added) > 0 && h.opts.Feeds != nil {
		h.opts.Feeds.Wake()
	}
	msg := fmt.Sprintf("Imported the OPML list: %s added, %d already subscribed, %d refused.", plural(len(imp.Added), "feed"), len(imp.Existing), len(imp.Failed))
	kind := "ok"
	for i, e := range imp.Failed {
		if i == 3 {
			msg += fmt.Sprintf(" …and %d more.", len(imp.Failed)-3)
			break
		}
		kind = "error"
		msg += " " + sentence(e.Error())
	}
	setFlash(w, r, kind, msg)
	http.Redirect(w, r, "/feeds", http.StatusSeeOther)
}

// feedID reads the {id} of a feed's path; false (with a 404 page) when it
// is not one.
func (h *Handler) feedID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r, fmt.Sprintf("“%s” is not a feed number: pick a feed on the feeds page.", oneLine(r.PathValue("id"), 40)))
		return 0, false
	}
	return id, true
}

func (h *Handler) pollFeed(w http.ResponseWriter, r *http.Request) {
	id, ok := h.feedID(w, r)
	if !ok {
		return
	}
	if h.opts.Feeds == nil {
		h.errorPage(w, r, http.StatusServiceUnavailable, "No poller here", "This server does not poll feeds. Run storywire serve to follow them.")
		return
	}
	if _, err := h.app.Feed(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(pollTimeout))
	ctx, cancel := context.WithTimeout(r.Context(), pollTimeout)
	defer cancel()
	res, err := h.opts.Feeds.PollNow(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if res.Err != nil {
		setFlash(w, r, "error", fmt.Sprintf("Feed %d failed: %v. It is tried again later, less often while it fails.", id, res.Err))
	} else {
		setFlash(w, r, "ok", fmt.Sprintf("Feed %d polled: %s listed, %d new, %s added.", id, plural(res.Items, "item"), res.New, plural(res.Added, "article")))
	}
	http.Redirect(w, r, "/feeds", http.StatusSeeOther)
}

func (h *Handler) removeFeed(w http.ResponseWriter, r *http.Request) {
	id, ok := h.feedID(w, r)
	if !ok {
		return
	}
	f, err := h.app.Feed(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !confirmed(r) {
		h.render(w, r, "confirm", pageData{Title: "Remove the feed?", Nav: "feeds", Data: confirmData{
			Heading: "Stop following this feed?",
			Lead:    "It will no longer be polled. The articles already read from it stay.",
			Sections: []confirmSection{{Heading: "The feed", Items: []confirmItem{{Text: f.URL,
				Meta: fmt.Sprintf("%s seen, %s added", plural(int(f.ItemsSeen), "item"), plural(int(f.ArticlesAdded), "article"))}}}},
			Action: fmt.Sprintf("/feeds/%d/remove", id),
			Fields: []field{{"confirm", "yes"}},
			Button: "Remove the feed",
			Cancel: "/feeds",
		}})
		return
	}
	if err := h.app.RemoveFeed(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	setFlash(w, r, "ok", fmt.Sprintf("Feed %d (%s) removed; its articles stay.", id, f.URL))
	http.Redirect(w, r, "/feeds", http.StatusSeeOther)
}

func (h *Handler) exportFeeds(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	if err := h.app.ExportOPML(r.Context(), &b); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="storywire-feeds.opml"`)
	_, _ = w.Write(b.Bytes())
}
