package testmodel

import "fmt"

// Config sets the shape of a test model.
type Config struct {
	// Layers is the number of transformer blocks.
	Layers int
	// Embd is the embedding width; Embd/Heads must be even (RoPE).
	Embd int
	// FF is the feed-forward width.
	FF int
	// Heads is the number of attention heads.
	Heads int
	// HeadsKV is the number of key/value heads; it must divide Heads.
	HeadsKV int
	// Context is the trained context length written to the metadata.
	// llama-finetune aborts unless it is a multiple of the -b batch size.
	Context int
	// Seed fixes the random weights.
	Seed uint64
}

// DefaultConfig returns a model small enough to fine-tune for a few
// epochs in seconds on two CPU cores.
func DefaultConfig() Config {
	return Config{Layers: 2, Embd: 64, FF: 128, Heads: 4, HeadsKV: 2, Context: 256, Seed: 1}
}

// Validate reports the first setting llama.cpp could not load, if any.
func (c Config) Validate() error {
	switch {
	case c.Layers < 1, c.Embd < 1, c.FF < 1, c.Heads < 1, c.HeadsKV < 1, c.Context < 1:
		return fmt.Errorf("testmodel: every size must be positive: %+v", c)
	case c.Embd%c.Heads != 0:
		return fmt.Errorf("testmodel: embedding width %d is not a multiple of %d heads", c.Embd, c.Heads)
	case (c.Embd/c.Heads)%2 != 0:
		return fmt.Errorf("testmodel: head width %d is odd, RoPE needs it even", c.Embd/c.Heads)
	case c.Heads%c.HeadsKV != 0:
		return fmt.Errorf("testmodel: %d KV heads do not divide %d heads", c.HeadsKV, c.Heads)
	}
	return nil
}

// headDim is the width of one attention head.
func (c Config) headDim() int { return c.Embd / c.Heads }

// embdKV is the width of the key and value projections.
func (c Config) embdKV() int { return c.headDim() * c.HeadsKV }
