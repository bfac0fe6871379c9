// Command genpairs writes scripts/bench/metric_pairs.jsonl: 2,000
// deterministic reference/hypothesis pairs built from Climate-FEVER, the
// input of the text-metrics comparison of `make bench` (Go's BLEU, ROUGE and
// METEOR against NLTK's, scripts/bench/metrics and nltk_metrics.py) and of
// its one /v1/metrics request. One {"id", "generated", "reference"} object a
// line, the format of `cecbench score --in`.
//
// The pairs, in this order (the id prefix says which kind):
//
//   - c5-CLAIM (1,535, one per claim, in the dataset's order): a
//     five-sentence explanation and a perturbed copy of it. The reference
//     (climatefever's Claim.Explanation) is the claim (ended with a period where it has no final punctuation) and
//     its five evidence sentences, without the longest of these six, in the
//     dataset's order. The hypothesis is the reference with sentences
//     dropped, replaced by another claim's evidence or swapped with their
//     neighbour, and words dropped, replaced by a WordNet synonym, inflected
//     or moved: what METEOR's exact, stem and synonym stages and BLEU's
//     n-grams all have work on.
//   - ce-CLAIM-K (400, evenly spaced claims): a claim against its evidence
//     sentence K, alternately as reference and as hypothesis.
//   - short-CLAIM-N (40): a claim against its first N (1 to 3) words, where
//     BLEU has orders without n-grams (Hugging Face gives 0, NLTK warns).
//   - edge-NN (25): empty and whitespace-only sides (where Hugging Face's
//     BLEU raises), identical texts, case, punctuation, non-ASCII text,
//     quotes and contractions, repeated words.
//
// Everything random comes from a fixed-seed generator defined here, seeded
// per pair by its id, and synonyms from WordNet 3.0 (package wordnet), so the
// same inputs give the same file with any Go version.
//
// Usage, from the repository root (WordNet from Debian's wordnet-base):
//
//	go run ./scripts/bench/genpairs -in PATH/climate-fever.jsonl -out scripts/bench/metric_pairs.jsonl
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/signal"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cecbench/cecbench/scripts/bench/climatefever"
	"github.com/cecbench/cecbench/wordnet"
)

// The numbers of pairs of each kind; they add up to totalPairs.
const (
	totalPairs         = 2000
	claimEvidencePairs = 400
	shortPairs         = 40
)

