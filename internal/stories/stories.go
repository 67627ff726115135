// Package stories builds what a story shows from its stored articles: a
// title (the most representative headline, not simply the first), a short
// extractive summary drawn from different outlets, the key entities, the
// dates, the outlets, and the copies grouped under their originals. It is
// pure: the articles and their annotations in, a Story out.
package stories

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/cluster"
	"github.com/storywire/storywire/internal/model"
)

// Story is what a story shows.
type Story struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Summary   []string  `json:"summary"`
	FirstSeen *string   `json:"first_seen"` // RFC 3339; nil when no article is dated
	LastSeen  *string   `json:"last_seen"`
	Dates     []DateRef `json:"event_dates"`
	Articles  []Article `json:"articles"`
	Outlets   []Outlet  `json:"outlets"`
	Entities  []Entity  `json:"entities"`
	Related   []Related `json:"related"`
	// Inferred counts articles whose publication date was inferred from
	// their text.
	Inferred int `json:"inferred_dates,omitempty"`
}

// DateRef is an event date the articles mention, with how many do.
type DateRef struct {
	Date     string `json:"date"`
	Articles int    `json:"articles"`
}

// Article is one article of a story.
type Article struct {
	ID        string    `json:"id"`
	Origin    string    `json:"origin"`
	Title     string    `json:"title"`
	Outlet    string    `json:"outlet"`
	Published *string   `json:"published"`
	Inferred  bool      `json:"published_inferred,omitempty"`
	Copies    []Article `json:"copies,omitempty"`
}

// Outlet is an outlet with its number of articles in the story.
type Outlet struct {
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// Entity is a key entity of the story.
type Entity struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Articles int    `json:"articles"`
}

// Related is a linked story.
type Related struct {
	ID       int64   `json:"id"`
	Title    string  `json:"title,omitempty"`
	Strength float64 `json:"strength"`
}

// Input is one article with its annotations (zero when not analysed).
type Input struct {
	Article     model.Article
	Annotations model.Annotations
}

// Outlets names the outlet of each article (by ID), one way for every
// view of a story (model.OutletNames).
func Outlets(in []Input) map[string]string {
	arts := make([]model.Article, len(in))
	for i, x := range in {
		arts[i] = x.Article
	}
	return model.OutletNames(arts)
}

// Build makes a story's view from its articles, oldest first. The title and
// summary are chosen by the index terms that made the story
// (cluster.TermVector).
func Build(id int64, in []Input) Story {
	s := Story{ID: id, Summary: []string{}, Dates: []DateRef{}, Articles: []Article{}, Outlets: []Outlet{}, Entities: []Entity{}, Related: []Related{}}
	if len(in) == 0 {
		return s
	}
	var tv cluster.TermVectors
	centroid := centroidOf(&tv, in)
	s.Title = representativeTitle(&tv, in, centroid)
	s.Summary = summary(&tv, in, centroid)
	var first, last time.Time
	outlets := map[string]int{}
	byID := map[string]int{}
	names := Outlets(in)
	inStory := map[string]bool{}
	for _, x := range in {
		inStory[x.Article.ID] = true
	}
	// Copies go under their original when it is in the story, whichever
	// comes first (an inferred date can put a copy before it).
	var copies []Article
	var copyOf []string
	for _, x := range in {
		a := x.Article
		art := Article{ID: a.ID, Origin: a.Origin, Title: a.Title, Outlet: names[a.ID], Inferred: a.Published.Source == model.FromInferred}
		if a.Published.Known() {
			p := a.Published.Format()
			art.Published = &p
			if art.Inferred {
				s.Inferred++
			} else {
				if first.IsZero() || a.Published.Time.Before(first) {
					first = a.Published.Time
				}
				if a.Published.Time.After(last) {
					last = a.Published.Time
				}
			}
		}
		outlets[names[a.ID]]++
		if a.CopyOf != "" && inStory[a.CopyOf] {
			copies, copyOf = append(copies, art), append(copyOf, a.CopyOf)
			continue
		}
		byID[a.ID] = len(s.Articles)
		s.Articles = append(s.Articles, art)
	}
	for i, c := range copies {
		if k, ok := byID[copyOf[i]]; ok {
			s.Articles[k].Copies = append(s.Articles[k].Copies, c)
		} else {
			s.Articles = append(s.Articles, c) // its original is itself a copy: listed on its own
		}
	}
	if !first.IsZero() {
		f, l := first.Format(time.RFC3339), last.Format(time.RFC3339)
		s.FirstSeen, s.LastSeen = &f, &l
	}
	for name, n := range outlets {
		s.Outlets = append(s.Outlets, Outlet{name, n})
	}
	sort.Slice(s.Outlets, func(i, j int) bool {
		if s.Outlets[i].Articles != s.Outlets[j].Articles {
			return s.Outlets[i].Articles > s.Outlets[j].Articles
		}
		return s.Outlets[i].Name < s.Outlets[j].Name
	})
	s.Entities = keyEntities(in)
	s.Dates = eventDates(in)
	return s
}

// termVec is a text's index terms with the vector's norm, computed once:
// the centroid is compared with every headline and lead sentence.
type termVec struct {
	w    map[string]float64
	norm float64
}

func newTermVec(w map[string]float64) termVec {
	var n float64
	for _, x := range w {
		n += x * x
	}
	return termVec{w, math.Sqrt(n)}
}

