package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// pair is one line of metric_pairs.jsonl, sent as it is.
type pair struct {
	ID        string `json:"id"`
	Generated string `json:"generated"`
	Reference string `json:"reference"`
}

// score is what a run keeps of one pair's result.
type score struct {
	ID                 string   `json:"id"`
	CEC                float64  `json:"cec"`
	Forward            float64  `json:"forward"`
	Backward           float64  `json:"backward"`
	GeneratedSentences []string `json:"generated_sentences"`
	ReferenceSentences []string `json:"reference_sentences"`
}

// client sends the scoring requests; no request should take 10 minutes.
var client = &http.Client{Timeout: 10 * time.Minute}

// readPairs reads the first n pairs of a JSONL file.
func readPairs(path string, n int) ([]pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []pair
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; len(out) < n && sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var p pair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) < n {
		return nil, fmt.Errorf("%s: %d pairs, want at least %d", path, len(out), n)
	}
	return out, nil
}

// scoreAll scores pairs per at a time, one request after another, and
// returns every pair's result in order and the wall time of the requests
// (sending, scoring, reading the answers; not decoding them).
func scoreAll(ctx context.Context, base string, pairs []pair, per int) ([]score, time.Duration, error) {
	var out []score
	var wall time.Duration
	for from := 0; from < len(pairs); from += per {
		chunk := pairs[from:min(from+per, len(pairs))]
		body, err := json.Marshal(map[string]any{"pairs": chunk, "include_alignment": false})
		if err != nil {
			return nil, 0, err
		}
		start := time.Now()
		answer, err := post(ctx, base+"/v1/cec/batch", body)
		wall += time.Since(start)
		if err != nil {
			return nil, 0, fmt.Errorf("pairs %d to %d: %w", from+1, from+len(chunk), err)
		}
		var resp struct {
			Results []score `json:"results"`
		}
		if err := json.Unmarshal(answer, &resp); err != nil {
			return nil, 0, fmt.Errorf("pairs %d to %d: the answer: %w", from+1, from+len(chunk), err)
		}
		if len(resp.Results) != len(chunk) {
			return nil, 0, fmt.Errorf("pairs %d to %d: %d results", from+1, from+len(chunk), len(resp.Results))
		}
		for i, r := range resp.Results {
			if r.ID != chunk[i].ID {
				return nil, 0, fmt.Errorf("result %d has id %q, want %q", from+i, r.ID, chunk[i].ID)
			}
		}
		out = append(out, resp.Results...)
	}
	return out, wall, nil
}

// post sends a JSON body and returns the answer, which must be 200.
func post(ctx context.Context, endpoint string, body []byte) ([]byte, error) {
	return call(ctx, http.MethodPost, endpoint, body)
}

// get returns the body of a GET answered 200.
func get(ctx context.Context, endpoint string) ([]byte, error) {
	return call(ctx, http.MethodGet, endpoint, nil)
}

// call sends one request (a JSON body when body is not nil) and returns
// the answer, which must be 200.
func call(ctx context.Context, method, endpoint string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, endpoint, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: status %d: %s", method, endpoint, resp.StatusCode, strings.TrimSpace(string(data[:min(len(data), 300)])))
	}
	return data, nil
}
