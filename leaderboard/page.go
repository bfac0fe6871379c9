package leaderboard

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/cecbench/cecbench/scoring/stats"
)

// Page is what the HTML leaderboard shows.
type Page struct {
	Benchmark Benchmark
	// Public is ranked on the public items.
	Public []Row
	// Private is ranked on the private items; nil until the benchmark
	// closes.
	Private []Row
	// Metrics are the columns, ranking metric first (e.g. cec, bleu,
	// rouge1, rouge2, rougeL, meteor, bertscore_f1); when empty, the
	// benchmark's RankedBy followed by the rest of its Metrics.
	Metrics []string
	// GeneratedAt is shown in the footer; zero leaves it out.
	GeneratedAt time.Time
}

//go:embed page.html
var pageHTML string

// pageTemplate is page.html, parsed once; TestRenderPage renders it.
var pageTemplate = template.Must(template.New("page.html").Parse(pageHTML))

// RenderPage writes the page as a complete HTML5 document with its CSS
// inline (no scripts, fonts or other outside resources); html/template
// escapes everything the teams and the operator wrote. Nothing is written
// when the template fails.
func RenderPage(w io.Writer, p Page) error {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, newPageView(p)); err != nil {
		return fmt.Errorf("render leaderboard page of benchmark %s: %w", p.Benchmark.ID, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// minuteLayout is RFC 3339 cut to minutes, for times shown in UTC.
const minuteLayout = "2006-01-02T15:04Z07:00"

// metricNames are the metrics' names as the page shows them.
var metricNames = map[string]string{
	"cec":          "CEC",
	"bleu":         "BLEU",
	"rouge1":       "ROUGE-1",
	"rouge2":       "ROUGE-2",
	"rougeL":       "ROUGE-L",
	"rougeLsum":    "ROUGE-Lsum",
	"meteor":       "METEOR",
	"bertscore_f1": "BERTScore F1",
}

// MetricName returns how the page names metric: "ROUGE-L" for rougeL;
// unknown metrics as given.
func MetricName(metric string) string {
	if name, ok := metricNames[metric]; ok {
		return name
	}
	return metric
}

// pageView is the page with every value formatted, for page.html.
type pageView struct {
	ID          string
	Title       string
	Description string
	Items       int
	Public      int
	Private     int
	// ClosesAt is empty when the benchmark has no closing time.
	ClosesAt stamp
	Closed   bool
	Rules    []string
	// Signatures are in column order, then by metric.
	Signatures []signatureView
	RankedBy   string
	// Resamples and TieAlpha are shown in the legend.
	Resamples    string
	TieAlpha     string
	PublicTable  tableView
	PrivateTable *tableView
	GeneratedAt  stamp
}

// stamp is a time as shown (UTC, to the minute) and as machine-readable
// RFC 3339.
type stamp struct{ Text, ISO string }

type signatureView struct{ Metric, Signature string }

type columnView struct {
	Name   string
	Ranked bool
}

type tableView struct {
	ID      string
	Columns []columnView
	// Span is the number of columns, for the empty table's one cell.
	Span int
	Rows []rowView
}

type rowView struct {
	Rank        int
	Team        string
	Model       string
	Cells       []cellView
	P           string
	PTitle      string
	Leader, Tie bool
	Submissions int
	Submitted   stamp
}

type cellView struct {
	// Mean is empty when the row has no score for the metric.
	Mean, CI string
}

func newPageView(p Page) pageView {
	b := p.Benchmark
	metrics := p.Metrics
	if len(metrics) == 0 {
		metrics = defaultColumns(b)
	}
	v := pageView{
		ID:          b.ID,
		Title:       b.Name,
		Description: b.Description,
		Items:       b.Items,
		Public:      b.PublicItems,
		Private:     b.PrivateItems,
		Closed:      b.Closed,
		Rules:       b.Rules,
		Resamples:   groupThousands(stats.DefaultResamples),
		TieAlpha:    strconv.FormatFloat(TieAlpha, 'f', -1, 64),
		GeneratedAt: newStamp(p.GeneratedAt),
	}
	if v.Title == "" {
		v.Title = b.ID
	}
	if b.ClosesAt != nil {
		v.ClosesAt = newStamp(*b.ClosesAt)
	}
	if len(metrics) > 0 {
		v.RankedBy = MetricName(metrics[0])
	}
	v.Signatures = signatures(b.Signatures, metrics)
	v.PublicTable = newTable("public-leaderboard", p.Public, metrics)
	if p.Private != nil {
		t := newTable("private-leaderboard", p.Private, metrics)
		v.PrivateTable = &t
	}
	return v
}

// defaultColumns is the benchmark's ranking metric followed by its other
// metrics.
func defaultColumns(b Benchmark) []string {
	var cols []string
	if b.RankedBy != "" {
		cols = append(cols, b.RankedBy)
	}
	for _, m := range b.Metrics {
		if m != b.RankedBy {
			cols = append(cols, m)
		}
	}
	return cols
}

// signatures lists the metric signatures, the columns' first.
func signatures(sigs map[string]string, columns []string) []signatureView {
	var out []signatureView
	for _, m := range columns {
		if s, ok := sigs[m]; ok {
			out = append(out, signatureView{MetricName(m), s})
		}
	}
	var rest []string
	for m := range sigs {
		if !slices.Contains(columns, m) {
			rest = append(rest, m)
		}
	}
	slices.Sort(rest)
	for _, m := range rest {
		out = append(out, signatureView{MetricName(m), sigs[m]})
	}
	return out
}

// newTable formats rows: the columns rank, team, model, each metric,
// p-value, status, submissions, submitted.
func newTable(id string, rows []Row, metrics []string) tableView {
	t := tableView{ID: id, Span: len(metrics) + 7}
	for i, m := range metrics {
		t.Columns = append(t.Columns, columnView{Name: MetricName(m), Ranked: i == 0})
	}
	for i, r := range rows {
		rv := rowView{
			Rank:        r.Rank,
			Team:        r.TeamName,
			Model:       r.Model,
			Leader:      i == 0,
			Tie:         i > 0 && r.TiedWithLeader,
			Submissions: r.Submissions,
			Submitted:   newStamp(r.SubmittedAt),
			P:           "—",
		}
		switch {
		case i == 0:
			rv.PTitle = "the leader"
		case r.PWilcoxon != nil:
			rv.P = formatP(*r.PWilcoxon)
		default:
			rv.PTitle = "every per-item difference from the leader is zero"
		}
		for _, m := range metrics {
			e, ok := r.Scores[m]
			if !ok {
				rv.Cells = append(rv.Cells, cellView{})
				continue
			}
			rv.Cells = append(rv.Cells, cellView{
				Mean: fmt.Sprintf("%.4f", e.Mean),
				CI:   fmt.Sprintf("[%.4f, %.4f]", e.Low, e.High),
			})
		}
		t.Rows = append(t.Rows, rv)
	}
	return t
}

func newStamp(t time.Time) stamp {
	if t.IsZero() {
		return stamp{}
	}
	return stamp{Text: t.UTC().Format(minuteLayout), ISO: t.UTC().Format(time.RFC3339)}
}

// formatP writes a p-value with 3 significant digits: 0.0123, 0.500,
// 1.00; below 0.0001 in exponent form (1.23e-05).
func formatP(p float64) string {
	switch {
	case math.IsNaN(p) || math.IsInf(p, 0):
		return "—"
	case p == 0:
		return "0"
	case p < 1e-4:
		return fmt.Sprintf("%.2e", p)
	}
	// Round first, so that 0.09996 becomes 0.100, not 0.1000.
	mag := int(math.Floor(math.Log10(p)))
	scale := math.Pow(10, float64(2-mag))
	r := math.Round(p*scale) / scale
	mag = int(math.Floor(math.Log10(r)))
	return fmt.Sprintf("%.*f", max(2-mag, 0), r)
}

// groupThousands writes n with commas between groups of three digits:
// 1,000.
func groupThousands(n int) string {
	if n < 0 {
		return "-" + groupThousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
