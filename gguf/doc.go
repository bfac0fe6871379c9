// Package gguf reads and writes GGUF files, the model format of llama.cpp
// and ggml.
//
// A GGUF file is a header (magic "GGUF", version, counts), typed key/value
// metadata, tensor descriptions, padding to the alignment, and then the
// tensor data section. Everything is little-endian. This package writes
// version 3 and reads versions 2 and 3.
//
// ReadHeader parses the header from any io.Reader and treats its input as
// untrusted: lengths and counts are checked against the size of the input
// when it can be learnt (the reader can seek) and every allocation grows
// only with bytes actually read, so hostile files give an error wrapping
// ErrFormat instead of a panic or a huge allocation. Open adds random access
// to the tensor data of a file on disk; Write and WriteFile produce files
// that llama.cpp loads.
package gguf
