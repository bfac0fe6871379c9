package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// mode is what each request of a run is.
type mode int

const (
	modeWarm mode = iota + 1
	modeCold
	modeHealthz
)

func parseMode(s string) (mode, error) {
	switch s {
	case "warm":
		return modeWarm, nil
	case "cold":
		return modeCold, nil
	case "healthz":
		return modeHealthz, nil
	}
	return 0, fmt.Errorf("-mode %q: want warm, cold or healthz", s)
}

func (m mode) String() string {
	switch m {
	case modeWarm:
		return "warm"
	case modeCold:
		return "cold"
	case modeHealthz:
		return "healthz"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// sentencesPerRequest is how many sentences one request asks to embed.
func (m mode) sentencesPerRequest() int {
	if m == modeHealthz {
		return 0
	}
	return 2 * sentencesPerSide
}

// cecBody is the pair form of POST /v1/cec.
type cecBody struct {
	Generated string `json:"generated"`
	Reference string `json:"reference"`
}

// requester builds the requests of one mode. It is safe for concurrent
// use.
type requester struct {
	mode     mode
	endpoint string
	warmBody []byte
	pool     *pool
}

func newRequester(m mode, base *url.URL, p *pool) (*requester, error) {
	r := &requester{mode: m, pool: p}
	path := "/v1/cec"
	if m == modeHealthz {
		path = "/healthz"
	}
	r.endpoint = base.JoinPath(path).String()
	if m == modeWarm {
		body, err := json.Marshal(cecBody{Generated: strings.Join(warmGenerated[:], " "), Reference: strings.Join(warmReference[:], " ")})
		if err != nil {
			return nil, err
		}
		r.warmBody = body
	}
	return r, nil
}

// next returns a new request of the mode.
func (r *requester) next() (*http.Request, error) {
	var body []byte
	switch r.mode {
	case modeHealthz:
		return http.NewRequest(http.MethodGet, r.endpoint, nil)
	case modeWarm:
		body = r.warmBody
	case modeCold:
		gen, ref := r.pool.pair()
		var err error
		body, err = json.Marshal(cecBody{Generated: strings.Join(gen, " "), Reference: strings.Join(ref, " ")})
		if err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequest(http.MethodPost, r.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// cecSplit is the part of a /v1/cec answer that says how the server split
// the texts.
type cecSplit struct {
	GeneratedSentences []string `json:"generated_sentences"`
	ReferenceSentences []string `json:"reference_sentences"`
}

// checkSplit verifies, on one answer, that the server split each side into
// sentencesPerSide sentences, so that sentences/s derived from requests/s
// is right.
func checkSplit(body []byte) error {
	var s cecSplit
	if err := json.Unmarshal(body, &s); err != nil {
		return fmt.Errorf("decode /v1/cec answer: %w", err)
	}
	if len(s.GeneratedSentences) != sentencesPerSide || len(s.ReferenceSentences) != sentencesPerSide {
		return fmt.Errorf("the server split the pair into %d + %d sentences, want %d + %d: %q / %q",
			len(s.GeneratedSentences), len(s.ReferenceSentences), sentencesPerSide, sentencesPerSide,
			s.GeneratedSentences, s.ReferenceSentences)
	}
	return nil
}
