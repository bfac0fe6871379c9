package lora

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/gguf"
)

// testTensor is one tensor of a test model: dims in ggml ne order and
// row-major values (Dims[1] rows of Dims[0]).
type testTensor struct {
	name string
	dims []uint64
	data []float32
}

// writeModel writes an F32 GGUF model with the given architecture.
func writeModel(t *testing.T, path, arch string, tensors []testTensor) {
	t.Helper()
	out := make([]gguf.Tensor, len(tensors))
	for i, tt := range tensors {
		out[i] = gguf.F32Tensor(tt.name, tt.dims, tt.data)
	}
	kv := []gguf.KV{{Key: "general.architecture", Value: arch}, {Key: "general.name", Value: "test"}}
	if err := gguf.WriteFile(path, kv, out); err != nil {
		t.Fatal(err)
	}
}

func gaussianF32(n int, rng *rand.Rand) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64())
	}
	return out
}

// addRank2 returns w (rows×cols) plus a random rank-2 matrix u·v.
func addRank2(w []float32, rows, cols int, rng *rand.Rand) []float32 {
	u, v := gaussianF32(rows*2, rng), gaussianF32(2*cols, rng)
	out := slices.Clone(w)
	for i := range rows {
		for j := range cols {
			out[i*cols+j] += 0.1 * (u[2*i]*v[j] + u[2*i+1]*v[cols+j])
		}
	}
	return out
}

// testModels writes a small base model and a tuned one in dir: three
// blk.* matrices get a rank-2 change (one wide enough for the randomized
// SVD), one stays unchanged, and a norm and the embedding change.
func testModels(t *testing.T, dir string) (basePath, tunedPath string, base, tuned []testTensor) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	mk := func(name string, dims ...uint64) testTensor {
		n := 1
		for _, d := range dims {
			n *= int(d)
		}
		return testTensor{name, dims, gaussianF32(n, rng)}
	}
	base = []testTensor{
		mk("token_embd.weight", 24, 50),
		mk("blk.0.attn_norm.weight", 24),
		mk("blk.0.attn_q.weight", 24, 40),
		mk("blk.0.ffn_up.weight", 24, 64),
		mk("blk.0.ffn_down.weight", 64, 24),
		mk("blk.1.attn_k.weight", 24, 8),
		mk("output_norm.weight", 24),
	}
	tuned = make([]testTensor, len(base))
	for i, b := range base {
		tuned[i] = testTensor{b.name, b.dims, slices.Clone(b.data)}
		switch b.name {
		case "blk.0.attn_q.weight", "blk.0.ffn_up.weight", "blk.1.attn_k.weight", "token_embd.weight":
			tuned[i].data = addRank2(b.data, int(b.dims[1]), int(b.dims[0]), rng)
		case "blk.0.attn_norm.weight":
			for j := range tuned[i].data {
				tuned[i].data[j] *= 1.01
			}
		}
	}
	basePath, tunedPath = filepath.Join(dir, "base.gguf"), filepath.Join(dir, "tuned.gguf")
	writeModel(t, basePath, "llama", base)
	writeModel(t, tunedPath, "llama", tuned)
	return basePath, tunedPath, base, tuned
}

