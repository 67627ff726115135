// Package queue carries Storywire's ingest work between processes over
// NATS JetStream, for the distributed mode (docs/scaling.md): the items
// to ingest, from the processes that read them (storywire serve --nats,
// ingest --nats) to the workers that extract, analyse and store them;
// the ids of the articles stored, from the workers to the one clusterer;
// and the items that could not be ingested, with their reasons.
//
// It owns the streams and their consumers, the wire form of an item
// (Job), its size limit, and the message ids that make JetStream drop an
// item published twice. It ingests nothing itself: internal/app drives
// the workers and the clusterer over it.
package queue

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of Options.
const (
	DefaultName       = "storywire"
	DefaultAckWait    = 30 * time.Second
	DefaultAttempts   = 5
	DefaultDuplicates = time.Hour
	// FailedMaxAge is how long the record of a failed item is kept.
	FailedMaxAge = 30 * 24 * time.Hour
)

// Options configure a Queue. The zero value gives the defaults.
type Options struct {
	// Name prefixes the streams and subjects, so that one NATS system can
	// carry the work of several databases: DefaultName when empty. Every
	// process of one deployment must use the same.
	Name string
	// AckWait is how long a worker may hold an item without a word (it
	// sends one every third of it while it works) before JetStream gives
	// the item to another: a crashed worker's items are redone after it.
	AckWait time.Duration
	// Attempts is how many times an item is delivered before it is
	// recorded as failed and dropped: one that crashes every worker it
	// reaches must not go round forever.
	Attempts int
	// Duplicates is how long JetStream remembers an item's id, so that
	// the same item published again within it is dropped.
	Duplicates time.Duration
	// Replicas is how many copies of each stream a NATS cluster keeps (1
	// on a single server; 3 in a cluster).
	Replicas int
}

func (o Options) withDefaults() Options {
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.AckWait <= 0 {
		o.AckWait = DefaultAckWait
	}
	if o.Attempts <= 0 {
		o.Attempts = DefaultAttempts
	}
	if o.Duplicates <= 0 {
		o.Duplicates = DefaultDuplicates
	}
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	return o
}

var validName = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// The streams and consumers of one Name.
type names struct {
	work, stored, failed                      string // streams
	workSubject, storedSubject, failedSubject string
	workers, clusterer                        string // durable consumers
	events                                    string // plain NATS subject of story events
}

func namesOf(name string) names {
	up := strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	return names{
		work: up + "_WORK", stored: up + "_STORED", failed: up + "_FAILED",
		workSubject: name + ".work", storedSubject: name + ".stored", failedSubject: name + ".failed",
		workers: "workers", clusterer: "clusterer",
		events: name + ".events",
	}
}

// Queue is a connection to the streams of one deployment. It is safe for
// concurrent use.
type Queue struct {
	nc    *nats.Conn
	js    jetstream.JetStream
	o     Options
	n     names
	where string // the server, for messages: a URL without credentials
	owns  bool   // Close closes nc
}

// Dial connects to the NATS server at rawURL (nats://host:4222, several
// separated by commas) and makes the streams when they are missing.
func Dial(ctx context.Context, rawURL string, o Options) (*Queue, error) {
	where := Redact(rawURL)
	nc, err := nats.Connect(rawURL,
		nats.Name("storywire"),
		// Once connected, a lost server is waited for: the work in
		// JetStream is safe meanwhile, and publishes fail until it is back.
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
	)
	if err != nil {
		return nil, fmt.Errorf("queue: cannot reach NATS at %s: %w; is nats-server running (with -js)?", where, err)
	}
	q, err := open(ctx, nc, o, where)
	if err != nil {
		nc.Close()
		return nil, err
	}
	q.owns = true
	return q, nil
}

// New uses a connection made elsewhere (a test's in-process server);
// Close leaves it open.
func New(ctx context.Context, nc *nats.Conn, o Options) (*Queue, error) {
	return open(ctx, nc, o, nc.ConnectedUrlRedacted())
}

