package evaluate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// completionRequest is the body of llama-server's native /completion.
type completionRequest struct {
	Prompt      string   `json:"prompt"`
	NPredict    int      `json:"n_predict"`
	Temperature float64  `json:"temperature"`
	Seed        int      `json:"seed"`
	Stop        []string `json:"stop"`
	CachePrompt bool     `json:"cache_prompt"`
}

// completion is what the job reads of llama-server's answer.
type completion struct {
	Content         string `json:"content"`
	TokensPredicted int    `json:"tokens_predicted"`
	TokensEvaluated int    `json:"tokens_evaluated"`
}

// complete asks the llama-server at baseURL to continue prompt.
func complete(ctx context.Context, client *http.Client, baseURL string, req completionRequest) (completion, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return completion{}, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/completion", bytes.NewReader(body))
	if err != nil {
		return completion{}, err
	}
	hr.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(hr)
	if err != nil {
		return completion{}, fmt.Errorf("llama-server /completion: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return completion{}, fmt.Errorf("llama-server /completion: reading the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return completion{}, fmt.Errorf("llama-server /completion answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	var c completion
	if err := json.Unmarshal(b, &c); err != nil {
		return completion{}, fmt.Errorf("llama-server /completion: malformed answer: %w", err)
	}
	return c, nil
}
