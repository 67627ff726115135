package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/stories"
)

// Each correction is two steps: the story's page sends the form, the
// server answers a page that says what will change, and only the form on
// that page (confirm=yes) makes the change, then sends the reader to the
// story it left. Corrections go through app, which records them as facts
// about articles, so they survive a recluster.

// confirmData is a confirmation page.
type confirmData struct {
	Heading  string
	Lead     string
	Sections []confirmSection
	Action   string
	Fields   []field
	Button   string
	Cancel   string
}

type confirmSection struct {
	Heading string
	Items   []confirmItem
}

type confirmItem struct {
	Text string
	Href string
	Meta string
}

type field struct{ Name, Value string }

// confirmed says whether the form is the confirmation's.
func confirmed(r *http.Request) bool { return r.PostFormValue("confirm") == "yes" }

// articleItems lists a story's articles (copies included) for a
// confirmation page; keep, when set, keeps only those.
func articleItems(v stories.Story, keep func(id string) bool) []confirmItem {
	var out []confirmItem
	var add func([]stories.Article)
	add = func(list []stories.Article) {
		for _, a := range list {
			if keep == nil || keep(a.ID) {
				out = append(out, confirmItem{Text: a.Title, Href: "/articles/" + a.ID, Meta: a.Outlet + ", " + when(deref(a.Published))})
			}
			add(a.Copies)
		}
	}
	add(v.Articles)
	return out
}

// storyArticleIDs are a story's articles, copies included.
func storyArticleIDs(v stories.Story) []string { return strings.Fields(fingerprint(v)) }

// merge is POST /stories/{id}/merge: story "from" is merged into this one.
func (h *Handler) merge(w http.ResponseWriter, r *http.Request) {
	into, ok := h.storyID(w, r)
	if !ok {
		return
	}
	raw := strings.TrimSpace(r.PostFormValue("from"))
	from, err := strconv.ParseInt(strings.TrimPrefix(raw, "#"), 10, 64)
	if err != nil || from <= 0 {
		h.badRequest(w, r, fmt.Sprintf("“%s” is not a story number. Give the number of the story to merge into this one (it is in its address: /stories/12 is story 12).", raw))
		return
	}
	if from == into {
		h.badRequest(w, r, "A story cannot be merged into itself: give the number of another story.")
		return
	}
	target, ok := h.storyView(w, r, into)
	if !ok {
		return
	}
	source, ok := h.storyView(w, r, from)
	if !ok {
		return
	}
	if !confirmed(r) {
		h.render(w, r, "confirm", pageData{Title: "Merge stories?", Nav: "stories", Data: confirmData{
			Heading: "Merge these stories?",
			Lead: fmt.Sprintf("The %s of story %d will join story %d, and story %d will be gone. The correction is kept when the stories are rebuilt.",
				plural(len(storyArticleIDs(source)), "article"), from, into, from),
			Sections: []confirmSection{
				{Heading: fmt.Sprintf("Moving: story %d, %s", from, source.Title), Items: articleItems(source, nil)},
				{Heading: fmt.Sprintf("Into: story %d, %s", into, target.Title), Items: articleItems(target, nil)},
			},
			Action: fmt.Sprintf("/stories/%d/merge", into),
			Fields: []field{{"from", strconv.FormatInt(from, 10)}, {"confirm", "yes"}},
			Button: fmt.Sprintf("Merge story %d into story %d", from, into),
			Cancel: fmt.Sprintf("/stories/%d", into),
		}})
		return
	}
	n, err := h.app.Merge(r.Context(), into, from)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cards.clear()
	setFlash(w, r, "ok", fmt.Sprintf("Story %d was merged into this story: %s moved.", from, plural(n, "article")))
	http.Redirect(w, r, fmt.Sprintf("/stories/%d", into), http.StatusSeeOther)
}

