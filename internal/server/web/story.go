package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/storywire/storywire/internal/compare"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/stories"
)

// storyData is a story's page.
type storyData struct {
	Story    stories.Story
	Span     string
	Summary  []string
	Outlets  []outletChip
	Articles []articleRow
	Count    int // articles, copies included
	Entities []stories.Entity
	Extras   *storyExtras
	Compare  comparisonView // as shown: trimmed unless ?all=1
	All      string         // the page with all of it
}

// outletChip is an outlet as the pages mark it: its name and the class of
// its colour, the same everywhere on one story's page.
type outletChip struct {
	Name  string
	Class string
	N     int // articles, where counted
}

// articleRow is one article of a story, with its copies under it.
type articleRow struct {
	ID        string
	Title     string
	Outlet    outletChip
	Published string
	Inferred  bool
	Copy      bool
	Why       *explanation
	Copies    []articleRow
}

// storyExtras is what a story's page shows beside its view, built from
// the same articles and kept with them (see extrasCache).
type storyExtras struct {
	Compare  comparisonView
	Why      map[string]*explanation
	Coverage chart
}

// outletColours is how many outlets get their own colour; the rest share
// them (every chip also says its outlet's name).
const outletColours = 8

// outletClasses gives each outlet of a story its colour, in the order the
// view lists them (most articles first).
func outletClasses(v stories.Story) map[string]string {
	m := make(map[string]string, len(v.Outlets))
	for i, o := range v.Outlets {
		m[o.Name] = fmt.Sprintf("o%d", i%outletColours)
	}
	return m
}

func chipOf(classes map[string]string, name string) outletChip {
	c, ok := classes[name]
	if !ok {
		c = "o-none"
	}
	return outletChip{Name: name, Class: c}
}

func (h *Handler) storyPage(w http.ResponseWriter, r *http.Request) {
	id, ok := h.storyID(w, r)
	if !ok {
		return
	}
	v, ok := h.storyView(w, r, id)
	if !ok {
		return
	}
	x, err := h.storyExtras(r.Context(), v)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	classes := outletClasses(v)
	d := storyData{Story: v, Span: span(v.FirstSeen, v.LastSeen), Summary: v.Summary, Entities: v.Entities, Extras: x, Compare: x.Compare}
	if r.URL.Query().Get("all") != "1" {
		d.Compare = x.Compare.trimmed()
		d.All = fmt.Sprintf("/stories/%d?all=1#compare", v.ID)
	}
	for _, o := range v.Outlets {
		c := chipOf(classes, o.Name)
		c.N = o.Articles
		d.Outlets = append(d.Outlets, c)
	}
	row := func(a stories.Article, copy bool) articleRow {
		d.Count++
		return articleRow{ID: a.ID, Title: a.Title, Outlet: chipOf(classes, a.Outlet), Published: deref(a.Published), Inferred: a.Inferred,
			Copy: copy, Why: x.Why[a.ID]}
	}
	for _, a := range v.Articles {
		ar := row(a, false)
		for _, c := range a.Copies {
			ar.Copies = append(ar.Copies, row(c, true))
		}
		d.Articles = append(d.Articles, ar)
	}
	title := v.Title
	if title == "" {
		title = fmt.Sprintf("Story %d", v.ID)
	}
	h.render(w, r, "story", pageData{Title: title, Nav: "stories", Data: d})
}

// rowArgs are an article row's template arguments: the row, and whether
// the reader may correct it.
type rowArgs struct {
	Row articleRow
	Can bool
}

// fingerprint names the articles a story view holds, copies included:
// what the comparison and the explanations are built from.
func fingerprint(v stories.Story) string {
	var b strings.Builder
	var add func([]stories.Article)
	add = func(list []stories.Article) {
		for _, a := range list {
			b.WriteString(a.ID)
			b.WriteByte(' ')
			add(a.Copies)
		}
	}
	add(v.Articles)
	return b.String()
}

