package standin_test

import (
	"context"
	"math"
	"testing"

	"github.com/cecbench/cecbench/qdrantcache/standin"
	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// dial starts a stand-in and a client of it; both end with the test.
func dial(t *testing.T, opts standin.Options, apiKey string) (*standin.Server, *qdrant.Client) {
	t.Helper()
	s, err := standin.StartWith("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	host, port := splitAddr(t, s.Addr())
	c, err := qdrant.NewClient(&qdrant.Config{Host: host, Port: port, APIKey: apiKey, SkipCompatibilityCheck: true, PoolSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return s, c
}

func create(t *testing.T, c *qdrant.Client, name string, size uint64, d qdrant.Distance) {
	t.Helper()
	err := c.CreateCollection(t.Context(), &qdrant.CreateCollection{
		CollectionName: name,
		VectorsConfig:  qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: size, Distance: d}),
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
}

func upsert(c *qdrant.Client, ctx context.Context, name string, points ...*qdrant.PointStruct) error {
	wait := true
	_, err := c.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: name, Wait: &wait, Points: points})
	return err
}

func TestCollectionsLifecycle(t *testing.T) {
	_, c := dial(t, standin.Options{}, "")
	ctx := t.Context()
	create(t, c, "docs", 3, qdrant.Distance_Dot)

	err := c.CreateCollection(ctx, &qdrant.CreateCollection{
		CollectionName: "docs",
		VectorsConfig:  qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 3, Distance: qdrant.Distance_Dot}),
	})
	if status.Code(err) != codes.AlreadyExists {
		t.Errorf("second create: %v, want AlreadyExists", err)
	}
	info, err := c.GetCollectionInfo(ctx, "docs")
	if err != nil {
		t.Fatal(err)
	}
	if p := info.GetConfig().GetParams().GetVectorsConfig().GetParams(); p.GetSize() != 3 || p.GetDistance() != qdrant.Distance_Dot {
		t.Errorf("info params = %v", p)
	}
	names, err := c.ListCollections(ctx)
	if err != nil || len(names) != 1 || names[0] != "docs" {
		t.Errorf("list = %v, %v", names, err)
	}
	if _, err := c.GetCollectionInfo(ctx, "nope"); status.Code(err) != codes.NotFound {
		t.Errorf("info of a missing collection: %v, want NotFound", err)
	}
	if err := c.DeleteCollection(ctx, "docs"); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.CollectionExists(ctx, "docs"); err != nil || ok {
		t.Errorf("exists after delete = %v, %v", ok, err)
	}
	if err := c.CreateCollection(ctx, &qdrant.CreateCollection{CollectionName: "a/b",
		VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 3, Distance: qdrant.Distance_Dot})}); status.Code(err) != codes.InvalidArgument {
		t.Errorf("create a/b: %v, want InvalidArgument", err)
	}
}

