package queue_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storywire/storywire/internal/model"
	"github.com/storywire/storywire/internal/queue"
	"github.com/storywire/storywire/internal/queue/queuetest"
)

func open(t *testing.T, o queue.Options) *queue.Queue {
	t.Helper()
	srv := queuetest.Start(t)
	q, err := queue.New(context.Background(), srv.Conn(t), o)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func doc(origin, body string) queue.Job {
	return queue.Job{Origin: origin, Doc: model.RawDocument{Origin: origin, Format: model.FormatText, Body: []byte(body),
		Meta: model.Metadata{Title: "T", Authors: []string{"A. Writer"}, Published: "2024-03-01", PublishedSource: model.FromFeed,
			Extra: map[string]json.RawMessage{"section": json.RawMessage(`"world"`)}},
		FetchedAt: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)}}
}

// TestJobsGoRoundAndRepublishIsDropped: a job comes out as it went in
// (its document, metadata and overrides; a large one compressed on the
// way); the same item published again, from another origin, is dropped;
// a URL job is new work every time.
func TestJobsGoRoundAndRepublishIsDropped(t *testing.T) {
	ctx := context.Background()
	q := open(t, queue.Options{})
	small := doc("a.txt", "Ministers met on Monday.")
	small.Outlet, small.Published = "Harbour Times", "2024-03-02"
	large := doc("b.html", "<p>"+strings.Repeat("The council voted again. ", 4000)+"</p>")
	large.Doc.Format = model.FormatHTML
	fetchJob := queue.Job{Origin: "https://news.example/a", URL: "https://news.example/a"}
	for _, j := range []queue.Job{small, large, fetchJob} {
		if dup, err := q.Publish(ctx, j); err != nil || dup {
			t.Fatalf("publish %s: dup %v, %v", j.Origin, dup, err)
		}
	}
	again := small
	again.Origin, again.Doc.Origin = "c.txt", "c.txt"
	again.Doc.FetchedAt = time.Now()
	if dup, err := q.Publish(ctx, again); err != nil || !dup {
		t.Errorf("the same item from another origin: dup %v, %v; want dropped", dup, err)
	}
	if dup, err := q.Publish(ctx, fetchJob); err != nil || dup {
		t.Errorf("a URL to fetch again: dup %v, %v; want new work", dup, err)
	}
	changed := small
	changed.Outlet = "Other"
	if dup, err := q.Publish(ctx, changed); err != nil || dup {
		t.Errorf("the same bytes with another outlet: dup %v, %v; want new work", dup, err)
	}

	w, err := q.Workers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Fetch(ctx, 10, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("fetched %d jobs, want 5", len(got))
	}
	want := []queue.Job{small, large, fetchJob, fetchJob, changed}
	for i, d := range got {
		if d.Err != nil {
			t.Fatalf("job %d: %v", i, d.Err)
		}
		if !reflect.DeepEqual(d.Job, want[i]) {
			t.Errorf("job %d:\n got %+v\nwant %+v", i, d.Job, want[i])
		}
		if d.Attempt() != 1 {
			t.Errorf("job %d: attempt %d", i, d.Attempt())
		}
		if err := d.Ack(); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// The server takes acknowledgements in on its own time: a busy
	// machine can show one in flight just after the flush.
	var st queue.Status
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if st, err = q.Status(ctx); err != nil || st.Idle() || time.Now().After(deadline) {
			break
		}
	}
	if err != nil || !st.Idle() {
		t.Errorf("after acknowledging every job: %+v, %v", st, err)
	}
}

// TestTooLargeIsRefused: a job above the server's message limit is
// refused, saying so, and nothing is queued.
func TestTooLargeIsRefused(t *testing.T) {
	ctx := context.Background()
	q := open(t, queue.Options{})
	// Random-looking text does not compress below the 1 MB limit.
	var b bytes.Buffer
	x := uint32(1)
	for b.Len() < 3<<20 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte(byte('a' + x%26))
	}
	_, err := q.Publish(ctx, doc("huge.txt", b.String()))
	if !errors.Is(err, queue.ErrTooLarge) || !strings.Contains(err.Error(), "huge.txt") || !strings.Contains(err.Error(), "max_payload") {
		t.Fatalf("publish of a 3 MB item: %v", err)
	}
	if st, _ := q.Status(ctx); st.Waiting != 0 {
		t.Errorf("%d jobs waiting after a refusal", st.Waiting)
	}
}

