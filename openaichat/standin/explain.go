package standin

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Explain is the stand-in's answer to a user message: a deterministic
// cause-and-effect explanation of 3 or 4 sentences built from the claim,
// the evidence and the label the message contains. It reads cecbench's
// prompt template ("[Claim] ...; [Evidence] 1. ... 2. ...; [Label] ...")
// and the usual line layouts: a "Claim:" line, an "Evidence" header
// followed by list items ("1.", "-", "[1]", ...) or "Evidence 1: ..."
// lines, and a "Label:" (or "Verdict:") line. What it cannot find it
// leaves out.
func Explain(userMessage string) string {
	p := parsePrompt(userMessage)
	v := verdicts[p.label]
	words := wordSet(userMessage)
	clause := func(s string, maxWords int) string { return clause(s, maxWords, words) }
	claim := tidy(p.claim, 25)
	if claim == "" {
		claim = "under review"
	}

	var out []string
	first := "the available evidence"
	if len(p.evidence) > 0 {
		first = clause(p.evidence[0], 18)
	}
	out = append(out, sentence("Because "+first+", "+strings.ReplaceAll(v.opening, "%c", `"`+claim+`"`)))
	if len(p.evidence) > 1 {
		out = append(out, sentence("In turn, "+clause(p.evidence[1], 18)+", "+v.link))
	}
	if len(p.evidence) > 2 {
		out = append(out, sentence(v.third+" "+clause(p.evidence[2], 18)))
	}
	out = append(out, sentence(v.closing))
	if len(out) < 3 {
		out = append(out, sentence("The link between the stated cause and its effect is what decides the verdict"))
	}
	return strings.Join(out, " ")
}

// verdict is the wording for one label.
type verdict struct {
	opening string // completes "Because <evidence>, ..."; %c is the quoted claim
	link    string // ends the second sentence
	third   string // starts the third sentence
	closing string // the "This is why" sentence
}

// verdicts maps a normalized label to its wording; "" is an unknown label.
var verdicts = map[string]verdict{
	"supported": {
		opening: "the claim %c follows from what is observed",
		link:    "which strengthens the causal link the claim asserts",
		third:   "This is reinforced by the observation that",
		closing: "This is why the claim is supported by the evidence",
	},
	"refuted": {
		opening: "the claim %c does not hold",
		link:    "which breaks the causal link the claim asserts",
		third:   "This is confirmed by the observation that",
		closing: "This is why the claim is refuted by the evidence",
	},
	"nei": {
		opening: "the evidence touches on the claim %c without deciding it",
		link:    "which leaves the claimed cause and effect unconfirmed",
		third:   "Meanwhile, it is only reported that",
		closing: "This is why the claim is neither supported nor refuted: there is not enough information",
	},
	"disputed": {
		opening: "the claim %c is called into question",
		link:    "which pulls in a different direction from the rest of the evidence",
		third:   "At the same time, it is reported that",
		closing: "This is why the claim is disputed: the evidence points both ways",
	},
	"": {
		opening: "the evidence bears on the claim %c",
		link:    "which shapes how the claimed cause and effect should be read",
		third:   "It is also reported that",
		closing: "This is why the claim has to be judged by how well its cause and effect match the evidence",
	},
}

// normLabel maps the label spellings datasets use to a verdicts key.
func normLabel(s string) string {
	s = strings.ToUpper(strings.TrimSpace(strings.Trim(s, " .*\"'`[]()")))
	s = strings.NewReplacer(" ", "_", "-", "_").Replace(s)
	switch s {
	case "SUPPORTS", "SUPPORT", "SUPPORTED", "TRUE":
		return "supported"
	case "REFUTES", "REFUTE", "REFUTED", "FALSE":
		return "refuted"
	case "NOT_ENOUGH_INFO", "NOT_ENOUGH_INFORMATION", "NEI", "NOT_ENOUGH_EVIDENCE":
		return "nei"
	case "DISPUTED":
		return "disputed"
	}
	return ""
}

