package cluster

import (
	"context"
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
)

const benchSeed = 20240311

func TestStreamShape(t *testing.T) {
	var a, b []Doc
	for d := range genStream(100, 7) {
		a = append(a, d)
	}
	for d := range genStream(100, 7) {
		b = append(b, d)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave two different streams")
	}
	var c []Doc
	for d := range genStream(100, 8) {
		c = append(c, d)
	}
	if reflect.DeepEqual(a, c) {
		t.Fatal("two seeds gave the same stream")
	}

	const n = 10000
	s := newStream(1)
	s.keepTruth()
	var copies, undated, words, ents int
	var sample []Doc
	var first, last time.Time
	events := map[int64]int{}
	ids := map[string]bool{}
	for i := range n {
		d := s.Next()
		if ids[d.ID] {
			t.Fatalf("duplicate id %s", d.ID)
		}
		ids[d.ID] = true
		ev := s.truth[d.ID]
		events[ev]++
		if d.CopyOf != "" {
			copies++
			if !ids[d.CopyOf] || s.truth[d.CopyOf] != ev {
				t.Fatalf("%s copies %s, not an earlier article of its event", d.ID, d.CopyOf)
			}
		}
		if d.Published.IsZero() {
			undated++
		} else {
			if first.IsZero() || d.Published.Before(first) {
				first = d.Published
			}
			if d.Published.After(last) {
				last = d.Published
			}
		}
		if k := len(d.Entities); k < 1 || k > 10 {
			t.Errorf("%s names %d entities", d.ID, k)
		}
		for _, e := range d.Entities {
			if !strings.Contains(d.Text, e.Name) {
				t.Errorf("%s: entity %q not in the text", d.ID, e.Name)
			}
		}
		if i < 2000 {
			sample = append(sample, d)
		}
		words += len(strings.Fields(d.Text))
		ents += len(d.Entities)
		if i == 0 {
			t.Logf("sample article %s (%s), %d entities:\n%s\n%.600s…", d.ID, d.Published.Format(time.DateTime), len(d.Entities), d.Title, d.Text)
		}
	}
	big := 0
	for _, k := range events {
		big = max(big, k)
	}
	span := last.Sub(first).Hours() / 24
	t.Logf("%d articles: %d events (largest %d), %.1f%% copies, %.1f%% undated, %.1f days, %.0f words and %.1f entities per article",
		n, len(events), big, 100*float64(copies)/n, 100*float64(undated)/n, span, float64(words)/n, float64(ents)/n)
	check := func(what string, got, lo, hi float64) {
		if got < lo || got > hi {
			t.Errorf("%s = %.3f, want within [%v, %v]", what, got, lo, hi)
		}
	}
	check("copy share", float64(copies)/n, 0.02, 0.04)
	check("undated share", float64(undated)/n, 0.04, 0.06)
	check("events", float64(len(events)), 900, 1700) // about n/8
	check("largest event", float64(big), 20, maxEventSize)
	check("days", span, 25, 42) // about n/300
	check("words per article", float64(words)/n, minArticleWords, maxArticleWords+60)
	check("entities per article", float64(ents)/n, 4, 8)

	// The words tell events apart about as in real news: the TF-IDF
	// cosine of two articles of one event is well above that of sibling
	// events of one topic family, which is well above that of unrelated
	// articles.
	sim := pairCosines(sample, s.truth, s.familyOf)
	t.Logf("median text cosine of article pairs: same event %.3f, same family %.3f, unrelated %.3f",
		sim["event"], sim["family"], sim["unrelated"])
	check("same-event cosine", sim["event"], 0.3, 0.7)
	check("same-family cosine", sim["family"], 0.08, 0.25)
	check("unrelated cosine", sim["unrelated"], 0, 0.06)
}

