package finetune

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cecbench/cecbench/gguf"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/models"
)

// trainable are the architectures upstream llama-finetune trains (its
// backward pass covers every op of their graphs).
var trainable = []string{"llama"}

// untrainable says, for architectures known to fail, why.
var untrainable = map[string]string{
	"phi2":   "Phi-2 normalises with LayerNorm, and ggml has no backward pass for NORM: llama-finetune aborts with \"unsupported op for backward pass: NORM\"",
	"gemma":  "Gemma's feed-forward is GEGLU, and ggml has no backward pass for it: llama-finetune aborts",
	"gemma2": "Gemma 2's feed-forward is GEGLU, and ggml has no backward pass for it: llama-finetune aborts",
	"gemma3": "Gemma 3's feed-forward is GEGLU, and ggml has no backward pass for it: llama-finetune aborts",
}

// Lookup is what validation reads: the model registry and the datasets.
type Lookup struct {
	Models   models.Getter
	Datasets Datasets
}

// Datasets is the dataset store a job reads.
type Datasets interface {
	Get(ctx context.Context, id string) (catalog.Dataset, error)
	Items(ctx context.Context, id string) ([]dataset.Item, error)
}

// Plan is a validated job: the base model's file and what its header
// says, and the examples it trains on.
type Plan struct {
	// BaseName is the registered name, or the file's name without
	// extension for a path.
	BaseName     string
	BasePath     string
	Architecture string
	Examples     []dataset.Item
}

// Validate checks p (normalized) against the model file and the dataset,
// so that nothing is queued that cannot run: an untrainable architecture,
// a model that is not F32, a split with no explained items. Its errors wrap
// ErrInvalidParams, or the stores' not-found errors.
func Validate(ctx context.Context, p JobParams, l Lookup) (Plan, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidParams, fmt.Sprintf(format, args...))
	}
	base, err := models.Resolve(ctx, l.Models, p.BaseModel)
	if err != nil {
		return Plan{}, err
	}
	if base.Kind == models.KindAdapter {
		return Plan{}, bad("base_model %s is a LoRA adapter; fine-tune its base model %s", base.Name, base.Base)
	}
	name, path := base.Name, base.Path
	r, err := gguf.Open(path)
	if err != nil {
		return Plan{}, bad("base_model %s: %v", p.BaseModel, err)
	}
	defer r.Close()
	arch := r.Architecture()
	if err := CheckTrainable(arch); err != nil {
		return Plan{}, err
	}
	if err := checkF32(r.File, path); err != nil {
		return Plan{}, err
	}
	if trained, ok := r.Uint(arch + ".context_length"); ok {
		switch {
		case uint64(p.ContextLength) > trained:
			return Plan{}, bad("context_length %d is longer than the model's training context %d", p.ContextLength, trained)
		case trained%uint64(p.ContextLength) != 0:
			return Plan{}, bad("context_length %d must divide the model's training context %d (llama-finetune asserts it); try %d", p.ContextLength, trained, largestDivisor(trained, uint64(p.ContextLength)))
		}
	}
	if _, err := l.Datasets.Get(ctx, p.DatasetID); err != nil {
		return Plan{}, err
	}
	all, err := l.Datasets.Items(ctx, p.DatasetID)
	if err != nil {
		return Plan{}, err
	}
	var examples []dataset.Item
	inSplit := 0
	for _, it := range dataset.OfSplit(all, p.Split) {
		inSplit++
		if strings.TrimSpace(it.Explanation) != "" {
			examples = append(examples, it)
		}
	}
	switch {
	case inSplit == 0:
		return Plan{}, bad("dataset %s has no items in split %s", p.DatasetID, p.Split)
	case len(examples) == 0:
		return Plan{}, bad("dataset %s has no teacher explanations in split %s: run a teacher job (POST /v1/teacher/jobs) and train on the dataset version it makes", p.DatasetID, p.Split)
	}
	return Plan{BaseName: name, BasePath: path, Architecture: arch, Examples: examples}, nil
}

// CheckTrainable refuses architectures upstream llama-finetune cannot
// train, saying why and what to do instead.
func CheckTrainable(arch string) error {
	if slices.Contains(trainable, arch) {
		return nil
	}
	instead := "use a llama-architecture student (such as TinyLlama-1.1B), or fine-tune the model outside cecbench and register the adapter with POST /v1/models"
	if why, ok := untrainable[arch]; ok {
		return fmt.Errorf("%w: architecture %s cannot be trained with llama.cpp: %s; %s", ErrInvalidParams, arch, why, instead)
	}
	if arch == "" {
		return fmt.Errorf("%w: the model has no general.architecture; is it a llama.cpp model file?", ErrInvalidParams)
	}
	return fmt.Errorf("%w: architecture %s has not been verified with llama-finetune (verified: %s); %s", ErrInvalidParams, arch, strings.Join(trainable, ", "), instead)
}

// checkF32 refuses a model with tensors that are not F32: upstream
// llama-finetune trains F32 weights only.
func checkF32(f *gguf.File, path string) error {
	other := map[string]int{}
	for _, t := range f.Tensors {
		if t.Type != gguf.TensorF32 {
			other[t.Type.String()]++
		}
	}
	if len(other) == 0 {
		return nil
	}
	var counts []string
	for _, typ := range slices.Sorted(maps.Keys(other)) {
		counts = append(counts, fmt.Sprintf("%s: %d", typ, other[typ]))
	}
	out := strings.TrimSuffix(path, filepath.Ext(path)) + "-f32.gguf"
	return fmt.Errorf("%w: llama-finetune trains F32 models only, and this model has tensors of other types (%s); convert it first: llama-quantize --allow-requantize %s %s F32 (exact from F16 or BF16), and register the F32 file", ErrInvalidParams, strings.Join(counts, ", "), path, out)
}

// largestDivisor returns the largest power of two at most max that
// divides n (1 at least).
func largestDivisor(n, max uint64) uint64 {
	d := uint64(1)
	for d*2 <= max && n%(d*2) == 0 {
		d *= 2
	}
	return d
}
