package teacher

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/cecbench/cecbench/training/dataset"
)

// CacheNamespace is the kv namespace the explanations are stored in, under
// CacheKey.
const CacheNamespace = "teacher-explanations"

// cacheKeyVersion numbers the encoding CacheKey hashes; change it when the
// encoding changes so old and new keys never collide.
const cacheKeyVersion = 1

// cacheKeyInput is the canonical encoding CacheKey hashes: JSON of this
// struct, whose field order and escaping are fixed.
type cacheKeyInput struct {
	V        int             `json:"v"`
	Claim    string          `json:"claim"`
	Evidence []cacheEvidence `json:"evidence"`
	Label    string          `json:"label"`
	BaseURL  string          `json:"base_url"`
	Model    string          `json:"model"`
	Template string          `json:"template"`
}

type cacheEvidence struct {
	Text  string `json:"text"`
	Label string `json:"label"`
}

// CacheKey is the key of one item's explanation in CacheNamespace: the
// lowercase hex sha256 of a canonical encoding of what the prompt and the
// answer depend on: the item's claim, its evidence texts and labels (in
// order) and its label; the teacher (cfg.BaseURL without trailing slashes,
// cfg.Model); and the template version (cfg.Template, empty meaning
// dataset.DefaultTemplate). The same item content asked of the same
// teacher with the same template always has the same key, whatever the
// item's id, split or evidence sources.
//
// Temperature and MaxTokens are deliberately left out: they tune sampling
// but do not change what was asked, so changing them reuses the stored
// explanations instead of paying for new ones. Use a different Model or
// Template (or a different store) to force regeneration.
func CacheKey(it dataset.Item, cfg Config) string {
	in := cacheKeyInput{
		V:        cacheKeyVersion,
		Claim:    it.Claim,
		Evidence: make([]cacheEvidence, len(it.Evidence)),
		Label:    it.Label,
		BaseURL:  strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/"),
		Model:    cfg.Model,
		Template: cfg.templateVersion(),
	}
	for i, e := range it.Evidence {
		in.Evidence[i] = cacheEvidence{Text: e.Text, Label: e.Label}
	}
	// Marshalling a struct of strings and ints cannot fail.
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
