package cluster

// A synthetic, deterministic news stream for benchmarks and sanity tests.
//
// The stream is a superposition of events. Events are born continuously
// (a Poisson process); each gets a heavy-tailed number of articles (1–40,
// mean about 8) published over a few days after its birth, by ~50 outlets.
// Articles come out in the order they would be fetched (publication time
// plus a crawl delay, a few of them days late), so publication times
// advance steadily at about articlesPerDay but not monotonically.
//
// Words: a Zipf-distributed general vocabulary (real English function
// words, which the clusterer drops as stop words, plus ~20,000 pronounceable
// pseudo-words, short ones most frequent), and per event ~15 topic words:
// 8 shared by its topic family (so similar-but-distinct events exist), 6
// from the family's wider pool and one word coined for the event (a new
// name, as real news keeps coining; it makes the vocabulary grow with the
// stream as real vocabularies do, though more slowly than Heaps' law).
// Entities: a pool of 50,000 people, organisations and places with
// pseudo-word names, ranked by popularity; an event has 2–6 core entities,
// some of them recurring across its family.
//
// Everything is drawn from PCG generators seeded from the stream's seed,
// so a seed gives the same stream on every run.

import (
	"container/heap"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Shape of the stream.
const (
	articlesPerDay  = 300   // so 1M articles span about 9 years
	maxEventSize    = 40    // articles per event: 1..maxEventSize
	eventSizeAlpha  = 1.13  // P(k) ∝ k^-alpha: mean about 8
	eventSpreadMean = 20.0  // hours: mean delay of an event's later articles
	eventSpreadMax  = 120.0 // hours: no article later than this after the birth
	copyShare       = 0.03  // articles that are copies of an earlier one
	undatedShare    = 0.05  // articles without a publication date
	eventWordShare  = 0.15  // body tokens drawn from the event's topic words
	functionShare   = 0.35  // body tokens that are English function words
	dateShare       = 0.30  // articles naming the event's date in the text
	lateShare       = 0.01  // articles fetched up to three days late

	nGeneral        = 20000
	nTopical        = 6000
	nFamilies       = 200
	familyCore      = 8  // topic words shared by a family's events
	familyPool      = 40 // the family's other topic words
	eventPoolWords  = 6  // drawn from the pool per event
	familyEntities  = 4  // recurring entities per family
	nEntities       = 50000
	nOutlets        = 50
	minArticleWords = 250
	maxArticleWords = 400
)

var streamStart = time.Date(2016, 1, 4, 0, 0, 0, 0, time.UTC)

// functionWords are English function and reporting words, most frequent
// first. All are stop words to the clusterer, as in real copy.
var functionWords = strings.Fields(`the of and to in a for on that with said as by at from is was
	it has have be are were its an this which but not after he who had been will would they their
	also about more than over into she his her up when could there out all some can other we our
	one two new last year says told may most only just before during while since under`)

var monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var orgSuffixes = strings.Fields(`Group Bank Party Union Council Holdings Institute Foundation
	Airlines Energy Motors Alliance Agency Court Committee Federation University Ministry Trust
	Partners Systems Capital Network Police`)

// Syllables of the pseudo-words.
var (
	onsets = strings.Fields(`b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr bl cl fl
		gl pl sl st sp sk sh ch th str b d g k l m n p r s t v`)
	nuclei = strings.Fields(`a e i o u a e i o u a e o ai ea ou io ee oo ia`)
	codas  = strings.Fields(`- - - - - - n r s l m nd st rt nt ck x th ng sk ld n r l`) // "-": none
)

// pseudoWord returns a pronounceable lower-case word of the given number
// of syllables.
func pseudoWord(r *rand.Rand, syllables int) string {
	var b strings.Builder
	open := false // the last syllable ended in a vowel
	for i := range syllables {
		on := onsets[r.IntN(len(onsets))]
		if i == 0 && r.IntN(6) == 0 {
			on = "" // some words start with a vowel
		}
		b.WriteString(on)
		if on == "" && open {
			b.WriteByte('r')
		}
		b.WriteString(nuclei[r.IntN(len(nuclei))])
		co := codas[r.IntN(len(codas))]
		if co == "-" || i < syllables-1 && len(co) > 1 {
			open = co == "-"
			if !open {
				b.WriteByte(co[0])
			}
			continue
		}
		b.WriteString(co)
		open = false
	}
	return b.String()
}

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}