// Pair is one line of the output.
type Pair struct {
	ID        string `json:"id"`
	Generated string `json:"generated"`
	Reference string `json:"reference"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genpairs:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("genpairs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "Climate-FEVER climate-fever.jsonl (required)")
	out := fs.String("out", "scripts/bench/metric_pairs.jsonl", "where to write the pairs, one JSON object a line")
	wnDir := fs.String("wordnet-dir", wordnet.DefaultDir, "WordNet 3.0 database (Debian's wordnet-base), for synonyms")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *in == "" {
		return errors.New("-in is required (the Climate-FEVER climate-fever.jsonl)")
	}
	wn, err := wordnet.Open(*wnDir)
	if err != nil {
		return err
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	claims, err := readClaims(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", *in, err)
	}
	pairs, err := buildPairs(claims, wn)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, p := range pairs {
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d pairs (%d bytes) from %d claims to %s\n", len(pairs), buf.Len(), len(claims), *out)
	return nil
}

// readClaims returns the claims of a Climate-FEVER JSONL stream in order,
// each claim's text a sentence (see climatefever.Sentence): the ce and
// short pairs and the edge cases use it as one.
func readClaims(r io.Reader) ([]climatefever.Claim, error) {
	claims, err := climatefever.Read(r, -1)
	for i := range claims {
		claims[i].Text = climatefever.Sentence(claims[i].Text)
	}
	return claims, err
}

// buildPairs makes the pairs of every kind, in the order of the package
// comment.
func buildPairs(claims []climatefever.Claim, wn *wordnet.WordNet) ([]Pair, error) {
	edges := edgePairs(claims)
	if want := len(claims) + claimEvidencePairs + shortPairs + len(edges); want != totalPairs {
		return nil, fmt.Errorf("%d claims give %d pairs, want %d (the full Climate-FEVER has 1,535 claims)", len(claims), want, totalPairs)
	}
	out := make([]Pair, 0, totalPairs)
	for i, c := range claims {
		ref := c.Explanation()
		r := newRNG("c5-" + c.ID)
		other := func() string { // the shorter of two other claims' evidences
			pick := func() string {
				o := claims[(i+1+r.intn(len(claims)-1))%len(claims)]
				return o.Evidences[r.intn(len(o.Evidences))]
			}
			a, b := pick(), pick()
			if len(b) < len(a) {
				return b
			}
			return a
		}
		out = append(out, Pair{ID: "c5-" + c.ID, Reference: strings.Join(ref, " "), Generated: perturb(r, wn, ref, other)})
	}
	for j := range claimEvidencePairs {
		c := claims[j*len(claims)/claimEvidencePairs]
		k := j % len(c.Evidences)
		p := Pair{ID: fmt.Sprintf("ce-%s-%d", c.ID, k), Reference: c.Evidences[k], Generated: c.Text}
		if j%2 == 1 {
			p.Reference, p.Generated = p.Generated, p.Reference
		}
		out = append(out, p)
	}
	for j := range shortPairs {
		c := claims[(j*len(claims)/shortPairs+7)%len(claims)]
		n := 1 + j%3
		words := strings.Fields(c.Text)
		out = append(out, Pair{ID: fmt.Sprintf("short-%s-%d", c.ID, n), Reference: c.Text, Generated: strings.Join(words[:min(n, len(words))], " ")})
	}
	return append(out, edges...), nil
}

// perturb returns a hypothesis made from the reference sentences: each is
// dropped (12%, while at least three remain), replaced by another claim's
// evidence sentence (8%, the shorter of two) or has its words perturbed;
// then two neighbouring
// sentences may trade places (25%).
func perturb(r *rng, wn *wordnet.WordNet, sents []string, other func() string) string {
	var out []string
	for i, s := range sents {
		u := r.float()
		switch {
		case u < 0.12 && len(out)+len(sents)-i-1 >= 3:
			continue
		case u < 0.20:
			out = append(out, other())
		default:
			out = append(out, perturbWords(r, wn, s))
		}
	}
	if len(out) > 1 && r.float() < 0.25 {
		i := r.intn(len(out) - 1)
		out[i], out[i+1] = out[i+1], out[i]
	}
	return strings.Join(out, " ")
}

// perturbWords drops words (10%), swaps in a WordNet synonym (14%) and
// inflects words (6%) of a sentence, then may move a block of two to six
// words elsewhere (30%).
func perturbWords(r *rng, wn *wordnet.WordNet, s string) string {
	words := strings.Fields(s)
	out := make([]string, 0, len(words))
	for _, w := range words {
		u := r.float()
		switch {
		case u < 0.10:
			continue
		case u < 0.24:
			w = synonym(r, wn, w)
		case u < 0.30:
			w = inflect(r, w)
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		out = words[:1]
	}
	if len(out) >= 6 && r.float() < 0.3 {
		n := 2 + r.intn(5)
		i := r.intn(len(out) - n + 1)
		block := append([]string(nil), out[i:i+n]...)
		rest := append(out[:i:i], out[i+n:]...)
		j := r.intn(len(rest) + 1)
		out = append(append(append([]string(nil), rest[:j]...), block...), rest[j:]...)
	}
	return strings.Join(out, " ")
}

// synonym replaces the letters of w (without surrounding punctuation) by
// one of WordNet's single-word synonyms of their lower-cased form, keeping
// a leading capital, or returns w when it has none.
func synonym(r *rng, wn *wordnet.WordNet, w string) string {
	start, end := core(w)
	word := w[start:end]
	if word == "" {
		return w
	}
	lower := strings.ToLower(word)
	var cands []string
	for _, s := range wn.Synonyms(lower) {
		if !strings.Contains(s, "_") && strings.ToLower(s) != lower {
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		return w
	}
	s := cands[r.intn(len(cands))]
	if first, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(first) {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return w[:start] + s + w[end:]
}

// inflect changes the form of a word of more than three letters: it drops
// a final "s", or adds "s", "ed" (or "d") or "ing".
func inflect(r *rng, w string) string {
	start, end := core(w)
	word := w[start:end]
	if len(word) <= 3 {
		return w
	}
	switch u := r.float(); {
	case strings.HasSuffix(word, "s"):
		word = word[:len(word)-1]
	case u < 0.4:
		word += "s"
	case u < 0.7 && strings.HasSuffix(word, "e"):
		word += "d"
	case u < 0.7:
		word += "ed"
	default:
		word += "ing"
	}
	return w[:start] + word + w[end:]
}

// core returns the bounds of the ASCII letters of w when w is ASCII
// letters with punctuation only around them, and an empty range otherwise.
func core(w string) (start, end int) {
	start, end = 0, len(w)
	for start < end && strings.IndexByte(`"'([{`, w[start]) >= 0 {
		start++
	}
	for end > start && strings.IndexByte(`"'.,;:!?)]}`, w[end-1]) >= 0 {
		end--
	}
	for i := start; i < end; i++ {
		if c := w[i] | 0x20; c < 'a' || c > 'z' {
			return 0, 0
		}
	}
	return start, end
}

