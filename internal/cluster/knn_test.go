package cluster

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
)

// Two quakes on one island, years apart: the same words (quake, island,
// magnitude, Qeshm) in every report, different details.
var (
	quakeA = []string{
		"A magnitude 5.6 earthquake struck Qeshm island, injuring five people.",
		"The quake cracked walls in the village of Tabl.",
		"Rescue teams from Bandar Abbas reached Tabl within hours.",
		"The governor of Hormozgan said no one was killed in Tabl.",
		"Residents of Tabl spent the night outside their cracked homes.",
		"Five injured villagers were treated at a clinic in Tabl.",
		"Seismologists recorded three aftershocks near Tabl.",
	}
	quakeB = []string{
		"A magnitude 5.9 earthquake levelled seven villages on Qeshm island, killing ten people.",
		"Survivors in Kusheh sheltered in tents after the quake.",
		"The Red Crescent sent blankets and water to Kusheh.",
		"Tremors from the Kusheh quake were felt across the Gulf in Dubai.",
		"Officials said eighty people were hurt around Kusheh.",
		"Bulldozers cleared rubble from the mosque in Kusheh.",
		"Ten funerals were held in Kusheh on the island.",
	}
)

// reports makes n undated reports of one event, each opening with a
// different fact and telling three more.
func reports(prefix string, facts []string, n int) []Doc {
	var out []Doc
	for i := range n {
		var text []string
		for k := range 4 {
			text = append(text, facts[(i+k)%len(facts)])
		}
		out = append(out, Doc{ID: fmt.Sprintf("%s%d", prefix, i+1), Language: "en",
			Title: strings.TrimSuffix(facts[i%len(facts)], "."), Text: strings.Join(text, " ")})
	}
	return out
}

// prepared readies the held articles as Settle does before its steps.
func prepared(c *Clusterer) []held {
	c.prepare(c.held.items)
	return c.held.items
}

// naming gives each report the event dates in its text: a bare year for
// the first k of them.
func naming(ds []Doc, year, k int) []Doc {
	for i := range ds[:k] {
		ds[i].EventDates = []EventDate{{Time: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), YearOnly: true}}
	}
	return ds
}

// published dates the reports an hour apart from start.
func published(ds []Doc, start time.Time) []Doc {
	for i := range ds {
		ds[i].Published = start.Add(time.Duration(i) * time.Hour)
	}
	return ds
}

// Two events whose reports ended up in one story fall into two groups
// that hardly link to each other. With a sign that they are different
// events (a year most of one group names and the other does not, or
// publication times that do not meet), cores takes them apart and
// relates the two stories; without one, the two groups could be two
// sides of one event, and they stay.
func TestCoresSplitsTwoEvents(t *testing.T) {
	quake2005 := time.Date(2005, 11, 27, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		as, bs []Doc
		split  bool
	}{
		{"no sign", reports("a", quakeA, 7), reports("b", quakeB, 7), false},
		// Six of seven name 2005; one of seven of the other quake's
		// reports names it as history: still apart (yearShare).
		{"year", naming(reports("a", quakeA, 7), 2005, 6), naming(reports("b", quakeB, 7), 2005, 1), true},
		// Four of seven name it on both sides: no sign.
		{"year on both sides", naming(reports("a", quakeA, 7), 2005, 4), naming(reports("b", quakeB, 7), 2005, 4), false},
		{"times", published(reports("a", quakeA, 7), quake2005), published(reports("b", quakeB, 7), quake2005.AddDate(0, 0, 3)), true},
		{"times that meet", published(reports("a", quakeA, 7), quake2005), published(reports("b", quakeB, 7), quake2005.Add(2*time.Hour)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Default())
			for i := range tc.as {
				place(c, tc.as[i], 1, "score")
				place(c, tc.bs[i], 1, "score")
			}
			moved := c.cores(c.held.items, c.neighbours(prepared(c)))
			if a, b := together(t, c, tc.as), together(t, c, tc.bs); (a != b) != tc.split {
				t.Fatalf("split: %v, want %v; moves: %+v", a != b, tc.split, moved)
			}
			if !tc.split {
				return
			}
			if len(moved) != 7 {
				t.Fatalf("want one quake's seven reports moved, got %d: %+v", len(moved), moved)
			}
			for _, m := range moved {
				if m.Reason != "settle" || m.Step != model.StepCores || m.From != 1 || len(m.Related) != 1 || m.Related[0].Story != 1 || m.Related[0].Strength <= 0 {
					t.Errorf("moved report's assignment: %+v", m)
				}
			}
		})
	}
}