// world is the fixed part of a stream: vocabularies, families, entities,
// outlets.
type world struct {
	general  []string // pseudo-words, most frequent (shortest) first
	topical  []string
	families []family
	ents     []poolEntity // index i has ID i+1; most popular first
	outlets  []outlet
}

type family struct {
	core []string
	pool []string
	ents []int // indexes into world.ents
}

type poolEntity struct {
	id    int64
	name  string
	typ   string
	short string // the form later mentions and titles use
}

type outlet struct {
	code    string
	weight  float64
	tagline string // a sign-off sentence on every article, or ""
}

func newWorld(seed uint64) *world {
	r := rand.New(rand.NewPCG(seed, 0x5eed0f0dd))
	seen := map[string]bool{}
	fresh := func(minSyl, maxSyl int) string {
		for {
			w := pseudoWord(r, minSyl+r.IntN(maxSyl-minSyl+1))
			if len(w) >= 3 && !seen[w] && !stopWords[w] {
				seen[w] = true
				return w
			}
		}
	}
	w := &world{}
	for range nGeneral {
		// 1–4 syllables, mostly 2.
		n := []int{1, 2, 2, 2, 3, 3, 4}[r.IntN(7)]
		w.general = append(w.general, fresh(n, n))
	}
	// Frequent words are short (stable: ties keep the draw order).
	slices.SortStableFunc(w.general, func(a, b string) int { return len(a) - len(b) })
	for range nTopical {
		w.topical = append(w.topical, fresh(2, 4))
	}
	given := make([]string, 1500)
	for i := range given {
		given[i] = capitalize(fresh(2, 3))
	}
	for i := range nEntities {
		e := poolEntity{id: int64(i + 1)}
		switch x := r.IntN(100); {
		case x < 45:
			sur := capitalize(fresh(2, 3))
			e.typ, e.name, e.short = "PER", given[r.IntN(len(given))]+" "+sur, sur
		case x < 75:
			stem := capitalize(fresh(2, 3))
			e.typ, e.name, e.short = "ORG", stem+" "+orgSuffixes[r.IntN(len(orgSuffixes))], stem
		default:
			e.typ = "LOC"
			e.name = capitalize(fresh(2, 3))
			e.short = e.name
		}
		w.ents = append(w.ents, e)
	}
	popular := rand.NewZipf(r, 1.2, 20, 4999)
	for range nFamilies {
		f := family{}
		idx := r.Perm(nTopical)[:familyCore+familyPool]
		for _, i := range idx[:familyCore] {
			f.core = append(f.core, w.topical[i])
		}
		for _, i := range idx[familyCore:] {
			f.pool = append(f.pool, w.topical[i])
		}
		for len(f.ents) < familyEntities {
			if e := int(popular.Uint64()); !slices.Contains(f.ents, e) {
				f.ents = append(f.ents, e)
			}
		}
		w.families = append(w.families, f)
	}
	for i := range nOutlets {
		o := outlet{code: "o" + strconv.Itoa(100+i), weight: 1 / math.Pow(float64(i+3), 0.8)}
		if r.IntN(10) < 4 {
			var t strings.Builder
			t.WriteString(capitalize(w.general[r.IntN(300)]))
			t.WriteString(" " + capitalize(fresh(2, 3)) + " " + capitalize(fresh(2, 3)))
			for range 4 + r.IntN(5) {
				t.WriteString(" " + w.general[r.IntN(3000)])
			}
			t.WriteString(".")
			o.tagline = t.String()
		}
		w.outlets = append(w.outlets, o)
	}
	return w
}

// event is one real-world event of the stream.
type event struct {
	id     int64
	family int
	words  []string  // topic words, most central first
	cum    []float64 // cumulative pick weights of words
	ents   []int     // core entities
	day    time.Time // the day it happened
	left   int       // articles still to come
	first  *Doc      // its first original article, which copies copy
}

