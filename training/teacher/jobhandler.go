package teacher

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
)

// JobType is the job type of teacher generation.
const JobType = "teacher"

// ErrInvalidParams: a teacher job's parameters are wrong (the API answers
// 422).
var ErrInvalidParams = errors.New("invalid teacher job")

// Endpoint names the teacher: an OpenAI-compatible chat-completions API.
type Endpoint struct {
	// BaseURL is the API root, such as http://host:port/v1.
	BaseURL string `json:"base_url" example:"http://127.0.0.1:8081/v1"`
	Model   string `json:"model" example:"gpt-4"`
	// APIKeyEnv is the name of the environment variable, on the worker,
	// that holds the API key; the key itself is never stored.
	APIKeyEnv string `json:"api_key_env,omitempty" example:"OPENAI_API_KEY"`
}

// JobParams are a teacher job's parameters, as posted and as stored.
type JobParams struct {
	DatasetID string `json:"dataset_id" example:"ds_3f2a..."`
	// Split limits the job to one split; all items when empty.
	Split   string   `json:"split,omitempty" example:"train"`
	Teacher Endpoint `json:"teacher"`
	// Template is the prompt template version (default cec-causal-v1).
	Template string `json:"template,omitempty" example:"cec-causal-v1"`
	// Temperature is the sampling temperature, 0 (default) to 2.
	Temperature float64 `json:"temperature,omitempty" example:"0"`
	// MaxTokens caps each explanation (default 512).
	MaxTokens int `json:"max_tokens,omitempty" example:"512"`
	// Concurrency is how many requests are in flight (default 4, at
	// most 64).
	Concurrency int `json:"concurrency,omitempty" example:"4"`
	// Limit takes only the first Limit items (of the split); 0 for all.
	Limit int `json:"limit,omitempty" example:"200"`
}

// JobResult is a finished teacher job's result.
type JobResult struct {
	// DatasetID is the new dataset version, with the explanations.
	DatasetID string `json:"dataset_id"`
	ParentID  string `json:"parent_id"`
	// Items is the number of items the job explained.
	Items     int   `json:"items"`
	Generated int   `json:"generated"`
	Reused    int   `json:"reused"`
	Usage     Usage `json:"usage"`
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Normalize fills in the defaults and checks every field.
func (p *JobParams) Normalize() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidParams, fmt.Sprintf(format, args...))
	}
	if p.DatasetID == "" {
		return bad("dataset_id is required")
	}
	if p.Split != "" && !dataset.IsSplit(p.Split) {
		return bad("split %q: want one of %s", p.Split, strings.Join(dataset.SplitNames, ", "))
	}
	u, err := url.Parse(p.Teacher.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad("teacher.base_url %q: want an absolute http or https URL such as http://host:port/v1", p.Teacher.BaseURL)
	}
	p.Teacher.BaseURL = strings.TrimRight(p.Teacher.BaseURL, "/")
	if strings.TrimSpace(p.Teacher.Model) == "" {
		return bad("teacher.model is required")
	}
	if p.Teacher.APIKeyEnv != "" && !envName.MatchString(p.Teacher.APIKeyEnv) {
		return bad("teacher.api_key_env %q: want the name of an environment variable (letters, digits, _), never the key itself", p.Teacher.APIKeyEnv)
	}
	if p.Template == "" {
		p.Template = dataset.DefaultTemplate
	}
	if _, err := dataset.LookupTemplate(p.Template); err != nil {
		return bad("template: %v", err)
	}
	if p.Temperature < 0 || p.Temperature > 2 || p.Temperature != p.Temperature {
		return bad("temperature %v: want 0 to 2", p.Temperature)
	}
	if p.MaxTokens == 0 {
		p.MaxTokens = 512
	}
	if p.MaxTokens < 1 || p.MaxTokens > 32768 {
		return bad("max_tokens %d: want 1 to 32768", p.MaxTokens)
	}
	if p.Concurrency == 0 {
		p.Concurrency = 4
	}
	if p.Concurrency < 1 || p.Concurrency > 64 {
		return bad("concurrency %d: want 1 to 64", p.Concurrency)
	}
	if p.Limit < 0 {
		return bad("limit %d: want 0 (all items) or more", p.Limit)
	}
	return nil
}

// Datasets is the dataset store the job reads and writes.
type Datasets interface {
	Get(ctx context.Context, id string) (catalog.Dataset, error)
	Items(ctx context.Context, id string) ([]dataset.Item, error)
	Create(ctx context.Context, in catalog.New) (catalog.Dataset, bool, error)
}

