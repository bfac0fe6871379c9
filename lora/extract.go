package lora

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/cecbench/cecbench/gguf"
)

// Extract writes to outPath a LoRA adapter that turns the model at basePath
// into (an approximation of) the fine-tuned model at tunedPath, in the GGUF
// form that llama.cpp loads with --lora: for each included matrix W it
// stores the rank-r truncated SVD of W_tuned − W_base as the pair
// "<W>.lora_a" / "<W>.lora_b" (see loraPair), and the metadata
// general.architecture (the base's), general.type = "adapter",
// adapter.type = "lora" and adapter.lora.alpha.
//
// Both models must be F32 GGUF files with the same architecture and tensors
// (otherwise the error wraps ErrMismatch). They are read one tensor at a
// time; only the small factors are kept until the adapter is written
// (atomically). ctx is checked between tensors. The Report tells how well
// each matrix is approximated and which changes the adapter leaves out.
func Extract(ctx context.Context, basePath, tunedPath, outPath string, o Options) (Report, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Report{}, err
	}
	if err := checkDistinct(outPath, basePath, tunedPath); err != nil {
		return Report{}, err
	}
	base, err := gguf.Open(basePath)
	if err != nil {
		return Report{}, fmt.Errorf("lora: open base model: %w", err)
	}
	defer base.Close()
	tuned, err := gguf.Open(tunedPath)
	if err != nil {
		return Report{}, fmt.Errorf("lora: open tuned model: %w", err)
	}
	defer tuned.Close()
	if err := checkMatch(base.File, tuned.File); err != nil {
		return Report{}, err
	}
	arch := base.Architecture()
	if arch == "" {
		return Report{}, fmt.Errorf("lora: base model has no %s: llama.cpp needs it to match an adapter to its model", keyArchitecture)
	}

	x := extraction{o: o, base: base, tuned: tuned, alpha: float32(o.Alpha)}
	x.rep = Report{Rank: o.Rank, Alpha: float64(x.alpha), Matrices: []MatrixReport{}, Unchanged: []string{}, NotCarried: []NotCarried{}}
	for _, t := range base.Tensors {
		if o.Include(t.Name, t.Dims) {
			x.total++
		}
	}
	for _, t := range base.Tensors {
		if err := ctx.Err(); err != nil {
			return Report{}, fmt.Errorf("lora: extraction stopped after %d of %d matrices: %w", x.done, x.total, err)
		}
		if err := x.tensor(t); err != nil {
			return Report{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		return Report{}, fmt.Errorf("lora: extraction stopped before writing the adapter: %w", err)
	}
	x.rep.summarise()
	if err := gguf.WriteFile(outPath, adapterKV(arch, x.alpha), x.out); err != nil {
		return Report{}, fmt.Errorf("lora: write adapter: %w", err)
	}
	return x.rep, nil
}

// extraction is the state of one Extract call.
type extraction struct {
	o           Options
	base, tuned *gguf.Reader
	alpha       float32
	total, done int
	rep         Report
	out         []gguf.Tensor
}

// tensor compares one tensor of the two models: an included matrix is
// factored into an adapter pair (or reported unchanged), any other changed
// tensor is reported as not carried.
func (x *extraction) tensor(t gguf.TensorInfo) error {
	if t.Type != gguf.TensorF32 {
		return fmt.Errorf("lora: tensor %q is %v: only F32 models are supported (llama-finetune trains F32 models)", t.Name, t.Type)
	}
	include := x.o.Include(t.Name, t.Dims)
	if include && len(t.Dims) != 2 {
		return fmt.Errorf("lora: Include selected tensor %q with dims %v: an adapter can only carry 2-D matrices", t.Name, t.Dims)
	}
	bw, err := x.base.ReadF32(t.Name)
	if err != nil {
		return fmt.Errorf("lora: read base tensor: %w", err)
	}
	tw, err := x.tuned.ReadF32(t.Name)
	if err != nil {
		return fmt.Errorf("lora: read tuned tensor: %w", err)
	}
	if len(bw) != len(tw) {
		return fmt.Errorf("lora: %w: tensor %q has %d values in base, %d in tuned", ErrMismatch, t.Name, len(bw), len(tw))
	}
	if !include {
		if rel, changed := relChange(bw, tw); changed {
			x.rep.NotCarried = append(x.rep.NotCarried, NotCarried{Tensor: t.Name, RelChange: rel})
		}
		return nil
	}
	d, norm := subtractInto(tw, bw)
	if err := x.matrix(t, d, norm); err != nil {
		return err
	}
	x.done++
	if x.o.Progress != nil {
		x.o.Progress(x.done, x.total)
	}
	return nil
}

// matrix factors the difference d of an included matrix and appends its
// adapter pair and report.
func (x *extraction) matrix(t gguf.TensorInfo, d []float32, norm float64) error {
	if norm == 0 {
		x.rep.Unchanged = append(x.rep.Unchanged, t.Name)
		return nil
	}
	rows, cols := int(t.Dims[1]), int(t.Dims[0])
	a, b, relErr, err := Factor(d, rows, cols, x.o.Rank, matrixSeed(x.o.Seed, t.Name))
	if err != nil {
		return fmt.Errorf("lora: tensor %q: %w", t.Name, err)
	}
	rank := len(a) / cols
	x.out = append(x.out, loraPair(t.Name, rows, cols, rank, a, b, x.alpha)...)
	x.rep.Matrices = append(x.rep.Matrices, MatrixReport{
		Tensor: t.Name, Rows: rows, Cols: cols, Rank: rank,
		DeltaNorm: norm, RelError: relErr,
	})
	return nil
}

// checkDistinct refuses an output path that names one of the inputs: the
// atomic write would replace a model while it is being read.
func checkDistinct(out string, inputs ...string) error {
	o, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("lora: output path %q: %w", out, err)
	}
	for _, in := range inputs {
		if i, err := filepath.Abs(in); err == nil && i == o {
			return fmt.Errorf("lora: output path %q is also an input model: choose another file", out)
		}
	}
	return nil
}
