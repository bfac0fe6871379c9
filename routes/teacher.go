package routes

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/training/teacher"
)

// createTeacherJob godoc
//
//	@Summary		Generate teacher explanations for a dataset
//	@Description	Queues a job that asks an OpenAI-compatible chat-completions endpoint (GPT-4, vLLM, Ollama, llama-server) for a causal explanation of every selected item, with the versioned prompt template. Explanations are stored as they finish, and one already generated for the same item, teacher and template is reused, never paid for twice; a job cut off resumes from what is stored. The result (`result.dataset_id`) is a new dataset version with `explanation` filled in, ready for the SFT export. Follow it at /v1/jobs/{id} and /v1/jobs/{id}/events.
//	@Description	`teacher.api_key_env` names the environment variable holding the API key on the worker; the key itself is never sent or stored.
//	@Tags			teacher
//	@Accept			json
//	@Produce		json
//	@Param			request	body		teacher.JobParams	true	"what to explain and with which teacher"
//	@Success		202		{object}	jobs.Job
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem	"no such dataset"
//	@Failure		422		{object}	Problem	"invalid parameters, or no items in the split"
//	@Router			/v1/teacher/jobs [post]
func (h *handlers) createTeacherJob(c echo.Context) error {
	var p teacher.JobParams
	if err := decodeJSON(c, h.d.MaxBodyBytes, &p); err != nil {
		return err
	}
	if err := p.Normalize(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := h.d.Datasets.Get(ctx, p.DatasetID)
	if err != nil {
		return err
	}
	if p.Split != "" && d.Splits[p.Split] == 0 {
		return &RequestError{Kind: ErrWrongType, Detail: "dataset " + d.ID + " has no items in split " + p.Split}
	}
	j, err := h.d.Jobs.Enqueue(ctx, teacher.JobType, p)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/jobs/"+j.ID)
	return c.JSON(http.StatusAccepted, j)
}
