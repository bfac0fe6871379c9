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
	// Errors lists the first problems of an invalid upload, with line
	// numbers; ErrorCount is how many there are in all.
	Errors     []LineProblem `json:"errors,omitempty"`
	ErrorCount int           `json:"error_count,omitempty"`
}

// LineProblem is one problem of an uploaded file.
type LineProblem struct {
	// Line is 1-based; 0 when the problem is the whole file.
	Line  int    `json:"line" example:"3"`
	Field string `json:"field,omitempty" example:"claim"`
	// ID is the item id of the line, when it could be read.
	ID      string `json:"id,omitempty" example:"c-17"`
	Message string `json:"message" example:"must be a non-empty string"`
}
