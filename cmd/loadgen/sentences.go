package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/cecbench/cecbench/scoring/punkt"
)

// sentencesPerSide is how many sentences the generated and the reference
// text of every /v1/cec request hold.
const sentencesPerSide = 5

// warmGenerated and warmReference are the pair warm mode sends every time:
// explanations in the style of Climate-FEVER claims and evidence.
var (
	warmGenerated = [sentencesPerSide]string{
		"Burning coal, oil and gas releases carbon dioxide into the atmosphere.",
		"Carbon dioxide absorbs infrared radiation that the surface of the Earth emits.",
		"The trapped heat raises the average temperature of the air and the oceans.",
		"Warmer oceans expand and melting glaciers add water, so the sea level rises.",
		"Higher seas make coastal floods during storms more frequent and more severe.",
	}
	warmReference = [sentencesPerSide]string{
		"Fossil fuel combustion is the largest source of greenhouse gas emissions.",
		"Greenhouse gases such as carbon dioxide trap heat in the lower atmosphere.",
		"Global mean surface temperature has risen by about one degree since preindustrial times.",
		"Thermal expansion of seawater and the loss of land ice both raise global sea level.",
		"Rising sea level increases the reach of storm surges and the damage they cause.",
	}
)

// templates are the shapes of cold-mode sentences. Each has exactly one
// place slot {P} and one number slot {N}, and a fixed start that no other
// template shares, so different (template, place, number) never give the
// same text.
var templates = []string{
	"Between the two surveys the glacier near {P} lost {N} metres of ice thickness over the summer.",
	"Records from the station at {P} show {N} more days above the old heat threshold than in the last century.",
	"Coastal wetlands around {P} absorbed {N} tonnes of carbon before the drainage projects began.",
	"Farmers in {P} reported that {N} hectares of crops failed after the spring rains never came.",
	"Sea ice off {P} retreated {N} kilometres further north than the long-term average for September.",
	"Scientists measured {N} parts per billion of methane in the air above the thawing permafrost near {P}.",
	"Wildfires burned {N} square kilometres of forest around {P} during an unusually dry season.",
	"The coral reef near {P} bleached across {N} separate sites after the marine heatwave.",
	"Tide gauges at {P} recorded water levels {N} millimetres higher than the mean of the previous decades.",
	"Insurance claims for storm damage in {P} rose to {N} thousand in the year after the hurricane.",
	"Researchers counted {N} fewer nesting birds on the cliffs of {P} as their prey moved to colder water.",
	"A new solar farm outside {P} will avoid {N} tonnes of carbon dioxide emissions every year.",
	"Snow cover in the mountains above {P} melted {N} days earlier than it did in the nineteen eighties.",
	"Drought cut the flow of the river through {P} to {N} cubic metres per second by late summer.",
	"Heat waves in {P} caused {N} additional hospital admissions among older residents.",
	"Ocean buoys east of {P} found surface water warmer by {N} hundredths of a degree than the baseline.",
}

// places fill the {P} slot. None contains a digit, so the number slot is
// always recognisable.
var places = []string{
	"Greenland", "Svalbard", "Patagonia", "Queensland", "Bangladesh", "Alaska", "Siberia", "Tasmania",
	"Iceland", "Lagos", "Jakarta", "Miami", "Venice", "Nunavut", "Kiribati", "the Andes",
	"the Alps", "the Himalaya", "the Sahel", "the Amazon basin", "the Mekong delta", "the Ross Sea",
	"the Great Lakes", "the North Sea", "the Baltic coast", "Labrador", "Lapland", "Mongolia",
	"Madagascar", "Fiji", "Tuvalu", "New Orleans",
}

// sentenceFunc returns sentence number i of a pool; distinct i give
// distinct sentences.
type sentenceFunc func(i uint64) string

// templateSentence is the built-in pool, used when no -sentences file is
// given. Distinct i give distinct sentences: i picks the template (i mod
// len(templates)), and the rest of i picks the place and the number, which
// appear in the text.
func templateSentence(i uint64) string {
	nt, np := uint64(len(templates)), uint64(len(places))
	t := templates[i%nt]
	j := i / nt
	place := places[j%np]
	num := j/np + 2 // from 2, so no "1 metres"
	return strings.NewReplacer("{P}", place, "{N}", strconv.FormatUint(num, 10)).Replace(t)
}

// corpus is the pool built from real sentences (the benchmark's
// Climate-FEVER evidence sentences), so that cold requests cost the encoder
// what those sentences cost it. Sentence i is base i mod n with a source
// number, i div n, in front: "Source 7: <sentence>". Distinct i differ in
// the base or in the number.
type corpus struct {
	bases []string
}

// corpusTag is the prefix that makes a base sentence unique.
const corpusTag = "Source %d: "

func (c *corpus) sentence(i uint64) string {
	n := uint64(len(c.bases))
	return fmt.Sprintf(corpusTag, i/n) + c.bases[i%n]
}

// loadCorpus reads a JSON array of sentences and keeps those that the
// server's sentence splitter (Punkt, English) keeps whole when tagged and
// followed by another tagged sentence, so that every request splits into
// exactly sentencesPerSide sentences a side. It returns how many it
// dropped.
func loadCorpus(path string) (*corpus, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	var texts []string
	if err := json.Unmarshal(data, &texts); err != nil {
		return nil, 0, fmt.Errorf("%s: want a JSON array of strings: %w", path, err)
	}
	c, dropped := newCorpus(texts)
	if len(c.bases) < 2*sentencesPerSide {
		return nil, 0, fmt.Errorf("%s: only %d usable sentences (of %d), want at least %d", path, len(c.bases), len(texts), 2*sentencesPerSide)
	}
	return c, dropped, nil
}

func newCorpus(texts []string) (*corpus, int) {
	split := punkt.English()
	seen := map[string]bool{}
	c := &corpus{}
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		a, b := fmt.Sprintf(corpusTag, 1)+t, fmt.Sprintf(corpusTag, 2)+t
		got := split.Sentences(a + " " + b)
		if len(got) == 2 && got[0] == a && got[1] == b {
			c.bases = append(c.bases, t)
		}
	}
	return c, len(texts) - len(c.bases)
}

// pool hands out never-repeating sentences to concurrent callers.
type pool struct {
	sentence sentenceFunc
	next     atomic.Uint64
}

func newPool(f sentenceFunc, start uint64) *pool {
	p := &pool{sentence: f}
	p.next.Store(start)
	return p
}

// pair returns the generated and reference sentences of one request: 2 x
// sentencesPerSide consecutive, never handed out before, pool sentences.
func (p *pool) pair() (gen, ref []string) {
	first := p.next.Add(2*sentencesPerSide) - 2*sentencesPerSide
	s := make([]string, 2*sentencesPerSide)
	for k := range s {
		s[k] = p.sentence(first + uint64(k))
	}
	return s[:sentencesPerSide], s[sentencesPerSide:]
}

// handedOut returns how many sentences the pool has given out since start.
func (p *pool) handedOut(start uint64) uint64 { return p.next.Load() - start }
