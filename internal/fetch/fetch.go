// Package fetch retrieves documents over HTTP(S) the way a careful client
// should: bounded time, size and redirects, a descriptive User-Agent, gzip,
// conditional GET, and no requests to private, loopback or link-local
// addresses unless the user allows them.
package fetch

import "time"

// Request asks for one URL. ETag and LastModified, when set, make the
// request conditional; an unchanged resource then answers NotModified.
type Request struct {
	URL          string
	ETag         string
	LastModified string
}

// Response is a fetched document. Body holds the bytes as served (after
// gzip is undone), not yet decoded to UTF-8; Charset is the charset the
// Content-Type header declared, if any.
type Response struct {
	URL          string // final URL after redirects
	StatusCode   int
	NotModified  bool
	ContentType  string // media type without parameters, lower case
	Charset      string
	Body         []byte
	ETag         string
	LastModified string
	FetchedAt    time.Time
	// MaxAge is the freshness lifetime Cache-Control: max-age gave (also
	// on a 304), and RetryAfter what a Retry-After header asked for; zero
	// when absent. A poller takes them as the earliest time to ask again.
	MaxAge     time.Duration
	RetryAfter time.Duration
}