// pairCosines returns the median TF-IDF cosine (the clusterer's terms and
// weights) of pairs of nearby original articles of one event, of sibling
// events of one family and of unrelated events.
func pairCosines(docs []Doc, truth map[string]int64, familyOf map[int64]int) map[string]float64 {
	c := New(Default())
	vecs := make([]docVec, len(docs))
	for i, d := range docs {
		vecs[i] = c.vectorize(d)
		byID(vecs[i].tf)
		c.vocab.docs++
		c.vocab.logN = math.Log(float64(c.vocab.docs + 1))
		for _, x := range vecs[i].tf {
			c.vocab.df[x.t]++
		}
	}
	cos := func(a, b docVec) float64 {
		return c.query(a.tf).cos(b.tf, c.vocab.norm(b.tf))
	}
	all := map[string][]float64{}
	for i := range docs {
		for j := i + 1; j < len(docs) && j < i+200; j++ {
			if docs[i].CopyOf != "" || docs[j].CopyOf != "" {
				continue
			}
			ei, ej := truth[docs[i].ID], truth[docs[j].ID]
			k := "unrelated"
			switch {
			case ei == ej:
				k = "event"
			case familyOf[ei] == familyOf[ej]:
				k = "family"
			case (i+j)%16 != 0:
				continue // enough of those
			}
			all[k] = append(all[k], cos(vecs[i], vecs[j]))
		}
	}
	med := map[string]float64{}
	for k, xs := range all {
		slices.Sort(xs)
		med[k] = xs[len(xs)/2]
	}
	return med
}

// clusterScores compares the stories of a clusterer with the true events:
// B-cubed precision and recall (averaged over articles), the mean purity
// of the stories (the share of a story's articles from its main event)
// and the mean completeness of the events of two or more articles (the
// share of an event's articles in its main story).
func clusterScores(truth map[string]int64, storyOf func(string) int64) (precision, recall, purity, completeness float64, stories int) {
	type pair struct{ story, event int64 }
	both := map[pair]int{}
	inStory := map[int64]int{}
	inEvent := map[int64]int{}
	for id, ev := range truth {
		s := storyOf(id)
		both[pair{s, ev}]++
		inStory[s]++
		inEvent[ev]++
	}
	for id, ev := range truth {
		s := storyOf(id)
		n := float64(both[pair{s, ev}])
		precision += n / float64(inStory[s])
		recall += n / float64(inEvent[ev])
	}
	precision /= float64(len(truth))
	recall /= float64(len(truth))
	bestOfStory := map[int64]int{}
	bestOfEvent := map[int64]int{}
	for p, n := range both {
		bestOfStory[p.story] = max(bestOfStory[p.story], n)
		bestOfEvent[p.event] = max(bestOfEvent[p.event], n)
	}
	for s, n := range bestOfStory {
		purity += float64(n) / float64(inStory[s])
	}
	purity /= float64(len(bestOfStory))
	multi := 0
	for ev, n := range bestOfEvent {
		if inEvent[ev] > 1 {
			completeness += float64(n) / float64(inEvent[ev])
			multi++
		}
	}
	completeness /= float64(multi)
	return precision, recall, purity, completeness, len(inStory)
}

func TestStreamClusteringSanity(t *testing.T) {
	if testing.Short() {
		t.Skip("clusters 5,000 articles")
	}
	const n = 5000
	s := newStream(benchSeed)
	s.keepTruth()
	c := New(Default())
	for range n {
		c.Add(s.Next())
	}
	events := map[int64]bool{}
	for _, ev := range s.truth {
		events[ev] = true
	}
	// Measured with the default config (seed benchSeed), 633 events: at
	// commit 81ebfe8 precision 0.596 in 341 stories; at 61b7fbd precision
	// 0.723 in 422 stories (recall 1.000, purity 0.938, completeness
	// 0.999). Events are almost never split, but sibling events of a
	// topic family published within days of each other end up in one
	// story (the largest hold 11–13 events), although two articles of
	// sibling events have a median text cosine of only 0.17 (0.42 within
	// an event; see TestStreamShape): a story's centroid averages the
	// articles' incidental words away and keeps the family's shared topic
	// words, so an article of a sibling event scores higher against it
	// than against any one of its articles. Hence a precision bound of
	// 0.65 rather than 0.7: it guards against regressions, not the known
	// weakness. Settling leaves this stream about where it was (see
	// docs/quality.md); the same bounds hold after it.
	for _, phase := range []string{"online", "settled"} {
		if phase == "settled" {
			c.Settle()
		}
		p, r, purity, completeness, stories := clusterScores(s.truth, func(id string) int64 {
			st, _ := c.StoryOf(id)
			return st
		})
		t.Logf("%s: %d articles, %d events, %d stories: B-cubed precision %.3f recall %.3f; mean story purity %.3f, mean event completeness %.3f",
			phase, n, len(events), stories, p, r, purity, completeness)
		if purity < 0.7 {
			t.Errorf("%s: stories mix events: mean story purity %.3f, want ≥ 0.7", phase, purity)
		}
		if p < 0.65 {
			t.Errorf("%s: stories mix events: B-cubed precision %.3f, want ≥ 0.65", phase, p)
		}
		if completeness < 0.5 || r < 0.5 {
			t.Errorf("%s: events are split: mean completeness %.3f, B-cubed recall %.3f, want ≥ 0.5", phase, completeness, r)
		}
	}
}

