package routes

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/leaderboard"
)

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get(echo.HeaderAuthorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// unauthorized is a 401 that tells the client which scheme to use.
func unauthorized(c echo.Context, realm, detail string) error {
	c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="`+realm+`"`)
	return echo.NewHTTPError(http.StatusUnauthorized, detail)
}

// requireAdmin lets through only requests with the operator's token
// (CECBENCH_ADMIN_TOKEN), compared in constant time.
func (h *handlers) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if h.d.AdminToken == "" {
			return unauthorized(c, "cecbench-admin", "the admin API is disabled on this server: start it with CECBENCH_ADMIN_TOKEN set, and send that token as Authorization: Bearer")
		}
		token, ok := BearerToken(c.Request())
		if !ok || !leaderboard.SecretsEqual(token, h.d.AdminToken) {
			return unauthorized(c, "cecbench-admin", "this endpoint needs the operator's token: Authorization: Bearer $CECBENCH_ADMIN_TOKEN")
		}
		return next(c)
	}
}

// operatorOnly guards the endpoints that can show teacher explanations
// (datasets, jobs, teacher, models, fine-tuning, evaluation), which are
// the leaderboard's hidden references: with an admin token configured
// they need it; without one they are open, unless the server hosts a
// benchmark, when they are refused until a token is configured.
func (h *handlers) operatorOnly(next echo.HandlerFunc) echo.HandlerFunc {
	admin := h.requireAdmin(next)
	return func(c echo.Context) error {
		if h.d.AdminToken != "" {
			return admin(c)
		}
		if h.d.Leaderboard == nil {
			return next(c)
		}
		has, err := h.d.Leaderboard.HasBenchmarks(c.Request().Context())
		if err != nil {
			return err
		}
		if has {
			return echo.NewHTTPError(http.StatusForbidden, "this server hosts leaderboard benchmarks, whose hidden references this endpoint could show: restart it with CECBENCH_ADMIN_TOKEN set and send that token as Authorization: Bearer")
		}
		return next(c)
	}
}

// teamKey is where requireTeam leaves the authenticated team.
const teamKey = "cecbench.team"

// requireTeam lets through only requests with a team's API key and
// leaves the team in the context.
func (h *handlers) requireTeam(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key, ok := BearerToken(c.Request())
		if !ok {
			return unauthorized(c, "cecbench", "this endpoint needs your team's API key: Authorization: Bearer <api_key>")
		}
		team, err := h.d.Leaderboard.Authenticate(c.Request().Context(), key)
		if errors.Is(err, leaderboard.ErrNotFound) {
			return unauthorized(c, "cecbench", "unknown API key (keys are shown once, when the team is created or its key rotated; ask the operator for a new one)")
		}
		if err != nil {
			return err
		}
		c.Set(teamKey, team)
		return next(c)
	}
}

// team is the team requireTeam authenticated.
func team(c echo.Context) leaderboard.Team {
	t, _ := c.Get(teamKey).(leaderboard.Team)
	return t
}