// split is POST /stories/{id}/split: the ticked articles leave for a new
// story.
func (h *Handler) split(w http.ResponseWriter, r *http.Request) {
	id, ok := h.storyID(w, r)
	if !ok {
		return
	}
	out := r.PostForm["article"]
	if len(out) == 0 {
		h.badRequest(w, r, "No article was ticked. Go back, tick the articles to move out into a new story, and press Split again.")
		return
	}
	v, ok := h.storyView(w, r, id)
	if !ok {
		return
	}
	all := storyArticleIDs(v)
	for _, a := range out {
		if !slices.Contains(all, a) {
			h.badRequest(w, r, fmt.Sprintf("Article %s is not in story %d (any more): reload the story and tick again.", a, id))
			return
		}
	}
	if len(out) == len(all) {
		h.badRequest(w, r, "Splitting every article out would leave the story empty: leave at least one unticked.")
		return
	}
	if !confirmed(r) {
		fields := []field{{"confirm", "yes"}}
		for _, a := range out {
			fields = append(fields, field{"article", a})
		}
		h.render(w, r, "confirm", pageData{Title: "Split the story?", Nav: "stories", Data: confirmData{
			Heading: "Split these articles out?",
			Lead: fmt.Sprintf("The %s below will leave story %d for a new story of their own, and will be kept apart from the rest when the stories are rebuilt.",
				plural(len(out), "article"), id),
			Sections: []confirmSection{
				{Heading: "Moving to a new story", Items: articleItems(v, func(a string) bool { return slices.Contains(out, a) })},
				{Heading: fmt.Sprintf("Staying in story %d, %s", id, v.Title), Items: articleItems(v, func(a string) bool { return !slices.Contains(out, a) })},
			},
			Action: fmt.Sprintf("/stories/%d/split", id),
			Fields: fields,
			Button: "Split them into a new story",
			Cancel: fmt.Sprintf("/stories/%d", id),
		}})
		return
	}
	next, err := h.app.Split(r.Context(), id, out)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cards.clear()
	setFlash(w, r, "ok", fmt.Sprintf("%s split out of story %d into this new story.", plural(len(out), "article"), id))
	http.Redirect(w, r, fmt.Sprintf("/stories/%d", next), http.StatusSeeOther)
}

// move is POST /articles/{id}/move: the article moves to story "story".
func (h *Handler) move(w http.ResponseWriter, r *http.Request) {
	artID := r.PathValue("id")
	raw := strings.TrimSpace(r.PostFormValue("story"))
	into, err := strconv.ParseInt(strings.TrimPrefix(raw, "#"), 10, 64)
	if err != nil || into <= 0 {
		h.badRequest(w, r, fmt.Sprintf("“%s” is not a story number. Give the number of the story to move the article into (/stories/12 is story 12).", raw))
		return
	}
	why, err := h.app.Why(r.Context(), artID)
	if errors.Is(err, app.ErrNotFound) {
		h.notFound(w, r, fmt.Sprintf("There is no article %s: search for it by its words.", artID))
		return
	}
	if err != nil && !errors.Is(err, app.ErrInvalid) { // ErrInvalid: in no story yet, which a move fixes
		h.fail(w, r, err)
		return
	}
	target, ok := h.storyView(w, r, into)
	if !ok {
		return
	}
	from := why.Explanation.Story
	if from == into {
		setFlash(w, r, "ok", "The article is already in this story.")
		http.Redirect(w, r, fmt.Sprintf("/stories/%d", into), http.StatusSeeOther)
		return
	}
	if !confirmed(r) {
		lead := fmt.Sprintf("It will leave story %d for story %d, and be kept apart from story %d's articles when the stories are rebuilt.", from, into, from)
		if from == 0 {
			lead = fmt.Sprintf("It is in no story yet; it will join story %d.", into)
		}
		h.render(w, r, "confirm", pageData{Title: "Move the article?", Nav: "stories", Data: confirmData{
			Heading: "Move this article?",
			Lead:    lead,
			Sections: []confirmSection{
				{Heading: "The article", Items: []confirmItem{{Text: why.Article.Title, Href: "/articles/" + artID, Meta: why.Article.Outlet + ", " + when(why.Article.Published.Format())}}},
				{Heading: fmt.Sprintf("Into: story %d, %s", into, target.Title), Items: articleItems(target, nil)},
			},
			Action: fmt.Sprintf("/articles/%s/move", artID),
			Fields: []field{{"story", strconv.FormatInt(into, 10)}, {"confirm", "yes"}},
			Button: fmt.Sprintf("Move it to story %d", into),
			Cancel: "/articles/" + artID,
		}})
		return
	}
	if _, err := h.app.Move(r.Context(), artID, into); err != nil {
		h.fail(w, r, err)
		return
	}
	h.cards.clear()
	setFlash(w, r, "ok", fmt.Sprintf("“%s” moved here from story %d.", oneLine(why.Article.Title, 120), from))
	http.Redirect(w, r, fmt.Sprintf("/stories/%d", into), http.StatusSeeOther)
}
