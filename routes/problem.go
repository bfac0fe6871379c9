package routes

// Problem is an RFC 9457 problem details body (application/problem+json).
type Problem struct {
	Type   string `json:"type" example:"about:blank"`
	Title  string `json:"title" example:"Unprocessable Entity"`
	Status int    `json:"status" example:"422"`
	Detail string `json:"detail" example:"pairs: limit max_pairs is 1000, got 1200"`
	// Instance is the request path.
	Instance string `json:"instance,omitempty" example:"/v1/cec"`
	// RequestID repeats the X-Request-ID header.
	RequestID string `json:"request_id,omitempty"`
}
