package llamacpp

import "strconv"

// FinetuneOptions are llama-finetune's settings (upstream full fine-tuning
// of F32 models).
type FinetuneOptions struct {
	Model     string // -m: the F32 GGUF model to train
	TrainFile string // -f: the training text
	Output    string // -o: where the trained model goes

	Epochs          int     // -epochs
	LearningRate    float64 // -lr
	LearningRateMin float64 // -lr-min (upstream uses it with -decay-epochs, an ExtraArg)
	Optimizer       string  // -opt: "adamw" or "sgd"

	// CtxSize is -c; -b and -ub are set equal to it, as upstream requires
	// (each training example is one context). llama.cpp pads the context to
	// a multiple of 256, so use a multiple of 256 (else the K and V
	// projections get no gradients); it must also divide the model's
	// trained context, or llama-finetune aborts. The training text must
	// hold more than one context of tokens, or it aborts too.
	CtxSize int

	GPULayers int      // -ngl, always passed: 0 means CPU only
	Threads   int      // -t
	ValSplit  float64  // -val-split: fraction held out for validation (0 leaves upstream's 0.05)
	ExtraArgs []string // appended last, as they are
}

// Args are llama-finetune's arguments for the options: only the non-zero
// ones, except -ngl, which is always passed.
func (o FinetuneOptions) Args() []string {
	var args []string
	str := func(flag, v string) {
		if v != "" {
			args = append(args, flag, v)
		}
	}
	num := func(flag string, v int) {
		if v != 0 {
			args = append(args, flag, strconv.Itoa(v))
		}
	}
	float := func(flag string, v float64) {
		if v != 0 {
			args = append(args, flag, strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	str("-m", o.Model)
	str("-f", o.TrainFile)
	str("-o", o.Output)
	num("-epochs", o.Epochs)
	float("-lr", o.LearningRate)
	float("-lr-min", o.LearningRateMin)
	str("-opt", o.Optimizer)
	num("-c", o.CtxSize)
	num("-b", o.CtxSize)
	num("-ub", o.CtxSize)
	args = append(args, "-ngl", strconv.Itoa(o.GPULayers))
	num("-t", o.Threads)
	float("-val-split", o.ValSplit)
	return append(args, o.ExtraArgs...)
}
