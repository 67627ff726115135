package cluster

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

var (
	kovalenko = Entity{ID: 1, Name: "Anya Kovalenko", Type: "PER", Count: 2}
	norland   = Entity{ID: 2, Name: "Norland", Type: "LOC", Count: 3}
	veldora   = Entity{ID: 3, Name: "Veldora", Type: "LOC", Count: 3}
	emmer     = Entity{ID: 4, Name: "Ruth Emmer", Type: "PER", Count: 2}
	ostrel    = Entity{ID: 5, Name: "Ostrel", Type: "LOC", Count: 1}
)

func talks(id string, when time.Time, extra string) Doc {
	return Doc{ID: id, Published: when, Language: "en",
		Title:    "Veldora calls off trade talks with Norland",
		Text:     "Foreign Minister Anya Kovalenko said Veldora had called off the trade talks with Norland in Ostrel. " + extra,
		Entities: []Entity{kovalenko, norland, veldora, ostrel}}
}

func bridge(id string, when time.Time) Doc {
	return Doc{ID: id, Published: when, Language: "en",
		Title:    "Kostrava bridge opens to traffic",
		Text:     "Mayor Ruth Emmer opened the new bridge over the river in Kostrava, a year late and 60 million euros over budget. Cars crossed the bridge for the first time.",
		Entities: []Entity{emmer}}
}

func TestSameEventJoins(t *testing.T) {
	c := New(Default())
	a := c.Add(talks("a", day(2024, 3, 11), "Eleven fishermen remain in detention."))
	b := c.Add(talks("b", day(2024, 3, 11).Add(3*time.Hour), "The fishermen were detained in February."))
	x := c.Add(bridge("x", day(2024, 3, 11)))
	if !a.New || b.Story != a.Story || b.Reason != "score" {
		t.Fatalf("the same event made two stories: %+v %+v", a, b)
	}
	if x.Story == a.Story {
		t.Fatalf("a different event joined the talks story: %+v", x)
	}
	if len(b.Candidates) == 0 || b.Candidates[0].Story != a.Story || len(b.Candidates[0].Terms) == 0 || len(b.Candidates[0].Entities) == 0 {
		t.Errorf("explanation lacks the matching terms and entities: %+v", b.Candidates)
	}
}

// The same talks called off twice, months apart: two stories, related.
func TestSimilarButDistinctEvents(t *testing.T) {
	c := New(Default())
	first := c.Add(talks("m1", day(2024, 3, 11), "Eleven fishermen remain in detention."))
	c.Add(talks("m2", day(2024, 3, 12), "The fishermen were detained in February."))
	second := c.Add(talks("o1", day(2024, 10, 14), "A border shooting ended the second round."))
	if second.Story == first.Story {
		t.Fatalf("talks called off in March and in October merged: %+v", second)
	}
	if len(second.Related) != 1 || second.Related[0].Story != first.Story || second.Related[0].Strength <= 0 {
		t.Errorf("the October story should be related to the March one: %+v", second.Related)
	}
	// Years apart, undated: the years each mentions tell them apart.
	c = New(Default())
	u1 := talks("u1", time.Time{}, "")
	u1.EventDates = []EventDate{{Time: day(2019, 1, 1), YearOnly: true}}
	u2 := talks("u2", time.Time{}, "")
	u2.EventDates = []EventDate{{Time: day(2024, 1, 1), YearOnly: true}}
	c.Add(u1)
	if got := c.Add(u2); got.Candidates[0].Time >= 1 {
		t.Errorf("years that do not meet should lower the score: %+v", got.Candidates[0])
	}
}

func TestUndatedArticlesClusterByContent(t *testing.T) {
	c := New(Default())
	a := c.Add(talks("a", day(2024, 3, 11), "Eleven fishermen remain in detention."))
	u := c.Add(talks("u", time.Time{}, "Eleven fishermen remain in detention."))
	if u.Story != a.Story {
		t.Fatalf("an undated report of the same event started a story: %+v", u)
	}
	if u.Candidates[0].GapDays != -1 {
		t.Errorf("gap for an undated article: %v", u.Candidates[0].GapDays)
	}
}

