package server

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// composeFile is the part of compose.yaml (Compose specification) these
// tests check.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Build       string            `yaml:"build"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	Ports       []string          `yaml:"ports"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	DependsOn map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Deploy struct {
		Replicas  int `yaml:"replicas"`
		Resources struct {
			Reservations struct {
				Devices []struct {
					Driver       string   `yaml:"driver"`
					Count        any      `yaml:"count"`
					Capabilities []string `yaml:"capabilities"`
				} `yaml:"devices"`
			} `yaml:"reservations"`
		} `yaml:"resources"`
	} `yaml:"deploy"`
}

// readCompose parses compose.yaml at the repository root.
func readCompose(t *testing.T) (composeFile, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "compose.yaml"))
	if err != nil {
		t.Fatalf("compose.yaml at the repository root: %v", err)
	}
	var f composeFile
	if err := yaml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return f, string(raw)
}

func TestComposeServicesAndHealthchecks(t *testing.T) {
	f, _ := readCompose(t)
	for _, name := range []string{"redis", "qdrant", "llama", "api", "worker"} {
		if _, ok := f.Services[name]; !ok {
			t.Fatalf("no %s service; have %v", name, sortedKeys(f.Services))
		}
	}
	checks := map[string]string{ // service: a part of its health check
		"redis":  "redis-cli ping",
		"qdrant": "/readyz",
		"llama":  "/health",
		"api":    "/readyz",
	}
	for name, part := range checks {
		hc := f.Services[name].Healthcheck
		if hc == nil || !strings.Contains(strings.Join(hc.Test, " "), part) {
			t.Errorf("%s: health check %v, want one running %q", name, hc, part)
		}
	}
	if redis := f.Services["redis"]; !strings.HasPrefix(redis.Image, "redis:7") || !strings.Contains(strings.Join(redis.Command, " "), "--appendonly yes") {
		t.Errorf("redis: image %q command %v, want redis:7 with appendonly", redis.Image, redis.Command)
	}
	if q := f.Services["qdrant"]; !strings.HasPrefix(q.Image, "qdrant/qdrant:v1.") || q.Environment["QDRANT__SERVICE__API_KEY"] == "" {
		t.Errorf("qdrant: image %q, API key %q", q.Image, q.Environment["QDRANT__SERVICE__API_KEY"])
	}
	if l := f.Services["llama"]; !strings.Contains(l.Image, "llama.cpp:server") || !slices.Contains(l.Command, "-m") {
		t.Errorf("llama: image %q command %v, want llama-server with a model", l.Image, l.Command)
	}
	api, worker := f.Services["api"], f.Services["worker"]
	if api.Deploy.Replicas != 2 {
		t.Errorf("api replicas %d, want 2", api.Deploy.Replicas)
	}
	if api.Build != "." || worker.Build != "." || api.Image != worker.Image {
		t.Errorf("api and worker: build %q/%q image %q/%q, want one image built from the Dockerfile", api.Build, worker.Build, api.Image, worker.Image)
	}
	if len(api.Command) == 0 || api.Command[0] != "serve" || len(worker.Command) == 0 || worker.Command[0] != "worker" {
		t.Errorf("commands: api %v worker %v, want serve and worker", api.Command, worker.Command)
	}
	if len(api.Ports) != 1 || !strings.HasSuffix(api.Ports[0], ":8080") {
		t.Errorf("api ports %v, want the replicas' 8080 published", api.Ports)
	}
	for name, s := range f.Services {
		if name != "worker" && s.Healthcheck == nil {
			t.Errorf("%s has no health check", name)
		}
	}
}

