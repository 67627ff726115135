package model

import "time"

// Feed is a subscription: a feed URL polled on a schedule, with its
// health. Its HTTP validators (ETag, Last-Modified) are kept by URL in
// FeedState, shared with feeds read once by ingest.
type Feed struct {
	ID    int64
	URL   string
	Title string // the feed's own title, as last read; "" until then
	// Interval is the time between polls of a healthy feed.
	Interval time.Duration
	Added    time.Time
	// NextPoll is when the feed is due; a failing feed's is pushed back
	// (backoff) but never dropped, so it is always tried again.
	NextPoll time.Time
	// LastPoll is when it was last polled, whatever came of it; zero
	// until then.
	LastPoll    time.Time
	LastSuccess time.Time // zero until a poll succeeds
	// LastError is the most recent failure's message and LastErrorAt its
	// time; they stay after a recovery, as history. FailingSince is the
	// first of the current run of failures (zero when healthy) and
	// Failures the length of that run.
	LastError    string
	LastErrorAt  time.Time
	FailingSince time.Time
	Failures     int
	// ItemsSeen counts the distinct items the feed has listed, and
	// ArticlesAdded those stored as new articles or copies (not the ones
	// already stored from elsewhere).
	ItemsSeen     int64
	ArticlesAdded int64
}

// Failing reports whether the feed's last poll failed.
func (f Feed) Failing() bool { return f.Failures > 0 }
