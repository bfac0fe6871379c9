package routes

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// StatusResponse reports liveness or readiness.
type StatusResponse struct {
	// Status is ok (liveness), ready, or degraded: ready, but the shared
	// embedding cache is failing and sentences are embedded without it.
	Status string `json:"status" example:"ready" enums:"ok,ready,degraded"`
	// Cache is the shared embedding cache's state, when one is configured.
	Cache *CacheStatus `json:"cache,omitempty"`
}

// CacheStatus is the state of the shared embedding cache (Qdrant).
type CacheStatus struct {
	Shared   string `json:"shared" example:"qdrant"`
	Degraded bool   `json:"degraded"`
	// LastError is the latest failure, kept after recovery.
	LastError string    `json:"last_error,omitempty"`
	Since     time.Time `json:"since,omitzero"`
}

// healthz godoc
//
//	@Summary		Liveness
//	@Description	Answers 200 while the process serves HTTP, even before the encoder is loaded.
//	@Tags			health
//	@Produce		json
//	@Success		200	{object}	StatusResponse
//	@Router			/healthz [get]
func (h *handlers) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, StatusResponse{Status: "ok"})
}

// readyz godoc
//
//	@Summary		Readiness
//	@Description	Answers 200 once the sentence encoder is loaded and requests can be scored, 503 (problem+json) before. With Qdrant configured, `cache` says whether the shared embedding cache works; while it fails, status is `degraded` (still 200: scoring answers, embedding without the cache) until it recovers by itself.
//	@Tags			health
//	@Produce		json
//	@Success		200	{object}	StatusResponse
//	@Failure		503	{object}	Problem
//	@Router			/readyz [get]
func (h *handlers) readyz(c echo.Context) error {
	if err := h.d.Backend.Ready(); err != nil {
		return err
	}
	st := StatusResponse{Status: "ready", Cache: h.d.Backend.CacheStatus(c.Request().Context())}
	if st.Cache != nil && st.Cache.Degraded {
		st.Status = "degraded"
	}
	return c.JSON(http.StatusOK, st)
}

// prometheus godoc
//
//	@Summary		Prometheus metrics
//	@Description	Prometheus text exposition: cecbench_http_request_duration_seconds (by route, method, status), cecbench_embedding_batch_size (sentences per encoder batch), cecbench_embedding_cache_lookups_total (by result: hit, miss), Go runtime and process metrics.
//	@Tags			health
//	@Produce		plain
//	@Success		200	{string}	string	"text exposition format"
//	@Router			/metrics [get]
func (h *handlers) prometheus(c echo.Context) error {
	h.d.Metrics.ServeHTTP(c.Response(), c.Request())
	return nil
}

func (h *handlers) index(c echo.Context) error {
	return c.Redirect(http.StatusFound, "/swagger/index.html")
}
