package queue

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storywire/storywire/internal/model"
)

// Job is one item of ingest work: what a worker needs to ingest it as the
// process that read it would have.
type Job struct {
	// Origin names the item for users: a path, a URL, "api#2",
	// "feed.xml#3".
	Origin string
	// Doc is the item as it was read: its bytes and what its container
	// said about it. Empty when URL is set.
	Doc model.RawDocument
	// URL, when set, is an address for the worker to fetch and read as
	// ingest reads a URL argument: an article, or a feed whose items it
	// ingests.
	URL string
	// Outlet and Published are the user's overrides for the item (ingest
	// --outlet and --published, the API's query parameters).
	Outlet, Published string
}

// Overrides is a Job's user overrides, as one comparable value.
type Overrides struct{ Outlet, Published string }

// Overrides returns j's.
func (j Job) Overrides() Overrides { return Overrides{j.Outlet, j.Published} }

// jobVersion is the version of the wire form; a worker refuses others
// (recording them as failed) rather than guess at their fields.
const jobVersion = 1

// wireJob is a Job as JSON, with names of its own so that the model's
// types can change without breaking items in flight.
type wireJob struct {
	V         int          `json:"v"`
	Origin    string       `json:"origin,omitempty"`
	URL       string       `json:"url,omitempty"`
	Format    model.Format `json:"format,omitempty"`
	Body      []byte       `json:"body,omitempty"`
	Charset   string       `json:"charset,omitempty"`
	Meta      *wireMeta    `json:"meta,omitempty"`
	FetchedAt time.Time    `json:"fetched_at,omitzero"`
	Outlet    string       `json:"outlet,omitempty"`
	Published string       `json:"published,omitempty"`
}

type wireMeta struct {
	ID              string                     `json:"id,omitempty"`
	URL             string                     `json:"url,omitempty"`
	Title           string                     `json:"title,omitempty"`
	Outlet          string                     `json:"outlet,omitempty"`
	Authors         []string                   `json:"authors,omitempty"`
	Language        string                     `json:"language,omitempty"`
	Published       string                     `json:"published,omitempty"`
	PublishedSource model.TimeSource           `json:"published_source,omitempty"`
	Extra           map[string]json.RawMessage `json:"extra,omitempty"`
}

func toWire(j Job) wireJob {
	w := wireJob{V: jobVersion, Origin: j.Origin, URL: j.URL, Outlet: j.Outlet, Published: j.Published}
	if j.URL != "" {
		return w
	}
	d := j.Doc
	w.Format, w.Body, w.Charset, w.FetchedAt = d.Format, d.Body, d.Charset, d.FetchedAt
	m := d.Meta
	if m.ID != "" || m.URL != "" || m.Title != "" || m.Outlet != "" || len(m.Authors) > 0 || m.Language != "" ||
		m.Published != "" || m.PublishedSource != "" || len(m.Extra) > 0 {
		w.Meta = &wireMeta{ID: m.ID, URL: m.URL, Title: m.Title, Outlet: m.Outlet, Authors: m.Authors, Language: m.Language,
			Published: m.Published, PublishedSource: m.PublishedSource, Extra: m.Extra}
	}
	return w
}

func fromWire(w wireJob) Job {
	j := Job{Origin: w.Origin, URL: w.URL, Outlet: w.Outlet, Published: w.Published}
	if w.URL != "" {
		return j
	}
	j.Doc = model.RawDocument{Origin: w.Origin, Format: w.Format, Body: w.Body, Charset: w.Charset, FetchedAt: w.FetchedAt}
	if m := w.Meta; m != nil {
		j.Doc.Meta = model.Metadata{ID: m.ID, URL: m.URL, Title: m.Title, Outlet: m.Outlet, Authors: m.Authors, Language: m.Language,
			Published: m.Published, PublishedSource: m.PublishedSource, Extra: m.Extra}
	}
	return j
}

// MsgID is the JetStream message id of a job that holds its document:
// a digest of what the worker would read (the bytes, the container's
// metadata, the user's overrides), leaving out where and when it was
// read, so that the same item published again within the duplicate
// window (the same feed item polled twice, the same body posted twice)
// is dropped by JetStream. A job to fetch a URL has none: what the URL
// gives can change from one request to the next.
func MsgID(j Job) string {
	if j.URL != "" {
		return ""
	}
	w := toWire(j)
	w.Origin, w.FetchedAt = "", time.Time{}
	b, err := json.Marshal(w)
	if err != nil {
		return "" // not reached: the wire form always encodes
	}
	sum := sha256.Sum256(b)
	return "job-" + hex.EncodeToString(sum[:16])
}

