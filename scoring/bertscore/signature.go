package bertscore

import (
	"strconv"
	"strings"
)

// Signature returns the signature of the scores Score gives with opt,
// naming everything they depend on, e.g.
//
//	bertscore|model:use-lite-en@0.2.0|layer:2|split:punkt-en@nltk3.8|idf:no|rescaled:yes|baseline:climate-fever-evidence-10000pairs-seed1|note:not-roberta-large
//
// baseline is "none" when opt does not rescale. The note warns that the
// values are not those of roberta-large BERTScore.
func (s *Scorer) Signature(opt Options) string {
	baseline := "none"
	if opt.Rescale && s.cfg.Baseline != nil {
		baseline = s.cfg.Baseline.ID
	}
	return strings.Join([]string{
		"bertscore",
		"model:" + s.cfg.Model,
		"layer:" + strconv.Itoa(s.cfg.Layer),
		"split:" + s.cfg.SplitterID,
		"idf:" + yesNo(opt.IDF),
		"rescaled:" + yesNo(opt.Rescale),
		"baseline:" + baseline,
		"note:not-roberta-large",
	}, "|")
}

// yesNo renders a flag of the signature.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
