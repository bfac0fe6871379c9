package routes

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/scoring/stats"
)

// PairedRequest holds two systems' scores on the same items, in the same
// order (a[i] and b[i] belong to item i).
type PairedRequest struct {
	A []float64 `json:"a" example:"0.71,0.64,0.80,0.55,0.68"`
	B []float64 `json:"b" example:"0.66,0.61,0.79,0.50,0.60"`
}

// statsPaired godoc
//
//	@Summary		Paired statistics of two score lists
//	@Description	The tests of the paper on two systems' per-item scores: paired t-test (SciPy `ttest_rel`, two-sided), Wilcoxon signed-rank (SciPy 1.10 `wilcoxon` defaults: zero_method wilcox, no continuity correction, exact distribution for n <= 50 without zeros, else the normal approximation with tie correction), Cohen's d_z (mean / SD of the differences) and pooled d ((mean_a - mean_b) / sqrt((sd_a^2 + sd_b^2) / 2)); SDs use n-1.
//	@Description	Values SciPy leaves undefined (NaN, or an exception) are null with a warning: t and p_t when every difference is zero, wilcoxon_w and p_wilcoxon then too, cohens_dz when the differences have zero SD, cohens_d_pooled when both SDs are zero.
//	@Tags			statistics
//	@Accept			json
//	@Produce		json
//	@Param			request	body		PairedRequest	true	"two lists of the same length, at least 2 values, finite numbers"
//	@Success		200		{object}	stats.Paired
//	@Failure		400		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		422		{object}	Problem	"different lengths, fewer than 2 values, non-finite numbers"
//	@Router			/v1/stats/paired [post]
func (h *handlers) statsPaired(c echo.Context) error {
	var req PairedRequest
	if err := decodeJSON(c, h.d.MaxBodyBytes, &req); err != nil {
		return err
	}
	p, err := stats.PairedTests(req.A, req.B)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
