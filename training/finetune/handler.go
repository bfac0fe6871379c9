package finetune

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/llamacpp"
	"github.com/cecbench/cecbench/lora"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/models"
)

// Registrar registers the models a job makes.
type Registrar interface {
	Register(ctx context.Context, m models.Model) (models.Model, bool, error)
}

// JobDeps is what the job handler needs.
type JobDeps struct {
	Lookup
	Registry Registrar
	// Store keeps the loss curves.
	Store    kv.Store
	Binaries llamacpp.Binaries
	// WorkDir holds each job's scratch files (WorkDir/<job id>: the
	// training text, the tuned model unless it is kept), removed when the
	// job's run ends, however it ends.
	WorkDir string
	// ModelDir holds the models jobs make.
	ModelDir string
}

// JobResult is a finished fine-tuning job's result.
type JobResult struct {
	// Adapter is the registered LoRA adapter.
	Adapter models.Model `json:"adapter"`
	// Tuned is the fully tuned model, when keep_full_model asked for it.
	Tuned *models.Model `json:"tuned,omitempty"`
	// Extraction reports, per matrix, how well the rank-r adapter
	// reproduces the full fine-tune (llamacpp-full+extract only).
	Extraction *lora.Report   `json:"extraction,omitempty"`
	Examples   int            `json:"examples"`
	Epochs     []EpochSummary `json:"epochs"`
	// TrainSeconds is the trainer's wall time.
	TrainSeconds float64 `json:"train_seconds"`
}

// progressEvery is how often, at most, a running trainer's progress is
// written to the job (epoch ends are always written).
const progressEvery = time.Second

// Handler returns the job handler of fine-tuning. A resumed job starts
// training again from the base model: the trainers keep no checkpoints.
func Handler(d JobDeps) jobs.Handler {
	return func(ctx context.Context, t jobs.Task) (any, error) {
		var p JobParams
		if err := json.Unmarshal(t.Job().Params, &p); err != nil {
			return nil, fmt.Errorf("fine-tuning job parameters: %w", err)
		}
		if err := p.Normalize(); err != nil {
			return nil, err
		}
		plan, err := Validate(ctx, p, d.Lookup)
		if err != nil {
			return nil, err
		}
		r := &run{d: d, t: t, p: p, plan: plan, dir: filepath.Join(d.WorkDir, t.Job().ID)}
		return r.do(ctx)
	}
}

// run is one execution of a fine-tuning job.
type run struct {
	d    JobDeps
	t    jobs.Task
	p    JobParams
	plan Plan
	dir  string
}

func (r *run) do(ctx context.Context) (*JobResult, error) {
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		return nil, err
	}
	defer r.removeScratch(ctx)
	if err := os.MkdirAll(r.d.ModelDir, 0o755); err != nil {
		return nil, err
	}
	trainFile := filepath.Join(r.dir, "train.txt")
	n, err := r.writeTrainText(trainFile)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(trainFile); err != nil {
		return nil, err
	} else if info.Size() < 2*int64(r.p.ContextLength) {
		// A token covers at least one byte, so this text is shorter than
		// the two context windows llama-finetune needs.
		return nil, fmt.Errorf("%w: the training text of split %s is %d bytes, less than two context windows of %d tokens: train on more items or lower context_length", ErrInvalidParams, r.p.Split, info.Size(), r.p.ContextLength)
	}
	name := r.p.Name
	if name == "" {
		name = adapterName(r.plan.BaseName, r.p.LoRARank, r.t.Job().ID)
	}
	adapterPath := filepath.Join(r.d.ModelDir, name+".gguf")
	tunedPath := filepath.Join(r.dir, "tuned.gguf")
	if r.p.KeepFullModel {
		tunedPath = filepath.Join(r.d.ModelDir, name+".full.gguf")
	}
	_ = r.t.Event(ctx, "log", fmt.Sprintf("training %s (%s) on %d examples of dataset %s split %s with %s", r.plan.BaseName, r.plan.Architecture, n, r.p.DatasetID, r.p.Split, r.p.Trainer), nil)
	if r.p.Trainer == TrainerFullExtract && r.p.BatchSize != 8 {
		_ = r.t.Event(ctx, "log", "batch_size has no effect with llamacpp-full+extract: llama-finetune takes one context window per step", nil)
	}
	res := &JobResult{Examples: n}
	curve, secs, err := r.train(ctx, trainFile, tunedPath, adapterPath)
	if err != nil {
		return nil, err
	}
	res.Epochs, res.TrainSeconds = curve.Epochs, secs
	if r.p.Trainer == TrainerFullExtract {
		rep, err := r.extract(ctx, tunedPath, adapterPath)
		if err != nil {
			return nil, err
		}
		res.Extraction = &rep
	}
	if res.Adapter, err = r.register(ctx, name, models.KindAdapter, adapterPath); err != nil {
		return nil, err
	}
	if r.p.KeepFullModel && r.p.Trainer == TrainerFullExtract {
		m, err := r.register(ctx, name+".full", models.KindTuned, tunedPath)
		if err != nil {
			return nil, err
		}
		res.Tuned = &m
	}
	return res, nil
}

