package routes

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/training/evaluate"
)

// createEvalJob godoc
//
//	@Summary		Evaluate a student: generate explanations and score them
//	@Description	Queues a job that starts a `llama-server` with the model (and the LoRA adapter, if any: an adapter's name as `model` means its base model with it), generates an explanation for each explained item of the split with the prompt the student was trained on (greedy by default, seeded), and scores each against the teacher's explanation with CEC and the baseline metrics. Each generation is stored as it finishes, so a resumed job only generates what is missing. The job's result holds the corpus scores; /v1/eval/jobs/{id}/results has every item.
//	@Tags			eval
//	@Accept			json
//	@Produce		json
//	@Param			request	body		evaluate.JobParams	true	"the student, the data, the generation settings"
//	@Success		202		{object}	jobs.Job
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem	"no such dataset"
//	@Failure		422		{object}	Problem	"invalid parameters, an unknown model, or no explained items in the split"
//	@Router			/v1/eval/jobs [post]
func (h *handlers) createEvalJob(c echo.Context) error {
	var p evaluate.JobParams
	if err := decodeJSON(c, h.d.MaxBodyBytes, &p); err != nil {
		return err
	}
	if err := p.Normalize(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := evaluate.ResolveStudent(ctx, h.d.Models, p); err != nil {
		return err
	}
	if _, err := h.d.Datasets.Get(ctx, p.DatasetID); err != nil {
		return err
	}
	items, err := h.d.Datasets.Items(ctx, p.DatasetID)
	if err != nil {
		return err
	}
	if len(evaluate.Select(items, p)) == 0 {
		return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("dataset %s has no items with teacher explanations in split %s", p.DatasetID, p.Split)}
	}
	j, err := h.d.Jobs.Enqueue(ctx, evaluate.JobType, p)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/jobs/"+j.ID)
	return c.JSON(http.StatusAccepted, j)
}

// evalResults godoc
//
//	@Summary		An evaluation job's per-item results
//	@Description	`format=json` (default): every item's claim, label, generated and teacher explanation, and scores, with the corpus scores and metric signatures. `format=jsonl`: one item a line, for download. `format=submission`: one `{"id", "explanation"}` a line, the generated explanations in the leaderboard's submission format.
//	@Tags			eval
//	@Produce		json
//	@Produce		application/x-ndjson
//	@Param			id		path		string	true	"job id"
//	@Param			format	query		string	false	"json, jsonl or submission"	Enums(json, jsonl, submission)
//	@Success		200		{object}	evaluate.Results
//	@Failure		404		{object}	Problem	"no such job, or it has not finished"
//	@Failure		422		{object}	Problem	"unknown format"
//	@Router			/v1/eval/jobs/{id}/results [get]
func (h *handlers) evalResults(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "jsonl" && format != "submission" {
		return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("format %q: want json, jsonl or submission", format)}
	}
	ctx := c.Request().Context()
	j, err := h.d.Jobs.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if j.Type != evaluate.JobType {
		return &RequestError{Kind: ErrNotFound, Detail: "job " + j.ID + " is a " + j.Type + " job, not an evaluation job"}
	}
	res, err := evaluate.LoadResults(ctx, h.d.Store, j.ID)
	if err != nil {
		return err
	}
	if format == "" || format == "json" {
		return c.JSON(http.StatusOK, res)
	}
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "application/x-ndjson")
	w.Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", "eval-"+j.ID+"-"+format+".jsonl"))
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	for _, it := range res.Items {
		var line any = it
		if format == "submission" {
			line = struct {
				ID          string `json:"id"`
				Explanation string `json:"explanation"`
			}{it.ID, it.Generated}
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}
