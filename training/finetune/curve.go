package finetune

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/llamacpp"
)

// curveNamespace is the kv namespace of the loss curves, by job id.
const curveNamespace = "finetune-metrics"

// ErrNoMetrics: the job has recorded no training metrics (yet).
var ErrNoMetrics = errors.New("no training metrics for this job")

// Point is one progress report of the trainer. Loss and accuracy are the
// trainer's running means over the epoch so far, with their uncertainty.
type Point struct {
	Epoch    int     `json:"epoch"`
	Phase    string  `json:"phase" enums:"train,val"`
	Done     int     `json:"done"`
	Total    int     `json:"total"`
	Loss     float64 `json:"loss"`
	Accuracy float64 `json:"accuracy"`
	// LossUnc and AccuracyUnc are absent where the trainer cannot tell
	// yet (it prints ±nan after one batch).
	LossUnc     *float64 `json:"loss_unc,omitempty"`
	AccuracyUnc *float64 `json:"accuracy_unc,omitempty"`
	ElapsedS    float64  `json:"elapsed_s"`
	ETAS        float64  `json:"eta_s"`
}

// EpochSummary is an epoch's last report of each phase: its mean loss
// and accuracy.
type EpochSummary struct {
	Epoch         int      `json:"epoch"`
	TrainLoss     float64  `json:"train_loss"`
	TrainAccuracy float64  `json:"train_accuracy"`
	ValLoss       *float64 `json:"val_loss,omitempty"`
	ValAccuracy   *float64 `json:"val_accuracy,omitempty"`
}

// Metrics is a job's loss curve: every progress report, and the epochs.
type Metrics struct {
	JobID  string         `json:"job_id"`
	Points []Point        `json:"points"`
	Epochs []EpochSummary `json:"epochs"`
}

// pointOf converts a parsed progress report.
func pointOf(p llamacpp.Progress) Point {
	return Point{Epoch: p.Epoch, Phase: p.Phase, Done: p.Done, Total: p.Total, Loss: p.Loss, LossUnc: finite(p.LossUnc),
		Accuracy: p.Accuracy, AccuracyUnc: finite(p.AccuracyUnc), ElapsedS: p.Elapsed.Seconds(), ETAS: p.ETA.Seconds()}
}

// finite returns &x, or nil for NaN and infinities (which JSON cannot
// carry).
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// add appends a point and updates its epoch's summary.
func (m *Metrics) add(pt Point) {
	m.Points = append(m.Points, pt)
	if n := len(m.Epochs); n == 0 || m.Epochs[n-1].Epoch != pt.Epoch {
		m.Epochs = append(m.Epochs, EpochSummary{Epoch: pt.Epoch})
	}
	e := &m.Epochs[len(m.Epochs)-1]
	if pt.Phase == "val" {
		loss, acc := pt.Loss, pt.Accuracy
		e.ValLoss, e.ValAccuracy = &loss, &acc
		return
	}
	e.TrainLoss, e.TrainAccuracy = pt.Loss, pt.Accuracy
}

// saveMetrics stores m (the whole curve, replacing what was stored).
func saveMetrics(ctx context.Context, s kv.Store, m Metrics) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.Put(ctx, curveNamespace, m.JobID, b)
}

// LoadMetrics returns a job's stored loss curve; ErrNoMetrics when there
// is none.
func LoadMetrics(ctx context.Context, s kv.Store, jobID string) (Metrics, error) {
	b, err := s.Get(ctx, curveNamespace, jobID)
	if errors.Is(err, kv.ErrNotFound) {
		return Metrics{}, fmt.Errorf("%w: %s", ErrNoMetrics, jobID)
	}
	if err != nil {
		return Metrics{}, err
	}
	var m Metrics
	if err := json.Unmarshal(b, &m); err != nil {
		return Metrics{}, fmt.Errorf("job %s: stored training metrics: %w", jobID, err)
	}
	return m, nil
}
