package teacher_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cecbench/cecbench/openaichat"
	"github.com/cecbench/cecbench/openaichat/standin"
	"github.com/cecbench/cecbench/training/dataset"
	"github.com/cecbench/cecbench/training/teacher"
)

// TestGenerateWithStandinTeacher runs Generate through the real client
// against the in-process STAND-IN for a paid teacher API, with transient
// faults, a permanent failure midway and a resumed run: every item ends up
// requested successfully exactly once.
func TestGenerateWithStandinTeacher(t *testing.T) {
	items := make([]dataset.Item, 8)
	for i := range items {
		n := strconv.Itoa(i + 1)
		items[i] = dataset.Item{ID: "c" + n, Claim: "Claim " + n + " about warming.", Label: "SUPPORTS",
			Evidence: []dataset.Evidence{{Text: "Evidence " + n + " shows warming.", Label: "SUPPORTS"}}}
	}
	tmpl, err := dataset.LookupTemplate(dataset.DefaultTemplate)
	if err != nil {
		t.Fatal(err)
	}
	userOf := func(it dataset.Item) string {
		msgs := tmpl.Messages(it)
		return msgs[len(msgs)-1].Content
	}
	broken := userOf(items[5])
	var healed atomic.Bool
	api := standin.New(standin.Options{Fault: func(n int, req standin.ChatRequest) standin.Fault {
		switch {
		case req.UserMessage() == broken && !healed.Load():
			return standin.Fault{Kind: standin.BadRequest}
		case n == 2:
			return standin.Fault{Kind: standin.ServerError}
		case n == 3:
			return standin.Fault{Kind: standin.Malformed}
		}
		return standin.Fault{}
	}})
	defer api.Close()
	chat := openaichat.New(openaichat.Options{BaseURL: api.URL(), BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})
	store := &mapStore{}
	cfg := teacher.Config{BaseURL: api.URL(), Model: "teacher-standin", Concurrency: 1}

	_, st, err := teacher.Generate(context.Background(), items, cfg, chat, store, nil)
	var se *openaichat.StatusError
	if !errors.As(err, &se) || se.Status != 400 || !strings.Contains(err.Error(), `item "c6"`) {
		t.Fatalf("err = %v, want a 400 for item c6", err)
	}
	if st.Generated != 5 {
		t.Errorf("first run stats %+v, want the 5 items before c6", st)
	}

	healed.Store(true)
	out, st, err := teacher.Generate(context.Background(), items, cfg, chat, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Generated != 3 || st.Reused != 5 || st.Usage.TotalTokens == 0 {
		t.Errorf("resumed run stats %+v, want 3 generated, 5 reused, tokens counted", st)
	}
	for i, it := range items {
		want := 1
		switch i {
		case 1:
			want = 3 // requests 2 (500) and 3 (malformed) were retried
		case 5:
			want = 2 // the 400, then the resumed run
		}
		if got := api.RequestsFor(userOf(it)); got != want {
			t.Errorf("item %s requested %d times, want %d", it.ID, got, want)
		}
		if out[i].Explanation != standin.Explain(userOf(it)) {
			t.Errorf("item %s explanation %q", it.ID, out[i].Explanation)
		}
	}
}
