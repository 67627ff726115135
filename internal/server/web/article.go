package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/stories"
)

// articleData is an article's page.
type articleData struct {
	Article    model.Article
	Published  string
	Source     string // where the date came from, in words
	URL        string // the article's own address, when it is http(s)
	Paragraphs [][]textNode
	Analysed   bool
	Note       string
	Entities   []localEntity
	Quotes     []quoteLine
	Times      []timeLine
	Removed    []model.Removal
	Copies     []model.Article
	CopyOf     *model.Article
	Outlet     string         // the outlet's name, as its story shows it
	Story      *stories.Story // the story it is in; nil when in none yet
	Why        *explanation
	Related    []stories.Related // the story's related stories, offered as places to move it
}

// textNode is a piece of an article's text: plain words, or a span (an
// entity, a time expression, a quote) holding further pieces.
type textNode struct {
	Kind     string // "", "ent", "time", "quote"
	Text     string
	Class    string
	Href     string
	Title    string
	Datetime string
	Children []textNode
}

type localEntity struct {
	Name     string
	Type     string
	Class    string
	Href     string
	Mentions int
	Roles    []string
}

type quoteLine struct {
	Text    string
	Speaker string
	Cue     string
	Kind    string
	Partial bool
}

type timeLine struct {
	Text  string
	Value string
	Range string
	Note  string
}

func (h *Handler) articlePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	av, err := h.app.ArticleView(r.Context(), id, true)
	if errors.Is(err, app.ErrInvalid) { // stored but not analysed: shown without annotations
		av, err = h.app.ArticleView(r.Context(), id, false)
	}
	if errors.Is(err, app.ErrNotFound) {
		h.notFound(w, r, fmt.Sprintf("There is no article “%s”. Articles are reached from their stories, or found with search.", oneLine(id, 80)))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := av.Article
	d := articleData{Article: a, Outlet: a.Outlet, Published: a.Published.Format(), Source: dateSource(a.Published), Removed: a.Removed, Copies: av.Copies}
	if strings.HasPrefix(a.URL, "https://") || strings.HasPrefix(a.URL, "http://") {
		d.URL = a.URL
	}
	if av.Annotations != nil {
		d.Analysed = true
		d.Note = av.Annotations.Note
		d.Paragraphs = annotate(a.Text, *av.Annotations)
		d.Entities, d.Quotes, d.Times = annotationLists(a.Text, *av.Annotations)
	} else {
		d.Paragraphs = annotate(a.Text, model.Annotations{})
	}
	if a.CopyOf != "" {
		if o, err := h.app.Article(r.Context(), a.CopyOf); err == nil {
			d.CopyOf = &o
		}
	}
	why, err := h.app.Why(r.Context(), a.ID)
	switch {
	case errors.Is(err, app.ErrInvalid): // in no story yet
	case err != nil:
		h.fail(w, r, err)
		return
	default:
		d.Why = explain(why.Explanation)
		if v, err := h.app.StoryView(r.Context(), why.Explanation.Story); err == nil {
			d.Story = &v
			d.Related = v.Related
			if o := outletIn(v, a.ID); o != "" {
				d.Outlet = o
			}
		}
	}
	title := a.Title
	if title == "" {
		title = "Article " + a.ID
	}
	h.render(w, r, "article", pageData{Title: title, Nav: "stories", Data: d})
}

// outletIn is the outlet name a story's view gives one of its articles
// ("" when it is not there): one name per outlet across the pages.
func outletIn(v stories.Story, id string) string {
	for _, a := range v.Articles {
		if a.ID == id {
			return a.Outlet
		}
		for _, c := range a.Copies {
			if c.ID == id {
				return c.Outlet
			}
		}
	}
	return ""
}

// dateSource says where a publication date came from.
func dateSource(p model.Published) string {
	switch p.Source {
	case model.FromMetadata:
		return "from the page's metadata"
	case model.FromFeed:
		return "from the feed"
	case model.FromURL:
		return "from the address"
	case model.FromText:
		return "from the dateline"
	case model.FromUser:
		return "given when ingested"
	case model.FromInferred:
		return "inferred from the dates the text mentions"
	}
	return ""
}