// compressFrom is the encoded size from which a job is sent compressed:
// HTML shrinks four to eight times, and the server's message limit counts
// the bytes sent.
const compressFrom = 16 << 10

// headerEncoding names the compression of a message's data.
const headerEncoding = "Content-Encoding"

// encode returns a job's message data, compressed when that is worth it,
// and the encoding ("" or "gzip").
func encode(j Job) ([]byte, string, error) {
	b, err := json.Marshal(toWire(j))
	if err != nil {
		return nil, "", fmt.Errorf("queue: encode %s: %w", j.Origin, err)
	}
	return pack(b)
}

// pack compresses b when it is large enough for that to be worth it,
// returning the data and its encoding ("" or "gzip").
func pack(b []byte) ([]byte, string, error) {
	if len(b) < compressFrom {
		return b, "", nil
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := zw.Write(b); err != nil {
		return nil, "", fmt.Errorf("queue: compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, "", fmt.Errorf("queue: compress: %w", err)
	}
	if buf.Len() >= len(b) {
		return b, "", nil
	}
	return buf.Bytes(), "gzip", nil
}

// maxDecoded bounds a message's decoded size: a compressed message cannot
// expand into more memory than a file ingest reads (20 MB) with room for
// its encoding.
const maxDecoded = 64 << 20

// unpack undoes pack.
func unpack(data []byte, encoding string) ([]byte, error) {
	switch encoding {
	case "":
		return data, nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("not gzip: %w", err)
		}
		if data, err = io.ReadAll(io.LimitReader(zr, maxDecoded+1)); err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		if len(data) > maxDecoded {
			return nil, fmt.Errorf("expands beyond %d bytes", maxDecoded)
		}
		return data, nil
	}
	return nil, fmt.Errorf("unknown encoding %q", encoding)
}

// decodeJob reads a job from a message's data; raw is its JSON.
func decodeJob(data []byte, encoding string) (j Job, raw []byte, err error) {
	if raw, err = unpack(data, encoding); err != nil {
		return Job{}, nil, err
	}
	var w wireJob
	if err := json.Unmarshal(raw, &w); err != nil {
		return Job{}, nil, fmt.Errorf("not a job: %w", err)
	}
	if w.V != jobVersion {
		return Job{}, raw, fmt.Errorf("job version %d: this worker reads version %d (run workers of the same Storywire as the publishers)", w.V, jobVersion)
	}
	return fromWire(w), raw, nil
}

// ErrTooLarge is returned (wrapped) by Publish for a job bigger than the
// NATS server takes in one message.
var ErrTooLarge = errors.New("too large for one NATS message")

// headroom is kept below the server's message limit for the subject and
// headers.
const headroom = 1 << 10

// Publish puts a job on the work stream and returns once JetStream has
// stored it; duplicate is true when JetStream already had the same item
// (MsgID) within the duplicate window and dropped this one. A job whose
// message would exceed the server's max_payload is refused with an error
// wrapping ErrTooLarge.
func (q *Queue) Publish(ctx context.Context, j Job) (duplicate bool, err error) {
	data, enc, err := encode(j)
	if err != nil {
		return false, err
	}
	if limit := q.nc.MaxPayload(); int64(len(data))+headroom > limit {
		return false, fmt.Errorf("queue: %s is %d bytes as a message, above the %d bytes the NATS server at %s takes (max_payload): %w",
			j.Origin, len(data), limit, q.where, ErrTooLarge)
	}
	m := nats.NewMsg(q.n.workSubject)
	m.Data = data
	if enc != "" {
		m.Header.Set(headerEncoding, enc)
	}
	var opts []jetstream.PublishOpt
	if id := MsgID(j); id != "" {
		opts = append(opts, jetstream.WithMsgID(id))
	}
	ack, err := q.js.PublishMsg(ctx, m, opts...)
	if err != nil {
		return false, q.errorf(err, "publish %s", j.Origin)
	}
	return ack.Duplicate, nil
}
