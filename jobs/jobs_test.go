package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestStates(t *testing.T) {
	for _, s := range States {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
		if want := s == Succeeded || s == Failed || s == Cancelled; s.Terminal() != want {
			t.Errorf("%s.Terminal() = %v", s, s.Terminal())
		}
	}
	if State("done").Valid() || State("").Valid() {
		t.Error("unknown states reported valid")
	}
}

// fakeTask is a Task with fixed params.
type fakeTask struct{ params string }

func (f fakeTask) Job() Job                                       { return Job{Params: json.RawMessage(f.params)} }
func (fakeTask) SetProgress(context.Context, Progress) error      { return nil }
func (fakeTask) Event(context.Context, string, string, any) error { return nil }

func TestNoop(t *testing.T) {
	before := time.Now()
	r, err := Noop(context.Background(), fakeTask{`{"sleep_ms":20}`})
	if err != nil {
		t.Fatal(err)
	}
	res := r.(NoopResult)
	if res.SleptMS != 20 || res.HandlerStartedAt.Before(before) || time.Since(before) < 20*time.Millisecond {
		t.Errorf("result %+v after %s", res, time.Since(before))
	}
	if _, err := Noop(context.Background(), fakeTask{`{"sleep_ms":-1}`}); err == nil {
		t.Error("negative sleep: want an error")
	}
	if _, err := Noop(context.Background(), fakeTask{`{"sleep_ms":"x"}`}); err == nil {
		t.Error("bad params: want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Noop(ctx, fakeTask{`{"sleep_ms":60000}`}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
