package stats_test

import (
	"fmt"

	"github.com/cecbench/cecbench/scoring/stats"
)

func ExamplePairedTests() {
	// CEC scores of two students on the same ten claims. SciPy 1.10 prints
	// t = 2.975403491393969, p = 0.015565278545394613 (ttest_rel) and
	// W = 6, p = 0.02734375 (wilcoxon) for the same samples.
	a := []float64{0.81, 0.74, 0.69, 0.88, 0.77, 0.65, 0.92, 0.71, 0.80, 0.76}
	b := []float64{0.78, 0.70, 0.71, 0.83, 0.70, 0.66, 0.84, 0.695, 0.74, 0.755}
	p, err := stats.PairedTests(a, b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("n=%d mean_a=%.4f sd_a=%.4f mean_b=%.4f sd_b=%.4f\n", p.N, p.MeanA, p.SDA, p.MeanB, p.SDB)
	fmt.Printf("t(%d)=%.4f p=%.6f\n", p.DF, *p.T, *p.PT)
	fmt.Printf("W=%g p=%.6f (%s)\n", *p.WilcoxonW, *p.PWilcoxon, p.WilcoxonMethod)
	fmt.Printf("d_z=%.4f d_pooled=%.4f\n", *p.CohensDz, *p.CohensDPooled)
	fmt.Println(p.Warnings)

	// Identical samples: SciPy's t is NaN and wilcoxon raises; here they are null.
	p, _ = stats.PairedTests([]float64{0.5, 0.6, 0.7}, []float64{0.5, 0.6, 0.7})
	fmt.Println(p.T == nil, p.PT == nil, p.WilcoxonW == nil, p.CohensDz == nil)
	for _, w := range p.Warnings {
		fmt.Println(w)
	}
	// Output:
	// n=10 mean_a=0.7730 sd_a=0.0833 mean_b=0.7410 sd_b=0.0600
	// t(9)=2.9754 p=0.015565
	// W=6 p=0.027344 (exact)
	// d_z=0.9409 d_pooled=0.4408
	// []
	// true true true true
	// t-test: every difference is zero, so t and p_t are undefined (SciPy gives NaN); they are null
	// wilcoxon: exact p-value calculation does not work if there are zeros; switched to the normal approximation (SciPy warns the same)
	// wilcoxon: every difference is zero, so the signed-rank test is undefined (SciPy raises ValueError); wilcoxon_w and p_wilcoxon are null
	// cohens_dz: the SD of the differences is zero, so d_z is undefined; it is null
}