func TestCopiesJoinTheirOriginal(t *testing.T) {
	c := New(Default())
	a := c.Add(talks("a", day(2024, 3, 11), ""))
	cp := bridge("copy", day(2024, 3, 12)) // whatever its words, a copy follows its original
	cp.CopyOf = "a"
	if got := c.Add(cp); got.Story != a.Story || got.Reason != "copy" {
		t.Fatalf("copy: %+v", got)
	}
}

// An old article ingested after newer ones lands in the story of its
// time, not in the newest one.
func TestLateArticle(t *testing.T) {
	c := New(Default())
	march := c.Add(talks("m1", day(2024, 3, 11), "Eleven fishermen remain in detention."))
	october := c.Add(talks("o1", day(2024, 10, 14), "A border shooting ended the second round."))
	late := c.Add(talks("m2", day(2024, 3, 12), "The fishermen were detained in February."))
	if october.Story == march.Story {
		t.Fatal("setup: March and October merged")
	}
	if late.Story != march.Story {
		t.Fatalf("a late March article went to story %d, not March's %d: %+v", late.Story, march.Story, late.Candidates)
	}
}

func TestCorrections(t *testing.T) {
	c := New(Default())
	c.Apart("b", "a")
	c.MustJoin("x", "a")
	a := c.Add(talks("a", day(2024, 3, 11), "Eleven fishermen remain in detention."))
	b := c.Add(talks("b", day(2024, 3, 11), "Eleven fishermen remain in detention."))
	x := c.Add(bridge("x", day(2024, 3, 11)))
	if b.Story == a.Story {
		t.Errorf("articles kept apart by a correction share a story")
	}
	if x.Story != a.Story || x.Reason != "correction" {
		t.Errorf("a correction joining x to a was not applied: %+v", x)
	}
}

// Two reports of one event that started two stories (the first ones to
// arrive shared too little) merge when an article matches both.
func TestMergeStoriesSplitByArrivalOrder(t *testing.T) {
	c := New(Default())
	d1 := Doc{ID: "1", Published: day(2025, 2, 7), Language: "en", Title: "Kostrava bridge opens", Text: "The new bridge over the Lenna opened in Kostrava with Mayor Ruth Emmer cutting the ribbon.", Entities: []Entity{emmer}}
	d2 := Doc{ID: "2", Published: day(2025, 2, 7), Language: "en", Title: "Budget overrun", Text: "The crossing cost 60 million euros more than planned, auditors said, blaming steel prices and design changes.", Entities: nil}
	d3 := Doc{ID: "3", Published: day(2025, 2, 7), Language: "en", Title: "Kostrava bridge opens 60 million euros over budget", Text: "Mayor Ruth Emmer opened the new Kostrava bridge over the Lenna; the crossing cost 60 million euros more than planned, auditors said, blaming steel prices and design changes.", Entities: []Entity{emmer}}
	a1, a2 := c.Add(d1), c.Add(d2)
	if a1.Story == a2.Story {
		t.Fatal("setup: the first two reports should start two stories")
	}
	a3 := c.Add(d3)
	if len(a3.Merged) != 1 {
		t.Fatalf("the third article should merge the two stories: %+v", a3)
	}
	s1, _ := c.StoryOf("1")
	s2, _ := c.StoryOf("2")
	if s1 != s2 || s1 != a3.Story {
		t.Errorf("after the merge: %d %d %d", s1, s2, a3.Story)
	}
	// Later articles still find the merged story through the old ids.
	if a4 := c.Add(d2); a4.Story != a3.Story {
		t.Errorf("a fourth report went to %d, not the merged %d", a4.Story, a3.Story)
	}
}