// applyAdapter returns base + (alpha/r)·B·A for the adapter pair of the
// named weight, computed as llama.cpp does (r from lora_b's dims[0], the
// embedding with its own layout), and the rank.
func applyAdapter(t *testing.T, ad *gguf.Reader, w testTensor, alpha float32) ([]float32, int) {
	t.Helper()
	ai, ok1 := ad.Tensor(w.name + ".lora_a")
	bi, ok2 := ad.Tensor(w.name + ".lora_b")
	if !ok1 || !ok2 {
		t.Fatalf("adapter lacks the pair for %q", w.name)
	}
	a, err := ad.ReadF32(ai.Name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ad.ReadF32(bi.Name)
	if err != nil {
		t.Fatal(err)
	}
	r := int(bi.Dims[0])
	scale := alpha / float32(r)
	cols, rows := int(w.dims[0]), int(w.dims[1])
	out := slices.Clone(w.data)
	for i := range rows {
		for j := range cols {
			var s float32
			for k := range r {
				if isTokenEmbd(w.name) { // row i of lora_a times lora_b
					s += a[i*r+k] * b[j*r+k]
				} else { // B·A: lora_b is rows×r, lora_a is r×cols
					s += b[i*r+k] * a[k*cols+j]
				}
			}
			out[i*cols+j] += scale * s
		}
	}
	return out, r
}

func maxAbsDiff(x, y []float32) float64 {
	var m float64
	for i := range x {
		m = max(m, math.Abs(float64(x[i])-float64(y[i])))
	}
	return m
}

func TestExtract(t *testing.T) {
	dir := t.TempDir()
	basePath, tunedPath, base, tuned := testModels(t, dir)
	outPath := filepath.Join(dir, "adapter.gguf")
	var progress [][2]int
	rep, err := Extract(context.Background(), basePath, tunedPath, outPath, Options{
		Rank: 4, Alpha: 8, Seed: 1,
		Progress: func(done, total int) { progress = append(progress, [2]int{done, total}) },
	})
	if err != nil {
		t.Fatal(err)
	}

	ad, err := gguf.Open(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer ad.Close()
	wantKV := map[string]any{
		"general.architecture": "llama",
		"general.type":         "adapter",
		"adapter.type":         "lora",
		"adapter.lora.alpha":   float32(8),
	}
	for k, want := range wantKV {
		if got, ok := ad.Value(k); !ok || got != want {
			t.Errorf("adapter %s = %#v, want %#v", k, got, want)
		}
	}

	wantShapes := map[string][]uint64{
		"blk.0.attn_q.weight.lora_a": {24, 4}, "blk.0.attn_q.weight.lora_b": {4, 40},
		"blk.0.ffn_up.weight.lora_a": {24, 4}, "blk.0.ffn_up.weight.lora_b": {4, 64},
		"blk.1.attn_k.weight.lora_a": {24, 4}, "blk.1.attn_k.weight.lora_b": {4, 8},
	}
	if len(ad.Tensors) != len(wantShapes) {
		t.Errorf("adapter has %d tensors, want %d", len(ad.Tensors), len(wantShapes))
	}
	for _, ti := range ad.Tensors {
		if want, ok := wantShapes[ti.Name]; !ok || !slices.Equal(ti.Dims, want) || ti.Type != gguf.TensorF32 {
			t.Errorf("adapter tensor %q: dims %v type %v, want dims %v type F32", ti.Name, ti.Dims, ti.Type, want)
		}
	}

	for i, b := range base {
		if _, ok := ad.Tensor(b.name + ".lora_a"); !ok {
			continue
		}
		got, _ := applyAdapter(t, ad, b, 8)
		if diff := maxAbsDiff(got, tuned[i].data); diff > 1e-5 {
			t.Errorf("%s: base + adapter differs from tuned by up to %g, want <= 1e-5", b.name, diff)
		}
	}

	var names []string
	for _, m := range rep.Matrices {
		names = append(names, m.Tensor)
		if m.Rank != 4 || m.RelError > 1e-6 || m.DeltaNorm <= 0 {
			t.Errorf("report for %s: rank %d, relErr %g, delta %g; want 4, <= 1e-6, > 0", m.Tensor, m.Rank, m.RelError, m.DeltaNorm)
		}
	}
	if want := []string{"blk.0.attn_q.weight", "blk.0.ffn_up.weight", "blk.1.attn_k.weight"}; !slices.Equal(names, want) {
		t.Errorf("report matrices %v, want %v", names, want)
	}
	if m := rep.Matrices[0]; m.Rows != 40 || m.Cols != 24 {
		t.Errorf("attn_q reported %d×%d, want 40×24 (n_out rows of n_in)", m.Rows, m.Cols)
	}
	if want := []string{"blk.0.ffn_down.weight"}; !slices.Equal(rep.Unchanged, want) {
		t.Errorf("Unchanged = %v, want %v", rep.Unchanged, want)
	}
	if len(rep.NotCarried) != 2 || rep.NotCarried[0].Tensor != "token_embd.weight" ||
		rep.NotCarried[1].Tensor != "blk.0.attn_norm.weight" || math.Abs(rep.NotCarried[1].RelChange-0.01) > 1e-6 {
		t.Errorf("NotCarried = %+v, want token_embd.weight and blk.0.attn_norm.weight (0.01)", rep.NotCarried)
	}
	if rep.Rank != 4 || rep.Alpha != 8 || rep.MaxRelError > 1e-6 || rep.MeanRelError > rep.MaxRelError {
		t.Errorf("report Rank %d Alpha %g Max %g Mean %g", rep.Rank, rep.Alpha, rep.MaxRelError, rep.MeanRelError)
	}
	if want := [][2]int{{1, 4}, {2, 4}, {3, 4}, {4, 4}}; !slices.Equal(progress, want) {
		t.Errorf("progress calls %v, want %v", progress, want)
	}
}

func TestExtractDefaultsAndEmbedding(t *testing.T) {
	dir := t.TempDir()
	basePath, tunedPath, base, tuned := testModels(t, dir)
	outPath := filepath.Join(dir, "adapter.gguf")
	include := func(name string, dims []uint64) bool {
		return name == "token_embd.weight" || DefaultInclude(name, dims)
	}
	rep, err := Extract(context.Background(), basePath, tunedPath, outPath, Options{Include: include})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rank != DefaultRank || rep.Alpha != DefaultAlpha {
		t.Errorf("defaults: rank %d alpha %g, want %d %d", rep.Rank, rep.Alpha, DefaultRank, DefaultAlpha)
	}
	ad, err := gguf.Open(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer ad.Close()
	// Rank 16 is clamped to 8 for attn_k (8 rows); the embedding pair is
	// laid out as llama.cpp's shape check for token_embd expects.
	shapes := map[string][]uint64{
		"blk.1.attn_k.weight.lora_a": {24, 8}, "blk.1.attn_k.weight.lora_b": {8, 8},
		"token_embd.weight.lora_a": {16, 50}, "token_embd.weight.lora_b": {16, 24},
	}
	for name, want := range shapes {
		ti, ok := ad.Tensor(name)
		if !ok || !slices.Equal(ti.Dims, want) {
			t.Errorf("%s: dims %v, want %v", name, ti.Dims, want)
		}
	}
	for i, b := range base {
		if _, ok := ad.Tensor(b.name + ".lora_a"); !ok {
			continue
		}
		got, _ := applyAdapter(t, ad, b, DefaultAlpha)
		if diff := maxAbsDiff(got, tuned[i].data); diff > 1e-5 {
			t.Errorf("%s: base + adapter differs from tuned by up to %g, want <= 1e-5", b.name, diff)
		}
	}
	if len(rep.NotCarried) != 1 || rep.NotCarried[0].Tensor != "blk.0.attn_norm.weight" {
		t.Errorf("NotCarried = %+v, want only blk.0.attn_norm.weight", rep.NotCarried)
	}
}

func TestExtractMismatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	q := testTensor{"blk.0.attn_q.weight", []uint64{8, 8}, gaussianF32(64, rng)}
	k := testTensor{"blk.0.attn_k.weight", []uint64{8, 4}, gaussianF32(32, rng)}
	kWide := testTensor{"blk.0.attn_k.weight", []uint64{4, 8}, k.data}
	tests := []struct {
		name      string
		tunedArch string
		tuned     []testTensor
		want      string
	}{
		{"architecture", "qwen2", []testTensor{q, k}, "architecture"},
		{"missing tensor", "llama", []testTensor{q}, "not in tuned"},
		{"extra tensor", "llama", []testTensor{q, k, {"blk.0.attn_v.weight", []uint64{8, 4}, k.data}}, "not in base"},
		{"dims", "llama", []testTensor{q, kWide}, "dims"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			basePath, tunedPath := filepath.Join(dir, "base.gguf"), filepath.Join(dir, "tuned.gguf")
			writeModel(t, basePath, "llama", []testTensor{q, k})
			writeModel(t, tunedPath, tc.tunedArch, tc.tuned)
			_, err := Extract(context.Background(), basePath, tunedPath, filepath.Join(dir, "a.gguf"), Options{})
			if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrMismatch mentioning %q", err, tc.want)
			}
		})
	}
}

