package web

import (
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/compare"
	"github.com/storywire/storywire/internal/model"
)

// flatten writes annotated pieces back as text, marking each span with
// its kind, so a test reads the nesting at a glance.
func flatten(nodes []textNode) string {
	var b strings.Builder
	for _, n := range nodes {
		if n.Kind == "" {
			b.WriteString(n.Text)
			continue
		}
		b.WriteString("[" + n.Kind + ":")
		b.WriteString(flatten(n.Children))
		b.WriteString("]")
	}
	return b.String()
}

func TestAnnotate(t *testing.T) {
	text := "Minister Anna Lind said on Tuesday: \"Lind will go to Ostrel.\"\n\nShe left.  Ünïcode Ø here."
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		return i, i + len(s)
	}
	qs, qe := at("Lind will go to Ostrel.")
	ann := model.Annotations{Entities: []model.LocalEntity{{Name: "Anna Lind", Type: "PER", ID: 7}, {Name: "Ostrel", Type: "LOC"}}}
	ann.Quotes = append(ann.Quotes, model.Quote{Start: qs, End: qe, Kind: "direct", Speaker: "Anna Lind"})
	for _, m := range []struct {
		s, typ string
		ent    int
	}{{"Anna Lind", "PER", 0}, {"Lind will", "PER", 0}, {"Ostrel", "LOC", 1}} {
		s, e := at(m.s)
		if m.s == "Lind will" {
			e = s + len("Lind") // inside the quote
		}
		ann.Mentions = append(ann.Mentions, model.Mention{Start: s, End: e, Type: m.typ, Entity: m.ent})
	}
	ts, te := at("on Tuesday")
	ann.Times = append(ann.Times, model.TimeRef{Start: ts, End: te, Value: "2024-03-12", Anchor: "2024-03-14 (publication)"})
	// Spans a damaged annotation could carry: crossing the quote's edge,
	// past the text's end, inside a character, empty, negative.
	cs, _ := at("said on")
	ann.Mentions = append(ann.Mentions, model.Mention{Start: cs, End: qs + 4, Type: "ORG", Entity: -1})
	ann.Mentions = append(ann.Mentions, model.Mention{Start: len(text) - 3, End: len(text) + 10, Type: "ORG", Entity: 5})
	us, _ := at("Ü")
	ann.Mentions = append(ann.Mentions, model.Mention{Start: us + 1, End: us + 4, Type: "MISC", Entity: -1})
	ann.Times = append(ann.Times, model.TimeRef{Start: 5, End: 5}, model.TimeRef{Start: -3, End: 2})

	paras := annotate(text, ann)
	if len(paras) != 2 {
		t.Fatalf("%d paragraphs, want 2", len(paras))
	}
	got := flatten(paras[0])
	want := `Minister [ent:Anna Lind] said [time:on Tuesday]: "[quote:[ent:Lind] will go to [ent:Ostrel].]"`
	if got != want {
		t.Errorf("annotated:\n got %s\nwant %s", got, want)
	}
	if got := flatten(paras[1]); got != "She left.  Ünïcode Ø here." {
		t.Errorf("second paragraph: %q", got)
	}
	// Linked where the entity is resolved; the time says its value.
	ent := paras[0][1]
	if ent.Href != "/entities/7" || !strings.Contains(ent.Title, "Anna Lind") || ent.Class != "t-per" {
		t.Errorf("entity node %+v", ent)
	}
	tm := paras[0][3]
	if tm.Datetime != "2024-03-12" || !strings.Contains(tm.Title, "Resolved to 2024-03-12") || !strings.Contains(tm.Title, "publication") {
		t.Errorf("time node %+v", tm)
	}
	if ost := paras[0][5].Children[2]; ost.Href != "" {
		t.Errorf("an unresolved entity is linked: %+v", ost)
	}
	// No annotations: the text alone, in paragraphs.
	if p := annotate("One.\n\n\n\nTwo.\n", model.Annotations{}); len(p) != 2 || flatten(p[1]) != "Two." {
		t.Errorf("plain paragraphs: %v", p)
	}
}

func TestSnippet(t *testing.T) {
	got := snippet("…the [port] strike [halted] cargo [unclosed")
	var b strings.Builder
	for _, p := range got {
		if p.Match {
			b.WriteString("<" + p.Text + ">")
		} else {
			b.WriteString(p.Text)
		}
	}
	if b.String() != "…the <port> strike <halted> cargo [unclosed" {
		t.Errorf("snippet: %q", b.String())
	}
}

func TestSpan(t *testing.T) {
	s := func(v string) *string { return &v }
	for _, c := range []struct {
		first, last *string
		want        string
	}{
		{nil, nil, "undated"},
		{s("2024-03-11T14:00:00Z"), s("2024-03-11T20:00:00Z"), "11 Mar 2024"},
		{s("2024-03-11T14:00:00Z"), s("2024-03-12T08:00:00Z"), "11–12 Mar 2024"},
		{s("2024-03-30T00:00:00Z"), s("2024-04-02T00:00:00Z"), "30 Mar – 2 Apr 2024"},
		{s("2023-12-30T00:00:00Z"), s("2024-01-02T00:00:00Z"), "30 Dec 2023 – 2 Jan 2024"},
	} {
		if got := span(c.first, c.last); got != c.want {
			t.Errorf("span(%v, %v) = %q, want %q", deref(c.first), deref(c.last), got, c.want)
		}
	}
	if got := when("2024-06-03T11:20:00+02:00"); got != "3 Jun 2024, 11:20 +02:00" {
		t.Errorf("when: %q", got)
	}
	if got := when("2024-06-03"); got != "3 Jun 2024" {
		t.Errorf("when of a day: %q", got)
	}
	if got, want := plural(1, "story")+", "+plural(3, "story")+", "+plural(2, "copy")+", "+plural(0, "article"), "1 story, 3 stories, 2 copies, 0 articles"; got != want {
		t.Errorf("plural: %q", got)
	}
	if got := oneLine("a bb ccc dddd eeeee", 12); got != "a bb ccc…" {
		t.Errorf("oneLine: %q", got)
	}
}