// slot is an article an event will have.
type slot struct {
	arrive time.Time // when it reaches the clusterer
	pub    time.Time
	ev     *event
	seq    uint64
}

type slots []slot

func (h slots) Len() int { return len(h) }
func (h slots) Less(i, j int) bool {
	if !h[i].arrive.Equal(h[j].arrive) {
		return h[i].arrive.Before(h[j].arrive)
	}
	return h[i].seq < h[j].seq
}
func (h slots) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *slots) Push(x any)   { *h = append(*h, x.(slot)) }
func (h *slots) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// stream generates articles one at a time; memory is bounded by the
// events in progress.
type stream struct {
	w          *world
	r          *rand.Rand
	fam        *rand.Zipf
	gen        *rand.Zipf // general pseudo-words
	fn         *rand.Zipf // function words
	popular    *rand.Zipf // popular entities
	sizeCum    []float64
	outletCum  []float64
	birthEvery float64 // mean hours between event births
	copyP      float64 // chance that an article with an original is a copy
	pending    slots
	nextBirth  time.Time
	events     int64
	articles   int
	seq        uint64
	// truth, when not nil, records each article's event, and familyOf
	// each event's topic family.
	truth    map[string]int64
	familyOf map[int64]int
	buf      strings.Builder
}

// newStream returns the stream of a seed.
func newStream(seed uint64) *stream {
	w := newWorld(seed)
	r := rand.New(rand.NewPCG(seed, 0xa27c1e5))
	s := &stream{w: w, r: r,
		fam:     rand.NewZipf(r, 1.1, 10, nFamilies-1),
		gen:     rand.NewZipf(r, 1.1, 2, nGeneral-1),
		fn:      rand.NewZipf(r, 1.2, 1, uint64(len(functionWords)-1)),
		popular: rand.NewZipf(r, 1.15, 5, nEntities-1),
	}
	var sum, mean float64
	for k := 1; k <= maxEventSize; k++ {
		p := math.Pow(float64(k), -eventSizeAlpha)
		sum += p
		mean += p * float64(k)
		s.sizeCum = append(s.sizeCum, sum)
	}
	mean /= sum
	s.birthEvery = 24 * mean / articlesPerDay
	// All but an event's first article may be copies (1-1/mean of all).
	s.copyP = copyShare * mean / (mean - 1)
	sum = 0
	for _, o := range w.outlets {
		sum += o.weight
		s.outletCum = append(s.outletCum, sum)
	}
	s.nextBirth = streamStart
	return s
}

// genStream yields the first n articles of the stream of a seed.
func genStream(n int, seed uint64) iter.Seq[Doc] {
	return func(yield func(Doc) bool) {
		s := newStream(seed)
		for range n {
			if !yield(s.Next()) {
				return
			}
		}
	}
}

// keepTruth makes the stream record the true events and families.
func (s *stream) keepTruth() {
	s.truth = map[string]int64{}
	s.familyOf = map[int64]int{}
}

// take appends the next n articles to buf (reusing its storage).
func (s *stream) take(n int, buf []Doc) []Doc {
	buf = buf[:0]
	for range n {
		buf = append(buf, s.Next())
	}
	return buf
}

func pick(r *rand.Rand, cum []float64) int {
	i, _ := slices.BinarySearch(cum, r.Float64()*cum[len(cum)-1])
	return min(i, len(cum)-1)
}

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// Next returns the next article.
func (s *stream) Next() Doc {
	for len(s.pending) == 0 || !s.nextBirth.After(s.pending[0].arrive) {
		s.birth()
	}
	sl := heap.Pop(&s.pending).(slot)
	return s.article(sl)
}

