package routes

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/training/models"
)

// ModelRegistry is the registry of GGUF models (training/models).
type ModelRegistry interface {
	Register(ctx context.Context, m models.Model) (models.Model, bool, error)
	Get(ctx context.Context, name string) (models.Model, error)
	List(ctx context.Context) ([]models.Model, error)
}

// ModelList is the answer of GET /v1/models.
type ModelList struct {
	Models []models.Model `json:"models"`
}

// RegisterModelRequest registers a GGUF file as a model.
type RegisterModelRequest struct {
	Name string `json:"name" example:"tinyllama-1.1b-f32"`
	// Path is the GGUF file, as the server and its workers read it.
	Path string `json:"path" example:"/models/tinyllama-1.1b-f32.gguf"`
	// Kind is base (default) or adapter.
	Kind string `json:"kind,omitempty" example:"base" enums:"base,adapter"`
	// Base is an adapter's base model (registered name or path).
	Base string `json:"base,omitempty" example:""`
}

// listModels godoc
//
//	@Summary		List the registered models
//	@Description	Base models an operator registered, and the LoRA adapters (and, when kept, full models) that fine-tuning jobs made, with what each file's GGUF header says: architecture, tensor types, size.
//	@Tags			models
//	@Produce		json
//	@Success		200	{object}	ModelList
//	@Router			/v1/models [get]
func (h *handlers) listModels(c echo.Context) error {
	list, err := h.d.Models.List(c.Request().Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []models.Model{}
	}
	return c.JSON(http.StatusOK, ModelList{Models: list})
}

// getModel godoc
//
//	@Summary	One registered model
//	@Tags		models
//	@Produce	json
//	@Param		name	path		string	true	"model name"
//	@Success	200		{object}	models.Model
//	@Failure	404		{object}	Problem
//	@Router		/v1/models/{name} [get]
func (h *handlers) getModel(c echo.Context) error {
	m, err := h.d.Models.Get(c.Request().Context(), c.Param("name"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

// registerModel godoc
//
//	@Summary		Register a GGUF model file
//	@Description	Names a GGUF file the server and its workers can read, so that fine-tuning and evaluation jobs can refer to it. The file's header is read now: a file that is not GGUF is refused. Registering the same name, path and kind again answers 200 with the stored model; a name taken by another file answers 409.
//	@Tags			models
//	@Accept			json
//	@Produce		json
//	@Param			request	body		RegisterModelRequest	true	"the model"
//	@Success		201		{object}	models.Model
//	@Success		200		{object}	models.Model	"already registered"
//	@Failure		409		{object}	Problem			"the name is taken"
//	@Failure		422		{object}	Problem			"not a GGUF file, or a bad name"
//	@Router			/v1/models [post]
func (h *handlers) registerModel(c echo.Context) error {
	var req RegisterModelRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	if req.Kind == "" {
		req.Kind = models.KindBase
	}
	if req.Kind != models.KindBase && req.Kind != models.KindAdapter {
		return &RequestError{Kind: ErrWrongType, Detail: "kind " + req.Kind + ": want base or adapter"}
	}
	if req.Kind == models.KindAdapter && req.Base == "" {
		return &RequestError{Kind: ErrWrongType, Detail: "an adapter needs base: the model it applies to"}
	}
	if !models.ValidName(req.Name) {
		return &RequestError{Kind: ErrWrongType, Detail: "name " + req.Name + ": want 1 to 96 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"}
	}
	m, err := models.Describe(req.Name, req.Kind, req.Path)
	if err != nil {
		return err
	}
	m.Base = req.Base
	m, added, err := h.d.Models.Register(c.Request().Context(), m)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	return c.JSON(status, m)
}
