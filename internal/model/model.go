// Package model holds the plain data types that Storywire's stages pass to
// each other: a RawDocument from a source, an Article after extraction, and
// the small value types they are made of. It has no dependencies beyond the
// standard library and no behaviour beyond simple helpers, so every stage can
// be tested with plain values.
//
// The flow is source -> extract -> analyze -> cluster -> store -> query.
package model

import (
	"encoding/json"
	"time"
)

// Format says how a RawDocument's body is to be read.
type Format string

// Formats a RawDocument body can have.
const (
	FormatText Format = "text" // plain text, possibly with page leftovers
	FormatHTML Format = "html" // an HTML page or fragment
)

// RawDocument is one article as a source found it: bytes plus where they
// came from. Structured sources (JSON, JSON Lines, feeds) fill Meta with the
// fields they carried; file and URL sources leave it mostly empty. Sources do
// not interpret the body: that is extract's job.
type RawDocument struct {
	// Origin names the item for users: a file path, a URL, "stdin", or a
	// path with a position ("export.jsonl:12", "feed.xml#3").
	Origin string
	// Format of Body.
	Format Format
	// Body is the document's content. It may be in a legacy encoding;
	// Charset, when set, is the encoding a transport or container declared.
	Body    []byte
	Charset string
	// Meta holds what a structured source said about the document.
	Meta Metadata
	// FetchedAt is when a remote document was retrieved; zero for local ones.
	FetchedAt time.Time
}

// Metadata is what a structured source (a JSON object, a feed item) or the
// user said about a document. Empty fields are unknown.
type Metadata struct {
	ID       string
	URL      string
	Title    string
	Outlet   string
	Authors  []string
	Language string
	// Published is the publication time as the source wrote it; extract
	// parses it. PublishedSource says who said so (metadata, feed, user).
	Published       string
	PublishedSource TimeSource
	// Extra keeps fields the source carried that Storywire has no place for,
	// as raw JSON values, so nothing a user exported is silently dropped.
	Extra map[string]json.RawMessage
}

// TimeSource says where a publication time came from.
type TimeSource string

// Where a publication time can come from. The zero value means unknown.
const (
	FromMetadata TimeSource = "metadata" // JSON-LD, meta tags, JSON fields
	FromFeed     TimeSource = "feed"     // an RSS/Atom/JSON Feed item date
	FromURL      TimeSource = "url"      // a date in the article's URL path
	FromText     TimeSource = "text"     // a dateline in the article text
	FromUser     TimeSource = "user"     // --published on the command line
	// FromInferred marks a date guessed from the dates an undated
	// article's text mentions (see Annotations.Published).
	FromInferred TimeSource = "inferred"
)

// Known reports whether s is one of the sources above.
func (s TimeSource) Known() bool {
	switch s {
	case FromMetadata, FromFeed, FromURL, FromText, FromUser, FromInferred:
		return true
	}
	return false
}

// Reliability says how precisely a publication time is known.
type Reliability string

// Reliability levels, from best to worst.
const (
	Exact   Reliability = "exact"   // date and time of day
	Day     Reliability = "day"     // the calendar day only
	Unknown Reliability = "unknown" // no publication time is known
)

// Published is an article's publication time with its provenance. When
// Reliability is Unknown, Time is zero: Storywire never substitutes the
// ingest time for a missing publication time.
type Published struct {
	Time time.Time // in UTC
	// Offset is the original UTC offset in seconds, meaningful when HasZone.
	Offset      int
	HasZone     bool
	Source      TimeSource
	Reliability Reliability
}

// Known reports whether a publication time is known at all.
func (p Published) Known() bool {
	return p.Reliability != Unknown && p.Reliability != "" && !p.Time.IsZero()
}

// Local returns the time in its original offset when that is known, UTC
// otherwise.
func (p Published) Local() time.Time {
	if p.HasZone {
		return p.Time.In(time.FixedZone("", p.Offset))
	}
	return p.Time
}

// Format writes the time as precisely as it is known: RFC 3339 in its
// original offset for an exact time, the date alone for a day, "" when
// unknown.
func (p Published) Format() string {
	switch {
	case !p.Known():
		return ""
	case p.Reliability == Day:
		return p.Time.UTC().Format("2006-01-02")
	default:
		return p.Local().Format(time.RFC3339)
	}
}

// Removal is a piece of a document that cleanup took out, kept so a user
// can check that nothing of value went with it.
type Removal struct {
	Kind string `json:"kind"` // e.g. "newsletter", "caption", "video", "footer", "tag"
	Text string `json:"text"`
}

// Article is a cleaned, described news article: what every source ends as.
type Article struct {
	// ID is stable: derived from the canonical URL when there is one, from
	// the content hash otherwise, so re-ingesting gives the same ID.
	ID string
	// Origin is the file path or URL the article was read from.
	Origin string
	// URL is the canonical URL, tracking parameters removed; may be empty.
	URL      string
	Title    string
	Outlet   string
	Authors  []string
	Language string // ISO 639-1 code, or "" when it could not be told
	// Text is the clean body: paragraphs separated by a blank line. For a
	// Short item it is what the item carried: its headline, or a summary.
	Text string
	// Kind is what the item is when it is not an ordinary article, read
	// from a headline's prefix ("VIDEO: ..."): one of the Kind constants,
	// or "" for an article.
	Kind string
	// Short is true for an item whose text is under 40 words: a headline
	// alone (HeadlineOnly), a summary, a brief. It is stored and clustered
	// by what it has, and told apart from full articles.
	Short     bool
	Published Published
	// Ingested is when Storywire stored the article (UTC).
	Ingested time.Time
	// ContentHash is the hex SHA-256 of the normalised text; equal hashes
	// mean the same article.
	ContentHash string
	// CopyOf is the ID of the earliest stored near-identical copy, with the
	// estimated similarity (Jaccard over shingles, 0..1); empty when this
	// article is an original.
	CopyOf         string
	CopySimilarity float64
	// Removed lists what cleanup took out of the source.
	Removed []Removal
	// Extra carries unknown fields of structured sources.
	Extra map[string]json.RawMessage
	// Warnings are what reading the document noticed without refusing it
	// (bytes that were not UTF-8), each naming the document; reported with
	// the ingest that read it and not stored.
	Warnings []string
}

// Sketch is the similarity sketch of an article's text used to find
// near-identical copies without comparing every pair: a MinHash signature
// over word shingles and the locality-sensitive-hashing band keys derived
// from it. Two articles that share a band key are candidates; their
// signatures estimate how similar they are.
type Sketch struct {
	Signature []uint32
	Bands     []uint64
}

// Kinds of item, read from a headline's prefix.
const (
	KindVideo    = "video"
	KindPhoto    = "photo"
	KindAudio    = "audio"
	KindLive     = "live"
	KindOpinion  = "opinion"
	KindAnalysis = "analysis"
)

// HeadlineOnly reports whether the article is an item that carried only its
// headline, which stands as its text.
func (a Article) HeadlineOnly() bool {
	return a.Short && a.Text == a.Title
}