// annSpan is an annotation's byte range with what it becomes.
type annSpan struct {
	start, end int
	rank       int // outer kinds first when two spans cover the same text
	node       textNode
	children   []*annSpan
}

// annotate splits an article's text into paragraphs (blank lines) and
// marks its quotes, names and time expressions, nested where one holds
// another. A span that would cross another's edge, or whose offsets do
// not fall on the text's characters (a stale or damaged annotation), is
// left out: the text is always shown whole.
func annotate(text string, ann model.Annotations) [][]textNode {
	var spans []*annSpan
	ok := func(s, e int) bool {
		return s >= 0 && e <= len(text) && s < e && utf8.RuneStart(text[s]) && (e == len(text) || utf8.RuneStart(text[e]))
	}
	for _, q := range ann.Quotes {
		if !ok(q.Start, q.End) {
			continue
		}
		title := "Quote"
		if q.Kind == "indirect" {
			title = "Reported speech"
		}
		if q.Speaker != "" {
			title += " from " + q.Speaker
		}
		if q.Cue != "" {
			title += " (" + q.Cue + ")"
		}
		class := "qt"
		if q.Kind == "indirect" {
			class = "qt indirect"
		}
		spans = append(spans, &annSpan{start: q.Start, end: q.End, rank: 0, node: textNode{Kind: "quote", Class: class, Title: title}})
	}
	for _, m := range ann.Mentions {
		if !ok(m.Start, m.End) {
			continue
		}
		n := textNode{Kind: "ent", Class: typeClass(m.Type), Title: capitalise(typeName(m.Type))}
		if m.Entity >= 0 && m.Entity < len(ann.Entities) {
			e := ann.Entities[m.Entity]
			n.Title += ": " + e.Name
			if e.ID != 0 {
				n.Href = fmt.Sprintf("/entities/%d", e.ID)
			}
		}
		if m.Role != "" {
			n.Title += ", " + m.Role
			if m.Affiliation != "" {
				n.Title += " (" + m.Affiliation + ")"
			}
		}
		if m.StandsFor != "" {
			n.Title += ", standing for " + m.StandsFor
		}
		spans = append(spans, &annSpan{start: m.Start, end: m.End, rank: 1, node: n})
	}
	for _, t := range ann.Times {
		if !ok(t.Start, t.End) {
			continue
		}
		n := textNode{Kind: "time", Class: "tx", Title: timeTitle(t)}
		if isoDate.MatchString(t.Value) {
			n.Datetime = t.Value
		}
		spans = append(spans, &annSpan{start: t.Start, end: t.End, rank: 2, node: n})
	}
	spans = dropCrossing(spans)
	sort.SliceStable(spans, func(i, j int) bool {
		a, b := spans[i], spans[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if a.end != b.end {
			return a.end > b.end
		}
		return a.rank < b.rank
	})
	var out [][]textNode
	for _, p := range paragraphs(text) {
		// The spans of this paragraph, nested: a stack of the open ones.
		root := &annSpan{start: p[0], end: p[1]}
		stack := []*annSpan{root}
		for _, s := range spans {
			if s.end <= p[0] || s.start >= p[1] {
				continue
			}
			c := &annSpan{start: max(s.start, p[0]), end: min(s.end, p[1]), rank: s.rank, node: s.node}
			for len(stack) > 1 && stack[len(stack)-1].end <= c.start {
				stack = stack[:len(stack)-1]
			}
			top := stack[len(stack)-1]
			if c.end > top.end {
				continue // crosses the open span's edge
			}
			top.children = append(top.children, c)
			stack = append(stack, c)
		}
		out = append(out, nodesOf(text, root))
	}
	return out
}

// dropCrossing leaves out the spans that cross the edge of another, the
// outer kinds first: a quote is kept over a name that runs into it, a
// name over a time expression.
func dropCrossing(spans []*annSpan) []*annSpan {
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].rank != spans[j].rank {
			return spans[i].rank < spans[j].rank
		}
		return spans[i].start < spans[j].start
	})
	kept := spans[:0:0]
	for _, s := range spans {
		crosses := false
		for _, k := range kept {
			overlap := s.start < k.end && k.start < s.end
			nested := s.start >= k.start && s.end <= k.end || k.start >= s.start && k.end <= s.end
			if overlap && !nested {
				crosses = true
				break
			}
		}
		if !crosses {
			kept = append(kept, s)
		}
	}
	return kept
}

