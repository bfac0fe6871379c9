package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"

	"github.com/cecbench/cecbench/scripts/bench/climatefever"
)

// item is one benchmark item made from a Climate-FEVER claim.
type item struct {
	ID       string   `json:"id"`
	Claim    string   `json:"claim"`
	Evidence []string `json:"evidence"`
	Label    string   `json:"label"`
	// Explanation is the teacher's explanation: the hidden reference.
	Explanation string `json:"explanation"`
	Split       string `json:"split"`
}

// readItems returns the first n claims of a Climate-FEVER JSONL file as
// test items whose explanation is the claim's five-sentence reference
// (climatefever's Claim.Explanation, as scripts/bench/genpairs).
func readItems(path string, n int) ([]item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("the Climate-FEVER file (-climate-fever): %w", err)
	}
	defer f.Close()
	items, err := parseClimateFever(f, n)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(items) < n {
		return nil, fmt.Errorf("%s has %d claims, fewer than -items %d", path, len(items), n)
	}
	return items, nil
}

// parseClimateFever reads at most n claims of a Climate-FEVER stream as
// items.
func parseClimateFever(r io.Reader, n int) ([]item, error) {
	claims, err := climatefever.Read(r, n)
	if err != nil {
		return nil, err
	}
	out := make([]item, len(claims))
	for i, c := range claims {
		out[i] = item{ID: "cf-" + c.ID, Claim: c.Text, Evidence: c.Evidences, Label: c.Label,
			Explanation: strings.Join(c.Explanation(), " "), Split: "test"}
	}
	return out, nil
}

// datasetBody is the items as a simple-format JSONL dataset.
func datasetBody(items []item) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// submissionBody is one team's file: one {"id", "explanation"} a line,
// the reference of each item with the given fraction of its words
// replaced (see perturb).
func submissionBody(items []item, fraction float64) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		line := struct {
			ID          string `json:"id"`
			Explanation string `json:"explanation"`
		}{it.ID, perturb(it.ID, it.Explanation, fraction)}
		if err := enc.Encode(line); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// fillers are the words perturb puts in place of the reference's.
var fillers = []string{"somehow", "banana", "perhaps", "elsewhere", "purple", "meanwhile", "gadget", "quietly"}

// perturb replaces about fraction of the words of ref by filler words,
// keeping each replaced word's trailing punctuation (so sentences end
// where they did). Whether a word is replaced, and by which filler,
// depends only on the item id and the word's position, not on the
// fraction: a larger fraction replaces the same words and more, so of two
// teams the one with the larger fraction is further from the reference
// on every item, and the ranking is known in advance.
func perturb(id, ref string, fraction float64) string {
	words := strings.Fields(ref)
	for i, w := range words {
		h := mix(hashKey(id, i))
		if unit(h) >= fraction {
			continue
		}
		core := strings.TrimRight(w, `.,;:!?"')]}`)
		words[i] = fillers[mix(h)%uint64(len(fillers))] + w[len(core):]
	}
	return strings.Join(words, " ")
}

// hashKey is the FNV-1a hash of an item id and a word position.
func hashKey(id string, pos int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", id, pos)
	return h.Sum64()
}

// mix is SplitMix64's finalizer: FNV's low bits are poorly spread.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// teamFraction is the fraction of words team k of n (0-based) replaces:
// evenly spaced from lo (team 0, the best) to hi (the last team).
func teamFraction(k, n int, lo, hi float64) float64 {
	if n <= 1 {
		return lo
	}
	return lo + (hi-lo)*float64(k)/float64(n-1)
}
