// Package storyeval scores story clustering against gold event labels:
// B-cubed and pairwise precision, recall and F1 over articles, the number
// of stories against the number of events, and, where events come in
// topics of similar events (ECB+), how many topics had two events merged.
package storyeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/storywire/storywire/internal/eval"
)

// Gold names the event of each article, by the article's key (its origin
// as Storywire records it), and optionally each event's topic.
type Gold struct {
	Event map[string]string
	Topic map[string]string // event -> topic
}

// Article is one article of a gold JSON Lines file such as ECB+'s: its
// text and its labels.
type Article struct {
	ID    string          `json:"id"`
	Title string          `json:"title"`
	Text  string          `json:"text"`
	Event string          `json:"event"`
	Topic json.RawMessage `json:"topic"` // as written: ECB+ numbers its topics
}

// ECBDev is where the ECB+ development part lies, seen from the directory
// of a package directly under internal/: its tests and benchmarks read it
// from ../shared at run time.
const ECBDev = "../../../shared/data/ecbplus/ecbplus-dev.jsonl"

// ReadArticles reads a JSON Lines file of articles with their labels, in
// file order: the articles of line n at index n-1.
func ReadArticles(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open story gold: %w", err)
	}
	defer f.Close()
	var out []Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var a Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: not an article with an event label: %w", path, n, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// ReadECB reads ECB+ in JSON Lines form (one article per line with
// "event" and "topic"); an article's key is "PATH:LINE", as ingest names
// the origin of a line of a JSON Lines file.
func ReadECB(path string) (Gold, error) {
	arts, err := ReadArticles(path)
	if err != nil {
		return Gold{}, err
	}
	g := Gold{Event: map[string]string{}, Topic: map[string]string{}}
	for i, a := range arts {
		if a.Event == "" {
			return Gold{}, fmt.Errorf("%s:%d: no \"event\" field: story gold needs each article's event", path, i+1)
		}
		g.Event[fmt.Sprintf("%s:%d", path, i+1)] = a.Event
		if len(a.Topic) > 0 {
			g.Topic[a.Event] = string(a.Topic)
		}
	}
	return g, nil
}

