package testmodel

import (
	"math"
	"math/rand/v2"

	"github.com/cecbench/cecbench/gguf"
)

// normal draws deterministic normal values (Box-Muller over PCG).
type normal struct {
	src   *rand.PCG
	spare float64
	has   bool
}

func newNormal(seed uint64) *normal {
	return &normal{src: rand.NewPCG(seed, 0x9e3779b97f4a7c15)}
}

// uniform returns a value in (0, 1).
func (n *normal) uniform() float64 {
	return (float64(n.src.Uint64()>>11) + 0.5) / (1 << 53)
}

func (n *normal) next() float64 {
	if n.has {
		n.has = false
		return n.spare
	}
	r := math.Sqrt(-2 * math.Log(n.uniform()))
	theta := 2 * math.Pi * n.uniform()
	n.spare, n.has = r*math.Sin(theta), true
	return r * math.Cos(theta)
}

func (n *normal) tensor(name string, dims []int) gguf.Tensor {
	size := 1
	ud := make([]uint64, len(dims))
	for i, d := range dims {
		size *= d
		ud[i] = uint64(d)
	}
	data := make([]float32, size)
	for i := range data {
		data[i] = float32(weightStd * n.next())
	}
	return gguf.F32Tensor(name, ud, data)
}