func TestPointsUpsertAndGet(t *testing.T) {
	_, c := dial(t, standin.Options{}, "")
	ctx := t.Context()
	create(t, c, "dot", 2, qdrant.Distance_Dot)
	id := "6F9619FF-8B86-D011-B42D-00C04FC964FF" // not canonical: the stand-in answers it lowercased
	err := upsert(c, ctx, "dot",
		&qdrant.PointStruct{Id: qdrant.NewID(id), Vectors: qdrant.NewVectors(3, 4),
			Payload: qdrant.NewValueMap(map[string]any{"text": "x", "other": 1})},
		&qdrant.PointStruct{Id: qdrant.NewIDNum(7), Vectors: qdrant.NewVectors(1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if err := upsert(c, ctx, "dot", &qdrant.PointStruct{Id: qdrant.NewIDNum(8), Vectors: qdrant.NewVectors(1)}); status.Code(err) != codes.InvalidArgument {
		t.Errorf("upsert of a 1-dim vector into a 2-dim collection: %v, want InvalidArgument", err)
	}
	if err := upsert(c, ctx, "missing", &qdrant.PointStruct{Id: qdrant.NewIDNum(8), Vectors: qdrant.NewVectors(1)}); status.Code(err) != codes.NotFound {
		t.Errorf("upsert into a missing collection: %v, want NotFound", err)
	}

	got, err := c.Get(ctx, &qdrant.GetPoints{
		CollectionName: "dot",
		Ids:            []*qdrant.PointId{qdrant.NewIDNum(7), qdrant.NewIDNum(99), qdrant.NewID(id), qdrant.NewIDNum(7)},
		WithPayload:    qdrant.NewWithPayloadInclude("text"),
		WithVectors:    qdrant.NewWithVectors(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d points, want 2 (missing ids left out, duplicates once)", len(got))
	}
	if got[0].GetId().GetNum() != 7 || got[1].GetId().GetUuid() != "6f9619ff-8b86-d011-b42d-00c04fc964ff" {
		t.Errorf("ids = %v, %v", got[0].GetId(), got[1].GetId())
	}
	if v := got[1].GetVectors().GetVector().GetDenseVector().GetData(); len(v) != 2 || v[0] != 3 || v[1] != 4 {
		t.Errorf("vector of a Dot collection = %v, want it unchanged [3 4]", v)
	}
	if p := got[1].GetPayload(); len(p) != 1 || p["text"].GetStringValue() != "x" {
		t.Errorf("payload with include [text] = %v", p)
	}
	if _, err := c.Get(ctx, &qdrant.GetPoints{CollectionName: "missing", Ids: []*qdrant.PointId{qdrant.NewIDNum(1)}}); status.Code(err) != codes.NotFound {
		t.Errorf("get from a missing collection: %v, want NotFound", err)
	}
}

// TestCosineNormalizes: Qdrant normalizes vectors stored in a Cosine
// collection, and so does the stand-in, so that a client relying on
// getting its vectors back unchanged fails here as it would on Qdrant.
func TestCosineNormalizes(t *testing.T) {
	_, c := dial(t, standin.Options{}, "")
	ctx := t.Context()
	create(t, c, "cos", 2, qdrant.Distance_Cosine)
	if err := upsert(c, ctx, "cos", &qdrant.PointStruct{Id: qdrant.NewIDNum(1), Vectors: qdrant.NewVectors(3, 4)}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(ctx, &qdrant.GetPoints{CollectionName: "cos", Ids: []*qdrant.PointId{qdrant.NewIDNum(1)}, WithVectors: qdrant.NewWithVectors(true)})
	if err != nil || len(got) != 1 {
		t.Fatalf("get: %v, %v", got, err)
	}
	v := got[0].GetVectors().GetVector().GetDenseVector().GetData()
	if math.Abs(float64(v[0])-0.6) > 1e-6 || math.Abs(float64(v[1])-0.8) > 1e-6 {
		t.Errorf("Cosine vector = %v, want it normalized to [0.6 0.8]", v)
	}
}

func TestAPIKey(t *testing.T) {
	_, wrong := dial(t, standin.Options{APIKey: "secret"}, "guess")
	if _, err := wrong.ListCollections(t.Context()); status.Code(err) != codes.Unauthenticated {
		t.Errorf("list with a wrong key: %v, want Unauthenticated", err)
	}
	if _, err := wrong.HealthCheck(t.Context()); err != nil {
		t.Errorf("the health check needs no key, as on Qdrant: %v", err)
	}
	_, right := dial(t, standin.Options{APIKey: "secret"}, "secret")
	if _, err := right.ListCollections(t.Context()); err != nil {
		t.Errorf("list with the key: %v", err)
	}
}

func TestCallsAndRestart(t *testing.T) {
	s, c := dial(t, standin.Options{}, "")
	ctx := t.Context()
	create(t, c, "kept", 1, qdrant.Distance_Dot)
	if err := upsert(c, ctx, "kept", &qdrant.PointStruct{Id: qdrant.NewIDNum(1), Vectors: qdrant.NewVectors(5)}); err != nil {
		t.Fatal(err)
	}
	calls := s.Calls()
	if calls["Collections/Create"] != 1 || calls["Points/Upsert"] != 1 {
		t.Errorf("calls = %v", calls)
	}
	s.ResetCalls()
	if n := len(s.Calls()); n != 0 {
		t.Errorf("%d counts after ResetCalls", n)
	}

	s.Stop()
	if _, err := c.ListCollections(ctx); status.Code(err) != codes.Unavailable {
		t.Errorf("list while stopped: %v, want Unavailable", err)
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	var names []string
	var err error
	for try := 0; try < 100; try++ { // the client reconnects with a backoff
		if names, err = c.ListCollections(ctx); err == nil {
			break
		}
		sleep(t)
	}
	if err != nil || len(names) != 1 || names[0] != "kept" {
		t.Errorf("after Restart: %v, %v; want the collection kept", names, err)
	}
}
