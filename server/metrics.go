package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cecbench/cecbench/scoring"
)

// Metrics holds the Prometheus collectors of one server, in a registry of
// its own (no global state).
type Metrics struct {
	registry    *prometheus.Registry
	latency     *prometheus.HistogramVec
	batchSize   prometheus.Histogram
	cacheLookup *prometheus.CounterVec
}

var _ scoring.Observer = (*Metrics)(nil)

// NewMetrics registers the collectors, Go runtime and process metrics.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "cecbench_http_request_duration_seconds",
			Help:    "HTTP request latency by route, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cecbench_embedding_batch_size",
			Help:    "Sentences per batch given to the sentence encoder.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 48, 64, 128, 256},
		}),
		cacheLookup: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cecbench_embedding_cache_lookups_total",
			Help: "Sentence lookups in the embedding cache by result (hit or miss).",
		}, []string{"result"}),
	}
	m.registry.MustRegister(m.latency, m.batchSize, m.cacheLookup,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// CacheLookup counts embedding cache hits and misses.
func (m *Metrics) CacheLookup(hits, misses int) {
	m.cacheLookup.WithLabelValues("hit").Add(float64(hits))
	m.cacheLookup.WithLabelValues("miss").Add(float64(misses))
}

// ObserveBatch records the size of one encoder batch.
func (m *Metrics) ObserveBatch(size int) { m.batchSize.Observe(float64(size)) }

// middleware records the latency of every request under its route pattern.
func (m *Metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			// Let the error handler write the status before it is recorded.
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		m.latency.WithLabelValues(route, c.Request().Method, strconv.Itoa(c.Response().Status)).Observe(time.Since(start).Seconds())
		return nil
	}
}