// removeScratch deletes the job's scratch dir whatever the outcome: a
// resumed job writes it again from the start, and a failed or cancelled
// one would otherwise leave its files (the fully tuned model among them,
// as large as the base model) on disk for good. It runs once the trainer
// has exited: train waits for it.
func (r *run) removeScratch(ctx context.Context) {
	if err := os.RemoveAll(r.dir); err != nil {
		_ = r.t.Event(context.WithoutCancel(ctx), "log", "could not remove the job's scratch files: "+err.Error(), nil)
	}
}

// writeTrainText exports the examples in the text layout the student is
// later prompted with.
func (r *run) writeTrainText(path string) (int, error) {
	tmpl, err := dataset.LookupTemplate(r.p.Template)
	if err != nil {
		return 0, err
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, err := dataset.WriteText(f, r.plan.Examples, r.p.Split, tmpl)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// train runs the trainer, streaming its progress into the job and the
// loss curve into the store.
func (r *run) train(ctx context.Context, trainFile, tunedPath, adapterPath string) (Metrics, float64, error) {
	program := "llama-finetune"
	if r.p.Trainer == TrainerLoRA {
		program = "llama-finetune-lora"
	}
	bin, err := r.d.Binaries.Need(program)
	if err != nil {
		return Metrics{}, 0, err
	}
	opts := llamacpp.FinetuneOptions{Model: r.plan.BasePath, TrainFile: trainFile, Output: tunedPath,
		Epochs: r.p.Epochs, LearningRate: r.p.LearningRate, CtxSize: r.p.ContextLength,
		GPULayers: r.p.GPULayers, Threads: r.p.Threads}
	if r.p.Trainer == TrainerLoRA {
		opts.Output = ""
		opts.ExtraArgs = []string{"--lora-rank", strconv.Itoa(r.p.LoRARank),
			"--lora-alpha", strconv.FormatFloat(r.p.LoRAAlpha, 'g', -1, 64), "--output-adapter", adapterPath}
	}
	m := Metrics{JobID: r.t.Job().ID, Points: []Point{}, Epochs: []EpochSummary{}}
	var parser llamacpp.ProgressParser
	var lastWrite time.Time
	var writeErr error
	onLine := func(line string) {
		pr, ok := parser.Parse(line)
		if !ok || writeErr != nil {
			return
		}
		pt := pointOf(pr)
		epochEnd := pr.Total > 0 && pr.Done >= pr.Total
		m.add(pt)
		if !epochEnd && time.Since(lastWrite) < progressEvery {
			return
		}
		lastWrite = time.Now()
		if epochEnd {
			msg := fmt.Sprintf("epoch %d/%d %s: loss %.5f, accuracy %.2f%%", pr.Epoch, r.p.Epochs, pr.Phase, pr.Loss, 100*pr.Accuracy)
			_ = r.t.Event(ctx, "epoch", msg, pt)
		}
		if err := saveMetrics(ctx, r.d.Store, m); err != nil {
			writeErr = err
			return
		}
		if pr.Phase == "train" && pr.Total > 0 {
			done := int64(pr.Epoch-1)*int64(pr.Total) + int64(pr.Done)
			if err := r.t.SetProgress(ctx, jobs.Progress{Done: done, Total: int64(r.p.Epochs) * int64(pr.Total)}); err != nil && !errors.Is(err, jobs.ErrCancelled) {
				writeErr = err
			}
		}
	}
	args := opts.Args()
	_ = r.t.Event(ctx, "log", "running "+program+" "+strings.Join(args, " "), nil)
	start := time.Now()
	// GGML_NO_BACKTRACE: on an assertion, ggml would run gdb and fill the
	// log tail the job error keeps with its backtrace.
	proc, err := llamacpp.Start(ctx, llamacpp.Spec{Path: bin, Args: args, Env: []string{"GGML_NO_BACKTRACE=1"}, OnLine: onLine})
	if err != nil {
		return Metrics{}, 0, err
	}
	err = proc.Wait()
	secs := time.Since(start).Seconds()
	if ctx.Err() != nil {
		return Metrics{}, 0, ctx.Err()
	}
	if err != nil {
		if strings.Contains(strings.Join(proc.Tail(), "\n"), "ndata > 0") {
			return Metrics{}, 0, fmt.Errorf("%s found too little training text for context_length %d (train on more items or lower it): %w", program, r.p.ContextLength, err)
		}
		return Metrics{}, 0, fmt.Errorf("%s failed: %w", program, err)
	}
	if writeErr != nil {
		return Metrics{}, 0, writeErr
	}
	if err := saveMetrics(ctx, r.d.Store, m); err != nil {
		return Metrics{}, 0, err
	}
	if len(m.Epochs) == 0 {
		return Metrics{}, 0, fmt.Errorf("%s exited without reporting any training progress; its last lines: %s", program, strings.Join(proc.Tail(), " | "))
	}
	out := tunedPath
	if r.p.Trainer == TrainerLoRA {
		out = adapterPath
	}
	if _, err := os.Stat(out); err != nil {
		return Metrics{}, 0, fmt.Errorf("%s exited without writing %s; its last lines: %s", program, filepath.Base(out), strings.Join(proc.Tail(), " | "))
	}
	return m, secs, nil
}

// extract writes the adapter from the full fine-tune.
func (r *run) extract(ctx context.Context, tunedPath, adapterPath string) (lora.Report, error) {
	_ = r.t.Event(ctx, "log", fmt.Sprintf("extracting a rank-%d LoRA adapter (alpha %g) from the tuned weights", r.p.LoRARank, r.p.LoRAAlpha), nil)
	var last time.Time
	rep, err := lora.Extract(ctx, r.plan.BasePath, tunedPath, adapterPath, lora.Options{
		Rank: r.p.LoRARank, Alpha: r.p.LoRAAlpha, Seed: seedOf(r.t.Job().ID),
		Progress: func(done, total int) {
			if done == total || time.Since(last) >= progressEvery {
				last = time.Now()
				_ = r.t.Event(ctx, "extract", fmt.Sprintf("%d/%d matrices", done, total), jobs.Progress{Done: int64(done), Total: int64(total)})
			}
		},
	})
	if err != nil {
		return lora.Report{}, fmt.Errorf("LoRA extraction: %w", err)
	}
	_ = r.t.Event(ctx, "log", fmt.Sprintf("adapter written: %d matrices, relative reconstruction error mean %.4f, max %.4f", len(rep.Matrices), rep.MeanRelError, rep.MaxRelError), nil)
	return rep, nil
}

func (r *run) register(ctx context.Context, name, kind, path string) (models.Model, error) {
	m, err := models.Describe(name, kind, path)
	if err != nil {
		return models.Model{}, err
	}
	m.Base, m.Job = r.p.BaseModel, r.t.Job().ID
	m, _, err = r.d.Registry.Register(ctx, m)
	return m, err
}

var notNameChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// adapterName derives an adapter's name from its base model, rank and job.
func adapterName(base string, rank int, jobID string) string {
	b := strings.Trim(notNameChars.ReplaceAllString(strings.ToLower(base), "-"), "-._")
	if len(b) > 60 {
		b = b[:60]
	}
	if b == "" {
		b = "model"
	}
	id := strings.ReplaceAll(jobID, "-", "")
	if len(id) > 12 {
		id = id[len(id)-12:]
	}
	return fmt.Sprintf("%s.lora-r%d.%s", b, rank, id)
}

// seedOf derives the extraction's random seed from the job, so a resumed
// job writes the same adapter.
func seedOf(jobID string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(jobID))
	return h.Sum64()
}