// JobDeps is what the job handler needs.
type JobDeps struct {
	Datasets Datasets
	// Store keeps every generated explanation as soon as it is done.
	Store kv.Store
	// NewChat builds the client of a teacher endpoint; onRetry reports
	// each retry.
	NewChat func(e Endpoint, apiKey string, onRetry func(attempt int, wait time.Duration, err error)) Chat
	// Getenv reads the API key variable (os.Getenv in the binary).
	Getenv func(string) string
}

// Select returns the items a job with p explains: the split's (all when
// p.Split is empty), the first p.Limit when set.
func Select(items []dataset.Item, p JobParams) []dataset.Item {
	out := dataset.OfSplit(items, p.Split)
	if p.Limit > 0 && len(out) > p.Limit {
		out = out[:p.Limit]
	}
	return out
}

// Handler returns the job handler of teacher generation: it explains the
// selected items (reusing every explanation already stored for the same
// item, teacher and template, so a resumed job only asks for what is
// missing), then stores a new dataset version, the parent's items with the
// explanations filled in.
func Handler(d JobDeps) jobs.Handler {
	return func(ctx context.Context, t jobs.Task) (any, error) {
		var p JobParams
		if err := json.Unmarshal(t.Job().Params, &p); err != nil {
			return nil, fmt.Errorf("teacher job parameters: %w", err)
		}
		if err := p.Normalize(); err != nil {
			return nil, err
		}
		parent, err := d.Datasets.Get(ctx, p.DatasetID)
		if err != nil {
			return nil, err
		}
		all, err := d.Datasets.Items(ctx, p.DatasetID)
		if err != nil {
			return nil, err
		}
		selected := Select(all, p)
		if len(selected) == 0 {
			return nil, fmt.Errorf("dataset %s has no items in split %q", p.DatasetID, p.Split)
		}
		apiKey := ""
		if p.Teacher.APIKeyEnv != "" {
			if apiKey = d.Getenv(p.Teacher.APIKeyEnv); apiKey == "" {
				return nil, fmt.Errorf("the environment variable %s (teacher.api_key_env) is not set on this worker", p.Teacher.APIKeyEnv)
			}
		}
		chat := d.NewChat(p.Teacher, apiKey, func(attempt int, wait time.Duration, err error) {
			msg := fmt.Sprintf("attempt %d failed, retrying in %s: %v", attempt, wait.Round(time.Millisecond), err)
			_ = t.Event(ctx, "retry", msg, nil)
		})
		if err := t.SetProgress(ctx, jobs.Progress{Done: 0, Total: int64(len(selected))}); err != nil {
			return nil, err
		}
		cfg := Config{BaseURL: p.Teacher.BaseURL, Model: p.Teacher.Model, Template: p.Template,
			Temperature: p.Temperature, MaxTokens: p.MaxTokens, Concurrency: p.Concurrency}
		var progressErr error
		explained, st, err := Generate(ctx, selected, cfg, chat, d.Store, func(done, total int, st Stats) {
			if progressErr == nil {
				progressErr = t.SetProgress(ctx, jobs.Progress{Done: int64(done), Total: int64(total)})
			}
		})
		if err != nil {
			return nil, err
		}
		if progressErr != nil {
			return nil, progressErr
		}
		byID := make(map[string]string, len(explained))
		for _, it := range explained {
			byID[it.ID] = it.Explanation
		}
		out := make([]dataset.Item, len(all))
		for i, it := range all {
			if e, ok := byID[it.ID]; ok {
				it.Explanation = e
			}
			out[i] = it
		}
		version, _, err := d.Datasets.Create(ctx, catalog.New{
			Name:   versionName(parent, p.Teacher.Model),
			Format: parent.Format,
			Items:  out,
			Parent: parent.ID,
			Teacher: &catalog.Teacher{JobID: t.Job().ID, BaseURL: p.Teacher.BaseURL, Model: p.Teacher.Model,
				Template: p.Template, Temperature: p.Temperature, MaxTokens: p.MaxTokens},
		})
		if err != nil {
			return nil, fmt.Errorf("store the explained dataset: %w", err)
		}
		_ = t.Event(ctx, "dataset", "stored dataset "+version.ID, map[string]any{"dataset_id": version.ID, "explained": version.Explained})
		return JobResult{DatasetID: version.ID, ParentID: parent.ID, Items: len(selected),
			Generated: st.Generated, Reused: st.Reused, Usage: st.Usage}, nil
	}
}

func versionName(parent catalog.Dataset, model string) string {
	name := parent.Name
	if name == "" {
		name = parent.ID
	}
	return name + " + teacher " + model
}