func TestExtractMismatchedType(t *testing.T) {
	dir := t.TempDir()
	basePath, tunedPath := filepath.Join(dir, "base.gguf"), filepath.Join(dir, "tuned.gguf")
	writeModel(t, basePath, "llama", []testTensor{{"blk.0.attn_q.weight", []uint64{2, 2}, make([]float32, 4)}})
	kv := []gguf.KV{{Key: "general.architecture", Value: "llama"}}
	f16 := gguf.Tensor{Name: "blk.0.attn_q.weight", Dims: []uint64{2, 2}, Type: gguf.TensorF16, Data: make([]byte, 8)}
	if err := gguf.WriteFile(tunedPath, kv, []gguf.Tensor{f16}); err != nil {
		t.Fatal(err)
	}
	_, err := Extract(context.Background(), basePath, tunedPath, filepath.Join(dir, "a.gguf"), Options{})
	if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "F16") {
		t.Fatalf("err = %v, want ErrMismatch naming the F16 type", err)
	}
	// Both F16: not a mismatch, but not supported either.
	if err := gguf.WriteFile(basePath, kv, []gguf.Tensor{f16}); err != nil {
		t.Fatal(err)
	}
	_, err = Extract(context.Background(), basePath, tunedPath, filepath.Join(dir, "a.gguf"), Options{})
	if err == nil || errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "only F32") {
		t.Fatalf("err = %v, want an F32-only error", err)
	}
}

func TestExtractRejects(t *testing.T) {
	dir := t.TempDir()
	basePath, tunedPath, _, _ := testModels(t, dir)
	outPath := filepath.Join(dir, "adapter.gguf")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		base, out string
		o         Options
		want      string
	}{
		{"negative rank", context.Background(), basePath, outPath, Options{Rank: -1}, "rank -1"},
		{"negative alpha", context.Background(), basePath, outPath, Options{Alpha: -2}, "alpha -2"},
		{"1-D include", context.Background(), basePath, outPath, Options{Include: func(string, []uint64) bool { return true }}, "2-D"},
		{"output is input", context.Background(), basePath, basePath, Options{}, "also an input"},
		{"cancelled", cancelled, basePath, outPath, Options{}, context.Canceled.Error()},
		{"missing base", context.Background(), filepath.Join(dir, "nope.gguf"), outPath, Options{}, "open base"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract(tc.ctx, tc.base, tunedPath, tc.out, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if !errors.Is(func() error {
		_, err := Extract(cancelled, basePath, tunedPath, outPath, Options{})
		return err
	}(), context.Canceled) {
		t.Error("a cancelled extraction's error does not wrap context.Canceled")
	}
}
