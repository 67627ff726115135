package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
)

// watchesData is the watches page.
type watchesData struct {
	Watches []watchRow
}

type watchRow struct {
	Watch      model.Watch
	Summary    string
	Deliveries []model.Delivery
}

// deliveriesShown per watch.
const deliveriesShown = 3

func (h *Handler) watchesPage(w http.ResponseWriter, r *http.Request) {
	ws, err := h.app.Watches(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var d watchesData
	for _, wt := range ws {
		ds, err := h.app.Deliveries(r.Context(), wt.ID, deliveriesShown)
		if err != nil && !errors.Is(err, app.ErrNotFound) {
			h.fail(w, r, err)
			return
		}
		d.Watches = append(d.Watches, watchRow{Watch: wt, Summary: watchSummary(wt), Deliveries: ds})
	}
	h.render(w, r, "watches", pageData{Title: "Watches", Nav: "watches", Data: d})
}

func (h *Handler) addWatch(w http.ResponseWriter, r *http.Request) {
	min := 0
	if v := strings.TrimSpace(r.PostFormValue("min_outlets")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			h.badRequest(w, r, fmt.Sprintf("“%s” is not a number of outlets: give a whole number such as 2, or leave it empty.", oneLine(v, 40)))
			return
		}
		min = n
	}
	wt, err := h.app.AddWatch(r.Context(), model.Watch{
		Query:      strings.TrimSpace(r.PostFormValue("query")),
		Entity:     strings.TrimSpace(r.PostFormValue("entity")),
		MinOutlets: min,
		Webhook:    strings.TrimSpace(r.PostFormValue("webhook")),
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setFlash(w, r, "ok", fmt.Sprintf("Watch %d added: matching stories are sent to %s.", wt.ID, wt.Webhook))
	http.Redirect(w, r, "/watches", http.StatusSeeOther)
}

func (h *Handler) removeWatch(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r, "That is not a watch number: pick a watch on the watches page.")
		return
	}
	ws, err := h.app.Watches(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var wt *model.Watch
	for i := range ws {
		if ws[i].ID == id {
			wt = &ws[i]
		}
	}
	if wt == nil {
		h.notFound(w, r, fmt.Sprintf("There is no watch %d (any more): see the watches page.", id))
		return
	}
	if !confirmed(r) {
		h.render(w, r, "confirm", pageData{Title: "Remove the watch?", Nav: "watches", Data: confirmData{
			Heading:  "Remove this watch?",
			Lead:     "No more messages will be sent for it.",
			Sections: []confirmSection{{Heading: "The watch", Items: []confirmItem{{Text: watchSummary(*wt), Meta: "to " + wt.Webhook}}}},
			Action:   fmt.Sprintf("/watches/%d/remove", id),
			Fields:   []field{{"confirm", "yes"}},
			Button:   "Remove the watch",
			Cancel:   "/watches",
		}})
		return
	}
	if err := h.app.RemoveWatch(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	setFlash(w, r, "ok", fmt.Sprintf("Watch %d removed.", id))
	http.Redirect(w, r, "/watches", http.StatusSeeOther)
}

// watchSummary says what a watch asks in words.
func watchSummary(w model.Watch) string {
	var parts []string
	if w.Query != "" {
		parts = append(parts, "stories with the words “"+w.Query+"”")
	}
	if w.Entity != "" {
		parts = append(parts, "naming "+w.Entity)
	}
	if w.MinOutlets > 0 {
		parts = append(parts, fmt.Sprintf("reported by at least %d outlets", w.MinOutlets))
	}
	if len(parts) == 0 {
		return "every story"
	}
	return capitalise(strings.Join(parts, ", "))
}