// BenchmarkStream is the generator's own cost per article.
func BenchmarkStream(b *testing.B) {
	s := newStream(benchSeed)
	for b.Loop() {
		s.Next()
	}
}

// BenchmarkAdd measures clustering per article (ns/op is per article) on
// the synthetic stream, after warming the clusterer up with the first
// 1k, 10k, 100k or 1M articles, to show whether the cost per article and
// the memory stay flat as the stream goes on. 1M runs only with
// STORYWIRE_BENCH_1M=1 and without -short: its warm-up takes minutes.
//
// Clustering runs as ingest runs it: a Tokenizer makes each article's
// Tokens on one goroutine while the Clusterer, which is not safe for
// concurrent use, scores and assigns the articles before on another, so
// articles/s is the throughput of the two stages on two cores. "serial"
// runs both on one goroutine. The goal is at least 5,000 articles/s on a
// 2-core machine.
//
// The articles are generated in chunks outside the timer (no stage runs
// then); the log gives the generator's own cost.
func BenchmarkAdd(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1k", 1000}, {"10k", 10000}, {"100k", 100000}, {"1M", 1000000}} {
		b.Run(size.name, func(b *testing.B) {
			if size.n >= 1000000 && (testing.Short() || os.Getenv("STORYWIRE_BENCH_1M") != "1") {
				b.Skip("set STORYWIRE_BENCH_1M=1 (without -short) to run: the warm-up takes minutes")
			}
			benchAdd(b, size.n, true)
		})
	}
	b.Run("serial/100k", func(b *testing.B) { benchAdd(b, 100000, false) })
}

// benchChunk is how many articles are generated at a time.
const benchChunk = 1024

func benchAdd(b *testing.B, warm int, ahead bool) {
	s := newStream(benchSeed)
	base := heapInuse()
	c := New(Default())
	ctx := context.Background()
	var docs []Doc
	var gen, add time.Duration
	for done := 0; done < warm; done += len(docs) {
		t0 := time.Now()
		docs = s.take(min(benchChunk, warm-done), docs)
		t1 := time.Now()
		if ahead {
			for d := range c.Ahead(ctx, docs) {
				c.Add(d)
			}
		} else {
			for _, d := range docs {
				c.Add(d)
			}
		}
		gen += t1.Sub(t0)
		add += time.Since(t1)
	}
	b.Logf("warm-up: %d articles generated in %v (%.1f µs/article), clustered in %v (%.0f articles/s); generator's fixed state %.1f MB",
		warm, gen.Round(time.Millisecond), float64(gen.Microseconds())/float64(warm),
		add.Round(time.Millisecond), float64(warm)/add.Seconds(), float64(base)/(1<<20))

	next := func() <-chan Doc {
		b.StopTimer()
		docs = s.take(benchChunk, docs)
		b.StartTimer()
		if ahead {
			return c.Ahead(ctx, docs)
		}
		ch := make(chan Doc, len(docs))
		for _, d := range docs {
			ch <- d
		}
		close(ch)
		return ch
	}
	ch := next()
	n := 0
	for b.Loop() {
		d, ok := <-ch
		if !ok {
			ch = next()
			d = <-ch
		}
		c.Add(d)
		n++
	}
	for range ch { // let the tokenizer finish its chunk
	}
	elapsed := b.Elapsed()
	docs = nil
	heap := heapInuse()
	b.ReportMetric(float64(n)/elapsed.Seconds(), "articles/s")
	b.ReportMetric(float64(c.Active()), "active-stories")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.Logf("after %d articles (%.0f days): %s", warm+n, days(c), clustererSizes(c))
	b.Logf("memory held (MB, freed by dropping each in turn): %s", memoryBreakdown(c))
	runtime.KeepAlive(s)
}

