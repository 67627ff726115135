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

// Failure records an item that could not be ingested.
type Failure struct {
	Origin   string    `json:"origin"`
	Reason   string    `json:"reason"`
	Attempts int       `json:"attempts,omitempty"`
	At       time.Time `json:"at"`
	// Job is the item as it was sent (its JSON), to publish again once
	// the cause is mended; Data the message's bytes when they were no
	// job at all.
	Job  json.RawMessage `json:"job,omitempty"`
	Data []byte          `json:"data,omitempty"`
}

// RecordFailure keeps f in the failed stream (for FailedMaxAge).
func (q *Queue) RecordFailure(ctx context.Context, f Failure) error {
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("queue: record the failure of %s: %w", f.Origin, err)
	}
	data, enc, err := pack(b)
	if err != nil {
		return err
	}
	if limit := q.nc.MaxPayload(); int64(len(data))+headroom > limit {
		// The reason matters more than the bytes, which were published
		// once and can be again.
		f.Job, f.Data = nil, nil
		if data, err = json.Marshal(f); err != nil {
			return fmt.Errorf("queue: record the failure of %s: %w", f.Origin, err)
		}
		enc = ""
	}
	m := nats.NewMsg(q.n.failedSubject)
	m.Data = data
	if enc != "" {
		m.Header.Set(headerEncoding, enc)
	}
	if _, err := q.js.PublishMsg(ctx, m); err != nil {
		return q.errorf(err, "record the failure of %s", f.Origin)
	}
	return nil
}

// Failures returns the latest failures recorded, newest first, at most
// limit of them.
func (q *Queue) Failures(ctx context.Context, limit int) ([]Failure, error) {
	s, err := q.js.Stream(ctx, q.n.failed)
	if err != nil {
		return nil, q.errorf(err, "read failures")
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, q.errorf(err, "read failures")
	}
	var out []Failure
	for seq := info.State.LastSeq; seq >= info.State.FirstSeq && seq > 0 && len(out) < limit; seq-- {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return out, q.errorf(err, "read failure %d", seq)
		}
		b, err := unpack(m.Data, m.Header.Get(headerEncoding))
		if err != nil {
			return out, fmt.Errorf("queue: read failure %d: %w", seq, err)
		}
		var f Failure
		if err := json.Unmarshal(b, &f); err != nil {
			return out, fmt.Errorf("queue: read failure %d: %w", seq, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// Status is what the queue holds.
type Status struct {
	// Jobs waiting for a worker, and those a worker holds (delivered, not
	// yet acknowledged); Redelivered counts the held ones delivered more
	// than once.
	Waiting          uint64
	Working          int
	Redelivered      int
	Stored           uint64 // stored articles the clusterer has not finished with
	ClustererWorking int    // of which the clusterer holds
	Failed           uint64 // failures kept
}

// Idle reports whether nothing is waiting or being worked on.
func (s Status) Idle() bool { return s.Waiting == 0 && s.Working == 0 && s.Stored == 0 }

// Status reads what the queue holds.
func (q *Queue) Status(ctx context.Context) (Status, error) {
	var st Status
	msgs := func(stream string) (uint64, error) {
		s, err := q.js.Stream(ctx, stream)
		if err != nil {
			return 0, err
		}
		info, err := s.Info(ctx)
		if err != nil {
			return 0, err
		}
		return info.State.Msgs, nil
	}
	pending := func(stream, consumer string) (*jetstream.ConsumerInfo, error) {
		c, err := q.js.Consumer(ctx, stream, consumer)
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			return &jetstream.ConsumerInfo{}, nil
		}
		if err != nil {
			return nil, err
		}
		return c.Info(ctx)
	}
	work, err := msgs(q.n.work)
	if err != nil {
		return st, q.errorf(err, "status")
	}
	wi, err := pending(q.n.work, q.n.workers)
	if err != nil {
		return st, q.errorf(err, "status")
	}
	// A work-queue stream holds the jobs not yet acknowledged: those
	// waiting and those held.
	st.Working, st.Redelivered = wi.NumAckPending, wi.NumRedelivered
	st.Waiting = work - min(work, uint64(wi.NumAckPending))
	if st.Stored, err = msgs(q.n.stored); err != nil {
		return st, q.errorf(err, "status")
	}
	ci, err := pending(q.n.stored, q.n.clusterer)
	if err != nil {
		return st, q.errorf(err, "status")
	}
	st.ClustererWorking = ci.NumAckPending
	if st.Failed, err = msgs(q.n.failed); err != nil {
		return st, q.errorf(err, "status")
	}
	return st, nil
}
