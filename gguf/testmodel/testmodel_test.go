package testmodel

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cecbench/cecbench/gguf"
)

func TestVocabWellFormed(t *testing.T) {
	v := getVocab()
	if len(v.scores) != len(v.tokens) || len(v.types) != len(v.tokens) {
		t.Fatalf("%d tokens, %d scores, %d types", len(v.tokens), len(v.scores), len(v.types))
	}
	seen := map[string]int{}
	for id, tok := range v.tokens {
		if prev, dup := seen[tok]; dup {
			t.Errorf("token %q at ids %d and %d", tok, prev, id)
		}
		seen[tok] = id
		if tok == "" || !utf8.ValidString(tok) {
			t.Errorf("token %d %q is empty or not UTF-8", id, tok)
		}
	}
	specials := []struct {
		id  int
		tok string
		typ int32
	}{{UnkID, "<unk>", tokenUnknown}, {BosID, "<s>", tokenControl}, {EosID, "</s>", tokenControl}}
	for _, s := range specials {
		if v.tokens[s.id] != s.tok || v.types[s.id] != s.typ {
			t.Errorf("id %d = %q type %d, want %q type %d", s.id, v.tokens[s.id], v.types[s.id], s.tok, s.typ)
		}
	}
	for b := 0; b < 256; b++ {
		tok := fmt.Sprintf("<0x%02X>", b)
		id, ok := seen[tok]
		if !ok || v.types[id] != tokenByte {
			t.Errorf("byte token %s missing or not of type byte", tok)
		}
	}
	if n := len(v.tokens); n < 1000 || n > 4000 {
		t.Errorf("%d tokens, want between 1000 and 4000", n)
	}
	if got := Vocab(); !reflect.DeepEqual(got, v.tokens) {
		t.Error("Vocab() differs from the written tokens")
	}
}

// TestVocabMergeable checks that every word piece can be built by
// SentencePiece merges: it is one character, or some split of it into two
// pieces that are both held.
func TestVocabMergeable(t *testing.T) {
	v := getVocab()
	held := map[string]bool{}
	for id, tok := range v.tokens {
		if v.types[id] == tokenNormal {
			held[tok] = true
		}
	}
	for tok := range held {
		if utf8.RuneCountInString(tok) == 1 {
			continue
		}
		ok := false
		for i := range tok {
			if i > 0 && held[tok[:i]] && held[tok[i:]] {
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("piece %q cannot be merged from two held pieces", tok)
		}
	}
	for _, w := range []string{"▁the", "▁climate", "▁warming", "▁because", "▁evidence", "ing", "▁", "e", "."} {
		if !held[w] {
			t.Errorf("piece %q missing", w)
		}
	}
}

func TestLongerPiecesScoreHigher(t *testing.T) {
	v := getVocab()
	score := map[string]float32{}
	for id, tok := range v.tokens {
		score[tok] = v.scores[id]
	}
	pairs := [][2]string{{"▁the", "▁th"}, {"▁warming", "▁warm"}, {"▁c", "c"}, {"ing", "in"}}
	for _, p := range pairs {
		if score[p[0]] <= score[p[1]] {
			t.Errorf("score(%q) = %v is not above score(%q) = %v", p[0], score[p[0]], p[1], score[p[1]])
		}
	}
}

func TestWriteReadsBack(t *testing.T) {
	configs := []Config{
		DefaultConfig(),
		{Layers: 1, Embd: 32, FF: 48, Heads: 2, HeadsKV: 2, Context: 64, Seed: 9},
	}
	for _, cfg := range configs {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "model.gguf")
			if err := Write(path, cfg); err != nil {
				t.Fatal(err)
			}
			r, err := gguf.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			checkMetadata(t, r.File, cfg)
			checkTensors(t, r, cfg)
		})
	}
}

func checkMetadata(t *testing.T, f *gguf.File, cfg Config) {
	t.Helper()
	nVocab := uint64(len(Vocab()))
	if f.Architecture() != "llama" {
		t.Errorf("architecture %q", f.Architecture())
	}
	uints := map[string]uint64{
		"general.file_type":               0,
		"llama.context_length":            uint64(cfg.Context),
		"llama.embedding_length":          uint64(cfg.Embd),
		"llama.block_count":               uint64(cfg.Layers),
		"llama.feed_forward_length":       uint64(cfg.FF),
		"llama.attention.head_count":      uint64(cfg.Heads),
		"llama.attention.head_count_kv":   uint64(cfg.HeadsKV),
		"llama.rope.dimension_count":      uint64(cfg.Embd / cfg.Heads),
		"llama.vocab_size":                nVocab,
		"tokenizer.ggml.bos_token_id":     BosID,
		"tokenizer.ggml.eos_token_id":     EosID,
		"tokenizer.ggml.unknown_token_id": UnkID,
	}
	for key, want := range uints {
		if got, ok := f.Uint(key); !ok || got != want {
			t.Errorf("%s = %d, %v; want %d", key, got, ok, want)
		}
	}
	if m, _ := f.String("tokenizer.ggml.model"); m != "llama" {
		t.Errorf("tokenizer.ggml.model = %q", m)
	}
	if eps, ok := f.Float("llama.attention.layer_norm_rms_epsilon"); !ok || eps <= 0 || eps > 1e-4 {
		t.Errorf("rms epsilon %v, %v", eps, ok)
	}
	if v, _ := f.Value("tokenizer.ggml.add_bos_token"); v != true {
		t.Errorf("add_bos_token = %v", v)
	}
	for key, want := range map[string]int{"tokenizer.ggml.tokens": int(nVocab), "tokenizer.ggml.scores": int(nVocab), "tokenizer.ggml.token_type": int(nVocab)} {
		v, _ := f.Value(key)
		if n := reflect.ValueOf(v); n.Kind() != reflect.Slice || n.Len() != want {
			t.Errorf("%s is %T of %v elements, want %d", key, v, n, want)
		}
	}
}

