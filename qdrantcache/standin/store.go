package standin

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// maxVectorSize is Qdrant's limit on a dense vector's length.
const maxVectorSize = 65536

// store holds the collections of a Server across restarts.
type store struct {
	mu          sync.Mutex
	collections map[string]*collection
	operation   uint64 // last operation id handed out
}

type collection struct {
	size     uint64
	distance qdrant.Distance
	points   map[pointKey]*point
}

// pointKey is a point id in one comparable form: a UUID, or a number with
// a zero UUID.
type pointKey struct {
	uuid uuid.UUID
	num  uint64
	isID bool // true for a UUID, false for a number
}

type point struct {
	vector  []float32
	payload map[string]*qdrant.Value
}

func newStore() *store { return &store{collections: map[string]*collection{}} }

// errNoCollection is Qdrant's answer for a missing collection.
func errNoCollection(name string) error {
	return status.Errorf(codes.NotFound, "Not found: Collection `%s` doesn't exist!", name)
}

// lookup returns the collection named name; s.mu must be held.
func (s *store) lookup(name string) (*collection, error) {
	c, ok := s.collections[name]
	if !ok {
		return nil, errNoCollection(name)
	}
	return c, nil
}

// checkName applies Qdrant's rules for a collection name.
func checkName(name string) error {
	if name == "" || len(name) > 255 {
		return status.Errorf(codes.InvalidArgument, "Validation error in body: [collection_name: length must be between 1 and 255, got %d]", len(name))
	}
	if i := strings.IndexAny(name, "<>:\"/\\|?*\x00"); i >= 0 {
		return status.Errorf(codes.InvalidArgument, "Validation error in body: [collection_name: collection name cannot contain %q]", name[i])
	}
	return nil
}

// keyOf parses a point id.
func keyOf(id *qdrant.PointId) (pointKey, error) {
	switch v := id.GetPointIdOptions().(type) {
	case *qdrant.PointId_Num:
		return pointKey{num: v.Num}, nil
	case *qdrant.PointId_Uuid:
		u, err := uuid.Parse(v.Uuid)
		if err != nil {
			return pointKey{}, status.Errorf(codes.InvalidArgument, "Unable to parse UUID: %s", v.Uuid)
		}
		return pointKey{uuid: u, isID: true}, nil
	}
	return pointKey{}, status.Error(codes.InvalidArgument, "Wrong input: point id is missing")
}

// id is the key as Qdrant answers it: a number, or a canonical UUID.
func (k pointKey) id() *qdrant.PointId {
	if k.isID {
		return qdrant.NewIDUUID(k.uuid.String())
	}
	return qdrant.NewIDNum(k.num)
}

// denseOf returns the unnamed dense vector of a point, in the current or
// the deprecated encoding.
func denseOf(v *qdrant.Vectors) ([]float32, error) {
	one := v.GetVector()
	if one == nil {
		return nil, status.Error(codes.InvalidArgument, "standin: only one unnamed dense vector per point is supported")
	}
	if d := one.GetDense(); d != nil {
		return d.GetData(), nil
	}
	if one.GetVector() == nil && one.Indices == nil && one.VectorsCount == nil {
		return one.GetData(), nil
	}
	return nil, status.Error(codes.InvalidArgument, "standin: only dense vectors are supported")
}

// prepare checks a vector against the collection and returns the copy to
// store, normalized for Cosine as Qdrant does.
func (c *collection) prepare(v []float32) ([]float32, error) {
	if uint64(len(v)) != c.size {
		return nil, status.Errorf(codes.InvalidArgument, "Wrong input: Vector dimension error: expected dim: %d, got %d", c.size, len(v))
	}
	out := slices.Clone(v)
	if c.distance == qdrant.Distance_Cosine {
		var sum float64
		for _, x := range out {
			sum += float64(x) * float64(x)
		}
		if norm := math.Sqrt(sum); norm > 0 {
			for i := range out {
				out[i] = float32(float64(out[i]) / norm)
			}
		}
	}
	return out, nil
}

// clonePayload deep-copies a payload so that stored and answered values
// never share memory with a request or another answer.
func clonePayload(p map[string]*qdrant.Value) map[string]*qdrant.Value {
	out := make(map[string]*qdrant.Value, len(p))
	for k, v := range p {
		out[k] = proto.Clone(v).(*qdrant.Value)
	}
	return out
}

// nextOperation returns a new operation id; s.mu must be held.
func (s *store) nextOperation() *uint64 {
	s.operation++
	id := s.operation
	return &id
}