// TestTicks: whatever the range, the axis has a few ticks, in order,
// within the track.
func TestTicks(t *testing.T) {
	base := time.Date(2024, 3, 11, 9, 17, 0, 0, time.UTC)
	for _, d := range []time.Duration{0, 20 * time.Minute, 5 * time.Hour, 30 * time.Hour, 9 * 24 * time.Hour, 80 * 24 * time.Hour,
		400 * 24 * time.Hour, 3000 * 24 * time.Hour, 40000 * 24 * time.Hour} {
		ticks := newTimeScale(base, base.Add(d)).ticks()
		if len(ticks) < 2 || len(ticks) > maxTicks {
			t.Errorf("%v: %d ticks", d, len(ticks))
		}
		for i, tk := range ticks {
			if tk.Pos < 0 || tk.Pos > 100 || i > 0 && tk.Pos <= ticks[i-1].Pos || tk.Label == "" {
				t.Errorf("%v: ticks %+v", d, ticks)
				break
			}
		}
	}
}

// TestStoryChartLanes: bars that overlap go to other lanes; past the
// last lane they are counted, not drawn.
func TestStoryChartLanes(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	list := []timedStory{
		{ID: 1, First: day(1), Last: day(10)},
		{ID: 2, First: day(2), Last: day(3)},
		{ID: 3, First: day(4), Last: day(5)},
		{ID: 4, First: day(20), Last: day(21)},
		{ID: 5, First: day(2), Last: day(9)},
		{ID: 6},
	}
	ch := storyChart("test", list, 2)
	if len(ch.Lanes) != 2 || ch.Undated != 1 || !strings.Contains(ch.Note, "1 story more") && !strings.Contains(ch.Note, "1 story") {
		t.Errorf("lanes %d, undated %d, note %q", len(ch.Lanes), ch.Undated, ch.Note)
	}
	drawn := 0
	for _, l := range ch.Lanes {
		for i, m := range l.Marks {
			if i > 0 && m.Pos <= l.Marks[i-1].Pos+l.Marks[i-1].Width-1 {
				t.Errorf("overlapping bars in a lane: %+v", l.Marks)
			}
			drawn++
		}
	}
	if drawn != 4 {
		t.Errorf("%d bars drawn, want 4", drawn)
	}
}

// TestQuantities groups pairwise figure differences into one quantity
// per thing counted, each outlet's wording once.
func TestQuantities(t *testing.T) {
	r := func(art, outlet, text string) compare.NumberReport {
		return compare.NumberReport{Article: art, Outlet: outlet, Text: text}
	}
	diffs := []compare.NumberDiff{
		{Kind: compare.Consistent, Unit: "people", A: r("a", "A", "27"), B: r("b", "B", "nearly 30")},
		{Kind: compare.Conflicting, Unit: "people", A: r("a", "A", "27"), B: r("c", "C", "41")},
		{Kind: compare.Consistent, Unit: "people", A: r("b", "B", "nearly 30"), B: r("c", "C", "41")},
		{Kind: compare.Consistent, Unit: "percent", A: r("a", "A", "6.5 percent"), B: r("d", "D", "six and a half percent")},
	}
	qs := quantities(diffs, func(n string) outletChip { return outletChip{Name: n} })
	if len(qs) != 2 || !qs[0].Conflict || qs[0].Unit != "people" || len(qs[0].Wordings) != 3 || len(qs[0].Conflicts) != 1 || qs[1].Conflict || len(qs[1].Wordings) != 2 {
		t.Errorf("quantities: %+v", qs)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "/",
		"/stories/3?x=1":       "/stories/3?x=1",
		"//evil.example/":      "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"stories":              "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTrimmed cuts a long comparison to its first items and keeps the
// counts whole, so the page can say what it left out.
func TestTrimmed(t *testing.T) {
	var c compare.Comparison
	c.Outlets = []string{"A", "B", "C"}
	for i := range 30 {
		c.Claims = append(c.Claims, compare.Claim{ID: i + 1, Text: "some", Label: compare.BySome, Outlets: []string{"A", "B"}})
		c.Claims = append(c.Claims, compare.Claim{ID: i + 31, Text: "only", Label: compare.OnlyBy, Only: "C", Outlets: []string{"C"}})
	}
	v := newComparisonView(c, map[string]string{"A": "o0", "B": "o1", "C": "o2"})
	tr := v.trimmed()
	if len(tr.Some) != shownSome || tr.SomeCount != 30 || len(tr.Only) != 1 || len(tr.Only[0].Claims) != shownOnly || tr.Only[0].N != 30 {
		t.Errorf("trimmed: %d of %d some, only %+v", len(tr.Some), tr.SomeCount, tr.Only)
	}
	if len(v.Some) != 30 || len(v.Only[0].Claims) != 30 {
		t.Error("trimming changed the cached view")
	}
}
