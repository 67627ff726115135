package cluster

import (
	"reflect"
	"slices"
	"testing"

	"github.com/storywire/storywire/internal/model"
)

// place puts an article in a story without scoring it and holds it for
// Settle: the state a run of Add can leave behind, set up directly.
func place(c *Clusterer, d Doc, story int64, reason model.AssignmentReason) {
	v := c.observe(d)
	c.join(c.stories.ensure(story), d.ID, v)
	c.held.add(d, v, reason)
}

var (
	gulls = Entity{ID: 20, Name: "Harbour City Gulls", Type: "ORG", Count: 2}
	mara  = Entity{ID: 21, Name: "Tomas Mara", Type: "PER", Count: 2, Lead: true}
	osei  = Entity{ID: 22, Name: "Kwame Osei", Type: "PER", Count: 2, Lead: true}
)

// Four reports each of two arrests of players of one club, undated.
var maraReports = []Doc{
	{ID: "m1", Title: "Gulls winger Tomas Mara arrested on suspicion of drunk driving",
		Text: "Tomas Mara was arrested on suspicion of drunk driving after his car hit a lamppost near the marina, police said. Mara, 27, was released on bail."},
	{ID: "m2", Title: "Tomas Mara to miss Saturday's match after marina crash",
		Text: "Tomas Mara will miss Saturday's match after his arrest near the marina. The 27-year-old winger was released on bail after his car hit a lamppost."},
	{ID: "m3", Title: "Mara released on bail after lamppost crash",
		Text: "Tomas Mara, 27, was released on bail on Sunday. Police said the winger's car hit a lamppost near the marina and he failed a breath test."},
	{ID: "m4", Title: "Tomas Mara due in court over marina crash",
		Text: "Winger Tomas Mara is due in court next month after his car hit a lamppost near the marina. Mara failed a breath test, police said."},
}

var oseiReports = []Doc{
	{ID: "o1", Title: "Gulls defender Kwame Osei arrested at coast road checkpoint",
		Text: "Kwame Osei was arrested on suspicion of drunk driving at a checkpoint on the coast road, police said. The defender, 31, was held overnight."},
	{ID: "o2", Title: "Kwame Osei held overnight after checkpoint arrest",
		Text: "Defender Kwame Osei was held overnight after police stopped his van at a checkpoint on the coast road. Osei, 31, refused a breath test."},
	{ID: "o3", Title: "Osei refused breath test, police say",
		Text: "Kwame Osei refused a breath test at the coast road checkpoint, police said. The 31-year-old defender was held overnight and charged."},
	{ID: "o4", Title: "Kwame Osei charged after coast road checkpoint",
		Text: "Police charged defender Kwame Osei, 31, who refused a breath test at a checkpoint on the coast road and was held overnight."},
}

func withEntities(ds []Doc, lead Entity) []Doc {
	out := slices.Clone(ds)
	for i := range out {
		out[i].Language = "en"
		out[i].Entities = []Entity{lead, gulls}
	}
	return out
}

func storyOf(t *testing.T, c *Clusterer, id string) int64 {
	t.Helper()
	s, ok := c.StoryOf(id)
	if !ok {
		t.Fatalf("article %s is in no story", id)
	}
	return s
}

// together checks that the docs are all in the story of the first, and
// returns it.
func together(t *testing.T, c *Clusterer, ds []Doc) int64 {
	t.Helper()
	first := storyOf(t, c, ds[0].ID)
	for _, d := range ds[1:] {
		if s := storyOf(t, c, d.ID); s != first {
			t.Errorf("%s in story %d, not with %s in %d", d.ID, s, ds[0].ID, first)
		}
	}
	return first
}

// Two similar events whose reports met in one story before either had
// grown are taken apart once the pile is in, and linked as related.
func TestSettleSplitsTwoEvents(t *testing.T) {
	c := New(Default())
	ms, os := withEntities(maraReports, mara), withEntities(oseiReports, osei)
	for i := range ms {
		place(c, ms[i], 1, "score")
		place(c, os[i], 1, "score")
	}
	moved := c.Settle()
	if m, o := together(t, c, ms), together(t, c, os); m == o {
		t.Fatalf("the two arrests are still one story; moves: %+v", moved)
	}
	if len(moved) != 4 {
		t.Fatalf("want the four articles of one arrest moved, got %+v", moved)
	}
	for _, a := range moved {
		if a.Reason != "settle" || a.Step != model.StepSplit || a.From != 1 || a.Story == 1 || len(a.Related) != 1 || a.Related[0].Story != 1 {
			t.Errorf("moved article's assignment: %+v", a)
		}
	}
}

