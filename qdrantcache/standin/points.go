package standin

import (
	"context"
	"slices"
	"time"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// points implements the part of Qdrant's Points service that qdrantcache
// uses: Upsert and Get (retrieve by ids).
type points struct {
	qdrant.UnimplementedPointsServer
	store *store
}

// Upsert stores whole points, replacing those with the same ids. It checks
// every point before storing any, and it is always synchronous, so the
// wait flag changes nothing.
func (p *points) Upsert(_ context.Context, req *qdrant.UpsertPoints) (*qdrant.PointsOperationResponse, error) {
	start := time.Now()
	if req.UpdateFilter != nil || req.ShardKeySelector != nil || req.UpdateMode != nil {
		return nil, status.Error(codes.InvalidArgument, "standin: update filters, shard keys and update modes are not supported")
	}
	s := p.store
	s.mu.Lock()
	defer s.mu.Unlock()
	col, err := s.lookup(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	keys := make([]pointKey, len(req.GetPoints()))
	stored := make([]*point, len(req.GetPoints()))
	for i, pt := range req.GetPoints() {
		if keys[i], err = keyOf(pt.GetId()); err != nil {
			return nil, err
		}
		v, err := denseOf(pt.GetVectors())
		if err != nil {
			return nil, err
		}
		if v, err = col.prepare(v); err != nil {
			return nil, err
		}
		stored[i] = &point{vector: v, payload: clonePayload(pt.GetPayload())}
	}
	for i, k := range keys {
		col.points[k] = stored[i]
	}
	result := &qdrant.UpdateResult{OperationId: s.nextOperation(), Status: qdrant.UpdateStatus_Completed}
	return &qdrant.PointsOperationResponse{Result: result, Time: since(start)}, nil
}

// Get answers the stored points among the ids asked, in the order asked,
// each once; ids not stored are left out.
func (p *points) Get(_ context.Context, req *qdrant.GetPoints) (*qdrant.GetResponse, error) {
	start := time.Now()
	if req.ShardKeySelector != nil {
		return nil, status.Error(codes.InvalidArgument, "standin: shard keys are not supported")
	}
	withVector, err := vectorsWanted(req.GetWithVectors())
	if err != nil {
		return nil, err
	}
	fields, err := payloadWanted(req.GetWithPayload())
	if err != nil {
		return nil, err
	}
	s := p.store
	s.mu.Lock()
	defer s.mu.Unlock()
	col, err := s.lookup(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	seen := map[pointKey]bool{}
	out := &qdrant.GetResponse{}
	for _, id := range req.GetIds() {
		k, err := keyOf(id)
		if err != nil {
			return nil, err
		}
		pt, ok := col.points[k]
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		rp := &qdrant.RetrievedPoint{Id: k.id(), Payload: fields.pick(pt.payload)}
		if withVector {
			dense := &qdrant.DenseVector{Data: slices.Clone(pt.vector)}
			rp.Vectors = &qdrant.VectorsOutput{VectorsOptions: &qdrant.VectorsOutput_Vector{
				Vector: &qdrant.VectorOutput{Vector: &qdrant.VectorOutput_Dense{Dense: dense}},
			}}
		}
		out.Result = append(out.Result, rp)
	}
	out.Time = since(start)
	return out, nil
}

// vectorsWanted reads a with_vectors selector; nil means no vectors.
func vectorsWanted(sel *qdrant.WithVectorsSelector) (bool, error) {
	switch sel.GetSelectorOptions().(type) {
	case nil:
		return false, nil
	case *qdrant.WithVectorsSelector_Enable:
		return sel.GetEnable(), nil
	}
	return false, status.Error(codes.InvalidArgument, "standin: with_vectors supports only enable, there are no named vectors")
}

// payloadSelection is which payload fields an answer carries.
type payloadSelection struct {
	all     bool
	include []string // when not all: only these
	exclude []string // when all: all but these
}

// payloadWanted reads a with_payload selector; nil means no payload.
func payloadWanted(sel *qdrant.WithPayloadSelector) (payloadSelection, error) {
	switch sel.GetSelectorOptions().(type) {
	case nil:
		return payloadSelection{}, nil
	case *qdrant.WithPayloadSelector_Enable:
		return payloadSelection{all: sel.GetEnable()}, nil
	case *qdrant.WithPayloadSelector_Include:
		return payloadSelection{include: sel.GetInclude().GetFields()}, nil
	case *qdrant.WithPayloadSelector_Exclude:
		return payloadSelection{all: true, exclude: sel.GetExclude().GetFields()}, nil
	}
	return payloadSelection{}, status.Error(codes.InvalidArgument, "standin: unknown with_payload selector")
}

// pick copies the selected top-level fields of a payload.
func (p payloadSelection) pick(payload map[string]*qdrant.Value) map[string]*qdrant.Value {
	out := map[string]*qdrant.Value{}
	for k, v := range payload {
		if p.all && !slices.Contains(p.exclude, k) || !p.all && slices.Contains(p.include, k) {
			out[k] = v
		}
	}
	return clonePayload(out)
}
