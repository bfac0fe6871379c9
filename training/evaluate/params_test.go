package evaluate_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/scoring"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/evaluate"
)

// valid returns the smallest parameters Normalize accepts.
func valid() evaluate.JobParams {
	return evaluate.JobParams{Model: "tiny-llama", Selection: dataset.Selection{DatasetID: "ds_1"}}
}

func TestNormalizeFillsInTheDefaults(t *testing.T) {
	p := valid()
	if err := p.Normalize(); err != nil {
		t.Fatalf("Normalize(%+v) = %v", valid(), err)
	}
	for _, c := range []struct {
		field     string
		got, want any
	}{
		{"split", p.Split, dataset.Test},
		{"template", p.Template, "cec-causal-v1"},
		{"max_tokens", p.MaxTokens, 256},
		{"context_length", p.ContextLength, 2048},
		{"concurrency", p.Concurrency, 2},
		{"seed", p.Seed, 42},
		{"adapter_scale", p.AdapterScale, 1.0},
		{"temperature", p.Temperature, 0.0},
		{"limit", p.Limit, 0},
		{"gpu_layers", p.GPULayers, 0},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.field, c.got, c.want)
		}
	}
	if p.Template != dataset.DefaultTemplate {
		t.Errorf("template %q is not dataset.DefaultTemplate %q", p.Template, dataset.DefaultTemplate)
	}
}

func TestNormalizeKeepsWhatIsSet(t *testing.T) {
	p := valid()
	p.Split, p.MaxTokens, p.ContextLength, p.Concurrency, p.Seed, p.AdapterScale = dataset.Validation, 24, 1024, 1, 7, 0.5
	p.Temperature, p.Limit, p.Metrics = 0.7, 3, []string{scoring.MetricCEC, scoring.MetricROUGE}
	want := p
	want.Template = dataset.DefaultTemplate
	if err := p.Normalize(); err != nil {
		t.Fatal(err)
	}
	if p.Split != want.Split || p.MaxTokens != 24 || p.ContextLength != 1024 || p.Concurrency != 1 || p.Seed != 7 ||
		p.AdapterScale != 0.5 || p.Temperature != 0.7 || p.Limit != 3 || len(p.Metrics) != 2 || p.Template != want.Template {
		t.Errorf("Normalize changed set fields: got %+v, want %+v", p, want)
	}
}

func TestNormalizeRejects(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*evaluate.JobParams)
		// want are the substrings the error must hold: the field and why.
		want []string
	}{
		{"missing model", func(p *evaluate.JobParams) { p.Model = "" }, []string{"model is required"}},
		{"blank model", func(p *evaluate.JobParams) { p.Model = "  " }, []string{"model is required"}},
		{"missing dataset_id", func(p *evaluate.JobParams) { p.DatasetID = "" }, []string{"dataset_id is required"}},
		{"unknown split", func(p *evaluate.JobParams) { p.Split = "dev" }, []string{`split "dev"`, "train", "validation", "test"}},
		{"unknown template", func(p *evaluate.JobParams) { p.Template = "v9" }, []string{"template"}},
		{"unknown metric", func(p *evaluate.JobParams) { p.Metrics = []string{"cec", "bleurt"} },
			append([]string{`unknown metric "bleurt"`}, scoring.AllMetrics...)},
		{"negative max_tokens", func(p *evaluate.JobParams) { p.MaxTokens = -1 }, []string{"max_tokens -1", "1 to 8192"}},
		{"too many max_tokens", func(p *evaluate.JobParams) { p.MaxTokens = 8193 }, []string{"max_tokens 8193"}},
		{"temperature 3", func(p *evaluate.JobParams) { p.Temperature = 3 }, []string{"temperature 3", "0 to 2"}},
		{"negative temperature", func(p *evaluate.JobParams) { p.Temperature = -0.1 }, []string{"temperature -0.1"}},
		{"NaN temperature", func(p *evaluate.JobParams) { p.Temperature = math.NaN() }, []string{"temperature NaN"}},
		{"NaN adapter_scale", func(p *evaluate.JobParams) { p.AdapterScale = math.NaN() }, []string{"adapter_scale NaN"}},
		{"adapter_scale 11", func(p *evaluate.JobParams) { p.AdapterScale = 11 }, []string{"adapter_scale 11", "-10 to 10"}},
		{"negative seed", func(p *evaluate.JobParams) { p.Seed = -1 }, []string{"seed -1"}},
		{"tiny context", func(p *evaluate.JobParams) { p.ContextLength = 32 }, []string{"context_length 32"}},
		{"negative gpu_layers", func(p *evaluate.JobParams) { p.GPULayers = -1 }, []string{"gpu_layers -1"}},
		{"concurrency 65", func(p *evaluate.JobParams) { p.Concurrency = 65 }, []string{"concurrency 65", "1 to 64"}},
		{"negative concurrency", func(p *evaluate.JobParams) { p.Concurrency = -2 }, []string{"concurrency -2"}},
		{"limit -1", func(p *evaluate.JobParams) { p.Limit = -1 }, []string{"limit -1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := valid()
			c.edit(&p)
			err := p.Normalize()
			if !errors.Is(err, evaluate.ErrInvalidParams) {
				t.Fatalf("Normalize = %v, want an error wrapping ErrInvalidParams", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}
