package llamacpp

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// runFinetune runs llama-finetune on the tiny model and returns the parsed
// progress reports, sending each to reports as well when it is not nil.
func runFinetune(t *testing.T, ctx context.Context, o FinetuneOptions, reports chan<- Progress) (*Process, func() []Progress) {
	t.Helper()
	bin := needProgram(t, "llama-finetune")
	var parser ProgressParser
	var got []Progress // written by OnLine's goroutine, read after Wait
	p, err := Start(ctx, Spec{Path: bin, Args: o.Args(), OnLine: func(line string) {
		if pr, ok := parser.Parse(line); ok {
			got = append(got, pr)
			if reports != nil {
				select {
				case reports <- pr:
				default:
				}
			}
		}
	}})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = p.Stop(0) })
	return p, func() []Progress { _ = p.Wait(); return got }
}

func TestRealFinetuneProgress(t *testing.T) {
	const epochs = 3
	out := filepath.Join(t.TempDir(), "trained.gguf")
	o := FinetuneOptions{
		Model: tinyModel(t), TrainFile: trainingText(t, 8<<10), Output: out,
		Epochs: epochs, LearningRate: 1e-3, Optimizer: "adamw", CtxSize: realCtx, Threads: 2,
	}
	p, reports := runFinetune(t, context.Background(), o, nil)
	if err := p.Wait(); err != nil {
		t.Fatalf("llama-finetune: %v", err)
	}
	got := reports()
	if len(got) == 0 {
		t.Fatalf("no progress parsed; last output:\n%q", p.Tail())
	}

	// The last training report of each epoch, where Done == Total.
	endLoss := map[int]float64{}
	phases := map[string]bool{}
	for _, pr := range got {
		phases[pr.Phase] = true
		if pr.Done > pr.Total || pr.Total == 0 || pr.Accuracy < 0 || pr.Accuracy > 1 || pr.Loss <= 0 {
			t.Errorf("implausible report %+v", pr)
		}
		if pr.Phase == "train" && pr.Done == pr.Total {
			endLoss[pr.Epoch] = pr.Loss
		}
	}
	if last := got[len(got)-1].Epoch; last != epochs {
		t.Errorf("last report in epoch %d, want %d", last, epochs)
	}
	for e := 1; e <= epochs; e++ {
		if _, ok := endLoss[e]; !ok {
			t.Errorf("epoch %d has no complete training report; epochs' end losses: %v", e, endLoss)
		}
	}
	if !phases["train"] || !phases["val"] {
		t.Errorf("phases = %v, want train and val", phases)
	}
	if endLoss[epochs] >= endLoss[1] {
		t.Errorf("loss did not fall: epoch 1 ended at %.4f, epoch %d at %.4f", endLoss[1], epochs, endLoss[epochs])
	}
	t.Logf("%d reports; end-of-epoch training loss: %v", len(got), endLoss)
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Errorf("no trained model written: %v", err)
	}
}

func TestRealFinetuneCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := FinetuneOptions{
		Model: tinyModel(t), TrainFile: trainingText(t, 8<<10), Output: filepath.Join(t.TempDir(), "never.gguf"),
		Epochs: 1000, LearningRate: 1e-3, CtxSize: realCtx, Threads: 2,
	}
	reports := make(chan Progress, 1)
	p, _ := runFinetune(t, ctx, o, reports)
	select {
	case pr := <-reports:
		t.Logf("training: %+v", pr)
	case <-p.Done():
		t.Fatalf("llama-finetune ended before training: %v", p.Wait())
	case <-time.After(15 * time.Second):
		t.Fatalf("no progress within 15s; last output:\n%q", p.Tail())
	}
	start := time.Now()
	cancel()
	select {
	case <-p.Done():
	case <-time.After(DefaultGrace + 3*time.Second):
		t.Fatal("llama-finetune still running after the context was cancelled")
	}
	t.Logf("stopped %v after the cancel", time.Since(start))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopping took %v, want prompt", d)
	}
	if ee := exitError(t, p.Wait()); !ee.Stopped {
		t.Errorf("ExitError = %v, want Stopped", ee)
	}
	assertGone(t, p.Pid())
}
