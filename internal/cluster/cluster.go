// Package cluster groups articles that report the same real-world event
// into stories, online: each article, in order, joins the story it fits
// best or starts a new one. It is pure (no I/O) and deterministic: the same
// articles in the same order give the same stories with the same ids.
//
// An article is compared with a story on three things:
//
//   - its words: TF-IDF over stemmed title and body terms (the title
//     counted twice), cosine with the story's centroid;
//   - its entities: the canonical people, organisations and places it
//     names, weighted by type and rarity, cosine with the story's;
//   - time: how far its date (or, undated, the dates and years it
//     mentions) lies from the story's.
//
// The words and entities give a content score; the time gap scales it
// down, so the same actors doing the same kind of thing years apart make
// two stories, linked as related (a storyline) rather than merged.
// Candidate stories come from inverted indexes of terms and entities, with
// bounded posting lists, so the cost per article does not grow with the
// number of stories. Stories quiet for longer than the dormancy period
// are woken only by a strong match, and are dropped from memory after
// twice that.
package cluster

import (
	"time"

	"github.com/storywire/storywire/internal/text/stem"
)

// Doc is one analysed article as clustering sees it.
type Doc struct {
	ID    string
	Title string
	Text  string
	// Published is the publication time; zero when unknown. Inferred marks
	// a date inferred from the text.
	Published time.Time
	Inferred  bool
	// DayOnly marks a publication date known to the day, not the time.
	DayOnly bool
	// EventDates are the days (or years, as 1 January with Year set) the
	// text names as absolute dates.
	EventDates []EventDate
	Entities   []Entity
	// Tokens are the article's tokens when a Tokenizer made them ahead
	// (on another goroutine); when nil, Add makes them.
	Tokens *Tokens
	// CopyOf is the article this one is a near-identical copy of.
	CopyOf string
	// Language is the article's ISO 639-1 code ("" when unknown). An
	// article in another language than a story is compared with it by the
	// names both use, not by words.
	Language string
	// Short marks an item of under 40 words (a headline, a summary, a
	// brief): it has few words to match, so it needs a lower score to join
	// a story.
	Short bool
}

// EventDate is a date an article mentions.
type EventDate struct {
	Time time.Time
	// YearOnly marks a bare year ("in 2008").
	YearOnly bool
}

// Entity is a canonical entity an article names.
type Entity struct {
	ID    int64
	Name  string
	Type  string // PER, ORG, LOC, MISC
	Count int
	// Lead marks an entity named in the article's opening sentences,
	// where a report names who it is about.
	Lead bool
}

// Config tunes clustering. Zero fields take the defaults of Default.
type Config struct {
	// Threshold is the score an article needs to join a story.
	Threshold float64
	// UndatedThreshold is the score needed when the article or the story
	// is undated.
	UndatedThreshold float64
	// Related is the content score (before the time factor) above which a
	// story that was not joined is linked as related.
	Related float64
	// TextWeight is the share of words in the content score; the rest is
	// entities (when the article has any).
	TextWeight float64
	// TimeScale is the gap, in days, at which the time factor has fallen
	// to 1/e.
	TimeScale float64
	// Dormancy is how long a story may be quiet before only a strong
	// match (Wake) can add to it.
	Dormancy time.Duration
	Wake     float64
	// SettleWindow is how many of the latest articles Settle can
	// reconsider: their vectors are kept until then.
	SettleWindow int
	// Stem reduces a word to its index term.
	Stem func(string) string
}

// Default is the configuration Storywire ships with.
func Default() Config {
	return Config{
		Threshold:        0.20,
		UndatedThreshold: 0.25,
		Related:          0.30,
		TextWeight:       0.7,
		TimeScale:        10,
		Dormancy:         30 * 24 * time.Hour,
		Wake:             0.6,
		SettleWindow:     8192,
		Stem:             stem.English,
	}
}

func (c Config) withDefaults() Config {
	d := Default()
	if c.Threshold == 0 {
		c.Threshold = d.Threshold
	}
	if c.UndatedThreshold == 0 {
		c.UndatedThreshold = max(d.UndatedThreshold, c.Threshold)
	}
	if c.Related == 0 {
		c.Related = d.Related
	}
	if c.TextWeight == 0 {
		c.TextWeight = d.TextWeight
	}
	if c.TimeScale == 0 {
		c.TimeScale = d.TimeScale
	}
	if c.Dormancy == 0 {
		c.Dormancy = d.Dormancy
	}
	if c.Wake == 0 {
		c.Wake = d.Wake
	}
	if c.SettleWindow == 0 {
		c.SettleWindow = d.SettleWindow
	}
	if c.Stem == nil {
		c.Stem = d.Stem
	}
	return c
}

// Clusterer assigns articles to stories. It is not safe for concurrent
// use: clustering is one sequential stage.
type Clusterer struct {
	cfg Config
	// Its parts, each a type of its own with the methods that keep it.
	vocab   vocabulary   // term ids, and how many articles hold each term, entity and name
	index   index        // posting lists from terms, entities and names to stories
	stories storyTable   // the stories in memory and the story of each article
	fixes   corrections  // articles that must join another's story or stay apart
	scratch scratch      // per-term weights of the article being scored
	tok     *Tokenizer   // tokenises the articles that come without their Tokens
	held    settleBuffer // the articles Settle may still move
}

// New returns a clusterer.
func New(cfg Config) *Clusterer {
	cfg = cfg.withDefaults()
	return &Clusterer{
		cfg:     cfg,
		tok:     NewTokenizer(cfg),
		vocab:   newVocabulary(),
		index:   newIndex(),
		stories: newStoryTable(),
		fixes:   newCorrections(),
		held:    settleBuffer{window: cfg.SettleWindow},
	}
}

// StoryOf returns the story an article was assigned to.
func (c *Clusterer) StoryOf(article string) (int64, bool) {
	s, ok := c.stories.ofDoc[article]
	return s, ok
}

// Active is the number of stories held in memory.
func (c *Clusterer) Active() int { return len(c.stories.byID) }
