package llamacpp

import (
	"reflect"
	"testing"
)

func TestServerOptionsArgs(t *testing.T) {
	tests := []struct {
		name string
		o    ServerOptions
		want []string
	}{
		{"zero: only -ngl", ServerOptions{}, []string{"-ngl", "0"}},
		{"all", ServerOptions{
			Model: "m.gguf", LoRA: []Adapter{{Path: "a.gguf"}, {Path: "b.gguf", Scale: 1}, {Path: "c.gguf", Scale: 0.5}},
			Host: "0.0.0.0", Port: 8081, CtxSize: 256, GPULayers: 99, Threads: 2, Parallel: 4, Seed: 42,
			Embeddings: true, Alias: "tiny", ExtraArgs: []string{"--no-webui"}, LoadTimeout: 1,
		}, []string{
			"-m", "m.gguf", "--lora", "a.gguf", "--lora", "b.gguf", "--lora-scaled", "c.gguf:0.5",
			"--host", "0.0.0.0", "--port", "8081", "-c", "256", "-ngl", "99", "-t", "2", "-np", "4", "-s", "42",
			"--embeddings", "-a", "tiny", "--no-webui",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.o.Args(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Args() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFinetuneOptionsArgs(t *testing.T) {
	tests := []struct {
		name string
		o    FinetuneOptions
		want []string
	}{
		{"zero: only -ngl", FinetuneOptions{}, []string{"-ngl", "0"}},
		{"all", FinetuneOptions{
			Model: "m.gguf", TrainFile: "train.txt", Output: "out.gguf", Epochs: 3, LearningRate: 1e-4,
			LearningRateMin: 1e-6, Optimizer: "sgd", CtxSize: 64, GPULayers: 0, Threads: 2, ValSplit: 0.1,
			ExtraArgs: []string{"-wd", "1e-9"},
		}, []string{
			"-m", "m.gguf", "-f", "train.txt", "-o", "out.gguf", "-epochs", "3", "-lr", "0.0001", "-lr-min", "1e-06",
			"-opt", "sgd", "-c", "64", "-b", "64", "-ub", "64", "-ngl", "0", "-t", "2", "-val-split", "0.1", "-wd", "1e-9",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.o.Args(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Args() = %q, want %q", got, tt.want)
			}
		})
	}
}