func TestComposeWiring(t *testing.T) {
	f, _ := readCompose(t)
	known := map[string]bool{}
	for _, v := range envVars {
		known[v.env] = true
	}
	for _, name := range []string{"api", "worker"} {
		s := f.Services[name]
		env := s.Environment
		u, err := url.Parse(env["REDIS_URL"])
		if err != nil || u.Scheme != "redis" || u.Port() != "6379" || f.Services[u.Hostname()].Image == "" || !strings.HasPrefix(f.Services[u.Hostname()].Image, "redis:") {
			t.Errorf("%s: REDIS_URL %q, want redis://<the redis service>:6379/db", name, env["REDIS_URL"])
		}
		q, err := url.Parse(env["QDRANT_URL"])
		if err != nil || q.Hostname() != "qdrant" || (q.Port() != "6333" && q.Port() != "6334") {
			t.Errorf("%s: QDRANT_URL %q, want the qdrant service's port", name, env["QDRANT_URL"])
		}
		if !strings.Contains(env["QDRANT_API_KEY"], "${QDRANT_API_KEY") {
			t.Errorf("%s: QDRANT_API_KEY %q, want it taken from the environment, not written here", name, env["QDRANT_API_KEY"])
		}
		for k := range env {
			if strings.HasPrefix(k, "CECBENCH_") && !known[k] {
				t.Errorf("%s: %s is not a variable cecbench reads", name, k)
			}
		}
		for _, dep := range []string{"redis", "qdrant"} {
			if s.DependsOn[dep].Condition != "service_healthy" {
				t.Errorf("%s depends on %s with condition %q, want service_healthy", name, dep, s.DependsOn[dep].Condition)
			}
		}
		if !slices.ContainsFunc(s.Volumes, func(v string) bool { return strings.HasSuffix(v, ":"+env["CECBENCH_DATA_DIR"]) }) {
			t.Errorf("%s: volumes %v, none mounted at CECBENCH_DATA_DIR %q", name, s.Volumes, env["CECBENCH_DATA_DIR"])
		}
	}
	api, worker := f.Services["api"], f.Services["worker"]
	if api.Environment["CECBENCH_WORKERS"] != "0" {
		t.Errorf("api CECBENCH_WORKERS %q, want 0 (workers run in the worker service)", api.Environment["CECBENCH_WORKERS"])
	}
	for _, k := range []string{"CECBENCH_RATE_LIMIT", "CECBENCH_RATE_BURST", "CECBENCH_CORS_ORIGINS", "CECBENCH_REQUEST_TIMEOUT"} {
		if _, ok := api.Environment[k]; !ok {
			t.Errorf("api does not pass %s", k)
		}
	}
	if !slices.Equal(namedVolumes(api.Volumes), namedVolumes(worker.Volumes)) {
		t.Errorf("api volumes %v, worker volumes %v: want the data volume shared", api.Volumes, worker.Volumes)
	}
	for name, s := range f.Services {
		for _, v := range namedVolumes(s.Volumes) {
			if _, ok := f.Volumes[v]; !ok {
				t.Errorf("%s mounts volume %q, not declared under volumes", name, v)
			}
		}
		for dep := range s.DependsOn {
			if _, ok := f.Services[dep]; !ok {
				t.Errorf("%s depends on %q, no such service", name, dep)
			}
		}
	}
}

func TestComposeGPUVariantIsValid(t *testing.T) {
	_, raw := readCompose(t)
	// The commented-out CUDA llama service, uncommented.
	var block []string
	in := false
	for _, line := range strings.Split(raw, "\n") {
		if line == "  # llama:" {
			in = true
		}
		if in && !strings.HasPrefix(line, "  #") {
			break
		}
		if in {
			block = append(block, "  "+strings.TrimPrefix(strings.TrimPrefix(line, "  #"), " "))
		}
	}
	if len(block) == 0 {
		t.Fatal("no commented-out GPU llama service (a line \"  # llama:\") in compose.yaml")
	}
	var f composeFile
	if err := yaml.Unmarshal([]byte("services:\n"+strings.Join(block, "\n")), &f); err != nil {
		t.Fatalf("the GPU variant does not parse once uncommented: %v\n%s", err, strings.Join(block, "\n"))
	}
	l := f.Services["llama"]
	devs := l.Deploy.Resources.Reservations.Devices
	if !strings.Contains(l.Image, "server-cuda") || len(devs) != 1 || devs[0].Driver != "nvidia" || !slices.Contains(devs[0].Capabilities, "gpu") {
		t.Errorf("GPU llama: image %q devices %+v", l.Image, devs)
	}
	if !slices.Contains(l.Command, "-ngl") {
		t.Errorf("GPU llama command %v does not offload layers (-ngl)", l.Command)
	}
}

func TestDockerfileBuildsTheImageComposeUses(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "Dockerfile"))
	if err != nil {
		t.Fatalf("compose.yaml builds from a Dockerfile at the repository root: %v", err)
	}
	for _, part := range []string{"cecbench models", "wordnet-base", "curl", `ENTRYPOINT ["cecbench"]`, "CECBENCH_MODELS_DIR="} {
		if !strings.Contains(string(raw), part) {
			t.Errorf("Dockerfile lacks %q", part)
		}
	}
}

// namedVolumes returns the named volumes (not host paths) in a service's
// volume list, sorted.
func namedVolumes(vols []string) []string {
	var out []string
	for _, v := range vols {
		src, _, ok := strings.Cut(v, ":")
		if ok && !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") && !strings.HasPrefix(src, "~") {
			out = append(out, src)
		}
	}
	slices.Sort(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