func open(ctx context.Context, nc *nats.Conn, o Options, where string) (*Queue, error) {
	o = o.withDefaults()
	if !validName.MatchString(o.Name) {
		return nil, fmt.Errorf("queue: name %q: use 1 to 32 lower-case letters, digits, - or _, starting with a letter", o.Name)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	q := &Queue{nc: nc, js: js, o: o, n: namesOf(o.Name), where: where}
	if err := q.ensureStreams(ctx); err != nil {
		return nil, err
	}
	return q, nil
}

// Close closes the connection when Dial made it, after sending what is
// buffered.
func (q *Queue) Close() error {
	if !q.owns {
		return nil
	}
	return q.nc.Drain()
}

// Options returns the queue's options, defaults filled in.
func (q *Queue) Options() Options { return q.o }

// Where names the server, without credentials.
func (q *Queue) Where() string { return q.where }

// ensureStreams makes the streams that are missing. One that exists is
// left as it is: an operator may have tuned it (limits, replicas) with
// the nats tool, and processes started with other options must not undo
// that.
func (q *Queue) ensureStreams(ctx context.Context) error {
	streams := []jetstream.StreamConfig{
		{
			Name: q.n.work, Subjects: []string{q.n.workSubject},
			Description: "Storywire: items waiting for a worker",
			// An item is removed once a worker acknowledges it.
			Retention: jetstream.WorkQueuePolicy,
		},
		{
			Name: q.n.stored, Subjects: []string{q.n.storedSubject},
			Description: "Storywire: stored articles waiting for the clusterer",
			Retention:   jetstream.WorkQueuePolicy,
		},
		{
			Name: q.n.failed, Subjects: []string{q.n.failedSubject},
			Description: "Storywire: items that could not be ingested, with their reasons",
			Retention:   jetstream.LimitsPolicy, MaxAge: FailedMaxAge,
		},
	}
	for _, cfg := range streams {
		cfg.Storage = jetstream.FileStorage
		cfg.Replicas = q.o.Replicas
		cfg.Duplicates = min(q.o.Duplicates, maxDuplicates(cfg.MaxAge))
		_, err := q.js.Stream(ctx, cfg.Name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			_, err = q.js.CreateStream(ctx, cfg)
			if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
				err = nil // made by another process meanwhile
			}
		}
		if err != nil {
			return q.errorf(err, "stream %s", cfg.Name)
		}
	}
	return nil
}

// maxDuplicates bounds the duplicate window by a stream's age limit, as
// JetStream requires.
func maxDuplicates(maxAge time.Duration) time.Duration {
	if maxAge <= 0 {
		return 1<<63 - 1
	}
	return maxAge
}

// errorf wraps a JetStream error, saying what to do when the server has
// no JetStream.
func (q *Queue) errorf(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if errors.Is(err, jetstream.ErrJetStreamNotEnabled) || errors.Is(err, nats.ErrJetStreamNotEnabled) {
		return fmt.Errorf("queue: %s: NATS at %s has no JetStream: start nats-server with -js (or a jetstream block in its configuration)", what, q.where)
	}
	return fmt.Errorf("queue: %s: %w", what, err)
}

// Redact returns a NATS URL list without passwords or tokens, for
// messages.
func Redact(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		u, err := url.Parse(strings.TrimSpace(p))
		if err != nil || u.User == nil {
			continue
		}
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		} else {
			u.User = url.User("xxxxx") // a token
		}
		parts[i] = u.String()
	}
	return strings.Join(parts, ",")
}

// PublishEvents sends what a clusterer's group did to the stories (an
// encoded list of story events) to whoever follows them (FollowEvents):
// servers that tell their clients. It is plain NATS, not JetStream: an
// event nobody hears is not kept, as a server's own are not.
func (q *Queue) PublishEvents(data []byte) error {
	if err := q.nc.Publish(q.n.events, data); err != nil {
		return fmt.Errorf("queue: publish story events: %w", err)
	}
	return nil
}

// FollowEvents calls fn with every list of story events published from
// now on, until the returned stop is called.
func (q *Queue) FollowEvents(fn func(data []byte)) (stop func(), err error) {
	sub, err := q.nc.Subscribe(q.n.events, func(m *nats.Msg) { fn(m.Data) })
	if err != nil {
		return nil, fmt.Errorf("queue: follow story events: %w", err)
	}
	return func() { _ = sub.Unsubscribe() }, nil
}
