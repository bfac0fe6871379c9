package openaichat_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cecbench/cecbench/openaichat"
	"github.com/cecbench/cecbench/openaichat/standin"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/teacher"
)

// Complete retries a rate-limited request after the server's Retry-After
// (here the in-process stand-in for a paid teacher API answers 429 once).
func ExampleClient_Complete() {
	api := standin.New(standin.Options{Fault: func(n int, _ standin.ChatRequest) standin.Fault {
		if n == 1 {
			return standin.Fault{Kind: standin.RateLimited, RetryAfter: time.Second}
		}
		return standin.Fault{}
	}})
	defer api.Close()
	c := openaichat.New(openaichat.Options{
		BaseURL: api.URL(),
		OnRetry: func(attempt int, wait time.Duration, err error) {
			fmt.Printf("attempt %d failed (%v); retrying in %s\n", attempt, err, wait)
		},
	})
	res, err := c.Complete(context.Background(), teacher.Request{
		Model:    "teacher-standin",
		Messages: []dataset.Message{{Role: "user", Content: "[Claim] Seas are rising; [Evidence] 1. The oceans are warming.; [Label] SUPPORTS"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Content)
	fmt.Println(res.Usage.TotalTokens > 0)
	// Output:
	// attempt 1 failed (HTTP 429 Too Many Requests: rate limit reached (injected by the teacher stand-in)); retrying in 1s
	// Because the oceans are warming, the claim "Seas are rising" follows from what is observed. This is why the claim is supported by the evidence. The link between the stated cause and its effect is what decides the verdict.
	// true
}