func checkTensors(t *testing.T, r *gguf.Reader, cfg Config) {
	t.Helper()
	nVocab := uint64(len(Vocab()))
	e, ff, kv := uint64(cfg.Embd), uint64(cfg.FF), uint64(cfg.Embd/cfg.Heads*cfg.HeadsKV)
	want := map[string][]uint64{
		"token_embd.weight":  {e, nVocab},
		"output_norm.weight": {e},
		"output.weight":      {e, nVocab},
	}
	for l := 0; l < cfg.Layers; l++ {
		b := fmt.Sprintf("blk.%d.", l)
		want[b+"attn_norm.weight"] = []uint64{e}
		want[b+"attn_q.weight"] = []uint64{e, e}
		want[b+"attn_k.weight"] = []uint64{e, kv}
		want[b+"attn_v.weight"] = []uint64{e, kv}
		want[b+"attn_output.weight"] = []uint64{e, e}
		want[b+"ffn_norm.weight"] = []uint64{e}
		want[b+"ffn_gate.weight"] = []uint64{e, ff}
		want[b+"ffn_up.weight"] = []uint64{e, ff}
		want[b+"ffn_down.weight"] = []uint64{ff, e}
	}
	if len(r.Tensors) != len(want) {
		t.Errorf("%d tensors, want %d", len(r.Tensors), len(want))
	}
	for _, ti := range r.Tensors {
		if !reflect.DeepEqual(ti.Dims, want[ti.Name]) || ti.Type != gguf.TensorF32 {
			t.Errorf("tensor %s: %v %s, want %v F32", ti.Name, ti.Dims, ti.Type, want[ti.Name])
			continue
		}
		vals, err := r.ReadF32(ti.Name)
		if err != nil {
			t.Fatal(err)
		}
		mean, std := stats(vals)
		if strings.HasSuffix(ti.Name, "norm.weight") {
			if mean != 1 || std != 0 {
				t.Errorf("norm %s: mean %v std %v, want all 1", ti.Name, mean, std)
			}
		} else if math.Abs(mean) > 0.005 || math.Abs(std-weightStd) > 0.004 {
			t.Errorf("%s: mean %.4f std %.4f, want about 0 and %v", ti.Name, mean, std, weightStd)
		}
	}
}

func stats(vals []float32) (mean, std float64) {
	for _, v := range vals {
		mean += float64(v)
	}
	mean /= float64(len(vals))
	for _, v := range vals {
		std += (float64(v) - mean) * (float64(v) - mean)
	}
	return mean, math.Sqrt(std / float64(len(vals)))
}

func TestWriteDeterministic(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Layers: 1, Embd: 16, FF: 32, Heads: 2, HeadsKV: 1, Context: 32, Seed: 3}
	read := func(name string, cfg Config) []byte {
		path := filepath.Join(dir, name)
		if err := Write(path, cfg); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := read("a.gguf", cfg), read("b.gguf", cfg)
	cfg.Seed++
	c := read("c.gguf", cfg)
	if !bytes.Equal(a, b) {
		t.Error("the same Config wrote different files")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds wrote the same file")
	}
}

func TestConfigRejected(t *testing.T) {
	ok := DefaultConfig()
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"zero layers", func(c *Config) { c.Layers = 0 }},
		{"negative context", func(c *Config) { c.Context = -1 }},
		{"embd not divisible by heads", func(c *Config) { c.Embd = 66 }},
		{"odd head width", func(c *Config) { c.Embd, c.Heads = 60, 4 }},
		{"kv heads do not divide heads", func(c *Config) { c.HeadsKV = 3 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			path := filepath.Join(t.TempDir(), "m.gguf")
			if err := Write(path, cfg); err == nil {
				t.Fatalf("Write(%+v) succeeded", cfg)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("a rejected config left %s", path)
			}
		})
	}
}
