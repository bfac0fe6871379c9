package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/cecbench/cecbench/scoring/stats"
)

// scoreRow is one line of a `cecbench score` output, read back as metric
// name -> value (bertscore becomes bertscore_p/_r/_f1).
type scoreRow struct {
	id     string
	values map[string]float64
}

// compareFiles prints the paired statistics of every metric the two score
// files share. Lines are paired by id when every line has one, else by
// position.
func compareFiles(pathA, pathB string, stdout io.Writer) error {
	a, err := readScores(pathA)
	if err != nil {
		return err
	}
	b, err := readScores(pathB)
	if err != nil {
		return err
	}
	a, b, err = alignRows(a, b)
	if err != nil {
		return fmt.Errorf("compare %s with %s: %w", pathA, pathB, err)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "metric\tn\tmean_a\tmean_b\tt\tp_t\twilcoxon_w\tp_wilcoxon\tcohens_dz\tcohens_d_pooled\t")
	var notes []string
	for _, name := range sharedMetrics(a, b) {
		va, vb := pairedValues(a, b, name)
		p, err := stats.PairedTests(va, vb)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, p.N, p.MeanA, p.MeanB,
			fmtPtr(p.T, "%.3f"), fmtPtr(p.PT, "%.3g"), fmtPtr(p.WilcoxonW, "%.1f"), fmtPtr(p.PWilcoxon, "%.3g"),
			fmtPtr(p.CohensDz, "%.3f"), fmtPtr(p.CohensDPooled, "%.3f"))
		for _, w := range p.Warnings {
			notes = append(notes, name+": "+w)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(stdout, "note:", n)
	}
	return nil
}

func fmtPtr(v *float64, format string) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf(format, *v)
}

func readScores(path string) ([]scoreRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var rows []scoreRow
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(line, &raw); err != nil {
			return nil, fmt.Errorf("%s line %d: %v", path, n, err)
		}
		row := scoreRow{values: map[string]float64{}}
		for k, v := range raw {
			var f float64
			var prf struct {
				Precision, Recall, F1 *float64
			}
			switch {
			case k == "id":
				_ = json.Unmarshal(v, &row.id)
			case json.Unmarshal(v, &f) == nil:
				row.values[k] = f
			case k == "bertscore" && json.Unmarshal(v, &prf) == nil && prf.F1 != nil:
				row.values["bertscore_p"], row.values["bertscore_r"], row.values["bertscore_f1"] = *prf.Precision, *prf.Recall, *prf.F1
			}
		}
		rows = append(rows, row)
	}
	return rows, sc.Err()
}

// alignRows pairs rows by id when both files have an id on every line,
// else by position (then the files must have the same number of lines).
func alignRows(a, b []scoreRow) ([]scoreRow, []scoreRow, error) {
	withIDs := func(rows []scoreRow) bool {
		for _, r := range rows {
			if r.id == "" {
				return false
			}
		}
		return len(rows) > 0
	}
	if !withIDs(a) || !withIDs(b) {
		if len(a) != len(b) {
			return nil, nil, fmt.Errorf("%d lines against %d, and not every line has an id to pair by", len(a), len(b))
		}
		return a, b, nil
	}
	byID := make(map[string]scoreRow, len(b))
	for _, r := range b {
		byID[r.id] = r
	}
	var outA, outB []scoreRow
	for _, r := range a {
		if rb, ok := byID[r.id]; ok {
			outA, outB = append(outA, r), append(outB, rb)
		}
	}
	if len(outA) == 0 {
		return nil, nil, fmt.Errorf("no id appears in both files")
	}
	return outA, outB, nil
}

// sharedMetrics lists, sorted, the metrics present on every row of both.
func sharedMetrics(a, b []scoreRow) []string {
	count := map[string]int{}
	for _, rows := range [][]scoreRow{a, b} {
		for _, r := range rows {
			for k := range r.values {
				count[k]++
			}
		}
	}
	var names []string
	for k, c := range count {
		if c == len(a)+len(b) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

func pairedValues(a, b []scoreRow, name string) ([]float64, []float64) {
	va := make([]float64, len(a))
	vb := make([]float64, len(b))
	for i := range a {
		va[i], vb[i] = a[i].values[name], b[i].values[name]
	}
	return va, vb
}
