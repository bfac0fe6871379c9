package llamacpp

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Progress is one parsed progress report of llama-finetune: ggml's
// ggml_opt_epoch_callback_progress_bar, which redraws a line like
//
//	train: [▉▉▉▉      ] data=0000032/0000064 loss=3.12345±0.01234 acc=12.34±0.56% t=00:00:01 ETA=00:00:01
//
// with '\r' after each batch (the bar is '=' and '>' in older versions).
type Progress struct {
	Phase       string        // "train" or "val"
	Epoch       int           // 1-based, counted by the ProgressParser
	Done, Total int           // data position as printed: data=Done/Total
	Loss        float64       // mean loss so far in this phase of the epoch
	LossUnc     float64       // its uncertainty
	Accuracy    float64       // fraction 0..1 of next tokens predicted right
	AccuracyUnc float64       // its uncertainty, as a fraction
	Elapsed     time.Duration // t=: time since the phase of the epoch began
	ETA         time.Duration // ETA=: time left in the phase
}

// progressLine matches one progress report; the bar is skipped.
var progressLine = regexp.MustCompile(`\b(train|val):\s*\[[^\]]*\]\s*` +
	`data=(\d+)/(\d+)\s+` +
	`loss=(\S+?)±(\S+)\s+` +
	`acc=(\S+?)±(\S+?)%\s+` +
	`t=(\d+:\d+:\d+)\s+ETA=(-?\d+:\d+:\d+)`)

// ProgressParser parses llama-finetune's output line by line and counts
// epochs: an epoch begins with the first training report, and a new one
// whenever a training report follows a validation report or the training
// data counter does not advance. Its zero value is ready; it is not safe for
// concurrent use.
type ProgressParser struct {
	epoch     int
	lastPhase string
	lastDone  int // Done of the last training report
}

// Parse returns the progress report in line, if it is one.
func (p *ProgressParser) Parse(line string) (Progress, bool) {
	m := progressLine.FindStringSubmatch(line)
	if m == nil {
		return Progress{}, false
	}
	var (
		pr  = Progress{Phase: m[1]}
		err error
		ok  = true
	)
	parseInt := func(s string) int {
		n, e := strconv.Atoi(s)
		ok = ok && e == nil
		return n
	}
	parseFloat := func(s string) float64 {
		f, e := parseReal(s)
		ok = ok && e == nil
		return f
	}
	pr.Done, pr.Total = parseInt(m[2]), parseInt(m[3])
	pr.Loss, pr.LossUnc = parseFloat(m[4]), parseFloat(m[5])
	pr.Accuracy, pr.AccuracyUnc = parseFloat(m[6])/100, parseFloat(m[7])/100
	if pr.Elapsed, err = parseClock(m[8]); err != nil {
		return Progress{}, false
	}
	if pr.ETA, err = parseClock(m[9]); err != nil {
		return Progress{}, false
	}
	if !ok {
		return Progress{}, false
	}
	p.count(&pr)
	return pr, true
}

// count advances the epoch counter and stamps pr with the epoch.
func (p *ProgressParser) count(pr *Progress) {
	if pr.Phase == "train" {
		if p.epoch == 0 || p.lastPhase == "val" || pr.Done <= p.lastDone {
			p.epoch++
		}
		p.lastDone = pr.Done
	} else if p.epoch == 0 {
		p.epoch = 1
	}
	p.lastPhase = pr.Phase
	pr.Epoch = p.epoch
}

// parseReal parses a number as C's printf writes it, "nan", "-nan" and
// "inf" included.
func parseReal(s string) (float64, error) {
	if strings.EqualFold(strings.TrimLeft(s, "+-"), "nan") {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// parseClock parses HH:MM:SS (a leading '-' negates it).
func parseClock(s string) (time.Duration, error) {
	neg := strings.HasPrefix(s, "-")
	parts := strings.Split(strings.TrimPrefix(s, "-"), ":")
	var d time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return 0, err
		}
		d += time.Duration(n) * unit
	}
	if neg {
		d = -d
	}
	return d, nil
}
