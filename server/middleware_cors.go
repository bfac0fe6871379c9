package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// corsMaxAge is how long, in seconds, browsers may cache a preflight.
const corsMaxAge = 600

// cors answers preflights and sets Access-Control-* headers for the
// browser origins given ("*": any; patterns like https://*.example.org
// work too). Requests from other origins get no CORS headers, so
// browsers keep their answers from the page. No credentials (cookies)
// are allowed: API keys travel in Authorization, which is allowed.
func cors(origins []string) echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: origins,
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions},
		AllowHeaders: []string{echo.HeaderContentType, echo.HeaderAuthorization, echo.HeaderXRequestID, echo.HeaderAccept, "Last-Event-ID"},
		ExposeHeaders: []string{echo.HeaderXRequestID, echo.HeaderRetryAfter, "RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining",
			"RateLimit-Reset", "X-Prompt-Template", echo.HeaderLocation},
		MaxAge: corsMaxAge,
	})
}