func cosine(a, b termVec) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	if len(a.w) > len(b.w) {
		a, b = b, a // iterate the shorter
	}
	var dot float64
	for t, w := range a.w {
		dot += w * b.w[t]
	}
	return dot / (a.norm * b.norm)
}

// Title is the title Build gives a story, without the rest of its view
// (the title of a related story, say); tv may be shared with other
// stories' titles (nil for none).
func Title(tv *cluster.TermVectors, in []Input) string {
	if len(in) == 0 {
		return ""
	}
	if tv == nil {
		tv = &cluster.TermVectors{}
	}
	return representativeTitle(tv, in, centroidOf(tv, in))
}

// centroidOf sums the term vectors of the articles' titles and texts.
func centroidOf(tv *cluster.TermVectors, in []Input) termVec {
	centroid := map[string]float64{}
	for _, x := range in {
		for t, w := range tv.Of(x.Article.Title + "\n" + x.Article.Text) {
			centroid[t] += w
		}
	}
	return newTermVec(centroid)
}

// representativeTitle is the headline closest to what all the articles
// say: the cosine of its words with the story's centroid, among headlines
// of originals of a sensible length.
func representativeTitle(tv *cluster.TermVectors, in []Input, centroid termVec) string {
	best, bestScore := "", -1.0
	for _, x := range in {
		t := strings.TrimSpace(x.Article.Title)
		n := len(strings.Fields(t))
		if t == "" || n < 3 {
			continue
		}
		score := cosine(newTermVec(tv.Of(t)), centroid)
		if x.Article.CopyOf != "" {
			score *= 0.9
		}
		if n > 20 {
			score *= 0.8 // a first sentence standing in for a headline
		}
		if strings.ToUpper(t) == t {
			score *= 0.8 // shouting tabloid headline
		}
		if score > bestScore {
			best, bestScore = t, score
		}
	}
	if best == "" {
		return strings.TrimSpace(in[0].Article.Title)
	}
	return best
}

// summary picks up to three sentences most central to the story, from the
// leads of different outlets' originals, with no two saying nearly the
// same.
func summary(tv *cluster.TermVectors, in []Input, centroid termVec) []string {
	type cand struct {
		text   string
		outlet string
		vec    termVec
		score  float64
		order  int
	}
	var cands []cand
	for i, x := range in {
		if x.Article.CopyOf != "" {
			continue
		}
		for k, sent := range leadSentences(x.Article.Text, x.Annotations, 4) {
			n := len(strings.Fields(sent))
			if n < 8 || n > 60 {
				continue
			}
			v := newTermVec(tv.Of(sent))
			score := cosine(v, centroid) * (1 - 0.05*float64(k)) // leads say what happened
			cands = append(cands, cand{sent, x.Article.Outlet, v, score, i*10 + k})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].order < cands[j].order
	})
	var out []string
	var chosen []cand
	usedOutlet := map[string]bool{}
	for pass := 0; pass < 2 && len(out) < 3; pass++ {
		for _, c := range cands {
			if len(out) == 3 {
				break
			}
			if pass == 0 && usedOutlet[c.outlet] {
				continue
			}
			dup := false
			for _, o := range chosen {
				if o.text == c.text || cosine(o.vec, c.vec) > 0.5 {
					dup = true
					break
				}
			}
			if dup {
				continue
			}
			chosen = append(chosen, c)
			usedOutlet[c.outlet] = true
			out = append(out, c.text)
		}
	}
	return out
}

// leadSentences returns the first n sentences of a text, from its
// annotations when it has them.
func leadSentences(text string, ann model.Annotations, n int) []string {
	var out []string
	for _, s := range ann.Sentences {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			continue
		}
		out = append(out, strings.Join(strings.Fields(text[s.Start:s.End]), " "))
		if len(out) == n {
			return out
		}
	}
	if len(out) > 0 {
		return out
	}
	// Not analysed: split at full stops followed by a space.
	rest := strings.Join(strings.Fields(text), " ")
	for len(out) < n && rest != "" {
		i := strings.Index(rest, ". ")
		if i < 0 {
			out = append(out, rest)
			break
		}
		out = append(out, rest[:i+1])
		rest = rest[i+2:]
	}
	return out
}

// keyEntities are the canonical entities named by the most articles.
func keyEntities(in []Input) []Entity {
	count := map[int64]*Entity{}
	for _, x := range in {
		seen := map[int64]bool{}
		for _, e := range x.Annotations.Entities {
			if e.ID == 0 || seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			if count[e.ID] == nil {
				count[e.ID] = &Entity{ID: e.ID, Name: e.Name, Type: e.Type}
			}
			count[e.ID].Articles++
		}
	}
	out := []Entity{}
	for _, e := range count {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > 8 {
		out = out[:8]
	}
	return out
}

// eventDates are the days the articles' time expressions resolve to,
// counted by articles, most mentioned first (up to three).
func eventDates(in []Input) []DateRef {
	count := map[string]int{}
	for _, x := range in {
		seen := map[string]bool{}
		for _, t := range x.Annotations.Times {
			if t.Type != "DATE" || len(t.Value) != 10 || t.Value[0] == 'X' || seen[t.Value] {
				continue
			}
			seen[t.Value] = true
			count[t.Value]++
		}
	}
	out := []DateRef{}
	for d, n := range count {
		out = append(out, DateRef{d, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].Date < out[j].Date
	})
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}
