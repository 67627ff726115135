package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// message is what every delivery shares: the JetStream message and how
// many times it has been delivered.
type message struct {
	msg     jetstream.Msg
	attempt int
}

func newMessage(m jetstream.Msg) message {
	attempt := 1
	if md, err := m.Metadata(); err == nil {
		attempt = int(md.NumDelivered)
	}
	return message{msg: m, attempt: attempt}
}

// Attempt is how many times the message has been delivered, this time
// included.
func (m message) Attempt() int { return m.attempt }

// Ack tells JetStream the message is done with: it is removed. Call it
// only once what it asked for is committed.
func (m message) Ack() error { return m.msg.Ack() }

// Working tells JetStream the message is still being worked on, so that
// it is not given to another consumer when AckWait runs out.
func (m message) Working() error { return m.msg.InProgress() }

// Retry gives the message back, to be delivered again after delay (to
// this process or another).
func (m message) Retry(delay time.Duration) error { return m.msg.NakWithDelay(delay) }

// fetch pulls up to max messages, waiting at most wait for them all.
func fetch(ctx context.Context, c jetstream.Consumer, max int, wait time.Duration) ([]jetstream.Msg, error) {
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	batch, err := c.Fetch(max, jetstream.FetchContext(fctx))
	return drain(ctx, batch, err)
}

// fetchWaiting pulls the messages waiting now, up to max; when none is,
// it waits at most wait for one, and takes those waiting after it. A
// worker then starts on what there is at once rather than wait for a
// full batch.
func fetchWaiting(ctx context.Context, c jetstream.Consumer, max int, wait time.Duration) ([]jetstream.Msg, error) {
	batch, err := c.FetchNoWait(max)
	msgs, err := drain(ctx, batch, err)
	if err != nil || len(msgs) > 0 {
		return msgs, err
	}
	if msgs, err = fetch(ctx, c, 1, wait); err != nil || len(msgs) == 0 || max == 1 {
		return msgs, err
	}
	batch, err = c.FetchNoWait(max - 1)
	more, err := drain(ctx, batch, err)
	if err != nil {
		// The one in hand is worked on; the rest wait for the next fetch.
		return msgs, nil
	}
	return append(msgs, more...), nil
}

// drain collects a fetch's messages.
func drain(ctx context.Context, batch jetstream.MessageBatch, err error) ([]jetstream.Msg, error) {
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	var out []jetstream.Msg
	for m := range batch.Messages() {
		out = append(out, m)
	}
	if err := batch.Error(); err != nil && len(out) == 0 && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, nats.ErrTimeout) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return out, nil
}

// Delivery is one job handed to a worker.
type Delivery struct {
	message
	// Job is the item to ingest; empty when Err is set.
	Job Job
	// Err, when set, says why the message is no job a worker can read
	// (corrupt, or from a newer Storywire): Fail it.
	Err error
	raw []byte // the job's JSON, for the failure record
	q   *Queue
}

// Seq is the job's sequence in the work stream: the order it was
// published in.
func (d *Delivery) Seq() uint64 { return d.seq() }

// Fail records the job as failed with reason (Failures lists it) and
// tells JetStream never to deliver it again.
func (d *Delivery) Fail(ctx context.Context, reason string) error {
	origin := d.Job.Origin
	if origin == "" {
		origin = fmt.Sprintf("message %d", d.seq())
	}
	f := Failure{Origin: origin, Reason: reason, Attempts: d.attempt, At: time.Now().UTC()}
	if json.Valid(d.raw) {
		f.Job = d.raw
	} else {
		f.Data = d.msg.Data()
	}
	if err := d.q.RecordFailure(ctx, f); err != nil {
		return err
	}
	return d.msg.TermWithReason(reason)
}

func (d *Delivery) seq() uint64 {
	if md, err := d.msg.Metadata(); err == nil {
		return md.Sequence.Stream
	}
	return 0
}

// Workers pulls jobs for the workers: one durable consumer that every
// worker process shares, so each job goes to one of them.
type Workers struct {
	c jetstream.Consumer
	q *Queue
}

// Workers returns the workers' consumer, making it (or updating its
// AckWait and attempts to the queue's options) when needed.
func (q *Queue) Workers(ctx context.Context) (*Workers, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.n.work, jetstream.ConsumerConfig{
		Durable:     q.n.workers,
		Description: "Storywire workers",
		AckPolicy:   jetstream.AckExplicitPolicy,
		AckWait:     q.o.AckWait,
		// One more than the attempts: the delivery after the last attempt
		// is the one that records the job as failed.
		MaxDeliver:    q.o.Attempts + 1,
		MaxAckPending: 10000,
		Replicas:      q.o.Replicas,
	})
	if err != nil {
		return nil, q.errorf(err, "the workers' consumer")
	}
	return &Workers{c: c, q: q}, nil
}

