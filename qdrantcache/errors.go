package qdrantcache

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrUnavailable is wrapped by the errors that mean Qdrant could not be
// reached, did not answer within Config.Timeout, or asked to be left alone
// for a while: a caller may carry on without the cache.
var ErrUnavailable = errors.New("qdrant unavailable")

// ErrDimensionMismatch is wrapped by the error of a Put whose vectors do
// not have the size of the namespace's collection, or not all one size.
var ErrDimensionMismatch = errors.New("vector size mismatch")

// failure explains err, the failure of doing what at Qdrant. parent is
// the caller's context: when the caller gave up, its reason is the error;
// otherwise an unreachable or slow server wraps ErrUnavailable.
func (c *Cache) failure(parent context.Context, what string, err error) error {
	if cause := parent.Err(); cause != nil {
		return fmt.Errorf("qdrantcache: %s: the caller's context ended: %w", what, cause)
	}
	var exhausted *qdrant.QdrantResourceExhaustedError
	if errors.As(err, &exhausted) {
		return fmt.Errorf("qdrantcache: %s: Qdrant at %s is rate limiting: %w: %w", what, c.at, ErrUnavailable, err)
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.Aborted, codes.ResourceExhausted:
		return fmt.Errorf("qdrantcache: %s: Qdrant at %s is unreachable or did not answer within %v: %w: %w", what, c.at, c.cfg.Timeout, ErrUnavailable, err)
	case codes.Unauthenticated, codes.PermissionDenied:
		return fmt.Errorf("qdrantcache: %s: Qdrant at %s refused the API key (Config.APIKey): %w", what, c.at, err)
	}
	return fmt.Errorf("qdrantcache: %s: %w", what, err)
}

// isNotFound reports whether err says the collection does not exist.
func isNotFound(err error) bool { return status.Code(err) == codes.NotFound }

// isAlreadyExists reports whether err says the collection exists: code
// AlreadyExists since Qdrant 1.8, InvalidArgument with that message before.
func isAlreadyExists(err error) bool {
	st, _ := status.FromError(err)
	return st.Code() == codes.AlreadyExists ||
		st.Code() == codes.InvalidArgument && strings.Contains(strings.ToLower(st.Message()), "already exists")
}