// prompt is what Explain found in a user message.
type prompt struct {
	claim    string
	evidence []string
	label    string
}

var (
	claimLine    = regexp.MustCompile(`(?i)^[#*\s]*claim[*\s]*:[*\s]*(.*)$`)
	labelLine    = regexp.MustCompile(`(?i)^[#*\s]*(?:gold\s+|true\s+)?(?:label|verdict)[*\s]*:[*\s]*(.*)$`)
	evidenceLine = regexp.MustCompile(`(?i)^[#*\s]*evidence(?:\s+(?:sentences?|\d+))?[*\s]*(?:\(\w+\))?\s*:[*\s]*(.*)$`)
	listMarker   = regexp.MustCompile(`^\s*(?:(?:[-*•]|\d+[.)]|\[\d+\]|\(\d+\))\s+)+`)
	labelSuffix  = regexp.MustCompile(`\s*[(\[](?i:supports|refutes|not_enough_info|disputed)[)\]]\s*$`)
)

// tagged matches the bracket-tagged layout of cecbench's templates.
var tagged = regexp.MustCompile(`(?is)\[claim\]\s*(.*?)[\s;]*\[evidence\]\s*(.*?)[\s;]*\[label\]\s*([^\n;]*)`)

// parsePrompt reads the claim, evidence and label out of a user message.
func parsePrompt(msg string) prompt {
	if m := tagged.FindStringSubmatch(msg); m != nil {
		p := prompt{claim: strings.TrimSpace(m[1]), label: normLabel(m[3])}
		for _, e := range splitNumbered(m[2]) {
			p.evidence = append(p.evidence, cleanEvidence(e))
		}
		return p
	}
	var p prompt
	inEvidence, pendingClaim := false, false
	for _, line := range strings.Split(msg, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			if inEvidence && len(p.evidence) > 0 {
				inEvidence = false
			}
		case pendingClaim:
			p.claim, pendingClaim = line, false
		case claimLine.MatchString(line):
			p.claim = claimLine.FindStringSubmatch(line)[1]
			pendingClaim = p.claim == ""
			inEvidence = false
		case labelLine.MatchString(line):
			if p.label == "" {
				p.label = normLabel(labelLine.FindStringSubmatch(line)[1])
			}
			inEvidence = false
		case evidenceLine.MatchString(line):
			if rest := evidenceLine.FindStringSubmatch(line)[1]; rest != "" {
				p.evidence = append(p.evidence, cleanEvidence(rest))
			}
			inEvidence = true
		case inEvidence && listMarker.MatchString(line):
			p.evidence = append(p.evidence, cleanEvidence(listMarker.ReplaceAllString(line, "")))
		case inEvidence && len(p.evidence) == 0:
			p.evidence = append(p.evidence, cleanEvidence(line))
		default:
			inEvidence = false
		}
	}
	if p.claim == "" {
		// No "Claim:" line: take the message's first line.
		p.claim, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	}
	return p
}

// splitNumbered splits "1. a 2. b ..." into its items, each number
// following the previous one, so "2." inside an item only splits where
// it is the next number. Text not numbered from 1 is one item.
func splitNumbered(s string) []string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "1. ") {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	var items []string
	start := len("1. ")
	for k := 2; ; k++ {
		next := strings.Index(s[start:], " "+strconv.Itoa(k)+". ")
		if next < 0 {
			return append(items, strings.TrimSpace(s[start:]))
		}
		items = append(items, strings.TrimSpace(s[start:start+next]))
		start += next + len(" "+strconv.Itoa(k)+". ")
	}
}

// cleanEvidence drops quotes and a trailing per-evidence label.
func cleanEvidence(s string) string {
	s = labelSuffix.ReplaceAllString(strings.TrimSpace(s), "")
	return strings.TrimSpace(s)
}