// bisect finds the seam between two groups of articles linked among
// themselves and joined by one link, whatever order they come in.
func TestBisect(t *testing.T) {
	// Articles 0-5 link in a ring, 6-11 in another, and 5 links to 6.
	near := make([][]neighbour, 12)
	for i := range 12 {
		base := i / 6 * 6
		near[i] = []neighbour{{i: base + (i-base+1)%6}, {i: base + (i-base+2)%6}}
	}
	near[5] = append(near[5], neighbour{i: 6})
	for _, g := range [][]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {6, 0, 7, 1, 8, 2, 9, 3, 10, 4, 11, 5}} {
		sides := bisect(g, near, 3)
		if !slices.Equal(sides[0], []int{0, 1, 2, 3, 4, 5}) && !slices.Equal(sides[0], []int{6, 7, 8, 9, 10, 11}) {
			t.Errorf("bisect(%v) = %v, want the two rings", g, sides)
		}
	}
	if sides := bisect([]int{0, 1, 2, 3, 4, 5}, near, 4); sides[0] != nil {
		t.Errorf("a group too small for two sides of four was cut: %v", sides)
	}
}

// One event's fourteen reports are one another's neighbours: no split.
func TestCoresKeepOneEvent(t *testing.T) {
	c := New(Default())
	for _, d := range reports("a", quakeA, 14) {
		place(c, d, 1, "score")
	}
	if moved := c.cores(c.held.items, c.neighbours(prepared(c))); len(moved) != 0 {
		t.Errorf("one event's story was split: %+v", moved)
	}
}

// Reports of one event that started a story of their own join the
// event's story when their nearest neighbours are there; the similar
// event's story is left alone, and a correction that keeps two of the
// articles apart keeps the fragment apart.
func TestFragmentsJoinTheirEvent(t *testing.T) {
	for _, apart := range []bool{false, true} {
		c := New(Default())
		as, bs := reports("a", quakeA, 7), reports("b", quakeB, 7)
		if apart {
			c.Apart("a6", "a1")
		}
		for i, d := range as {
			story := int64(1)
			if i >= 5 {
				story = 2 // a6 and a7 started a story of their own
			}
			place(c, d, story, "score")
		}
		for _, d := range bs {
			place(c, d, 3, "score")
		}
		moved := c.fragments(c.held.items, c.neighbours(prepared(c)))
		switch {
		case apart && len(moved) != 0:
			t.Errorf("a correction keeps a6 apart from a1, yet: %+v", moved)
		case !apart && (len(moved) != 2 || storyOf(t, c, "a6") != 1 || storyOf(t, c, "a7") != 1):
			t.Errorf("the fragment should join story 1: %+v", moved)
		}
		if s := storyOf(t, c, "b1"); s != 3 {
			t.Errorf("the other quake moved to story %d", s)
		}
		for _, m := range moved {
			if m.Reason != "settle" || m.Step != model.StepFragment || m.From != 2 || m.Story != 1 {
				t.Errorf("fragment's assignment: %+v", m)
			}
		}
	}
}