// birth starts an event at nextBirth and schedules its articles.
func (s *stream) birth() {
	r, w := s.r, s.w
	t0 := s.nextBirth
	s.nextBirth = t0.Add(hours(r.ExpFloat64() * s.birthEvery))
	s.events++
	ev := &event{id: s.events, family: int(s.fam.Uint64()), left: 1 + pick(r, s.sizeCum)}
	ev.day = time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, time.UTC)
	f := &w.families[ev.family]
	ev.words = append(ev.words, f.core...)
	for _, i := range r.Perm(familyPool)[:eventPoolWords] {
		ev.words = append(ev.words, f.pool[i])
	}
	ev.words = append(ev.words, pseudoWord(r, 2+r.IntN(2)))
	r.Shuffle(len(ev.words), func(i, j int) { ev.words[i], ev.words[j] = ev.words[j], ev.words[i] })
	sum := 0.0
	for i := range ev.words {
		sum += 1 / math.Pow(float64(i+1), 0.7)
		ev.cum = append(ev.cum, sum)
	}
	for n := 2 + r.IntN(5); len(ev.ents) < n; {
		var e int
		switch x := r.IntN(10); {
		case x < 3:
			e = f.ents[r.IntN(len(f.ents))] // the family's recurring actors
		case x < 5:
			e = int(s.popular.Uint64())
		default:
			e = r.IntN(nEntities) // actors of this event only
		}
		if !slices.Contains(ev.ents, e) {
			ev.ents = append(ev.ents, e)
		}
	}
	for i := range ev.left {
		pub := t0
		if i > 0 {
			pub = t0.Add(hours(min(r.ExpFloat64()*eventSpreadMean, eventSpreadMax)))
		}
		arrive := pub.Add(hours(r.ExpFloat64() / 3))
		if r.Float64() < lateShare {
			arrive = arrive.Add(hours(r.Float64() * 72))
		}
		s.seq++
		heap.Push(&s.pending, slot{arrive: arrive, pub: pub, ev: ev, seq: s.seq})
	}
}

func (s *stream) article(sl slot) Doc {
	r, ev := s.r, sl.ev
	ev.left--
	s.articles++
	o := pick(r, s.outletCum)
	d := Doc{
		ID:        s.w.outlets[o].code + "-" + strconv.Itoa(s.articles),
		Published: sl.pub,
		Language:  "en",
	}
	// Copies: among the articles that have an earlier one to copy.
	if ev.first != nil && r.Float64() < s.copyP {
		s.copyOf(ev.first, &d)
	} else {
		s.compose(ev, o, &d)
		if ev.first == nil {
			first := d
			ev.first = &first
		}
	}
	if r.Float64() < undatedShare {
		d.Published = time.Time{}
	}
	if ev.left == 0 {
		ev.first = nil
	}
	if s.truth != nil {
		s.truth[d.ID] = ev.id
		s.familyOf[ev.id] = ev.family
	}
	return d
}

// copyOf makes d a near-identical copy of o: the same title and text with
// a few words replaced.
func (s *stream) copyOf(o *Doc, d *Doc) {
	r := s.r
	d.Title, d.Entities, d.EventDates, d.CopyOf = o.Title, o.Entities, o.EventDates, o.ID
	text := o.Text
	for range 1 + r.IntN(3) {
		p := r.IntN(len(text))
		j := strings.IndexByte(text[p:], ' ')
		if j < 0 {
			continue
		}
		start := p + j + 1
		end := start
		for end < len(text) && text[end] >= 'a' && text[end] <= 'z' {
			end++
		}
		if end == start {
			continue // a name or a number: leave it
		}
		text = text[:start] + s.w.general[s.gen.Uint64()] + text[end:]
	}
	d.Text = text
}