// sentenceEnd finds the end of a text's first sentence.
var sentenceEnd = regexp.MustCompile(`[.!?]["”')]?\s+["“(]?[A-Z]`)

// opener matches a leading discourse marker, dropped from clauses.
var opener = regexp.MustCompile(`(?i)^(?:however|rather|consequently|moreover|furthermore|therefore|thus|hence|in addition|additionally|also|meanwhile|nevertheless|indeed|instead|overall|similarly|in fact|notably|but|and|so)\s*,?\s+`)

// clause turns an evidence text into a clause: its first sentence, tidied
// (see tidy), starting in lower case when its first word is a common
// sentence opener or occurs in lower case in known (so "Polar" is lowered
// when the prompt also says "polar", while "Greenland" stays).
func clause(s string, maxWords int, known map[string]bool) string {
	if loc := sentenceEnd.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	s = tidy(s, maxWords)
	if first, rest, ok := strings.Cut(s, " "); ok {
		if lower := strings.ToLower(first); lower != first && (lowerable[first] || known[lower]) && !isAcronym(first) {
			s = lower + " " + rest
		}
	}
	return s
}

// tidy drops a leading discourse marker and every double quote, keeps at
// most maxWords words, and drops what would dangle at the end: final
// punctuation and function words.
func tidy(s string, maxWords int) string {
	s = strings.NewReplacer(`"`, "", "“", "", "”", "").Replace(s)
	s = opener.ReplaceAllString(strings.TrimSpace(s), "")
	words := strings.Fields(s)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	for len(words) > 1 {
		last := strings.TrimRight(words[len(words)-1], ".,;:!?")
		if last != "" && !dangling[strings.ToLower(last)] {
			words[len(words)-1] = last
			break
		}
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), ".,;:!?")
}

// dangling are words a shortened clause must not end with.
var dangling = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true,
	"of": true, "in": true, "to": true, "for": true, "with": true, "by": true,
	"at": true, "on": true, "from": true, "as": true, "that": true, "which": true,
	"who": true, "is": true, "are": true, "was": true, "were": true, "be": true,
	"its": true, "their": true, "his": true, "her": true, "than": true, "into": true,
	"may": true, "can": true, "could": true, "would": true, "will": true, "not": true,
}

// isAcronym reports whether w has more than one upper-case letter (CO2,
// NASA, IPCC), which must keep its case.
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n > 1
}

// wordSet is the set of words of s, without surrounding punctuation.
func wordSet(s string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		set[strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })] = true
	}
	return set
}

// sentence ends s with a period.
func sentence(s string) string { return s + "." }

// lowerable are sentence-initial words that read right in lower case
// after "Because".
var lowerable = map[string]bool{
	"The": true, "A": true, "An": true, "This": true, "These": true, "Those": true,
	"That": true, "It": true, "Its": true, "In": true, "On": true, "At": true,
	"For": true, "There": true, "Such": true, "Some": true, "Many": true,
	"Most": true, "Over": true, "During": true, "According": true, "While": true,
	"Although": true, "Since": true, "As": true, "By": true, "From": true,
	"Between": true, "Global": true, "Recent": true, "Scientists": true,
	"Researchers": true, "Studies": true, "Data": true, "Models": true,
	"Average": true, "Sea": true, "Ocean": true, "Oceans": true, "Warming": true,
	"Carbon": true, "Climate": true, "Temperatures": true, "Emissions": true,
	"Human": true, "Humans": true, "Natural": true, "Thermal": true, "Tide": true,
	"Ice": true, "Glaciers": true, "Satellite": true, "Observations": true,
	"Measurements": true, "Changes": true, "Increases": true, "Rising": true,
	"After": true, "Before": true, "Both": true, "When": true, "If": true,
	"Officials": true, "Experts": true, "Estimates": true, "Projections": true,
	"Environmental": true, "Higher": true, "Lower": true, "More": true, "Less": true,
}
