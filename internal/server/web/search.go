package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/store"
)

// What the search page shows: the stories with a matching article, and
// the best matching articles.
const (
	searchStories  = 5
	searchArticles = 30
)

// searchData is the search page.
type searchData struct {
	Q       string
	Stories []storyCard
	More    string // the stories page for the query, when more stories match
	Hits    []hitView
}

// hitView is one matching article with its snippet.
type hitView struct {
	ID        string
	Title     string
	Outlet    string
	Published string
	Snippet   []snippetPart
}

// snippetPart is a piece of a snippet, matched words marked.
type snippetPart struct {
	Text  string
	Match bool
}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := searchData{Q: q}
	if q == "" {
		h.render(w, r, "search", pageData{Title: "Search", Nav: "search", Data: d})
		return
	}
	hits, err := h.app.Search(r.Context(), q, searchArticles)
	if errors.Is(err, app.ErrInvalid) {
		h.badRequest(w, r, "“"+oneLine(q, 80)+"” has no words to search for: give words, or \"a phrase\" in double quotes.")
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.app.Stories(r.Context(), app.StoriesOptions{Filter: store.StoryFilter{Query: q, Limit: searchStories + 1}})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(list) > searchStories {
		list = list[:searchStories]
		d.More = "/?q=" + url.QueryEscape(q)
	}
	if d.Stories, err = h.cardsOf(r.Context(), list); err != nil {
		h.fail(w, r, err)
		return
	}
	dir, err := h.app.KeptOutletDirectory(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, hit := range hits {
		a := hit.Article
		d.Hits = append(d.Hits, hitView{ID: a.ID, Title: a.Title, Outlet: dir.Name(a), Published: a.Published.Format(), Snippet: snippet(hit.Snippet)})
	}
	h.render(w, r, "search", pageData{Title: "Search: " + oneLine(q, 60), Nav: "search", Query: q, Data: d})
}

// snippet splits a store snippet, where matched words are in [brackets],
// into pieces.
func snippet(s string) []snippetPart {
	var out []snippetPart
	for s != "" {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ']')
		if j < 0 {
			break
		}
		if i > 0 {
			out = append(out, snippetPart{Text: s[:i]})
		}
		out = append(out, snippetPart{Text: s[i+1 : i+j], Match: true})
		s = s[i+j+1:]
	}
	if s != "" {
		out = append(out, snippetPart{Text: s})
	}
	return out
}