// compose writes a new article of an event.
func (s *stream) compose(ev *event, o int, d *Doc) {
	r, w := s.r, s.w
	// Entities: most of the event's core ones, then popular ones.
	m := 3 + r.IntN(8)
	ents := make([]Entity, 0, max(m, len(ev.ents)))
	for _, e := range ev.ents {
		if r.Float64() < 0.85 {
			pe := &w.ents[e]
			ents = append(ents, Entity{ID: pe.id, Name: pe.name, Type: pe.typ, Count: 1 + r.IntN(3)})
		}
	}
	if len(ents) == 0 {
		pe := &w.ents[ev.ents[0]]
		ents = append(ents, Entity{ID: pe.id, Name: pe.name, Type: pe.typ, Count: 2})
	}
	for tries := 0; len(ents) < m && tries < 50; tries++ {
		pe := &w.ents[s.popular.Uint64()]
		if !slices.ContainsFunc(ents, func(x Entity) bool { return x.ID == pe.id }) {
			ents = append(ents, Entity{ID: pe.id, Name: pe.name, Type: pe.typ, Count: 1 + r.IntN(4)/3})
		}
	}
	d.Entities = ents
	// The mentions (indexes into ents), spread over the text; an entity's
	// first mention gives its full name, later ones its short form.
	var mentions []int
	for i, e := range ents {
		for range e.Count {
			mentions = append(mentions, i)
		}
	}
	r.Shuffle(len(mentions), func(i, j int) { mentions[i], mentions[j] = mentions[j], mentions[i] })
	named := make([]bool, len(ents))

	// Title: about 8 words, mostly the event's.
	b := &s.buf
	b.Reset()
	title := make([]string, 0, 9)
	for len(title) < 5 {
		if t := ev.words[pick(r, ev.cum)]; !slices.Contains(title, t) {
			title = append(title, t)
		}
	}
	title = append(title, w.ents[ev.ents[r.IntN(len(ev.ents))]].short)
	for range 1 + r.IntN(3) {
		if r.IntN(2) == 0 {
			title = append(title, functionWords[s.fn.Uint64()])
		} else {
			title = append(title, w.general[s.gen.Uint64()])
		}
	}
	r.Shuffle(len(title), func(i, j int) { title[i], title[j] = title[j], title[i] })
	for i, t := range title {
		if i == 0 {
			t = capitalize(t)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	d.Title = b.String()

	// Body: sentences of 8–24 tokens.
	b.Reset()
	b.Grow(4096)
	total := minArticleWords + r.IntN(maxArticleWords-minArticleWords+1)
	dateAt := -1
	if r.Float64() < dateShare {
		dateAt = r.IntN(total)
		d.EventDates = []EventDate{{Time: ev.day}}
	}
	sentence := 0 // tokens left in the current sentence
	for i := 0; i < total; i++ {
		if sentence == 0 {
			if i > 0 {
				b.WriteString(". ")
			}
			sentence = 8 + r.IntN(17)
			var first string
			if r.IntN(2) == 0 {
				first = functionWords[s.fn.Uint64()]
			} else {
				first = w.general[s.gen.Uint64()]
			}
			b.WriteString(capitalize(first))
			sentence--
			continue
		}
		b.WriteByte(' ')
		sentence--
		switch {
		case len(mentions) > 0 && r.IntN(total-i) < len(mentions):
			pe := &w.ents[ents[mentions[0]].ID-1]
			if named[mentions[0]] {
				b.WriteString(pe.short)
			} else {
				b.WriteString(pe.name)
				named[mentions[0]] = true
			}
			mentions = mentions[1:]
		case i == dateAt:
			b.WriteString("on ")
			b.WriteString(strconv.Itoa(ev.day.Day()))
			b.WriteByte(' ')
			b.WriteString(monthNames[ev.day.Month()-1])
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(ev.day.Year()))
		default:
			switch x := r.Float64(); {
			case x < eventWordShare:
				b.WriteString(ev.words[pick(r, ev.cum)])
			case x < eventWordShare+functionShare:
				b.WriteString(functionWords[s.fn.Uint64()])
			default:
				b.WriteString(w.general[s.gen.Uint64()])
			}
		}
	}
	if len(mentions) > 0 {
		// Mentions the sentence starts skipped.
		b.WriteString(". Also")
		for _, m := range mentions {
			pe := &w.ents[ents[m].ID-1]
			b.WriteByte(' ')
			if named[m] {
				b.WriteString(pe.short)
			} else {
				b.WriteString(pe.name)
				named[m] = true
			}
		}
	}
	b.WriteByte('.')
	if t := w.outlets[o].tagline; t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	d.Text = b.String()
}