// edgePairs are the hand-made pairs, some built from the first claims.
func edgePairs(claims []climatefever.Claim) []Pair {
	if len(claims) < 3 {
		return nil
	}
	c0, c1, c2 := claims[0].Text, claims[1].Text, claims[2].Text
	five := strings.Join(claims[0].Explanation(), " ")
	words := strings.Fields(c1)
	reversed := make([]string, len(words))
	for i, w := range words {
		reversed[len(words)-1-i] = w
	}
	cases := [][2]string{ // {reference, generated}
		{c0, ""},
		{"", c0},
		{"", ""},
		{c0, " \t\n "},
		{"\n\n", c1},
		{c0, "<skipped>"},
		{c0, c0},
		{five, five},
		{c1, strings.ToUpper(c1)},
		{c1, strings.Join(reversed, " ")},
		{five, c2},
		{c2, five},
		{"...", "!?"},
		{".", "."},
		{"the the the the", "the"},
		{"the", "the the the the"},
		{"warming", "warming"},
		{"Warming warms warmer warmest.", "warmed warming warm warms"},
		{"The car was quick.", "The automobile was fast."},
		{"Temperatures increased.", "Temperature increases."},
		{`He said, "It can't be." (She didn't.)`, "He said it cannot be; she did not."},
		{"CO2 emissions rose 5% in 2021, to 36.3 Gt (IEA).", "Emissions of CO2 rose by 5 % in 2021 to 36.3 Gt."},
		{"La température moyenne a augmenté de 1,1 °C depuis 1880.", "La température a augmenté de 1,1 °C."},
		{"Η θερμοκρασία αυξάνεται. Οι πάγοι λιώνουν.", "Οι πάγοι λιώνουν γρήγορα."},
		{"海平面正在上升。冰川正在融化。", "冰川正在融化。"},
	}
	out := make([]Pair, len(cases))
	for i, c := range cases {
		out[i] = Pair{ID: fmt.Sprintf("edge-%02d", i), Reference: c[0], Generated: c[1]}
	}
	return out
}

// rng is SplitMix64, a small fixed generator: the pairs do not depend on
// the Go version's math/rand algorithms.
type rng struct{ state uint64 }

// newRNG seeds a generator with the FNV-1a hash of key.
func newRNG(key string) *rng {
	h := fnv.New64a()
	h.Write([]byte(key))
	return &rng{state: h.Sum64()}
}

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a number in [0, n); n must be positive.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }
