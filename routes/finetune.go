package routes

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/training/finetune"
)

// createFinetuneJob godoc
//
//	@Summary		Fine-tune a student model on teacher explanations
//	@Description	Queues a job that trains `base_model` on the explained items of a dataset split, in the text layout of the prompt template (the SFT export). The default trainer, `llamacpp-full+extract`, runs upstream `llama-finetune` (all weights; F32 models of the llama architecture) and then extracts a rank-`lora_rank` LoRA adapter from the change by truncated SVD, reporting each matrix's relative reconstruction error; `llamacpp-lora` runs a native LoRA trainer configured with LLAMA_FINETUNE_LORA_BIN. The adapter is registered as a model (GET /v1/models) that evaluation jobs and `llama-server --lora` use.
//	@Description	Everything that can be checked is checked before queueing: the model's architecture and tensor types are read from its GGUF header (Phi-2 and Gemma are refused, since llama.cpp has no backward pass for their NORM / GEGLU ops; non-F32 models are refused with the command that converts them), and the split must have explained items. Progress (epoch, step, loss, accuracy, ETA) streams into the job's events; the loss curve is at /v1/finetune/jobs/{id}/metrics. Cancelling the job stops the trainer.
//	@Tags			finetune
//	@Accept			json
//	@Produce		json
//	@Param			request	body		finetune.JobParams	true	"what to train, on what, how"
//	@Success		202		{object}	jobs.Job
//	@Failure		400		{object}	Problem
//	@Failure		404		{object}	Problem	"no such dataset"
//	@Failure		422		{object}	Problem	"invalid parameters, an untrainable model, or no explained items in the split"
//	@Router			/v1/finetune/jobs [post]
func (h *handlers) createFinetuneJob(c echo.Context) error {
	var p finetune.JobParams
	if err := decodeJSON(c, h.d.MaxBodyBytes, &p); err != nil {
		return err
	}
	if err := p.Normalize(); err != nil {
		return err
	}
	if p.Trainer == finetune.TrainerLoRA && h.d.Binaries.FinetuneLoRA == "" {
		return &RequestError{Kind: ErrWrongType, Detail: "trainer llamacpp-lora needs a native LoRA trainer, and none is configured: set LLAMA_FINETUNE_LORA_BIN to a llama-finetune-lora program, or use the default trainer llamacpp-full+extract"}
	}
	ctx := c.Request().Context()
	if _, err := finetune.Validate(ctx, p, finetune.Lookup{Models: h.d.Models, Datasets: h.d.Datasets}); err != nil {
		return err
	}
	j, err := h.d.Jobs.Enqueue(ctx, finetune.JobType, p)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/jobs/"+j.ID)
	return c.JSON(http.StatusAccepted, j)
}

// finetuneMetrics godoc
//
//	@Summary		A fine-tuning job's loss curve
//	@Description	Every progress report of the trainer (epoch, position in the epoch, running mean loss and accuracy with their uncertainty, elapsed time, ETA) and one summary per epoch (its mean training loss and accuracy, and validation ones when the trainer holds data out). Updated while the job runs.
//	@Tags			finetune
//	@Produce		json
//	@Param			id	path		string	true	"job id"
//	@Success		200	{object}	finetune.Metrics
//	@Failure		404	{object}	Problem	"no such job, or no metrics yet"
//	@Router			/v1/finetune/jobs/{id}/metrics [get]
func (h *handlers) finetuneMetrics(c echo.Context) error {
	ctx := c.Request().Context()
	j, err := h.d.Jobs.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if j.Type != finetune.JobType {
		return &RequestError{Kind: ErrNotFound, Detail: "job " + j.ID + " is a " + j.Type + " job, not a fine-tuning job"}
	}
	m, err := finetune.LoadMetrics(ctx, h.d.Store, j.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}
