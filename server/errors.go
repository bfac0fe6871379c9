package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/batching"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/leaderboard"
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/scoring/stats"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/evaluate"
	"github.com/cecbench/cecbench/training/finetune"
	"github.com/cecbench/cecbench/training/models"
	"github.com/cecbench/cecbench/training/teacher"
)

// statusOf maps a domain or request error to an HTTP status and a message
// for the user. Unknown errors are 500 with a generic message; their
// details go to the log only.
func statusOf(err error) (int, string) {
	var he *echo.HTTPError
	var re *routes.RequestError
	switch {
	case errors.As(err, &he):
		msg := http.StatusText(he.Code)
		if s, ok := he.Message.(string); ok && s != "" {
			msg = s
		}
		return he.Code, msg
	case errors.As(err, &re):
		return requestStatus(re), re.Detail
	case errors.Is(err, leaderboard.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, leaderboard.ErrInvalid):
		return http.StatusUnprocessableEntity, err.Error()
	case errors.Is(err, leaderboard.ErrQuota):
		return http.StatusTooManyRequests, err.Error()
	case errors.Is(err, leaderboard.ErrClosed), errors.Is(err, leaderboard.ErrConflict):
		return http.StatusConflict, err.Error()
	case errors.Is(err, catalog.ErrNotFound), errors.Is(err, jobs.ErrNotFound), errors.Is(err, models.ErrNotFound),
		errors.Is(err, finetune.ErrNoMetrics), errors.Is(err, evaluate.ErrNoResults):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, jobs.ErrFinished), errors.Is(err, models.ErrExists):
		return http.StatusConflict, err.Error()
	case errors.Is(err, teacher.ErrInvalidParams), errors.Is(err, catalog.ErrMixedSplits),
		errors.Is(err, dataset.ErrUnknownSplit), errors.Is(err, dataset.ErrEmptySplit),
		errors.Is(err, dataset.ErrNoExplanations), errors.Is(err, models.ErrInvalid),
		errors.Is(err, finetune.ErrInvalidParams), errors.Is(err, evaluate.ErrInvalidParams):
		return http.StatusUnprocessableEntity, err.Error()
	case errors.Is(err, scoring.ErrInvalid), errors.Is(err, stats.ErrInvalid):
		return http.StatusUnprocessableEntity, err.Error()
	case errors.Is(err, scoring.ErrUnavailable):
		return http.StatusNotImplemented, err.Error()
	case errors.Is(err, batching.ErrClosed):
		return http.StatusServiceUnavailable, "the server is shutting down; retry on another replica or in a moment"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long; send fewer pairs"
	case errors.Is(err, context.Canceled):
		return 499, "the request was cancelled"
	default:
		return http.StatusInternalServerError, "internal error; it has been logged with this request's id"
	}
}

func requestStatus(re *routes.RequestError) int {
	switch {
	case errors.Is(re, routes.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(re, routes.ErrWrongType):
		return http.StatusUnprocessableEntity
	case errors.Is(re, routes.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(re, routes.ErrNotReady):
		return http.StatusServiceUnavailable
	case errors.Is(re, routes.ErrUnsupportedMedia):
		return http.StatusUnsupportedMediaType
	default: // ErrMalformed, ErrUnknownField
		return http.StatusBadRequest
	}
}

// errorHandler is the one place errors become responses: RFC 9457
// application/problem+json bodies.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, detail := statusOf(err)
		var lines []routes.LineProblem
		var count int
		var pe *dataset.ParseError
		var ue *leaderboard.UploadError
		if errors.As(err, &ue) {
			count = ue.Total
			for _, p := range ue.Problems {
				lines = append(lines, routes.LineProblem{Line: p.Line, ID: p.ID, Message: p.Message})
			}
		}
		if errors.As(err, &pe) {
			status, detail, count = http.StatusUnprocessableEntity, pe.Error(), pe.Count
			for _, le := range pe.Problems {
				lines = append(lines, routes.LineProblem{Line: le.Line, Field: le.Field, Message: le.Message})
			}
		}
		reqID := c.Response().Header().Get(echo.HeaderXRequestID)
		if status == http.StatusInternalServerError {
			log.Error("request failed", "request_id", reqID, "path", c.Request().URL.Path, "err", err)
		}
		if status == http.StatusServiceUnavailable {
			c.Response().Header().Set("Retry-After", "1")
		}
		title := http.StatusText(status)
		if title == "" {
			title = "Client Closed Request"
		}
		p := routes.Problem{Type: "about:blank", Title: title, Status: status, Detail: detail, Instance: c.Request().URL.Path, RequestID: reqID,
			Errors: lines, ErrorCount: count}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(status)
		if c.Request().Method == http.MethodHead {
			return
		}
		if werr := jsonEncode(c.Response(), p); werr != nil {
			log.Warn("write problem response", "request_id", reqID, "err", werr)
		}
	}
}