// storyExtras compares the story's coverage and explains each article's
// place, or takes them from the cache while the story holds the same
// articles.
func (h *Handler) storyExtras(ctx context.Context, v stories.Story) (*storyExtras, error) {
	fp := fingerprint(v)
	if x, ok := h.extras.get(v.ID, fp); ok {
		return x, nil
	}
	c, err := h.app.Compare(ctx, v.ID, compare.Options{})
	if err != nil {
		return nil, err
	}
	ids := strings.Fields(fp)
	as, err := h.app.Assignments(ctx, ids)
	if err != nil {
		return nil, err
	}
	classes := outletClasses(v)
	x := &storyExtras{Compare: newComparisonView(c, classes), Why: map[string]*explanation{}, Coverage: coverageChart(c, classes)}
	for id, a := range as {
		x.Why[id] = explain(a.Assignment)
	}
	h.extras.put(v.ID, fp, x)
	return x, nil
}

// explanation says why an article is in its story, as the clusterer (or
// a correction) decided.
type explanation struct {
	Reason     string
	Matched    []string // terms and entities that matched most
	Candidates []candidateRow
	Threshold  float64
}

type candidateRow struct {
	Story   int64
	Score   float64
	Text    float64
	Entity  float64
	Time    float64
	GapDays string
	Chosen  bool
}

// maxCandidates shown for an article.
const maxCandidates = 3

// explain puts an assignment into words.
func explain(a model.Assignment) *explanation {
	e := &explanation{Threshold: a.Threshold}
	var best *model.Candidate
	if len(a.Candidates) > 0 {
		best = &a.Candidates[0]
	}
	switch a.Reason {
	case model.ReasonScore:
		if best != nil {
			e.Reason = fmt.Sprintf("It joined the story it scored best with: %.2f, above the %.2f needed.", best.Score, a.Threshold)
		} else {
			e.Reason = "It joined the story it scored best with."
		}
	case model.ReasonNew:
		if best != nil {
			e.Reason = fmt.Sprintf("It started this story: no story scored the %.2f needed (the best scored %.2f).", a.Threshold, best.Score)
		} else {
			e.Reason = "It started this story: there was no story like it yet."
		}
	case model.ReasonCopy:
		e.Reason = "It is a copy of another article, and goes where its original is."
	case model.ReasonCorrection:
		e.Reason = "A reader's correction put it here."
	case model.ReasonSettle:
		e.Reason = "It was moved here when the stories of its run were settled"
		if a.Step != "" {
			e.Reason += " (" + settleStep(a.Step) + ")"
		}
		if a.From != 0 {
			e.Reason += fmt.Sprintf(", from story %d", a.From)
		}
		e.Reason += "."
	default:
		e.Reason = "It was placed here by clustering."
	}
	if best != nil && a.Reason == model.ReasonScore {
		e.Matched = append(slices.Clone(best.Terms), best.Entities...)
	}
	for i, c := range a.Candidates {
		if i == maxCandidates {
			break
		}
		gap := "—"
		switch {
		case c.GapDays < 0:
			gap = "undated"
		case c.GapDays == 0:
			gap = "within it"
		default:
			gap = fmt.Sprintf("%.0f days", c.GapDays)
		}
		e.Candidates = append(e.Candidates, candidateRow{Story: c.Story, Score: c.Score, Text: c.Text, Entity: c.Entity, Time: c.Time,
			GapDays: gap, Chosen: i == 0 && a.Reason == model.ReasonScore})
	}
	return e
}

func settleStep(s model.SettleStep) string {
	switch s {
	case model.StepSplit:
		return "its old story fell apart into separate events"
	case model.StepRescore:
		return "scored again with the whole run in, it fitted here clearly better"
	case model.StepCores:
		return "its old story was cut in two along its articles' links"
	case model.StepFragment:
		return "its small story joined the one its nearest articles are in"
	}
	return string(s)
}
