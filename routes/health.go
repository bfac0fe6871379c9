package routes

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// StatusResponse reports liveness or readiness.
type StatusResponse struct {
	Status string `json:"status" example:"ok"`
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
//	@Description	Answers 200 once the sentence encoder is loaded and requests can be scored, 503 (problem+json) before.
//	@Tags			health
//	@Produce		json
//	@Success		200	{object}	StatusResponse
//	@Failure		503	{object}	Problem
//	@Router			/readyz [get]
func (h *handlers) readyz(c echo.Context) error {
	if err := h.d.Backend.Ready(); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, StatusResponse{Status: "ready"})
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
