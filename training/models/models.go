// Package models is the registry of GGUF models cecbench can fine-tune and
// generate with: base models an operator registers, and the adapters and
// tuned models that fine-tuning jobs produce. A model is a name for a file
// the workers can read; the registry stores what its GGUF header says, so
// a job is validated before it is queued.
package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/cecbench/cecbench/gguf"

	"github.com/cecbench/cecbench/kv"
)

// The kinds of model.
const (
	KindBase    = "base"    // a full model file registered by an operator
	KindAdapter = "adapter" // a LoRA adapter GGUF, applied on top of Base
	KindTuned   = "tuned"   // a full fine-tuned model file
)

// namespace is the kv namespace of the registry.
const namespace = "models"

// Errors of the registry.
var (
	ErrNotFound = errors.New("model not found")
	// ErrInvalid: a model to register is wrong (the API answers 422).
	ErrInvalid = errors.New("invalid model")
	// ErrExists: the name is taken by a different model (409).
	ErrExists = errors.New("model name already registered")
)

// Model is one registered model.
type Model struct {
	// Name is unique: lowercase letters, digits, '.', '_' and '-', 1 to 96
	// characters, starting with a letter or digit.
	Name string `json:"name" example:"tinyllama-1.1b-f32"`
	Kind string `json:"kind" example:"base" enums:"base,adapter,tuned"`
	// Path is the GGUF file, as the workers read it.
	Path string `json:"path" example:"/models/tinyllama-1.1b-f32.gguf"`
	// Base is the model an adapter (or tuned model) was trained from.
	Base         string `json:"base,omitempty" example:"tinyllama-1.1b-f32"`
	Architecture string `json:"architecture" example:"llama"`
	// TensorTypes counts the tensors of each type, such as {"F32": 201}.
	TensorTypes map[string]int `json:"tensor_types"`
	Bytes       int64          `json:"bytes"`
	// Job is the fine-tuning job that produced the model.
	Job       string    `json:"job,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

var nameRule = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,95}$`)

// ValidName reports whether name can name a model.
func ValidName(name string) bool { return nameRule.MatchString(name) }

// Registry stores models in a kv.Store.
type Registry struct {
	kv  kv.Store
	now func() time.Time
}

// Open returns the registry kept in s.
func Open(s kv.Store) *Registry { return &Registry{kv: s, now: time.Now} }

// Register stores m under m.Name. Registering the same model again (same
// kind, path and base) is not an error: it returns the stored one and
// false. A different model under a taken name is ErrExists.
func (r *Registry) Register(ctx context.Context, m Model) (Model, bool, error) {
	if !ValidName(m.Name) {
		return Model{}, false, fmt.Errorf("%w: name %q: want 1 to 96 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", ErrInvalid, m.Name)
	}
	switch m.Kind {
	case KindBase, KindAdapter, KindTuned:
	default:
		return Model{}, false, fmt.Errorf("%w: kind %q: want base, adapter or tuned", ErrInvalid, m.Kind)
	}
	if m.Path == "" {
		return Model{}, false, fmt.Errorf("%w: path is required", ErrInvalid)
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = r.now().UTC()
	}
	b, err := json.Marshal(m)
	if err != nil {
		return Model{}, false, err
	}
	added, err := r.kv.PutIfAbsent(ctx, namespace, m.Name, b)
	if err != nil {
		return Model{}, false, err
	}
	if added {
		return m, true, nil
	}
	old, err := r.Get(ctx, m.Name)
	if err != nil {
		return Model{}, false, err
	}
	if old.Kind != m.Kind || old.Path != m.Path || old.Base != m.Base {
		return Model{}, false, fmt.Errorf("%w: %s is the %s model %s", ErrExists, m.Name, old.Kind, old.Path)
	}
	return old, false, nil
}

// Get returns the model called name.
func (r *Registry) Get(ctx context.Context, name string) (Model, error) {
	b, err := r.kv.Get(ctx, namespace, name)
	if errors.Is(err, kv.ErrNotFound) {
		return Model{}, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	if err != nil {
		return Model{}, err
	}
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return Model{}, fmt.Errorf("model %s: stored record: %w", name, err)
	}
	return m, nil
}

// List returns every model, by name.
func (r *Registry) List(ctx context.Context) ([]Model, error) {
	var out []Model
	after := ""
	for {
		page, err := r.kv.List(ctx, namespace, after, 500)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			var m Model
			if err := json.Unmarshal(e.Value, &m); err != nil {
				return nil, fmt.Errorf("model %s: stored record: %w", e.Key, err)
			}
			out = append(out, m)
		}
		if len(page) < 500 {
			return out, nil
		}
		after = page[len(page)-1].Key
	}
}

// Describe returns a model of the given name, kind and file with what the
// file's GGUF header says filled in: architecture, tensor types, size.
func Describe(name, kind, path string) (Model, error) {
	r, err := gguf.Open(path)
	if err != nil {
		return Model{}, fmt.Errorf("%w: %s: %v", ErrInvalid, path, err)
	}
	defer r.Close()
	info, err := os.Stat(path)
	if err != nil {
		return Model{}, err
	}
	m := Model{Name: name, Kind: kind, Path: path, Architecture: r.Architecture(), TensorTypes: map[string]int{}, Bytes: info.Size()}
	for _, t := range r.Tensors {
		m.TensorTypes[t.Type.String()]++
	}
	return m, nil
}

// Getter finds registered models.
type Getter interface {
	Get(ctx context.Context, name string) (Model, error)
}

// Resolve finds a model by registered name, or else as a GGUF file path;
// a path gets the file's name without extension as its name, and no kind.
// Neither is an error wrapping ErrInvalid.
func Resolve(ctx context.Context, reg Getter, ref string) (Model, error) {
	m, err := reg.Get(ctx, ref)
	switch {
	case err == nil:
		return m, nil
	case !errors.Is(err, ErrNotFound):
		return Model{}, err
	}
	info, statErr := os.Stat(ref)
	if statErr != nil || !info.Mode().IsRegular() {
		return Model{}, fmt.Errorf("%w: %q is neither a registered model (GET /v1/models) nor a GGUF file the server can read", ErrInvalid, ref)
	}
	return Model{Name: strings.TrimSuffix(filepath.Base(ref), filepath.Ext(ref)), Path: ref}, nil
}
