//go:build !amd64 || purego

package matmul

// availableKernels lists the kernels usable on this machine, best first.
func availableKernels() []*kernel {
	return []*kernel{kernGo}
}

const haveTranspose8 = false

func transpose8(dst *float32, ldd int, src *float32, lds int, n int) {
	panic("matmul: transpose8 without assembly")
}