func TestCrossLanguageNames(t *testing.T) {
	c := New(Default())
	en := c.Add(Doc{ID: "en", Published: day(2024, 11, 22), Language: "en", Title: "Freed fishermen return to Kostrava",
		Text: "Eleven fishermen freed by Norland returned to Kostrava. Foreign Minister Anya Kovalenko met them at the port of Kostrava."})
	c.Add(Doc{ID: "other", Published: day(2024, 11, 22), Language: "en", Title: "Bank raises rates", Text: "The Bank of Veldora raised its main rate to 6.5 percent, governor Ilse Marek said."})
	ru := c.Add(Doc{ID: "ru", Published: day(2024, 11, 22), Language: "ru", Title: "Рыбаки вернулись домой в Костраву",
		Text: "Одиннадцать рыбаков, задержанных в Норландии, вернулись в порт Костравы. Их встречала министр Анья Коваленко."})
	if ru.Story != en.Story {
		t.Fatalf("the Russian report did not join by its names: %+v", ru)
	}
}

func TestDeterministic(t *testing.T) {
	docs := []Doc{
		talks("a", day(2024, 3, 11), "x"), bridge("b", day(2024, 3, 11)), talks("c", day(2024, 3, 12), "y"),
		talks("d", day(2024, 10, 14), "z"), bridge("e", time.Time{}),
	}
	run := func() []model.Assignment {
		c := New(Default())
		var out []model.Assignment
		for _, d := range docs {
			out = append(out, c.Add(d))
		}
		return out
	}
	if a, b := run(), run(); !reflect.DeepEqual(a, b) {
		t.Errorf("two runs differ:\n%+v\n%+v", a, b)
	}
}

// A clusterer rebuilt from stored assignments goes on with the same ids.
func TestRestore(t *testing.T) {
	c := New(Default())
	a := c.Add(talks("a", day(2024, 3, 11), ""))
	b := c.Add(bridge("b", day(2024, 3, 11)))
	r := New(Default())
	r.Restore(talks("a", day(2024, 3, 11), ""), a.Story)
	r.Restore(bridge("b", day(2024, 3, 11)), b.Story)
	next := bridge("c", day(2024, 3, 12))
	x, y := c.Add(next), r.Add(next)
	if x.Story != y.Story || x.New != y.New {
		t.Errorf("restored clusterer differs: %+v vs %+v", x, y)
	}
	if n := r.Add(Doc{ID: "z", Title: "Something else entirely", Text: "Unrelated words about chess tournaments and openings."}); n.Story != 3 {
		t.Errorf("a new story after restore got id %d, want 3", n.Story)
	}
}

func TestPostingListsStayBounded(t *testing.T) {
	c := New(Default())
	for i := range 500 {
		c.Add(Doc{ID: fmt.Sprint(i), Title: fmt.Sprintf("Story number %d", i), Text: fmt.Sprintf("common words appear here with unique%d token%d", i, i)})
	}
	for t2, list := range c.index.byTerm {
		if len(list) > postingLimit {
			t.Fatalf("posting list of %q has %d entries", t2, len(list))
		}
	}
}

// A subject covered every few days for two months is a storyline of
// several stories, not one story that never ends.
func TestStoriesHaveASpan(t *testing.T) {
	c := New(Default())
	stories := map[int64]bool{}
	related := false
	for i := range 20 {
		// The same words each time: only time can split them.
		a := c.Add(talks(fmt.Sprint(i), day(2024, 3, 1).AddDate(0, 0, 3*i), "Eleven fishermen remain in detention."))
		stories[a.Story] = true
		related = related || a.New && len(a.Related) > 0
	}
	if len(stories) < 2 || !related {
		t.Errorf("60 days of identical coverage made %d stories (related: %v)", len(stories), related)
	}
}

