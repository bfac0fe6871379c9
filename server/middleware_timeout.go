package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Connection timeouts of the HTTP server. The whole request (headers and
// body) must arrive within Config.RequestTimeout; the server does not
// bound writes, which would cut event streams.
const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
)

// eventsRoute is the route that streams a job's events.
const eventsRoute = "/v1/jobs/:id/events"

// requestTimeout gives every /v1 request's context a deadline d from now,
// except event streams, which last as long as their job. A handler that
// runs out returns an error wrapping context.DeadlineExceeded, which the
// error handler answers with 503 and Retry-After. A handler that fails
// in some other way after the deadline (an error that lost the cause)
// is answered the same way, not with 500.
func requestTimeout(d time.Duration) echo.MiddlewareFunc {
	return middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{
		Timeout: d,
		Skipper: func(c echo.Context) bool {
			return !strings.HasPrefix(c.Request().URL.Path, "/v1/") || isEventStream(c)
		},
		ErrorHandler: func(err error, c echo.Context) error {
			if !errors.Is(c.Request().Context().Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			if status, _ := statusOf(err); status != http.StatusInternalServerError {
				return err
			}
			return errors.Join(context.DeadlineExceeded, err)
		},
	})
}

// isEventStream reports whether c asks for a job's events as Server-Sent
// Events (stream=true, or Accept: text/event-stream), as routes answers.
func isEventStream(c echo.Context) bool {
	if c.Request().Method != http.MethodGet || c.Path() != eventsRoute {
		return false
	}
	if v, err := strconv.ParseBool(c.QueryParam("stream")); err == nil {
		return v
	}
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/event-stream")
}
