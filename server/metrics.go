package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/tieredcache"
)

// Metrics holds the Prometheus collectors of one server, in a registry of
// its own (no global state).
type Metrics struct {
	registry    *prometheus.Registry
	latency     *prometheus.HistogramVec
	batchSize   prometheus.Histogram
	cacheLookup *prometheus.CounterVec
	// levelLookup counts the two-level cache's lookups by level (memory,
	// shared) and result; hitRatio derives each level's hit ratio.
	levelLookup  *prometheus.CounterVec
	sharedErrors *prometheus.CounterVec
	sharedCalls  *prometheus.HistogramVec
	levelCounts  levelCounts
}

// levelCounts keeps the hits and lookups per level for the ratio gauges.
type levelCounts struct {
	mu            sync.Mutex
	hits, lookups map[string]float64
}

func (l *levelCounts) add(level string, hits, misses int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits[level] += float64(hits)
	l.lookups[level] += float64(hits + misses)
}

// ratio is the level's hits over lookups, 0 before any lookup.
func (l *levelCounts) ratio(level string) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lookups[level] == 0 {
		return 0
	}
	return l.hits[level] / l.lookups[level]
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
	m.levelLookup = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cecbench_embedding_cache_level_lookups_total",
		Help: "Sentence lookups at each level of the two-level embedding cache (memory, shared: Qdrant) by result (hit or miss); the shared level sees only the memory level's misses.",
	}, []string{"level", "result"})
	m.sharedErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cecbench_embedding_cache_shared_errors_total",
		Help: "Failed calls to the shared embedding cache (Qdrant) by operation (get, put); each is scored without it.",
	}, []string{"op"})
	m.sharedCalls = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "cecbench_embedding_cache_shared_call_seconds",
		Help:    "Duration of one call to the shared embedding cache (Qdrant), one batch of sentences, by operation (get, put).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"op"})
	m.levelCounts = levelCounts{hits: map[string]float64{}, lookups: map[string]float64{}}
	m.registry.MustRegister(m.latency, m.batchSize, m.cacheLookup, m.levelLookup, m.sharedErrors, m.sharedCalls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, level := range []string{tieredcache.LevelMemory, tieredcache.LevelShared} {
		m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "cecbench_embedding_cache_hit_ratio",
			Help:        "Hits over lookups since start at each level of the two-level embedding cache.",
			ConstLabels: prometheus.Labels{"level": level},
		}, func() float64 { return m.levelCounts.ratio(level) }))
	}
	return m
}

var _ tieredcache.Observer = (*Metrics)(nil)

// Lookup counts a two-level cache lookup at one level.
func (m *Metrics) Lookup(level string, hits, misses int) {
	m.levelLookup.WithLabelValues(level, "hit").Add(float64(hits))
	m.levelLookup.WithLabelValues(level, "miss").Add(float64(misses))
	m.levelCounts.add(level, hits, misses)
}

// SharedCall times a call to the shared cache.
func (m *Metrics) SharedCall(op string, d time.Duration) {
	m.sharedCalls.WithLabelValues(op).Observe(d.Seconds())
}

// SharedError counts a failed call to the shared cache.
func (m *Metrics) SharedError(op string) { m.sharedErrors.WithLabelValues(op).Inc() }

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