func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// days is how many days of publication a clusterer has seen.
func days(c *Clusterer) float64 { return c.stories.clock.Sub(streamStart).Hours() / 24 }

// clustererSizes lists the entries of the clusterer's maps.
func clustererSizes(c *Clusterer) string {
	var terms, members, articles, undated int
	for _, st := range c.stories.byID {
		terms += len(st.terms)
		members += len(st.members)
		articles += len(st.articles)
		if st.last.IsZero() {
			undated++
		}
	}
	var postings int
	for _, l := range c.index.byTerm {
		postings += len(l)
	}
	return fmt.Sprintf("stories %d (%d never dated, %d articles, %d centroid terms, %d member vectors), ofDoc %d, df %d, ndf %d, edf %d, byTerm %d (%d postings), byName %d, byEnt %d",
		len(c.stories.byID), undated, articles, terms, members, len(c.stories.ofDoc), len(c.vocab.df), len(c.vocab.ndf), len(c.vocab.edf),
		len(c.index.byTerm), postings, len(c.index.byName), len(c.index.byEnt))
}

// memoryBreakdown measures what the clusterer's parts hold, destroying
// it: first the article texts its string keys keep alive, by replacing
// those keys with copies (index terms are substrings of the texts they
// came from: strings.ToLower and stem.English return substrings of their
// input, and a map assignment stores the key it was given, so a df or
// byTerm key pins the whole text of the last article that had the term);
// then each map, by dropping it.
func memoryBreakdown(c *Clusterer) string {
	var out []string
	h := heapAlloc()
	step := func(name string, drop func()) {
		drop()
		now := heapAlloc()
		out = append(out, fmt.Sprintf("%s %.1f", name, (float64(h)-float64(now))/(1<<20)))
		h = now
	}
	step("stories", func() { c.stories.byID = nil })
	step("ofDoc", func() { c.stories.ofDoc = nil })
	step("terms", func() { c.vocab.df, c.vocab.ids, c.vocab.words = nil, nil, nil })
	step("ndf", func() { c.vocab.ndf = nil })
	step("edf", func() { c.vocab.edf = nil })
	step("byTerm", func() { c.index.byTerm = nil })
	step("byName", func() { c.index.byName = nil })
	step("byEnt", func() { c.index.byEnt = nil })
	step("held", func() { c.held.items = nil })
	out = append(out, fmt.Sprintf("rest (generator, runtime) %.1f", float64(h)/(1<<20)))
	return strings.Join(out, ", ")
}

// cos is the cosine of the query with a vector of raw sums whose TF-IDF
// norm is norm, by a merge of the two term lists
// (the clusterer itself goes through the scratch array).
func (q query) cos(b vec, norm float64) float64 {
	if q.norm == 0 || norm == 0 {
		return 0
	}
	var dot float64
	eachShared(q.terms, b, func(i, j int) { dot += q.q[i] * b[j].w })
	return dot / (q.norm * norm)
}

// BenchmarkSettle measures Settle on a full window: the stream's first
// 8,192 articles (SettleWindow) clustered, then settled. ns/op is per
// settle; settled-µs/article divides it by the articles held. The
// clustering before it is outside the timer.
func BenchmarkSettle(b *testing.B) {
	docs := newStream(benchSeed).take(Default().SettleWindow, nil)
	var moved []model.Assignment
	for b.Loop() {
		b.StopTimer()
		c := New(Default())
		for d := range c.Ahead(context.Background(), docs) {
			c.Add(d)
		}
		b.StartTimer()
		moved = c.Settle()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(docs)), "settled-µs/article")
	b.ReportMetric(float64(len(moved)), "moved")
	// Which step moved them.
	var cores, fragments int
	for _, a := range moved {
		switch a.Step {
		case model.StepCores:
			cores++
		case model.StepFragment:
			fragments++
		}
	}
	b.ReportMetric(float64(cores), "core-split")
	b.ReportMetric(float64(fragments), "fragment-merged")
}
