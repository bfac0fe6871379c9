package uselite

import (
	"fmt"
	"slices"

	"github.com/cecbench/cecbench/matmul"
)

// Names of the weights in model.json's weightsManifest that the forward
// pass uses. The TF graph is "KonaTransformer": a two-layer transformer
// encoder followed by mean pooling, one tanh layer and l2_normalize.
const (
	prefixApply = "module_apply_default/Encoder_en/KonaTransformer/"
	prefixStack = prefixApply + "Encode/TransformerStack/"
	prefixVars  = "module/Encoder_en/KonaTransformer/Encode/"

	nameEmbeddings   = "module/Embeddings_en"
	nameInvTimescale = prefixStack + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1"
	nameMaxLength    = prefixApply + "ClipToMaxLength/Less/y"
	nameNormEpsilon  = prefixStack + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x"
	nameNumHeads     = prefixStack + "Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2"
	nameTanhWeights  = "module/Encoder_en/hidden_layers/tanh_layer_0/weights"
	nameTanhBias     = "module/Encoder_en/hidden_layers/tanh_layer_0/bias"
	nameL2Epsilon    = "module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y"
)

// layerName returns the name of a per-layer weight. kind is "var" for the
// partitioned variables (ConcatPartitions), "kernel" for the attention
// Conv2D kernels and "stack" for constants folded into the layer's graph.
func layerName(layer int, kind, rest string) string {
	switch kind {
	case "var":
		return fmt.Sprintf("%sEncode/Layer_%d/TransformerLayer/%s/ConcatPartitions/concat", prefixApply, layer, rest)
	case "kernel":
		return fmt.Sprintf("%sLayer_%d/TransformerLayer/MultiheadAttention/%s/kernel/part_0", prefixVars, layer, rest)
	default:
		return fmt.Sprintf("%sLayer_%d/TransformerLayer/%s", prefixStack, layer, rest)
	}
}

// dense is an affine map y = x·w + bias, w (in×out) packed once for the
// matrix-product kernels.
type dense struct {
	w       *matmul.Packed
	bias    []float32
	in, out int
}

// layerNorm holds the scale and bias of a layer norm over the last axis.
type layerNorm struct {
	scale, bias []float32
}

// transformerLayer holds the weights of one TransformerLayer.
type transformerLayer struct {
	dIn, dOut int // width of the layer's input and output
	heads     int
	headDim   int
	qScale    float32 // 1/sqrt(headDim), as stored in the graph

	attnNorm layerNorm
	qkv      dense // dIn -> 3·dIn (a 1×1 Conv2D)
	attnOut  dense // dIn -> dOut (a 1×1 Conv2D)
	// residual projects the layer input when dIn != dOut
	// (AdjustResidualInput/dense, layer 0 only); nil means identity.
	residual *dense
	ffnNorm  layerNorm
	ffn1     dense // dOut -> 1536, then ReLU
	ffn2     dense // 1536 -> dOut
}

// model holds every weight and constant of the forward pass.
type model struct {
	vocabSize int
	embDim    int
	// embeddings is vocabSize×embDim.
	embeddings []float32
	// timing[p·embDim+j] is the timing signal added at position p:
	// sin(p·inv[j]) for j < embDim/2, cos(p·inv[j-embDim/2]) after.
	timing    []float32
	maxLength int
	normEps   float32
	layers    [2]transformerLayer
	hidden    dense // 512 -> 512, then tanh
	l2Eps     float32
}

// weightSet looks weights up by name and checks their shapes.
type weightSet map[string]*tensor

// f32 returns the float32 weight name, which must have the given shape.
func (ws weightSet) f32(name string, shape ...int) ([]float32, error) {
	t, ok := ws[name]
	if !ok {
		return nil, fmt.Errorf("weight %s: %w: missing", name, ErrCorrupt)
	}
	if t.f32 == nil || !slices.Equal(t.shape, shape) {
		return nil, fmt.Errorf("weight %s: %w: got shape %v, want float32 %v", name, ErrCorrupt, t.shape, shape)
	}
	return t.f32, nil
}

// scalarF32 returns a float32 scalar weight.
func (ws weightSet) scalarF32(name string) (float32, error) {
	v, err := ws.f32(name)
	if err != nil {
		return 0, err
	}
	return v[0], nil
}

// scalarI32 returns an int32 scalar weight.
func (ws weightSet) scalarI32(name string) (int, error) {
	t, ok := ws[name]
	if !ok {
		return 0, fmt.Errorf("weight %s: %w: missing", name, ErrCorrupt)
	}
	if t.i32 == nil || len(t.shape) != 0 {
		return 0, fmt.Errorf("weight %s: %w: got shape %v, want an int32 scalar", name, ErrCorrupt, t.shape)
	}
	return int(t.i32[0]), nil
}

// dense returns the affine map with kernel wName (reshaped to in×out from
// wShape) and bias bName.
func (ws weightSet) dense(wName, bName string, in, out int, wShape ...int) (dense, error) {
	if len(wShape) == 0 {
		wShape = []int{in, out}
	}
	w, err := ws.f32(wName, wShape...)
	if err != nil {
		return dense{}, err
	}
	b, err := ws.f32(bName, out)
	if err != nil {
		return dense{}, err
	}
	return dense{w: matmul.NewPacked(w, in, out), bias: b, in: in, out: out}, nil
}