// Fetch returns the jobs waiting, up to max; when none is, it waits at
// most wait for one (none when wait passes with nothing to do).
func (w *Workers) Fetch(ctx context.Context, max int, wait time.Duration) ([]*Delivery, error) {
	msgs, err := fetchWaiting(ctx, w.c, max, wait)
	if err != nil {
		return nil, w.q.errorf(err, "fetch jobs")
	}
	out := make([]*Delivery, len(msgs))
	for i, m := range msgs {
		d := &Delivery{message: newMessage(m), q: w.q}
		d.Job, d.raw, d.Err = decodeJob(m.Data(), m.Headers().Get(headerEncoding))
		out[i] = d
	}
	return out, nil
}

// StoredArticle is a stored article told to the clusterer, with its
// place in the order the items were published (Order), which the
// clusterer keeps among articles of one publication time: the order one
// process would have stored them in, whichever worker stored each.
type StoredArticle struct {
	ID    string
	Order Order
}

// Order is an item's place in the order of publication: its job's
// sequence in the work stream, then its place among the job's items (a
// feed's, for a URL job). The zero Order is unknown, and comes last.
type Order struct {
	Job  uint64
	Item int
}

// Less orders o before p.
func (o Order) Less(p Order) bool {
	if (o.Job == 0) != (p.Job == 0) {
		return p.Job == 0
	}
	if o.Job != p.Job {
		return o.Job < p.Job
	}
	return o.Item < p.Item
}

// headerOrder carries a notice's Order.
const headerOrder = "Storywire-Order"

// PublishStored tells the clusterer that the articles are stored,
// returning once JetStream holds every notice. An article told twice
// within the duplicate window is kept once.
func (q *Queue) PublishStored(ctx context.Context, arts []StoredArticle) error {
	futures := make([]jetstream.PubAckFuture, 0, len(arts))
	for _, a := range arts {
		m := nats.NewMsg(q.n.storedSubject)
		m.Data = []byte(a.ID)
		m.Header.Set(headerOrder, fmt.Sprintf("%d.%d", a.Order.Job, a.Order.Item))
		f, err := q.js.PublishMsgAsync(m, jetstream.WithMsgID("stored-"+a.ID))
		if err != nil {
			return q.errorf(err, "tell the clusterer of %s", a.ID)
		}
		futures = append(futures, f)
	}
	for i, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return q.errorf(err, "tell the clusterer of %s", arts[i].ID)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Stored is the notice that an article is stored, for the clusterer.
type Stored struct {
	message
	StoredArticle
}

// Clusterer pulls the stored articles' notices for the one active
// clusterer.
type Clusterer struct {
	c jetstream.Consumer
	q *Queue
}

// clustererAckWait is how long the clusterer may hold notices without a
// word; it holds them while a group gathers and is clustered, and says
// it is working every third of it.
const clustererAckWait = time.Minute

// ClustererAckWait is how often, at most, a holder of notices must say
// it is working on them.
func ClustererAckWait() time.Duration { return clustererAckWait }

// Clusterer returns the clusterer's consumer, making it when needed.
func (q *Queue) Clusterer(ctx context.Context) (*Clusterer, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.n.stored, jetstream.ConsumerConfig{
		Durable:     q.n.clusterer,
		Description: "Storywire's clusterer",
		AckPolicy:   jetstream.AckExplicitPolicy,
		AckWait:     clustererAckWait,
		// A stored article must get its story: notices are never dropped.
		MaxDeliver:    -1,
		MaxAckPending: 50000,
		Replicas:      q.o.Replicas,
	})
	if err != nil {
		return nil, q.errorf(err, "the clusterer's consumer")
	}
	return &Clusterer{c: c, q: q}, nil
}

// Fetch returns up to max notices, those that come within wait: a
// clusterer gathers a group until notices stop coming.
func (c *Clusterer) Fetch(ctx context.Context, max int, wait time.Duration) ([]*Stored, error) {
	msgs, err := fetch(ctx, c.c, max, wait)
	if err != nil {
		return nil, c.q.errorf(err, "fetch stored articles")
	}
	out := make([]*Stored, len(msgs))
	for i, m := range msgs {
		s := &Stored{message: newMessage(m), StoredArticle: StoredArticle{ID: string(m.Data())}}
		// A notice without a readable order comes after those with one.
		_, _ = fmt.Sscanf(m.Headers().Get(headerOrder), "%d.%d", &s.Order.Job, &s.Order.Item)
		out[i] = s
	}
	return out, nil
}

// Flush waits until the server has everything sent so far (acks
// included).
func (q *Queue) Flush(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
	}
	if err := q.nc.FlushWithContext(ctx); err != nil {
		return fmt.Errorf("queue: flush to %s: %w", q.where, err)
	}
	return nil
}
