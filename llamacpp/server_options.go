package llamacpp

import (
	"strconv"
	"time"
)

// DefaultLoadTimeout is how long StartServer waits for llama-server to load
// its model when ServerOptions.LoadTimeout is 0.
const DefaultLoadTimeout = 2 * time.Minute

// DefaultHost is the address StartServer listens on when
// ServerOptions.Host is "".
const DefaultHost = "127.0.0.1"

// ServerOptions are llama-server's settings.
type ServerOptions struct {
	Model     string    // -m: the GGUF model
	LoRA      []Adapter // --lora or --lora-scaled, one flag per adapter
	Host      string    // --host (StartServer: DefaultHost when "")
	Port      int       // --port (StartServer: a free port when 0)
	CtxSize   int       // -c: context size; 0 takes the model's
	GPULayers int       // -ngl, always passed: 0 means CPU only
	Threads   int       // -t
	Parallel  int       // -np: server slots
	Seed      int       // -s: sampling seed; 0 leaves llama-server's default (random)
	// Embeddings restricts the server to the embeddings endpoints
	// (--embeddings).
	Embeddings bool
	Alias      string   // -a: the model name the API reports
	ExtraArgs  []string // appended last, as they are

	// LoadTimeout bounds StartServer's wait for the model to load
	// (DefaultLoadTimeout when 0). It is not a flag.
	LoadTimeout time.Duration
}

// Adapter is a LoRA adapter applied by llama-server.
type Adapter struct {
	Path  string
	Scale float64 // 0 means 1
}

// arg is the adapter's --lora or --lora-scaled flag and its value.
func (a Adapter) arg() (flag, value string) {
	if a.Scale == 0 || a.Scale == 1 {
		return "--lora", a.Path
	}
	return "--lora-scaled", a.Path + ":" + strconv.FormatFloat(a.Scale, 'g', -1, 64)
}

// Args are llama-server's arguments for the options: only the non-zero
// ones, except -ngl, which is always passed.
func (o ServerOptions) Args() []string {
	var args []string
	add := func(flag string, v int) {
		if v != 0 {
			args = append(args, flag, strconv.Itoa(v))
		}
	}
	if o.Model != "" {
		args = append(args, "-m", o.Model)
	}
	for _, a := range o.LoRA {
		flag, value := a.arg()
		args = append(args, flag, value)
	}
	if o.Host != "" {
		args = append(args, "--host", o.Host)
	}
	add("--port", o.Port)
	add("-c", o.CtxSize)
	args = append(args, "-ngl", strconv.Itoa(o.GPULayers))
	add("-t", o.Threads)
	add("-np", o.Parallel)
	add("-s", o.Seed)
	if o.Embeddings {
		args = append(args, "--embeddings")
	}
	if o.Alias != "" {
		args = append(args, "-a", o.Alias)
	}
	return append(args, o.ExtraArgs...)
}