// A fragment of four holds up to three of each of its articles' five
// nearest neighbours itself; it still joins the story where the rest of
// its neighbours are.
func TestFragmentsJoinLargerFragment(t *testing.T) {
	c := New(Default())
	as, bs := reports("a", quakeA, 11), reports("b", quakeB, 7)
	for i, d := range as {
		story := int64(1)
		if i >= 7 {
			// a8 to a11 came later, with news of their own, and started
			// a story of their own.
			story = 2
			d.Text += " By the next morning the death toll had risen to two, a woman and her son."
			as[i] = d
		}
		place(c, d, story, "score")
	}
	for _, d := range bs {
		place(c, d, 3, "score")
	}
	moved := c.fragments(c.held.items, c.neighbours(prepared(c)))
	if len(moved) != 4 || together(t, c, as) != 1 {
		t.Errorf("the fragment of four should join story 1: %+v", moved)
	}
	if s := together(t, c, bs); s != 3 {
		t.Errorf("the other quake moved to story %d", s)
	}
}

// In a small pile an article's nearest neighbours include articles it
// hardly shares a word with; links that weak do not make a fragment of
// another event's story.
func TestFragmentsIgnoreWeakLinks(t *testing.T) {
	match := []string{
		"The Qeshm Gulls beat the Ostrel Rovers three goals to one on the island.",
		"Tomas Mara scored twice for the Gulls in the second half.",
		"The Rovers' keeper was sent off after an hour.",
		"A crowd of twelve thousand watched at the Qeshm stadium.",
		"The Gulls now lead the island league by four points.",
	}
	c := New(Default())
	as, ms := reports("a", quakeA, 3), reports("m", match, 4)
	for _, d := range as {
		place(c, d, 1, "score")
	}
	for _, d := range ms {
		place(c, d, 2, "score")
	}
	if moved := c.fragments(c.held.items, c.neighbours(prepared(c))); len(moved) != 0 {
		t.Errorf("the quake's reports joined the match's story: %+v", moved)
	}
}

// A dated article alone is not a fragment: its day gap has spoken (see
// loner), and the first report of a new event is often alone at the end
// of a run.
func TestFragmentsLeaveDatedLoneArticle(t *testing.T) {
	c := New(Default())
	as := reports("a", quakeA, 6)
	for i, d := range as {
		d.Published = day(2025, 3, 2)
		story := int64(1)
		if i == 5 {
			story = 2
		}
		place(c, d, story, "score")
	}
	if moved := c.fragments(c.held.items, c.neighbours(prepared(c))); len(moved) != 0 {
		t.Errorf("a dated lone article was merged: %+v", moved)
	}
}

func TestKeepBest(t *testing.T) {
	var best []neighbour
	for i, s := range []float64{0.2, 0.5, 0.1, 0.5, 0.9, 0.3} {
		best = keepBest(best, neighbour{i: i, score: s}, 3)
	}
	want := []int{4, 1, 3}
	if len(best) != 3 {
		t.Fatalf("kept %d, want 3: %+v", len(best), best)
	}
	for k, n := range best {
		if n.i != want[k] {
			t.Errorf("kept %+v, want indices %v", best, want)
			break
		}
	}
}

// However many of Settle's steps move an article, its assignment names
// the story it was in before Settle.
func TestSettleFromIsTheStoryBefore(t *testing.T) {
	c := New(Default())
	as, bs := reports("a", quakeA, 7), reports("b", quakeB, 7)
	// Both quakes in story 1, but for one report alone in story 2: its
	// quake's other reports move there, from story 1.
	for i := range as {
		place(c, as[i], 1, "score")
		story := int64(1)
		if i == 6 {
			story = 2
		}
		place(c, bs[i], story, "score")
	}
	before := map[string]int64{}
	for _, h := range c.held.items {
		before[h.id] = c.stories.ofDoc[h.id]
	}
	moved := c.Settle()
	if len(moved) == 0 {
		t.Fatal("nothing moved: the two quakes were left in one story")
	}
	for _, a := range moved {
		if a.From != before[a.Article] {
			t.Errorf("%s: From %d, but it was in story %d", a.Article, a.From, before[a.Article])
		}
	}
}
