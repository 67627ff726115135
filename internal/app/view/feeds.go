package view

import (
	"time"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/model"
)

// Feed is a subscription with its health, as --json prints it. Times are
// RFC 3339 in UTC, null when they have not happened.
type Feed struct {
	ID              int64   `json:"id"`
	URL             string  `json:"url"`
	Title           *string `json:"title"`
	IntervalSeconds float64 `json:"interval_seconds"`
	Added           string  `json:"added"`
	NextPoll        string  `json:"next_poll"`
	LastPoll        *string `json:"last_poll"`
	LastSuccess     *string `json:"last_success"`
	Failing         bool    `json:"failing"`
	FailingSince    *string `json:"failing_since"`
	Failures        int     `json:"consecutive_failures"`
	LastError       *string `json:"last_error"`
	LastErrorAt     *string `json:"last_error_at"`
	ItemsSeen       int64   `json:"items_seen"`
	ArticlesAdded   int64   `json:"articles_added"`
}

// NewFeed is f's JSON.
func NewFeed(f model.Feed) Feed {
	return Feed{
		ID: f.ID, URL: f.URL, Title: Nullable(f.Title), IntervalSeconds: f.Interval.Seconds(),
		Added: timeString(f.Added), NextPoll: timeString(f.NextPoll),
		LastPoll: nullableTime(f.LastPoll), LastSuccess: nullableTime(f.LastSuccess),
		Failing: f.Failing(), FailingSince: nullableTime(f.FailingSince), Failures: f.Failures,
		LastError: Nullable(f.LastError), LastErrorAt: nullableTime(f.LastErrorAt),
		ItemsSeen: f.ItemsSeen, ArticlesAdded: f.ArticlesAdded,
	}
}

// NewFeeds is list's JSON, [] when empty.
func NewFeeds(list []model.Feed) []Feed {
	out := make([]Feed, 0, len(list))
	for _, f := range list {
		out = append(out, NewFeed(f))
	}
	return out
}

// FeedPoll is one poll's result as --json prints it.
type FeedPoll struct {
	Feed      int64   `json:"feed"`
	URL       string  `json:"url"`
	Outcome   string  `json:"outcome"`
	Items     int     `json:"items"`
	New       int     `json:"new"`
	Added     int     `json:"added"`
	FullText  int     `json:"full_text"`
	Fallbacks int     `json:"summary_fallbacks"`
	Failed    int     `json:"failed_items"`
	Error     *string `json:"error"`
	NextPoll  *string `json:"next_poll"`
	Seconds   float64 `json:"seconds"`
}

// NewFeedPoll is r's JSON.
func NewFeedPoll(r app.FeedPollResult) FeedPoll {
	p := FeedPoll{Feed: r.FeedID, URL: r.URL, Outcome: string(r.Outcome), Items: r.Items, New: r.New, Added: r.Added,
		FullText: r.FullText, Fallbacks: r.Fallbacks, Failed: r.Failed, NextPoll: nullableTime(r.Next), Seconds: r.Elapsed.Seconds()}
	if r.Err != nil {
		p.Error = Nullable(r.Err.Error())
	}
	return p
}

// OPMLImport is what an OPML import did.
type OPMLImport struct {
	Added    []Feed   `json:"added"`
	Existing []string `json:"existing"`
	Failed   []string `json:"failed"`
}

// NewOPMLImport is imp's JSON.
func NewOPMLImport(imp app.OPMLImport) OPMLImport {
	out := OPMLImport{Added: NewFeeds(imp.Added), Existing: imp.Existing, Failed: make([]string, 0, len(imp.Failed))}
	if out.Existing == nil {
		out.Existing = []string{}
	}
	for _, err := range imp.Failed {
		out.Failed = append(out.Failed, err.Error())
	}
	return out
}

func timeString(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func nullableTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := timeString(t)
	return &s
}