// TestUnackedIsRedeliveredAndFailIsFinal: a job not acknowledged within
// AckWait comes again, counted as a second attempt; one failed is
// recorded with its reason and never comes again.
func TestUnackedIsRedeliveredAndFailIsFinal(t *testing.T) {
	ctx := context.Background()
	q := open(t, queue.Options{AckWait: 500 * time.Millisecond})
	if _, err := q.Publish(ctx, doc("a.txt", "Text")); err != nil {
		t.Fatal(err)
	}
	w, err := q.Workers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first, err := w.Fetch(ctx, 1, time.Second)
	if err != nil || len(first) != 1 {
		t.Fatalf("first fetch: %d, %v", len(first), err)
	}
	// Not acknowledged: it comes back once AckWait is over.
	var again []*queue.Delivery
	for deadline := time.Now().Add(10 * time.Second); len(again) == 0 && time.Now().Before(deadline); {
		if again, err = w.Fetch(ctx, 1, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if len(again) != 1 || again[0].Attempt() != 2 || again[0].Job.Origin != "a.txt" {
		t.Fatalf("redelivery: %+v", again)
	}
	if err := again[0].Fail(ctx, "it broke"); err != nil {
		t.Fatal(err)
	}
	if err := q.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if later, err := w.Fetch(ctx, 1, time.Second); err != nil || len(later) != 0 {
		t.Errorf("a failed job came again: %d, %v", len(later), err)
	}
	fs, err := q.Failures(ctx, 10)
	if err != nil || len(fs) != 1 {
		t.Fatalf("failures: %+v, %v", fs, err)
	}
	if fs[0].Origin != "a.txt" || fs[0].Reason != "it broke" || fs[0].Attempts != 2 || !strings.Contains(string(fs[0].Job), `"origin":"a.txt"`) {
		t.Errorf("failure: %+v", fs[0])
	}
	st, err := q.Status(ctx)
	if err != nil || st.Failed != 1 || !st.Idle() {
		t.Errorf("status: %+v, %v", st, err)
	}
}

// TestStoredNotices: the clusterer's notices carry the article ids, each
// once however often it was told.
func TestStoredNotices(t *testing.T) {
	ctx := context.Background()
	q := open(t, queue.Options{})
	if err := q.PublishStored(ctx, []queue.StoredArticle{{ID: "a1", Order: queue.Order{Job: 7}}, {ID: "a2", Order: queue.Order{Job: 3, Item: 2}}}); err != nil {
		t.Fatal(err)
	}
	if err := q.PublishStored(ctx, []queue.StoredArticle{{ID: "a2"}, {ID: "a3"}}); err != nil {
		t.Fatal(err)
	}
	c, err := q.Clusterer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Fetch(ctx, 10, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var orders []queue.Order
	for _, s := range got {
		ids = append(ids, s.ID)
		orders = append(orders, s.Order)
		if err := s.Ack(); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(ids, []string{"a1", "a2", "a3"}) {
		t.Errorf("notices: %v", ids)
	}
	if want := []queue.Order{{Job: 7}, {Job: 3, Item: 2}, {}}; !reflect.DeepEqual(orders, want) {
		t.Errorf("orders: %v, want %v", orders, want)
	}
	if !orders[1].Less(orders[0]) || !orders[0].Less(orders[2]) || orders[2].Less(orders[1]) {
		t.Error("Less: an unknown order must come after known ones, known ones by job then item")
	}
}

func TestNameAndRedact(t *testing.T) {
	srv := queuetest.Start(t)
	if _, err := queue.New(context.Background(), srv.Conn(t), queue.Options{Name: "Bad Name"}); err == nil {
		t.Error("a name with a space and capitals was taken")
	}
	if got := queue.Redact("nats://u:secret@h:4222,nats://tok@g:4222"); strings.Contains(got, "secret") || strings.Contains(got, "tok@") {
		t.Errorf("Redact: %s", got)
	}
}