// layerNorm returns the layer norm of layer whose variables live under
// scope ("layer_prepostprocess" or "FFN/layer_prepostprocess").
func (ws weightSet) layerNorm(layer int, scope string, dim int) (layerNorm, error) {
	s, err := ws.f32(layerName(layer, "var", scope+"/layer_norm/layer_norm_scale"), dim)
	if err != nil {
		return layerNorm{}, err
	}
	b, err := ws.f32(layerName(layer, "var", scope+"/layer_norm/layer_norm_bias"), dim)
	if err != nil {
		return layerNorm{}, err
	}
	return layerNorm{scale: s, bias: b}, nil
}

// newModel picks the forward-pass weights out of ws and checks their shapes.
func newModel(ws weightSet) (*model, error) {
	m := &model{}
	emb, ok := ws[nameEmbeddings]
	if !ok || emb.f32 == nil || len(emb.shape) != 2 || emb.shape[0] < 1 || emb.shape[1] < 2 || emb.shape[1]%2 != 0 {
		return nil, fmt.Errorf("weight %s: %w: missing or not a float32 matrix with an even width", nameEmbeddings, ErrCorrupt)
	}
	m.vocabSize, m.embDim = emb.shape[0], emb.shape[1]
	m.embeddings = emb.f32

	var err error
	if m.maxLength, err = ws.scalarI32(nameMaxLength); err != nil {
		return nil, err
	}
	if m.maxLength < 1 || m.maxLength > 1<<16 {
		return nil, fmt.Errorf("weight %s: %w: max length %d", nameMaxLength, ErrCorrupt, m.maxLength)
	}
	inv, err := ws.f32(nameInvTimescale, 1, m.embDim/2)
	if err != nil {
		return nil, err
	}
	m.timing = timingSignal(inv, m.maxLength)
	if m.normEps, err = ws.scalarF32(nameNormEpsilon); err != nil {
		return nil, err
	}
	if m.l2Eps, err = ws.scalarF32(nameL2Epsilon); err != nil {
		return nil, err
	}
	heads, err := ws.scalarI32(nameNumHeads)
	if err != nil {
		return nil, err
	}

	// Layer 0 widens the embedding to the model width (its attention
	// output transform and residual dense map embDim to 512).
	d0 := m.embDim
	outT, ok := ws[layerName(0, "kernel", "output_transform_single")]
	if !ok || len(outT.shape) != 4 || outT.shape[3] < 1 {
		return nil, fmt.Errorf("weight %s: %w: missing or not a 1×1 Conv2D kernel", layerName(0, "kernel", "output_transform_single"), ErrCorrupt)
	}
	out0 := outT.shape[3]
	if m.layers[0], err = ws.transformerLayer(0, d0, out0, heads); err != nil {
		return nil, err
	}
	if m.layers[1], err = ws.transformerLayer(1, out0, out0, heads); err != nil {
		return nil, err
	}
	if m.hidden, err = ws.dense(nameTanhWeights, nameTanhBias, out0, out0); err != nil {
		return nil, err
	}
	return m, nil
}

// transformerLayer reads the weights of TransformerLayer layer.
func (ws weightSet) transformerLayer(layer, dIn, dOut, heads int) (transformerLayer, error) {
	l := transformerLayer{dIn: dIn, dOut: dOut, heads: heads}
	var err error
	if heads < 1 || dIn%heads != 0 {
		return l, fmt.Errorf("layer %d: %w: %d heads do not divide width %d", layer, ErrCorrupt, heads, dIn)
	}
	depthName := layerName(layer, "stack", "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3")
	if l.headDim, err = ws.scalarI32(depthName); err != nil {
		return l, err
	}
	if l.headDim*heads != dIn {
		return l, fmt.Errorf("weight %s: %w: %d heads × %d != %d", depthName, ErrCorrupt, heads, l.headDim, dIn)
	}
	if l.qScale, err = ws.scalarF32(layerName(layer, "stack", "MultiheadAttention/mul/y")); err != nil {
		return l, err
	}
	if l.attnNorm, err = ws.layerNorm(layer, "layer_prepostprocess", dIn); err != nil {
		return l, err
	}
	if l.qkv, err = ws.dense(layerName(layer, "kernel", "qkv_transform_single"),
		layerName(layer, "var", "MultiheadAttention/qkv_transform_single/bias"),
		dIn, 3*dIn, 1, 1, dIn, 3*dIn); err != nil {
		return l, err
	}
	if l.attnOut, err = ws.dense(layerName(layer, "kernel", "output_transform_single"),
		layerName(layer, "var", "MultiheadAttention/output_transform_single/bias"),
		dIn, dOut, 1, 1, dIn, dOut); err != nil {
		return l, err
	}
	if dIn != dOut {
		r, err := ws.dense(layerName(layer, "var", "dense/kernel"), layerName(layer, "var", "dense/bias"), dIn, dOut)
		if err != nil {
			return l, err
		}
		l.residual = &r
	}
	if l.ffnNorm, err = ws.layerNorm(layer, "FFN/layer_prepostprocess", dOut); err != nil {
		return l, err
	}
	ffnName := func(conv string) string { return layerName(layer, "stack", "FFN/"+conv+"/Tensordot/Reshape_1") }
	w1, ok := ws[ffnName("conv1")]
	if !ok || len(w1.shape) != 2 || w1.shape[0] != dOut {
		return l, fmt.Errorf("weight %s: %w: missing or not %d×hidden", ffnName("conv1"), ErrCorrupt, dOut)
	}
	hidden := w1.shape[1]
	if l.ffn1, err = ws.dense(ffnName("conv1"), layerName(layer, "var", "FFN/conv1/bias"), dOut, hidden); err != nil {
		return l, err
	}
	if l.ffn2, err = ws.dense(ffnName("conv2"), layerName(layer, "var", "FFN/conv2/bias"), hidden, dOut); err != nil {
		return l, err
	}
	return l, nil
}
