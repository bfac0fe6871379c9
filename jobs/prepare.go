package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// The page sizes List and Events use when given a limit of 0.
const (
	DefaultListLimit   = 100
	DefaultEventsLimit = 1000
)

// NewJob checks an Enqueue's arguments and returns the new job's id (a
// time-ordered uuid v7) and its params as JSON (nil for none): what every
// Queue implementation does before it stores a job.
func NewJob(ctx context.Context, typ string, params any) (string, json.RawMessage, error) {
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	if typ == "" {
		return "", nil, errors.New("enqueue: empty job type")
	}
	var raw json.RawMessage
	if params != nil {
		b, err := json.Marshal(params)
		if err != nil {
			return "", nil, fmt.Errorf("enqueue %s: encode params: %w", typ, err)
		}
		raw = b
	}
	id, err := uuid.NewV7()
	if err != nil {
		return "", nil, fmt.Errorf("enqueue %s: new id: %w", typ, err)
	}
	return id.String(), raw, nil
}

// ProgressData checks p for job id and returns it as the data of its
// progress event.
func ProgressData(id string, p Progress) (json.RawMessage, error) {
	if p.Done < 0 || p.Total < 0 {
		return nil, fmt.Errorf("job %s: negative progress %+v", id, p)
	}
	return json.Marshal(p)
}
