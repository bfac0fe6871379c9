package uselite

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// ErrCorrupt is wrapped by the errors Load returns when the model files
// exist but do not hold what the encoder expects (bad JSON, a truncated or
// oversized weight shard, a missing or misshapen weight).
var ErrCorrupt = errors.New("uselite: corrupt model files")

// tensor is one weight from the weights manifest. Exactly one of f32 and
// i32 is set, by dtype.
type tensor struct {
	shape []int
	f32   []float32
	i32   []int32
}

// manifestGroup is one entry of model.json's weightsManifest: shards that
// are concatenated in order and hold the listed weights back to back.
type manifestGroup struct {
	Paths   []string         `json:"paths"`
	Weights []manifestWeight `json:"weights"`
}

// manifestWeight describes one weight of a manifestGroup.
type manifestWeight struct {
	Name         string          `json:"name"`
	Shape        []int           `json:"shape"`
	Dtype        string          `json:"dtype"`
	Quantization json.RawMessage `json:"quantization"`
}

// graphModel is the part of a TF.js graph-model model.json the encoder reads.
type graphModel struct {
	ModelTopology struct {
		Node []struct {
			Name string `json:"name"`
			Op   string `json:"op"`
		} `json:"node"`
	} `json:"modelTopology"`
	WeightsManifest []manifestGroup `json:"weightsManifest"`
}

// maxWeightElems bounds a single weight so a corrupt shape cannot ask for
// an absurd allocation (the largest real weight has 2,048,512 elements).
const maxWeightElems = 1 << 28

// readGraphModel reads and decodes dir/model.json.
func readGraphModel(dir string) (*graphModel, error) {
	path := filepath.Join(dir, "model.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	var m graphModel
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	if len(m.WeightsManifest) == 0 {
		return nil, fmt.Errorf("%s: %w: no weightsManifest", path, ErrCorrupt)
	}
	return &m, nil
}

// readWeights reads every weight of the manifest from the shard files in dir.
func readWeights(dir string, manifest []manifestGroup) (map[string]*tensor, error) {
	out := make(map[string]*tensor)
	for gi, g := range manifest {
		if err := readGroup(dir, gi, g, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readGroup reads the weights of one manifest group: its shards are one
// byte stream, each weight takes product(shape) × 4 bytes (float32 and
// int32, little-endian), in manifest order, and the stream must end exactly
// after the last weight.
func readGroup(dir string, gi int, g manifestGroup, out map[string]*tensor) error {
	if len(g.Paths) == 0 {
		return fmt.Errorf("weights group %d: %w: no shard paths", gi, ErrCorrupt)
	}
	readers := make([]io.Reader, 0, len(g.Paths))
	for _, p := range g.Paths {
		if !filepath.IsLocal(p) {
			return fmt.Errorf("weights group %d: %w: shard path %q leaves the model directory", gi, ErrCorrupt, p)
		}
		f, err := os.Open(filepath.Join(dir, p))
		if err != nil {
			return fmt.Errorf("open weight shard: %w", err)
		}
		defer f.Close()
		readers = append(readers, f)
	}
	stream := io.MultiReader(readers...)
	var buf []byte
	for _, w := range g.Weights {
		if len(w.Quantization) > 0 && string(w.Quantization) != "null" {
			return fmt.Errorf("weight %s: %w: quantized weights are not supported", w.Name, ErrCorrupt)
		}
		if _, dup := out[w.Name]; dup {
			return fmt.Errorf("weight %s: %w: listed twice", w.Name, ErrCorrupt)
		}
		n := 1
		for _, d := range w.Shape {
			if d < 0 || (d > 0 && n > maxWeightElems/d) {
				return fmt.Errorf("weight %s: %w: bad shape %v", w.Name, ErrCorrupt, w.Shape)
			}
			n *= d
		}
		if cap(buf) < 4*n {
			buf = make([]byte, 4*n)
		}
		b := buf[:4*n]
		if _, err := io.ReadFull(stream, b); err != nil {
			return fmt.Errorf("weight %s in shards %v: %w: shards too short (%v)", w.Name, g.Paths, ErrCorrupt, err)
		}
		t := &tensor{shape: append([]int(nil), w.Shape...)}
		switch w.Dtype {
		case "float32":
			t.f32 = make([]float32, n)
			for i := range t.f32 {
				t.f32[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
			}
		case "int32":
			t.i32 = make([]int32, n)
			for i := range t.i32 {
				t.i32[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
			}
		default:
			return fmt.Errorf("weight %s: %w: unsupported dtype %q", w.Name, ErrCorrupt, w.Dtype)
		}
		out[w.Name] = t
	}
	var extra [1]byte
	if k, _ := stream.Read(extra[:]); k > 0 {
		return fmt.Errorf("weights group %d (%v): %w: shards are longer than the manifest says", gi, g.Paths, ErrCorrupt)
	}
	return nil
}
