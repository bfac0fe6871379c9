package teacher_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/openaichat"
	"github.com/cecbench/cecbench/openaichat/standin"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/teacher"
)

// mapStore is a minimal in-memory kv.Store (Get and Put are all Generate
// uses).
type mapStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *mapStore) Get(_ context.Context, ns, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[ns+"\x00"+key]
	if !ok {
		return nil, kv.ErrNotFound
	}
	return v, nil
}

func (s *mapStore) Put(_ context.Context, ns, key string, v []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string][]byte)
	}
	s.m[ns+"\x00"+key] = v
	return nil
}

func (s *mapStore) PutIfAbsent(context.Context, string, string, []byte) (bool, error) {
	panic("not used")
}

func (s *mapStore) List(context.Context, string, string, int) ([]kv.Entry, error) {
	panic("not used")
}

func (s *mapStore) Delete(context.Context, string, string) error { panic("not used") }

// Generate asks a teacher (here the in-process stand-in for a paid API)
// once per item; a second run reuses every stored explanation.
func ExampleGenerate() {
	teacherAPI := standin.New(standin.Options{})
	defer teacherAPI.Close()
	chat := openaichat.New(openaichat.Options{BaseURL: teacherAPI.URL(), BaseDelay: 10 * time.Millisecond})
	store := &mapStore{}
	cfg := teacher.Config{BaseURL: teacherAPI.URL(), Model: "teacher-standin", MaxTokens: 256}
	items := []dataset.Item{
		{ID: "1", Claim: "Sea levels are rising.", Label: "SUPPORTS",
			Evidence: []dataset.Evidence{{Text: "Tide gauges show a rise of 20 cm since 1900."}}},
		{ID: "2", Claim: "The Arctic is cooling.", Label: "REFUTES",
			Evidence: []dataset.Evidence{{Text: "Arctic sea ice has shrunk for decades."}}},
	}

	for run := 1; run <= 2; run++ {
		out, st, err := teacher.Generate(context.Background(), items, cfg, chat, store, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("run %d: %d generated, %d reused, %d explained, %d requests so far\n",
			run, st.Generated, st.Reused, len(out), teacherAPI.Requests())
	}
	// Output:
	// run 1: 2 generated, 0 reused, 2 explained, 2 requests so far
	// run 2: 0 generated, 2 reused, 2 explained, 2 requests so far
}
