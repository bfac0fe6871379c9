package lora

// Report describes an extraction.
type Report struct {
	// Rank is the requested rank; a matrix with a smaller dimension gets
	// that dimension instead (see MatrixReport.Rank).
	Rank int `json:"rank"`
	// Alpha is the adapter's alpha (adapter.lora.alpha).
	Alpha float64 `json:"alpha"`
	// Matrices has one entry per adapted matrix, in model order.
	Matrices []MatrixReport `json:"matrices"`
	// MaxRelError and MeanRelError summarise Matrices[i].RelError (0 when
	// no matrix was adapted).
	MaxRelError  float64 `json:"max_rel_error"`
	MeanRelError float64 `json:"mean_rel_error"`
	// Unchanged lists included matrices whose tuned value equals the base
	// exactly; no adapter tensors are written for them.
	Unchanged []string `json:"unchanged"`
	// NotCarried lists tensors that the fine-tune changed but the adapter
	// does not carry: ones Include did not select, such as 1-D norms and
	// embeddings. Serving the adapter loses these changes.
	NotCarried []NotCarried `json:"not_carried"`
}

// MatrixReport describes one adapted matrix. Rows and Cols are the
// row-major shape of the weight (a GGUF tensor with dims [n_in, n_out] has
// n_out rows of n_in values).
type MatrixReport struct {
	Tensor string `json:"tensor"`
	Rows   int    `json:"rows"`
	Cols   int    `json:"cols"`
	// Rank is the rank actually used: min(requested rank, Rows, Cols).
	Rank int `json:"rank"`
	// DeltaNorm is ||tuned − base||_F.
	DeltaNorm float64 `json:"delta_norm"`
	// RelError is ||Δ − (alpha/r)·B·A||_F / ||Δ||_F, Δ = tuned − base: the
	// share of the fine-tune's change to this matrix that the adapter loses.
	RelError float64 `json:"rel_error"`
}

// NotCarried is a changed tensor the adapter cannot carry.
type NotCarried struct {
	Tensor string `json:"tensor"`
	// RelChange is ||tuned − base|| / ||base||, or 1 when base is all zeros.
	RelChange float64 `json:"rel_change"`
}

// summarise fills MaxRelError and MeanRelError from Matrices.
func (r *Report) summarise() {
	r.MaxRelError, r.MeanRelError = 0, 0
	for _, m := range r.Matrices {
		r.MaxRelError = max(r.MaxRelError, m.RelError)
		r.MeanRelError += m.RelError
	}
	if len(r.Matrices) > 0 {
		r.MeanRelError /= float64(len(r.Matrices))
	}
}