// Two players of one club arrested on the same charge, undated: the same
// words and the same club, but each report opens with its own player.
func TestOtherActorsStayApart(t *testing.T) {
	club := Entity{ID: 20, Name: "Harbour City Gulls", Type: "ORG", Count: 2}
	arrest := func(id string, who Entity, body string) Doc {
		who.Lead = true
		return Doc{ID: id, Language: "en", Title: who.Name + " arrested on suspicion of drunk driving",
			Text: body, Entities: []Entity{who, club}}
	}
	mara := Entity{ID: 21, Name: "Tomas Mara", Type: "PER", Count: 2}
	osei := Entity{ID: 22, Name: "Kwame Osei", Type: "PER", Count: 2}
	c := New(Default())
	first := c.Add(arrest("m1", mara, "Gulls winger Tomas Mara was arrested on suspicion of drunk driving after his car hit a lamppost "+
		"near the marina, police said. Mara, 27, was released on bail and is due in court next month."))
	second := c.Add(arrest("m2", mara, "Tomas Mara, the Harbour City Gulls winger, will miss Saturday's match after his arrest "+
		"near the marina. The 27-year-old was released on bail, and the club said it was aware of the arrest."))
	other := c.Add(arrest("o1", osei, "Harbour City Gulls defender Kwame Osei was arrested on suspicion of drunk driving "+
		"at a checkpoint on the coast road, police said. The club said it was aware of the arrest."))
	if second.Story != first.Story {
		t.Fatalf("two reports of Mara's arrest made two stories: %+v", second)
	}
	if other.Story == first.Story {
		t.Fatalf("Osei's arrest joined Mara's story: %+v", other.Candidates)
	}
	if len(other.Candidates) == 0 || other.Candidates[0].Actors >= 1 {
		t.Errorf("the explanation should show the actors factor: %+v", other.Candidates)
	}
}

// Tokenising ahead on another goroutine changes nothing but the speed:
// the same stories, the same ids, the same explanations.
func TestAheadSameAsSerial(t *testing.T) {
	docs := newStream(benchSeed).take(3000, nil)
	serial, ahead := New(Default()), New(Default())
	var a, b []model.Assignment
	for _, d := range docs {
		a = append(a, serial.Add(d))
	}
	for d := range ahead.Ahead(context.Background(), docs) {
		b = append(b, ahead.Add(d))
	}
	if !reflect.DeepEqual(a, b) {
		for i := range a {
			if !reflect.DeepEqual(a[i], b[i]) {
				t.Fatalf("article %d: serial %+v, ahead %+v", i, a[i], b[i])
			}
		}
	}
	if !reflect.DeepEqual(serial.Settle(), ahead.Settle()) {
		t.Error("settling differs")
	}
}

// A story's entity and name norms are summed in the same order every
// time: summed in map order, which Go varies from one loop to the next,
// their last bits (and a score on a rounding edge) would change from run
// to run.
func TestStoryNormsRepeat(t *testing.T) {
	c := New(Default())
	var words []string
	for i := range 60 {
		words = append(words, fmt.Sprintf("Name%c%cx", 'A'+i%26, 'a'+i/26))
	}
	var docs []Doc
	for i := range 12 {
		d := Doc{ID: fmt.Sprintf("d%d", i), Language: "en", Title: "Report",
			Text: "The report names " + strings.Join(words[i*4:i*4+20], " and ") + "."}
		for k := range 25 {
			e := int64(1 + (i*7+k*3)%90)
			d.Entities = append(d.Entities, Entity{ID: e, Name: fmt.Sprint("entity ", e), Type: "ORG", Count: 1 + (i+k)%4})
		}
		docs = append(docs, d)
		place(c, d, 1, "score")
	}
	s := c.stories.byID[1]
	v := c.observe(docs[0])
	q := c.entQuery(v)
	ent, name := c.entCos(q, s), c.nameCos(v, s)
	for range 50 {
		s.entNormAt = 0
		if e, n := c.entCos(q, s), c.nameCos(v, s); e != ent || n != name {
			t.Fatalf("norms differ between two sums: entities %v then %v, names %v then %v", ent, e, name, n)
		}
	}
}

// A short item's few words match a story weakly even when they tell the
// same event: it joins at half the score an article needs.
func TestShortItemsNeedLess(t *testing.T) {
	c := New(Default())
	cands := []model.Candidate{{Story: 7, Score: 0.6 * Default().Threshold, GapDays: 0}}
	if got, _ := c.pick("a", false, cands); got != 0 {
		t.Errorf("an article at 0.6 of the threshold joined story %d", got)
	}
	if got, _ := c.pick("a", true, cands); got != 7 {
		t.Errorf("a short item at 0.6 of the threshold did not join (got %d)", got)
	}
	cands[0].Score = 0.4 * Default().Threshold
	if got, _ := c.pick("a", true, cands); got != 0 {
		t.Errorf("a short item at 0.4 of the threshold joined story %d", got)
	}
}
