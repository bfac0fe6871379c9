package rouge

// lcsScore is rouge-score's _score_lcs: the length of the longest common
// subsequence over the prediction's length (precision) and the reference's
// (recall); all zero when either side has no tokens.
func lcsScore(ref, pred []int32) Score {
	if len(ref) == 0 || len(pred) == 0 {
		return Score{}
	}
	return newScore(lcsLen(ref, pred), len(pred), len(ref))
}

// lcsLen is the length of the longest common subsequence of a and b, by
// the usual dynamic programme with one row kept.
func lcsLen(a, b []int32) int {
	row := make([]int32, len(b)+1)
	for i := range a {
		var diag int32 // table[i][j], before row[j] is overwritten
		for j := range b {
			up := row[j+1]
			switch {
			case a[i] == b[j]:
				row[j+1] = diag + 1
			case row[j] > up:
				row[j+1] = row[j]
			}
			diag = up
		}
	}
	return int(row[len(b)])
}

// lcsTable fills t, (len(ref)+1) x (len(can)+1) row-major, with
// rouge-score's _lcs_table: t[i][j] is the LCS length of ref[:i] and
// can[:j]. It returns t, grown if needed.
func lcsTable(t []int32, ref, can []int32) []int32 {
	cols := len(can) + 1
	size := (len(ref) + 1) * cols
	if cap(t) < size {
		t = make([]int32, size)
	}
	t = t[:size]
	clear(t[:cols])
	for i := 1; i <= len(ref); i++ {
		row, prev := t[i*cols:(i+1)*cols], t[(i-1)*cols:i*cols]
		row[0] = 0
		for j := 1; j < cols; j++ {
			if ref[i-1] == can[j-1] {
				row[j] = prev[j-1] + 1
			} else {
				row[j] = max(prev[j], row[j-1])
			}
		}
	}
	return t
}

// markLCS marks in inLCS the indices of ref in the one longest common
// subsequence that rouge-score's _backtrack_norec reads out of table t:
// from the end, take a match, else step left when that cell is strictly
// larger than the one above, else step up.
func markLCS(inLCS []bool, t []int32, ref, can []int32) {
	cols := len(can) + 1
	i, j := len(ref), len(can)
	for i > 0 && j > 0 {
		switch {
		case ref[i-1] == can[j-1]:
			inLCS[i-1] = true
			i--
			j--
		case t[i*cols+j-1] > t[(i-1)*cols+j]:
			j--
		default:
			i--
		}
	}
}

// summaryLCSScore is rouge-score's _summary_level_lcs (ROUGE paper section
// 3.2, with ROUGE-1.5.5's guard against double counting): for each
// reference sentence, the union of its LCS with every prediction sentence,
// taken in reference order; a token of the union is a hit while both texts
// still have an unused occurrence of it. Precision and recall divide the
// hits by the prediction's and the reference's token counts; all zero when
// either side has no sentences or no tokens. vocabSize bounds the token ids.
func summaryLCSScore(refSents, predSents [][]int32, vocabSize int) Score {
	if len(refSents) == 0 || len(predSents) == 0 {
		return Score{}
	}
	m, n := 0, 0
	for _, s := range refSents {
		m += len(s)
	}
	for _, s := range predSents {
		n += len(s)
	}
	if m == 0 || n == 0 {
		return Score{}
	}
	if len(refSents) == 1 && len(predSents) == 1 {
		// One sentence each: the union is the one LCS, whose tokens never
		// outnumber their occurrences on either side, so every one is a
		// hit and the score is ROUGE-L's.
		return lcsScore(refSents[0], predSents[0])
	}
	return newScore(unionLCSHits(refSents, predSents, vocabSize), n, m)
}

// unionLCSHits counts the hits of the summary-level LCS (see
// summaryLCSScore) of sentence lists with ids below vocabSize.
func unionLCSHits(refSents, predSents [][]int32, vocabSize int) int {
	cntR := make([]int32, vocabSize)
	cntC := make([]int32, vocabSize)
	for _, s := range refSents {
		for _, id := range s {
			cntR[id]++
		}
	}
	for _, s := range predSents {
		for _, id := range s {
			cntC[id]++
		}
	}
	hits := 0
	var table []int32
	var union []bool
	for _, r := range refSents {
		if cap(union) < len(r) {
			union = make([]bool, len(r))
		}
		union = union[:len(r)]
		clear(union)
		for _, c := range predSents {
			table = lcsTable(table, r, c)
			markLCS(union, table, r, c)
		}
		for i, in := range union {
			if id := r[i]; in && cntC[id] > 0 && cntR[id] > 0 {
				hits++
				cntC[id]--
				cntR[id]--
			}
		}
	}
	return hits
}
