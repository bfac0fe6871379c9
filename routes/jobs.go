package routes

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/jobs"
)

// JobList is the answer of GET /v1/jobs.
type JobList struct {
	Jobs []jobs.Job `json:"jobs"`
}

// EventPage is a page of a job's event log.
type EventPage struct {
	JobID string `json:"job_id"`
	// State is the job's state when the page was read.
	State  jobs.State   `json:"state"`
	Events []jobs.Event `json:"events"`
	// NextAfter is the after= to ask for the events that follow.
	NextAfter int64 `json:"next_after"`
}

// How the event stream polls the log and keeps the connection alive.
const (
	streamPoll      = 200 * time.Millisecond
	streamHeartbeat = 15 * time.Second
)

// listJobs godoc
//
//	@Summary	List jobs, newest first
//	@Tags		jobs
//	@Produce	json
//	@Param		type	query		string	false	"job type, e.g. teacher"
//	@Param		state	query		string	false	"queued, running, succeeded, failed or cancelled"
//	@Param		limit	query		integer	false	"at most this many (1 to 1000)"	default(100)
//	@Success	200		{object}	JobList
//	@Failure	422		{object}	Problem
//	@Router		/v1/jobs [get]
func (h *handlers) listJobs(c echo.Context) error {
	f := jobs.Filter{Type: c.QueryParam("type"), State: jobs.State(c.QueryParam("state"))}
	if f.State != "" && !f.State.Valid() {
		return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("state %q: want one of %s", f.State, stateNames())}
	}
	limit, err := intParam(c, "limit", jobs.DefaultListLimit, 1, 1000)
	if err != nil {
		return err
	}
	f.Limit = limit
	list, err := h.d.Jobs.List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []jobs.Job{}
	}
	return c.JSON(http.StatusOK, JobList{Jobs: list})
}

func stateNames() string {
	names := make([]string, len(jobs.States))
	for i, s := range jobs.States {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// getJob godoc
//
//	@Summary	One job: state, progress, result or error
//	@Tags		jobs
//	@Produce	json
//	@Param		id	path		string	true	"job id"
//	@Success	200	{object}	jobs.Job
//	@Failure	404	{object}	Problem
//	@Router		/v1/jobs/{id} [get]
func (h *handlers) getJob(c echo.Context) error {
	j, err := h.d.Jobs.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// cancelJob godoc
//
//	@Summary		Cancel a queued or running job
//	@Description	A queued job never starts; a running one is stopped (what it already stored is kept). Answers the job as it is after the call.
//	@Tags			jobs
//	@Produce		json
//	@Param			id	path		string	true	"job id"
//	@Success		200	{object}	jobs.Job
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem	"the job had already finished"
//	@Router			/v1/jobs/{id}/cancel [post]
func (h *handlers) cancelJob(c echo.Context) error {
	j, err := h.d.Jobs.Cancel(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// jobEvents godoc
//
//	@Summary		A job's event log
//	@Description	The append-only log (state changes, progress, retries, items), events with `seq` > `after`. Poll with `after` = the previous answer's `next_after`. With `Accept: text/event-stream` (or `stream=true`) the answer is a Server-Sent Events stream instead: each event as `id: <seq>`, `event: <kind>`, `data: <event JSON>`, following the log until the job ends (then one `event: end`); `Last-Event-ID` resumes a dropped stream.
//	@Tags			jobs
//	@Produce		json
//	@Produce		event-stream
//	@Param			id		path		string	true	"job id"
//	@Param			after	query		integer	false	"return events after this seq"	default(0)
//	@Param			limit	query		integer	false	"at most this many (1 to 1000)"	default(1000)
//	@Param			stream	query		boolean	false	"answer as Server-Sent Events"
//	@Success		200		{object}	EventPage
//	@Failure		404		{object}	Problem
//	@Failure		422		{object}	Problem
//	@Router			/v1/jobs/{id}/events [get]
func (h *handlers) jobEvents(c echo.Context) error {
	id := c.Param("id")
	after, err := int64Param(c, "after")
	if err != nil {
		return err
	}
	limit, err := intParam(c, "limit", jobs.DefaultEventsLimit, 1, jobs.DefaultEventsLimit)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	j, err := h.d.Jobs.Get(ctx, id)
	if err != nil {
		return err
	}
	if wantsStream(c) {
		if last := c.Request().Header.Get("Last-Event-ID"); last != "" {
			if v, err := strconv.ParseInt(last, 10, 64); err == nil && v > after {
				after = v
			}
		}
		return h.streamEvents(c, id, after)
	}
	events, err := h.d.Jobs.Events(ctx, id, after, limit)
	if err != nil {
		return err
	}
	page := EventPage{JobID: id, State: j.State, Events: events, NextAfter: after}
	if page.Events == nil {
		page.Events = []jobs.Event{}
	}
	if n := len(events); n > 0 {
		page.NextAfter = events[n-1].Seq
	}
	return c.JSON(http.StatusOK, page)
}

func wantsStream(c echo.Context) bool {
	if v, err := strconv.ParseBool(c.QueryParam("stream")); err == nil {
		return v
	}
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/event-stream")
}

// streamEvents writes the log as Server-Sent Events until the job has
// ended and every event is sent, or the client goes away.
func (h *handlers) streamEvents(c echo.Context, id string, after int64) error {
	ctx := c.Request().Context()
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.Header().Set(echo.HeaderCacheControl, "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	w.Flush()
	poll := time.NewTicker(streamPoll)
	defer poll.Stop()
	lastWrite := time.Now()
	for {
		events, err := h.d.Jobs.Events(ctx, id, after, jobs.DefaultEventsLimit)
		if err != nil {
			return sseComment(w, "error: "+err.Error())
		}
		for _, e := range events {
			data, err := json.Marshal(e)
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.Seq, e.Kind, data); err != nil {
				return nil // the client went away
			}
			after = e.Seq
		}
		if len(events) > 0 {
			w.Flush()
			lastWrite = time.Now()
			continue // there may be more right away
		}
		j, err := h.d.Jobs.Get(ctx, id)
		if err != nil {
			return sseComment(w, "error: "+err.Error())
		}
		if j.State.Terminal() {
			// One more read closes the race between the last events
			// and the final state.
			if more, err := h.d.Jobs.Events(ctx, id, after, 1); err == nil && len(more) > 0 {
				continue
			}
			data, _ := json.Marshal(j)
			fmt.Fprintf(w, "event: end\ndata: %s\n\n", data)
			w.Flush()
			return nil
		}
		if time.Since(lastWrite) >= streamHeartbeat {
			if err := sseComment(w, "keep-alive"); err != nil {
				return nil
			}
			lastWrite = time.Now()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-poll.C:
		}
	}
}

func sseComment(w *echo.Response, text string) error {
	_, err := fmt.Fprintf(w, ": %s\n\n", strings.ReplaceAll(text, "\n", " "))
	w.Flush()
	return err
}

// int64Param reads an optional non-negative integer query parameter.
func int64Param(c echo.Context, name string) (int64, error) {
	s := c.QueryParam(name)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("%s: want a non-negative integer, got %q", name, s)}
	}
	return v, nil
}