// nodesOf turns a span's children into pieces, with the plain text
// between them.
func nodesOf(text string, s *annSpan) []textNode {
	var out []textNode
	at := s.start
	for _, c := range s.children {
		if c.start > at {
			out = append(out, textNode{Text: text[at:c.start]})
		}
		n := c.node
		n.Children = nodesOf(text, c)
		out = append(out, n)
		at = c.end
	}
	if at < s.end {
		out = append(out, textNode{Text: text[at:s.end]})
	}
	return out
}

// paragraphs are the byte ranges of a text's paragraphs: the pieces
// between blank lines, trimmed.
func paragraphs(text string) [][2]int {
	var out [][2]int
	start := 0
	add := func(s, e int) {
		for s < e && isSpace(text[s]) {
			s++
		}
		for e > s && isSpace(text[e-1]) {
			e--
		}
		if s < e {
			out = append(out, [2]int{s, e})
		}
	}
	for i := 0; i+1 < len(text); i++ {
		if text[i] == '\n' && text[i+1] == '\n' {
			add(start, i)
			start = i + 2
		}
	}
	add(start, len(text))
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}(-\d{2})?$`)

// timeTitle says what a time expression resolved to.
func timeTitle(t model.TimeRef) string {
	var b strings.Builder
	switch {
	case t.Value == "" || strings.HasPrefix(t.Value, "XXXX"):
		b.WriteString("Time expression: not resolved to a date")
	case strings.HasSuffix(t.Value, "_REF"):
		b.WriteString("Time expression: a vague reference (" + strings.ToLower(strings.TrimSuffix(t.Value, "_REF")) + ")")
	default:
		b.WriteString("Resolved to " + t.Value)
	}
	if t.From != "" || t.To != "" {
		fmt.Fprintf(&b, ", between %s and %s", orOpen(t.From), orOpen(t.To))
	}
	if t.Anchor != "" {
		b.WriteString("; read against " + t.Anchor)
	}
	if t.Note != "" {
		b.WriteString("; " + t.Note)
	}
	return b.String()
}

func orOpen(s string) string {
	if s == "" {
		return "open"
	}
	return s
}

// annotationLists are the article's entities, quotes and time
// expressions as lists beside its text.
func annotationLists(text string, ann model.Annotations) ([]localEntity, []quoteLine, []timeLine) {
	var ents []localEntity
	for _, e := range ann.Entities {
		le := localEntity{Name: e.Name, Type: e.Type, Class: typeClass(e.Type), Mentions: e.Mentions, Roles: e.Roles}
		if e.ID != 0 {
			le.Href = fmt.Sprintf("/entities/%d", e.ID)
		}
		ents = append(ents, le)
	}
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Mentions > ents[j].Mentions })
	var qs []quoteLine
	for _, q := range ann.Quotes {
		qs = append(qs, quoteLine{Text: q.Text, Speaker: q.Speaker, Cue: q.Cue, Kind: q.Kind, Partial: q.Partial})
	}
	var ts []timeLine
	for _, t := range ann.Times {
		tl := timeLine{Text: t.Text, Value: t.Value, Note: t.Note}
		if t.From != "" || t.To != "" {
			tl.Range = orOpen(t.From) + " – " + orOpen(t.To)
		}
		ts = append(ts, tl)
	}
	return ents, qs, ts
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
