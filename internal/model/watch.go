package model

import "time"

// Watch is a standing question a user asks of the news: tell me (by a
// POST to Webhook) when a story appears that matches, or when a matching
// story is reported by one more outlet. Zero fields do not filter; a watch
// has at least one of Query, Entity and MinOutlets.
type Watch struct {
	ID         int64     `json:"id"`
	Query      string    `json:"query,omitempty"`       // every word in the story's title or summary
	Entity     string    `json:"entity,omitempty"`      // a name among the story's entities
	MinOutlets int       `json:"min_outlets,omitempty"` // reported by at least this many outlets
	Webhook    string    `json:"webhook"`
	Created    time.Time `json:"created"`
}

// WatchEvent is why a watch fired for a story.
type WatchEvent string

// The events of a watch.
const (
	WatchNewStory   WatchEvent = "new"  // a story matched for the first time
	WatchMoreOutlet WatchEvent = "grew" // a matching story has more outlets than when last sent
)

// Delivery is one attempt to send a watch's message, kept as its log.
type Delivery struct {
	Watch     int64      `json:"watch"`
	Story     int64      `json:"story"`
	Event     WatchEvent `json:"event"`
	At        time.Time  `json:"at"`
	Attempt   int        `json:"attempt"` // 1 for the first try
	Status    int        `json:"status"`  // the HTTP status; 0 when no answer came
	Error     string     `json:"error,omitempty"`
	Delivered bool       `json:"delivered"`
}
