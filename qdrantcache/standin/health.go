package standin

import (
	"context"

	"github.com/qdrant/go-client/qdrant"
)

// Version is the Qdrant version the stand-in reports in its health check:
// the server version the pinned client is written for.
const Version = "1.17.0"

// health implements the Qdrant service (the health check).
type health struct {
	qdrant.UnimplementedQdrantServer
}

func (health) HealthCheck(context.Context, *qdrant.HealthCheckRequest) (*qdrant.HealthCheckReply, error) {
	return &qdrant.HealthCheckReply{Title: "qdrant stand-in for tests", Version: Version}, nil
}
