// Package finetune runs fine-tuning jobs: a student model is trained on a
// dataset split's teacher explanations with llama.cpp's trainer, and the
// result is registered as a model: by default upstream llama-finetune
// trains all weights and a LoRA adapter is extracted from the change
// (truncated SVD), or a native LoRA trainer writes the adapter itself.
package finetune

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/models"
)

// JobType is the job type of fine-tuning.
const JobType = "finetune"

// The trainers.
const (
	// TrainerFullExtract: upstream llama-finetune trains every weight of
	// an F32 model, then a LoRA adapter is extracted from the change.
	TrainerFullExtract = "llamacpp-full+extract"
	// TrainerLoRA: a native LoRA trainer (llama-finetune-lora, not part
	// of upstream llama.cpp) configured with LLAMA_FINETUNE_LORA_BIN.
	TrainerLoRA = "llamacpp-lora"
)

// Trainers lists the trainer names.
var Trainers = []string{TrainerFullExtract, TrainerLoRA}

// ErrInvalidParams: a fine-tuning job's parameters are wrong (the API
// answers 422).
var ErrInvalidParams = errors.New("invalid fine-tuning job")

// JobParams are a fine-tuning job's parameters, as posted and as stored.
// The defaults are the paper's: 10 epochs, learning rate 2e-5, batch 8,
// LoRA rank 16 and alpha 32.
type JobParams struct {
	// BaseModel is a registered model's name or a GGUF path the workers
	// can read.
	BaseModel string `json:"base_model" example:"tinyllama-1.1b-f32"`
	// Selection: the split (default train) trained on, whose items must
	// have teacher explanations, in the text layout of the template
	// (the one evaluation runs prompt with).
	dataset.Selection
	Epochs       int     `json:"epochs,omitempty" example:"10"`
	LearningRate float64 `json:"learning_rate,omitempty" example:"2e-5"`
	// BatchSize is examples per optimizer step for the native LoRA
	// trainer. Upstream llama-finetune steps once per context window
	// (its -c, -b and -ub are equal), so with llamacpp-full+extract it is
	// recorded but changes nothing; the job says so in an event.
	BatchSize int `json:"batch_size,omitempty" example:"8"`
	// ContextLength is the training window in tokens (default 512): a
	// multiple of 256 that divides the model's training context.
	ContextLength int `json:"context_length,omitempty" example:"512"`
	LoRARank      int `json:"lora_rank,omitempty" example:"16"`
	// LoRAAlpha scales the adapter: llama.cpp applies (alpha/rank)·B·A.
	LoRAAlpha float64 `json:"lora_alpha,omitempty" example:"32"`
	// GPULayers is passed to the trainer as -ngl (0: CPU only).
	GPULayers int `json:"gpu_layers" example:"0"`
	// Trainer is llamacpp-full+extract (default) or llamacpp-lora.
	Trainer string `json:"trainer,omitempty" example:"llamacpp-full+extract"`
	// KeepFullModel keeps (and registers) the fully tuned model file of
	// llamacpp-full+extract; by default only the adapter is kept.
	KeepFullModel bool `json:"keep_full_model,omitempty" example:"false"`
	// Threads is the trainer's CPU threads (default: the trainer's own).
	Threads int `json:"threads,omitempty" example:"0"`
	// Name names the adapter model (default: derived from the base
	// model's name and the job).
	Name string `json:"name,omitempty" example:"tinyllama-cec-r16"`
}

// Normalize fills in the defaults and checks each field on its own; what
// needs the model file or the dataset is checked by Validate.
func (p *JobParams) Normalize() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidParams, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(p.BaseModel) == "" {
		return bad("base_model is required: a registered model's name (GET /v1/models) or a GGUF path the server can read")
	}
	if err := p.Selection.Normalize(dataset.Train); err != nil {
		return bad("%v", err)
	}
	if p.Trainer == "" {
		p.Trainer = TrainerFullExtract
	}
	if p.Trainer != TrainerFullExtract && p.Trainer != TrainerLoRA {
		return bad("trainer %q: want one of %s", p.Trainer, strings.Join(Trainers, ", "))
	}
	setInt(&p.Epochs, 10)
	setInt(&p.BatchSize, 8)
	setInt(&p.ContextLength, 512)
	setInt(&p.LoRARank, 16)
	if p.LearningRate == 0 {
		p.LearningRate = 2e-5
	}
	if p.LoRAAlpha == 0 {
		p.LoRAAlpha = 32
	}
	switch {
	case p.Epochs < 1 || p.Epochs > 1000:
		return bad("epochs %d: want 1 to 1000", p.Epochs)
	case !(p.LearningRate > 0 && p.LearningRate <= 1):
		return bad("learning_rate %v: want more than 0, at most 1", p.LearningRate)
	case p.BatchSize < 1 || p.BatchSize > 4096:
		return bad("batch_size %d: want 1 to 4096", p.BatchSize)
	case p.ContextLength < 256 || p.ContextLength > 131072 || p.ContextLength%256 != 0:
		return bad("context_length %d: want a multiple of 256 tokens (llama-finetune pads its context to one), 256 to 131072", p.ContextLength)
	case p.LoRARank < 1 || p.LoRARank > 1024:
		return bad("lora_rank %d: want 1 to 1024", p.LoRARank)
	case !(p.LoRAAlpha > 0) || math.IsInf(p.LoRAAlpha, 0):
		return bad("lora_alpha %v: want more than 0", p.LoRAAlpha)
	case p.GPULayers < 0 || p.GPULayers > 10000:
		return bad("gpu_layers %d: want 0 (CPU only) to 10000", p.GPULayers)
	case p.Threads < 0 || p.Threads > 1024:
		return bad("threads %d: want 0 (the trainer's default) to 1024", p.Threads)
	case p.Name != "" && !models.ValidName(p.Name):
		return bad("name %q: want 1 to 96 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", p.Name)
	}
	return nil
}

func setInt(v *int, def int) {
	if *v == 0 {
		*v = def
	}
}
