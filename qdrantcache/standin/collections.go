package standin

import (
	"context"
	"slices"
	"time"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// collections implements the part of Qdrant's Collections service that
// qdrantcache uses: Create, Get, List, Delete and CollectionExists.
type collections struct {
	qdrant.UnimplementedCollectionsServer
	store *store
}

func (c *collections) Create(_ context.Context, req *qdrant.CreateCollection) (*qdrant.CollectionOperationResponse, error) {
	start := time.Now()
	name := req.GetCollectionName()
	if err := checkName(name); err != nil {
		return nil, err
	}
	params := req.GetVectorsConfig().GetParams()
	if params == nil {
		return nil, status.Error(codes.InvalidArgument, "standin: only one unnamed dense vector per collection is supported")
	}
	if params.GetSize() < 1 || params.GetSize() > maxVectorSize {
		return nil, status.Errorf(codes.InvalidArgument, "Validation error in body: [vectors_config.size: value %d invalid, must be from 1 to %d]", params.GetSize(), maxVectorSize)
	}
	if params.GetDistance() == qdrant.Distance_UnknownDistance {
		return nil, status.Error(codes.InvalidArgument, "Wrong input: distance is not set")
	}
	s := c.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.collections[name]; ok {
		return nil, status.Errorf(codes.AlreadyExists, "Wrong input: Collection `%s` already exists!", name)
	}
	s.collections[name] = &collection{size: params.GetSize(), distance: params.GetDistance(), points: map[pointKey]*point{}}
	return &qdrant.CollectionOperationResponse{Result: true, Time: since(start)}, nil
}

func (c *collections) Get(_ context.Context, req *qdrant.GetCollectionInfoRequest) (*qdrant.GetCollectionInfoResponse, error) {
	start := time.Now()
	s := c.store
	s.mu.Lock()
	defer s.mu.Unlock()
	col, err := s.lookup(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	count := uint64(len(col.points))
	info := &qdrant.CollectionInfo{
		Status:          qdrant.CollectionStatus_Green,
		OptimizerStatus: &qdrant.OptimizerStatus{Ok: true},
		SegmentsCount:   1,
		PointsCount:     &count,
		Config: &qdrant.CollectionConfig{
			Params: &qdrant.CollectionParams{
				ShardNumber:   1,
				VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: col.size, Distance: col.distance}),
			},
		},
	}
	return &qdrant.GetCollectionInfoResponse{Result: info, Time: since(start)}, nil
}

func (c *collections) List(context.Context, *qdrant.ListCollectionsRequest) (*qdrant.ListCollectionsResponse, error) {
	start := time.Now()
	s := c.store
	s.mu.Lock()
	names := make([]string, 0, len(s.collections))
	for name := range s.collections {
		names = append(names, name)
	}
	s.mu.Unlock()
	slices.Sort(names)
	out := &qdrant.ListCollectionsResponse{Time: since(start)}
	for _, name := range names {
		out.Collections = append(out.Collections, &qdrant.CollectionDescription{Name: name})
	}
	return out, nil
}

func (c *collections) Delete(_ context.Context, req *qdrant.DeleteCollection) (*qdrant.CollectionOperationResponse, error) {
	start := time.Now()
	s := c.store
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.collections[req.GetCollectionName()]
	delete(s.collections, req.GetCollectionName())
	return &qdrant.CollectionOperationResponse{Result: ok, Time: since(start)}, nil
}

func (c *collections) CollectionExists(_ context.Context, req *qdrant.CollectionExistsRequest) (*qdrant.CollectionExistsResponse, error) {
	start := time.Now()
	s := c.store
	s.mu.Lock()
	_, ok := s.collections[req.GetCollectionName()]
	s.mu.Unlock()
	return &qdrant.CollectionExistsResponse{Result: &qdrant.CollectionExists{Exists: ok}, Time: since(start)}, nil
}

// since is the elapsed time in seconds, as Qdrant reports it.
func since(start time.Time) float64 { return time.Since(start).Seconds() }