// One event's reports, however they differ, stay one story.
func TestSettleKeepsOneEventWhole(t *testing.T) {
	c := New(Default())
	for _, d := range withEntities(maraReports, mara) {
		place(c, d, 1, "score")
	}
	if moved := c.Settle(); len(moved) != 0 {
		t.Errorf("one event's story was taken apart: %+v", moved)
	}
}

// A story a correction put together is not split.
func TestSettleKeepsCorrectedStories(t *testing.T) {
	c := New(Default())
	c.MustJoin("o1", "m1")
	ms, os := withEntities(maraReports, mara), withEntities(oseiReports, osei)
	for i := range ms {
		place(c, ms[i], 1, "score")
		place(c, os[i], 1, "score")
	}
	if moved := c.Settle(); len(moved) != 0 {
		t.Errorf("a corrected story was split: %+v", moved)
	}
}

// An article that went to the wrong story (or started one of its own)
// before its event's story had grown moves there, and its copy with it.
func TestSettleMovesStrayArticles(t *testing.T) {
	c := New(Default())
	ms, os := withEntities(maraReports, mara), withEntities(oseiReports, osei)
	for _, d := range ms[:3] {
		place(c, d, 1, "score")
	}
	for _, d := range os[:3] {
		place(c, d, 2, "score")
	}
	place(c, os[3], 1, "score") // an Osei report in Mara's story
	place(c, ms[3], 3, "new")   // a Mara report alone
	cp := ms[3]
	cp.ID, cp.CopyOf = "m4-copy", "m4"
	place(c, cp, 3, "copy")
	moved := c.Settle()
	if s := storyOf(t, c, "o4"); s != 2 {
		t.Errorf("the stray Osei report is in story %d, not 2", s)
	}
	if s := storyOf(t, c, "m4"); s != 1 {
		t.Errorf("the lone Mara report is in story %d, not 1", s)
	}
	if s := storyOf(t, c, "m4-copy"); s != 1 {
		t.Errorf("the copy is in story %d, not with its original in 1", s)
	}
	if _, ok := c.stories.byID[3]; ok {
		t.Error("story 3 lost its articles but is still held")
	}
	want := map[string][2]int64{"o4": {1, 2}, "m4": {3, 1}, "m4-copy": {3, 1}}
	if len(moved) != len(want) {
		t.Fatalf("moves: %+v", moved)
	}
	for _, a := range moved {
		if w := want[a.Article]; a.From != w[0] || a.Story != w[1] {
			t.Errorf("move of %s: %+v, want from %d to %d", a.Article, a, w[0], w[1])
		}
		if a.Reason == "settle" && a.Step != model.StepRescore {
			t.Errorf("move of %s: step %q, want %q", a.Article, a.Step, model.StepRescore)
		}
	}
	if c.SettleDue() || len(c.held.items) != 0 {
		t.Error("settled articles are still held")
	}
}

func TestSettleDeterministic(t *testing.T) {
	run := func() []model.Assignment {
		c := New(Default())
		for _, d := range append(withEntities(oseiReports, osei), withEntities(maraReports, mara)...) {
			c.Add(d)
		}
		return c.Settle()
	}
	if a, b := run(), run(); !reflect.DeepEqual(a, b) {
		t.Errorf("two runs differ:\n%+v\n%+v", a, b)
	}
}

// An undated article still alone once the run is in joins its best story
// at a lower bar; a dated one does not: its day gap has spoken, and the
// first report of a new event is often alone at the end of a run.
func TestSettleLoneArticles(t *testing.T) {
	lone := Doc{ID: "lone", Language: "en", Title: "Club fines player two weeks' wages",
		Text:     "The Harbour City Gulls fined a winger two weeks' wages after the incident, the club said on its website.",
		Entities: []Entity{gulls}}
	for _, dated := range []bool{false, true} {
		c := New(Default())
		for _, d := range withEntities(maraReports, mara) {
			if dated {
				d.Published = day(2025, 3, 2)
			}
			place(c, d, 1, "score")
		}
		d := lone
		if dated {
			d.Published = day(2025, 3, 2)
		}
		place(c, d, 2, "new")
		moved := c.Settle()
		switch {
		case !dated && (len(moved) != 1 || moved[0].Story != 1 || moved[0].Threshold >= c.cfg.UndatedThreshold):
			t.Errorf("undated: the lone article should join story 1 at a lower bar: %+v", moved)
		case dated && len(moved) != 0:
			t.Errorf("dated: the lone article should stay alone: %+v", moved)
		}
	}
}
