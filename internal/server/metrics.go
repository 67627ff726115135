package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/storywire/storywire/internal/app"
	"github.com/storywire/storywire/internal/feeds"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// (no global state: two servers in one test do not share counters).
type metrics struct {
	reg      *prometheus.Registry
	ingested *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	polls    *prometheus.CounterVec
	feedAdds prometheus.Counter
	queued   *prometheus.CounterVec
}

func newMetrics(a *app.App, events *broker) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storywire_ingest_items_total",
			Help: "Items ingested, by outcome (added, copy, duplicate, failed).",
		}, []string{"outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "storywire_http_request_duration_seconds",
			Help:    "Time to answer a request, by route and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "code"}),
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storywire_feed_polls_total",
			Help: "Polls of subscribed feeds, by result (changed, not_modified, failed).",
		}, []string{"result"}),
		feedAdds: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "storywire_feed_articles_added_total",
			Help: "Articles stored from feed items, copies included (with --nats: items queued).",
		}),
		queued: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storywire_queue_items_total",
			Help: "Items of POST /api/v1/articles published to the queue (with --nats), by outcome (queued, already_queued, failed).",
		}, []string{"outcome"}),
	}
	for _, o := range []string{"queued", "already_queued", "failed"} {
		m.queued.WithLabelValues(o)
	}
	for _, r := range []feeds.Outcome{feeds.Changed, feeds.NotModified, feeds.Failed} {
		m.polls.WithLabelValues(string(r))
	}
	for _, o := range []string{"added", "copy", "duplicate", "failed"} {
		m.ingested.WithLabelValues(o) // shown at 0 before the first ingest
	}
	m.reg.MustRegister(
		m.ingested,
		m.latency,
		m.polls,
		m.feedAdds,
		m.queued,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "storywire_articles_stored",
			Help: "Articles in the store, copies included.",
		}, func() float64 {
			// Read at scrape time, bounded so a busy store cannot stall
			// the scrape.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			st, err := a.Stats(ctx)
			if err != nil {
				return -1
			}
			return float64(st.Articles)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "storywire_event_clients",
			Help: "Clients following GET /api/v1/events.",
		}, func() float64 { return float64(events.clients()) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.latency.WithLabelValues(route, strconv.Itoa(code)).Observe(d.Seconds())
}

func (m *metrics) countIngest(s app.IngestSummary) {
	m.ingested.WithLabelValues("added").Add(float64(s.Added))
	m.ingested.WithLabelValues("copy").Add(float64(s.Copies))
	m.ingested.WithLabelValues("duplicate").Add(float64(s.Duplicates))
	m.ingested.WithLabelValues("failed").Add(float64(s.Failed))
}

func (m *metrics) countPoll(r app.FeedPollResult) {
	m.polls.WithLabelValues(string(r.Outcome)).Inc()
	m.feedAdds.Add(float64(r.Added))
}

func (m *metrics) countQueued(s app.QueueSummary) {
	m.queued.WithLabelValues("queued").Add(float64(s.Queued))
	m.queued.WithLabelValues("already_queued").Add(float64(s.AlreadyQueued))
	m.queued.WithLabelValues("failed").Add(float64(s.Failed))
}
