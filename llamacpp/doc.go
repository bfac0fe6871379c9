// Package llamacpp runs and supervises llama.cpp's programs: llama-server
// (an HTTP server for completions and embeddings) and llama-finetune (full
// fine-tuning of F32 models).
//
// FindBinaries locates the programs (bash scripts/llama/install.sh installs
// them under .cache/llama.cpp/bin). Start runs any program in its own process
// group, hands each output line to a callback and keeps the last lines for
// errors; Stop ends the whole group, so nothing a program started outlives
// it. StartServer waits until llama-server has loaded its model, and
// ProgressParser reads llama-finetune's progress bar.
//
// Process supervision relies on Unix process groups and is meant for Linux.
package llamacpp