// ReadTruth reads the demo corpus's truth.json: articles by origin with
// their event.
func ReadTruth(path string) (Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Gold{}, fmt.Errorf("open story gold: %w", err)
	}
	var t struct {
		Articles []struct {
			Origin string `json:"origin"`
			Event  string `json:"event"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return Gold{}, fmt.Errorf("%s: not a truth file: %w", path, err)
	}
	g := Gold{Event: map[string]string{}}
	for _, a := range t.Articles {
		g.Event[a.Origin] = a.Event
	}
	return g, nil
}

// Result is a clustering's score.
type Result struct {
	BCubedP, BCubedR, BCubedF float64
	PairP, PairR, PairF       float64
	Articles                  int // gold articles clustered
	Missing                   int // gold articles not clustered
	Stories, Events           int
	// Topics counts topics; Merged those with two of their events in one
	// story.
	Topics, MergedTopics int
}

// Mean is the mean of several results (of one gold set clustered in
// different orders), with the range of their B-cubed F1.
type Mean struct {
	BCubedP, BCubedR, BCubedF float64
	PairP, PairR, PairF       float64
	MinF, MaxF                float64
	Stories                   float64
	Events                    int
	Topics                    int
	MergedTopics              float64
}

// MeanOf averages results; rs must not be empty.
func MeanOf(rs []Result) Mean {
	m := Mean{Events: rs[0].Events, Topics: rs[0].Topics, MinF: rs[0].BCubedF, MaxF: rs[0].BCubedF}
	for _, r := range rs {
		m.BCubedP += r.BCubedP
		m.BCubedR += r.BCubedR
		m.BCubedF += r.BCubedF
		m.PairP += r.PairP
		m.PairR += r.PairR
		m.PairF += r.PairF
		m.Stories += float64(r.Stories)
		m.MergedTopics += float64(r.MergedTopics)
		m.MinF, m.MaxF = min(m.MinF, r.BCubedF), max(m.MaxF, r.BCubedF)
	}
	n := float64(len(rs))
	m.BCubedP, m.BCubedR, m.BCubedF = m.BCubedP/n, m.BCubedR/n, m.BCubedF/n
	m.PairP, m.PairR, m.PairF = m.PairP/n, m.PairR/n, m.PairF/n
	m.Stories, m.MergedTopics = m.Stories/n, m.MergedTopics/n
	return m
}

// Score compares predicted stories (article key -> story) with the gold
// events. Articles missing from the prediction count as stories of their
// own.
func Score(g Gold, pred map[string]int64) Result {
	var r Result
	keys := make([]string, 0, len(g.Event))
	for k := range g.Event {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	story := map[string]string{}
	for _, k := range keys {
		story[k] = storyOf(pred, k)
		if _, ok := pred[k]; ok {
			r.Articles++
		} else {
			r.Missing++
		}
	}
	byStory := map[string][]string{}
	byEvent := map[string][]string{}
	for _, k := range keys {
		byStory[story[k]] = append(byStory[story[k]], k)
		byEvent[g.Event[k]] = append(byEvent[g.Event[k]], k)
	}
	r.Stories, r.Events = len(byStory), len(byEvent)
	events, stories := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		events[i], stories[i] = g.Event[k], story[k]
	}
	r.BCubedP, r.BCubedR = eval.BCubed(events, stories)
	r.BCubedF = eval.F1(r.BCubedP, r.BCubedR)
	// Pairwise: pairs of articles in one story that are in one event.
	var tp, predPairs, goldPairs float64
	for _, k := range keys {
		for _, o := range byStory[story[k]] {
			if o != k && g.Event[o] == g.Event[k] {
				tp++
			}
		}
		predPairs += float64(len(byStory[story[k]]) - 1)
		goldPairs += float64(len(byEvent[g.Event[k]]) - 1)
	}
	r.PairP, r.PairR = ratio(tp, predPairs), ratio(tp, goldPairs)
	r.PairF = eval.F1(r.PairP, r.PairR)
	if len(g.Topic) > 0 {
		topics := map[string]bool{}
		merged := map[string]bool{}
		for _, members := range byStory {
			evs := map[string]bool{}
			for _, k := range members {
				evs[g.Event[k]] = true
			}
			seen := map[string]string{}
			for ev := range evs {
				t := g.Topic[ev]
				if prev, ok := seen[t]; ok && prev != ev {
					merged[t] = true
				}
				seen[t] = ev
			}
		}
		for _, t := range g.Topic {
			topics[t] = true
		}
		r.Topics, r.MergedTopics = len(topics), len(merged)
	}
	return r
}

// storyOf names an article's predicted story; an article missing from
// the prediction is a story of its own.
func storyOf(pred map[string]int64, k string) string {
	if id, ok := pred[k]; ok {
		return fmt.Sprint(id)
	}
	return "missing:" + k
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 1 // no pairs claimed: nothing wrong claimed
	}
	return a / b
}

// Mix is a predicted story that is not exactly one gold event: the events
// its articles belong to, largest share first.
type Mix struct {
	Story  string
	Events []EventShare
}

// EventShare is how many of an event's articles one story holds (In) of
// all the event's articles (Of).
type EventShare struct {
	Event, Topic string
	In, Of       int
}

// Errors lists the stories that differ from a gold event, because they
// mix events or hold only part of one, ordered by topic and event, for
// reading where clustering goes wrong. Articles missing from the
// prediction are stories of their own, as in Score.
func Errors(g Gold, pred map[string]int64) []Mix {
	byStory := map[string]map[string]int{}
	total := map[string]int{}
	spread := map[string]map[string]bool{} // event -> its stories
	for k, ev := range g.Event {
		s := storyOf(pred, k)
		if byStory[s] == nil {
			byStory[s] = map[string]int{}
		}
		byStory[s][ev]++
		total[ev]++
		if spread[ev] == nil {
			spread[ev] = map[string]bool{}
		}
		spread[ev][s] = true
	}
	var out []Mix
	for s, evs := range byStory {
		m := Mix{Story: s}
		wrong := len(evs) > 1
		for ev, n := range evs {
			m.Events = append(m.Events, EventShare{Event: ev, Topic: g.Topic[ev], In: n, Of: total[ev]})
			wrong = wrong || len(spread[ev]) > 1
		}
		if !wrong {
			continue
		}
		sort.Slice(m.Events, func(i, j int) bool {
			a, b := m.Events[i], m.Events[j]
			if a.In != b.In {
				return a.In > b.In
			}
			return a.Event < b.Event
		})
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Events[0], out[j].Events[0]
		if a.Topic != b.Topic {
			return a.Topic < b.Topic
		}
		if a.Event != b.Event {
			return a.Event < b.Event
		}
		return out[i].Story < out[j].Story
	})
	return out
}
