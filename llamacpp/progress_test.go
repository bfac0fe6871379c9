package llamacpp

import (
	"math"
	"testing"
	"time"
)

func TestProgressParserParse(t *testing.T) {
	tests := []struct {
		name string
		line string
		want Progress
		ok   bool
	}{
		{"ascii bar", "train: [=========>               ] data=0000032/0000064 loss=3.12345±0.01234 acc=12.34±0.56% t=00:00:01 ETA=00:01:02",
			Progress{Phase: "train", Epoch: 1, Done: 32, Total: 64, Loss: 3.12345, LossUnc: 0.01234, Accuracy: 0.1234, AccuracyUnc: 0.0056,
				Elapsed: time.Second, ETA: time.Minute + 2*time.Second}, true},
		{"block bar", "train: [████▌   ] data=0000001/0000002 loss=9.20000±0.10000 acc=0.00±0.00% t=01:00:00 ETA=00:00:00",
			Progress{Phase: "train", Epoch: 1, Done: 1, Total: 2, Loss: 9.2, LossUnc: 0.1, Elapsed: time.Hour}, true},
		{"validation", "val:   [████████] data=0000008/0000008 loss=4.50000±0.25000 acc=50.00±1.00% t=00:00:00 ETA=00:00:00",
			Progress{Phase: "val", Epoch: 1, Done: 8, Total: 8, Loss: 4.5, LossUnc: 0.25, Accuracy: 0.5, AccuracyUnc: 0.01}, true},
		{"log prefix", "0.01.234.567 I train: [>  ] data=0000004/0000016 loss=1.00000±2.00000 acc=3.00±4.00% t=00:00:05 ETA=00:00:15",
			Progress{Phase: "train", Epoch: 1, Done: 4, Total: 16, Loss: 1, LossUnc: 2, Accuracy: 0.03, AccuracyUnc: 0.04,
				Elapsed: 5 * time.Second, ETA: 15 * time.Second}, true},
		{"other log line", "llama_model_loader: loaded meta data with 20 key-value pairs", Progress{}, false},
		{"empty", "", Progress{}, false},
		{"truncated", "train: [==] data=0000004/0000016 loss=1.0", Progress{}, false},
		{"bad number", "train: [==] data=0000004/0000016 loss=x±y acc=3.00±4.00% t=00:00:05 ETA=00:00:15", Progress{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p ProgressParser
			got, ok := p.Parse(tt.line)
			if ok != tt.ok || !closeProgress(got, tt.want) {
				t.Errorf("Parse = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// closeProgress compares progress reports with a tolerance on the floats.
func closeProgress(a, b Progress) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	return a.Phase == b.Phase && a.Epoch == b.Epoch && a.Done == b.Done && a.Total == b.Total &&
		near(a.Loss, b.Loss) && near(a.LossUnc, b.LossUnc) && near(a.Accuracy, b.Accuracy) &&
		near(a.AccuracyUnc, b.AccuracyUnc) && a.Elapsed == b.Elapsed && a.ETA == b.ETA
}

func TestProgressParserNaN(t *testing.T) {
	var p ProgressParser
	got, ok := p.Parse("train: [>] data=0000001/0000004 loss=2.00000±nan acc=0.00±-nan% t=00:00:00 ETA=00:00:03")
	if !ok || got.Loss != 2 || !math.IsNaN(got.LossUnc) || !math.IsNaN(got.AccuracyUnc) {
		t.Errorf("Parse = %+v, %v; want loss 2 with NaN uncertainties", got, ok)
	}
}

func TestProgressParserCountsEpochs(t *testing.T) {
	line := func(phase, data string) string {
		return phase + ": [==] data=" + data + " loss=1.00000±0.10000 acc=1.00±0.10% t=00:00:00 ETA=00:00:00"
	}
	tests := []struct {
		name   string
		lines  []string
		epochs []int
	}{
		{"train and val", []string{
			line("train", "0000002/0000004"), line("train", "0000004/0000004"), line("val", "0000002/0000002"),
			line("train", "0000002/0000004"), line("train", "0000004/0000004"), line("val", "0000002/0000002"),
			line("train", "0000002/0000004"),
		}, []int{1, 1, 1, 2, 2, 2, 3}},
		{"train only: the counter goes back", []string{
			line("train", "0000002/0000004"), line("train", "0000004/0000004"),
			line("train", "0000002/0000004"), line("train", "0000004/0000004"),
		}, []int{1, 1, 2, 2}},
		{"one batch per epoch", []string{
			line("train", "0000004/0000004"), line("train", "0000004/0000004"), line("train", "0000004/0000004"),
		}, []int{1, 2, 3}},
		{"other lines between", []string{
			"llama_opt_epoch: starting", line("train", "0000002/0000004"), "", "some log", line("val", "0000002/0000002"),
		}, []int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p ProgressParser
			var got []int
			for _, l := range tt.lines {
				if pr, ok := p.Parse(l); ok {
					got = append(got, pr.Epoch)
				}
			}
			if len(got) != len(tt.epochs) {
				t.Fatalf("epochs = %v, want %v", got, tt.epochs)
			}
			for i := range got {
				if got[i] != tt.epochs[i] {
					t.Fatalf("epochs = %v, want %v", got, tt.epochs)
				}
			}
		})
	}
}

// finetuneOutput is llama-finetune 0.7.0's output (stderr) for 2 epochs of
// 2 training batches and 1 validation batch, from its optimizer settings on.
const finetuneOutput = "0.00.041.370 I -optimizer adamw -lr0 0.001 -wd 0 -lr-min -1 -min-epochs -1 -epochs 2 -period 1 -val 0.05\n" +
	"0.00.076.274 I epoch 0 lr=0.001\n" +
	"train: [███▉    ] data=0000001/0000002 loss=7.82263±nan acc=0.00±0.00% t=00:00:00 ETA=00:00:00 \r" +
	"0.00.116.863 I epoch 0 lr=0.001\n" +
	"train: [███████▉] data=0000002/0000002 loss=7.72708±0.09554 acc=3.52±0.81% t=00:00:00 ETA=00:00:00 \r\n" +
	"val:   [███████▉] data=0000001/0000001 loss=7.50236±nan acc=10.55±1.92% t=00:00:00 ETA=00:00:00 \r\n\n" +
	"0.00.144.424 I epoch 1 lr=0.001\n" +
	"train: [███▉    ] data=0000001/0000002 loss=7.48744±nan acc=10.55±1.92% t=00:00:00 ETA=00:00:00 \r" +
	"0.00.162.129 I epoch 1 lr=0.001\n" +
	"train: [███████▉] data=0000002/0000002 loss=7.42952±0.05792 acc=19.53±1.75% t=00:00:00 ETA=00:00:00 \r\n" +
	"val:   [███████▉] data=0000001/0000001 loss=7.27389±nan acc=32.81±2.94% t=00:00:00 ETA=00:00:00 \r\n\n"

func TestProgressParserRealOutput(t *testing.T) {
	type report struct {
		phase       string
		epoch, done int
		loss        float64
	}
	var parser ProgressParser
	var got []report
	lines := &lineSplitter{emit: func(l string) {
		if pr, ok := parser.Parse(l); ok {
			got = append(got, report{pr.Phase, pr.Epoch, pr.Done, pr.Loss})
		}
	}}
	if _, err := lines.Write([]byte(finetuneOutput)); err != nil {
		t.Fatal(err)
	}
	lines.Flush()
	want := []report{
		{"train", 1, 1, 7.82263}, {"train", 1, 2, 7.72708}, {"val", 1, 1, 7.50236},
		{"train", 2, 1, 7.48744}, {"train", 2, 2, 7.42952}, {"val", 2, 1, 7.27389},
	}
	if len(got) != len(want) {
		t.Fatalf("reports = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("report %d = %v, want %v", i, got[i], want[i])
		}
	}
}
