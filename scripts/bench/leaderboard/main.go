// Command leaderboard load-tests the leaderboard of `cecbench serve`:
// many teams upload a Climate-FEVER-sized submission at the same moment,
// and the server must score every one, answer no request with a 5xx, keep
// its memory bounded, and rank the teams as their files deserve.
//
// It builds a benchmark from the first -items claims of Climate-FEVER,
// each with a five-sentence teacher explanation (the claim and its
// evidences without the longest, as scripts/bench/genpairs), uploads it
// as the operator (POST /v1/datasets), creates -teams teams and a
// benchmark (daily quota 5), then has every team upload its file at once
// (POST /v1/benchmarks/{id}/submissions). Team k's file is the references
// with a fraction of their words replaced that grows with k (2% for the
// first team to 60% for the last; the same words and more, see perturb),
// so the expected ranking is the team order. It polls each submission
// every -poll until it is scored or failed, samples the server's RSS
// every second, and at the end reads the leaderboard and the scoring
// jobs (for each submission's scoring time) and prints a report: upload
// latency, time from the first upload to the last score, scoring time per
// submission, 5xx answers, failed submissions, peak RSS, and how far the
// leaderboard's order is from the expected one (inversions, Spearman).
// It exits with status 1 when any request got a 5xx or no answer, an
// upload was refused, a submission failed or was not scored in -timeout,
// or a team is missing from the leaderboard.
//
// With no -server it builds ./cmd/cecbench (or runs -cecbench) and starts
// `cecbench serve --workers 2` on a free loopback port with a new data
// dir and a random operator token (CECBENCH_ADMIN_TOKEN in its
// environment); with -server it uses that server, whose token it reads
// from CECBENCH_ADMIN_TOKEN (RSS only with -server-pid).
//
// From the repository root (a full run takes 5 to 10 minutes on 2 cores):
//
//	go run ./scripts/bench/leaderboard -teams 20 -items 1535 -json /tmp/lb.json
//	go run ./scripts/bench/leaderboard -teams 3 -items 60     # a quick check
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/cecbench/cecbench/cputime"
	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/leaderboard"
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/training/catalog"
)

// The fractions of words the first and the last team replace.
const (
	minFraction = 0.02
	maxFraction = 0.60
)

// errChecks is run's error when the run finished but a check failed; the
// report says which.
var errChecks = errors.New("checks failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "leaderboard load test:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	serverURL       string
	serverPID       int
	bin             string
	modelsDir       string
	climateFever    string
	teams, items    int
	privateFraction float64
	workers         int
	scoringDeadline time.Duration
	poll            time.Duration
	timeout         time.Duration
	waitReady       time.Duration
	serverLog       string
	jsonOut         string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("leaderboard", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.serverURL, "server", "", "the server's base URL (its operator token in env CECBENCH_ADMIN_TOKEN); empty: start `cecbench serve` on a free port")
	fs.IntVar(&o.serverPID, "server-pid", 0, "with -server: its process id, to sample its RSS and CPU time")
	fs.StringVar(&o.bin, "cecbench", "", "the cecbench binary to start (empty: go build ./cmd/cecbench into a temporary dir)")
	fs.StringVar(&o.modelsDir, "models-dir", "./models", "the encoder weights, for the started server's --models-dir (make models)")
	fs.StringVar(&o.climateFever, "climate-fever", "../shared/data/climate-fever/climate-fever.jsonl", "Climate-FEVER's climate-fever.jsonl")
	fs.IntVar(&o.teams, "teams", 20, "teams, each uploading one submission, all at once")
	fs.IntVar(&o.items, "items", 1535, "benchmark items: the first claims of Climate-FEVER (1,535: all)")
	fs.Float64Var(&o.privateFraction, "private-fraction", 0.5, "the benchmark's private fraction")
	fs.IntVar(&o.workers, "workers", 2, "the started server's --workers (scoring jobs at once)")
	fs.DurationVar(&o.scoringDeadline, "scoring-deadline", 0, "the started server's --scoring-deadline (0: its default, 30m)")
	fs.DurationVar(&o.poll, "poll", time.Second, "poll each submission this often")
	fs.DurationVar(&o.timeout, "timeout", 45*time.Minute, "give up when the submissions are not all finished this long after the uploads")
	fs.DurationVar(&o.waitReady, "wait-ready", 3*time.Minute, "how long the server may take to answer /readyz 200")
	fs.StringVar(&o.serverLog, "server-log", "", "append the started server's JSON log to this file (default: discard)")
	fs.StringVar(&o.jsonOut, "json", "", "also write the report as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.teams < 1 || o.teams > 1000:
		return o, errors.New("-teams must be 1 to 1000")
	case o.items < 1:
		return o, errors.New("-items must be at least 1")
	case o.privateFraction < 0 || o.privateFraction >= 1:
		return o, errors.New("-private-fraction must be in [0, 1)")
	case o.workers < 1:
		return o, errors.New("-workers must be at least 1")
	case o.scoringDeadline < 0:
		return o, errors.New("-scoring-deadline must not be negative")
	case o.poll <= 0:
		return o, errors.New("-poll must be positive")
	}
	return o, nil
}

// team is one team of the run and its submission as it goes.
type team struct {
	index    int
	name     string
	key      string
	fraction float64
	file     []byte

	upload     response
	uploadErr  error
	uploadTime time.Duration
	sub        leaderboard.Submission
	done       bool
	doneAt     time.Duration // since the uploads began, as polled
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	items, err := readItems(o.climateFever, o.items)
	if err != nil {
		return err
	}
	dataset, err := datasetBody(items)
	if err != nil {
		return err
	}

	base, pid, token := o.serverURL, o.serverPID, getenv("CECBENCH_ADMIN_TOKEN")
	rep := Report{Teams: o.teams, Items: o.items, Server: base}
	if base == "" {
		tmp, err := os.MkdirTemp("", "cecbench-lb-load")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		bin := o.bin
		if bin == "" {
			goCmd := getenv("GO")
			if goCmd == "" {
				goCmd = "go"
			}
			if bin, err = buildCecbench(ctx, goCmd, tmp, stderr); err != nil {
				return err
			}
		}
		if token == "" {
			token = randomToken()
		}
		s, err := startServer(ctx, serverOptions{bin: bin, modelsDir: o.modelsDir, dataDir: filepath.Join(tmp, "data"),
			workers: o.workers, scoringDeadline: o.scoringDeadline, adminToken: token, log: o.serverLog})
		if err != nil {
			return err
		}
		defer s.Stop(stopGrace)
		base, pid = s.URL, s.PID()
		rep.Server, rep.Started, rep.Workers = base, true, o.workers
	} else if token == "" {
		return errors.New("-server needs the server's operator token in CECBENCH_ADMIN_TOKEN")
	}
	fmt.Fprintf(stdout, "server:  %s\n", rep.serverLine(pid))
	c := newAPI(base, 5*time.Minute)
	if err := waitReady(ctx, c.c, c.base, o.waitReady); err != nil {
		return err
	}

	mem := startSampler(pid, time.Second)
	defer mem.stop()
	teams, bench, err := setUp(ctx, c, token, o, items, dataset, stdout)
	if err != nil {
		return err
	}
	rep.PublicItems, rep.PrivateItems = bench.PublicItems, bench.PrivateItems
	rep.BaselineRSS = mem.current()
	cpu0, cpuErr := cpuTime(pid)

	fmt.Fprintf(stdout, "upload:  %d teams at once, %s each\n", len(teams), mib(int64(len(teams[0].file))))
	start := time.Now()
	uploadAll(ctx, c, bench.ID, teams)
	if err := poll(ctx, c, bench.ID, teams, start, o, stdout); err != nil {
		return err
	}
	rep.WallS = time.Since(start).Seconds()
	if cpu1, err := cpuTime(pid); cpuErr == nil && err == nil {
		rep.ServerCPUS = (cpu1 - cpu0).Seconds()
	}

	var board leaderboard.Board
	boardErr := c.call(ctx, http.MethodGet, "/v1/benchmarks/"+bench.ID+"/leaderboard", "", nil, http.StatusOK, &board)
	var list routes.JobList
	jobsErr := c.call(ctx, http.MethodGet, "/v1/jobs?type="+leaderboard.ScoreJobType+"&limit=1000", token, nil, http.StatusOK, &list)
	mem.stop()
	rep.Memory = mem.result()
	rep.fill(teams, list.Jobs, jobsErr, board, boardErr)
	rep.Requests, rep.ServerErrors, rep.TransportErrors = c.requests.Load(), c.serverErrors.Load(), c.transportErrors.Load()
	rep.Problems = append(rep.Problems, c.Examples()...)
	rep.check()
	rep.print(stdout)
	if o.jsonOut != "" {
		if err := writeJSON(o.jsonOut, rep); err != nil {
			return err
		}
	}
	if !rep.Pass {
		return errChecks
	}
	return nil
}

// setUp uploads the dataset and creates the teams and the benchmark, as
// the operator, and makes each team's file.
func setUp(ctx context.Context, c *api, token string, o options, items []item, dataset []byte, stdout io.Writer) ([]*team, leaderboard.Benchmark, error) {
	var bench leaderboard.Benchmark
	resp, err := c.do(ctx, http.MethodPost, "/v1/datasets?name=climate-fever-load", token, "application/x-ndjson", dataset, nil)
	if err != nil {
		return nil, bench, err
	}
	var ds catalog.Dataset
	if err := resp.decode("upload the dataset", http.StatusCreated, &ds); err != nil {
		return nil, bench, err
	}
	if ds.Items != len(items) || ds.Explained != len(items) {
		return nil, bench, fmt.Errorf("dataset %s: %d items, %d explained, want %d of each", ds.ID, ds.Items, ds.Explained, len(items))
	}
	teams := make([]*team, o.teams)
	for k := range teams {
		t := &team{index: k, name: fmt.Sprintf("team-%02d", k+1), fraction: teamFraction(k, o.teams, minFraction, maxFraction)}
		var nt leaderboard.NewTeam
		if err := c.call(ctx, http.MethodPost, "/v1/admin/teams", token, map[string]string{"name": t.name}, http.StatusCreated, &nt); err != nil {
			return nil, bench, err
		}
		t.key = nt.APIKey
		teams[k] = t
	}
	req := map[string]any{
		"name": fmt.Sprintf("Climate-FEVER load test (%d items)", len(items)), "description": "Explain each claim from its evidence.",
		"dataset_id": ds.ID, "split": "test", "private_fraction": o.privateFraction, "daily_quota": 5, "total_quota": 0,
	}
	if err := c.call(ctx, http.MethodPost, "/v1/admin/benchmarks", token, req, http.StatusCreated, &bench); err != nil {
		return nil, bench, err
	}
	var listed routes.BenchmarkItems
	if err := c.call(ctx, http.MethodGet, "/v1/benchmarks/"+bench.ID+"/items", "", nil, http.StatusOK, &listed); err != nil {
		return nil, bench, err
	}
	if err := sameIDs(items, listed.Items); err != nil {
		return nil, bench, fmt.Errorf("benchmark %s: %w", bench.ID, err)
	}
	for _, t := range teams {
		if t.file, err = submissionBody(items, t.fraction); err != nil {
			return nil, bench, err
		}
	}
	fmt.Fprintf(stdout, "setup:   dataset %s (%d items, %s), %d teams, benchmark %s (%d public, %d private items)\n",
		ds.ID, ds.Items, mib(int64(len(dataset))), len(teams), bench.ID, bench.PublicItems, bench.PrivateItems)
	return teams, bench, nil
}

// sameIDs checks that the benchmark lists exactly the items uploaded.
func sameIDs(items []item, listed []leaderboard.Item) error {
	if len(listed) != len(items) {
		return fmt.Errorf("%d items listed, %d uploaded", len(listed), len(items))
	}
	want := make(map[string]bool, len(items))
	for _, it := range items {
		want[it.ID] = true
	}
	for _, it := range listed {
		if !want[it.ID] {
			return fmt.Errorf("item %q listed but not uploaded", it.ID)
		}
	}
	return nil
}

// uploadAll has every team upload its file at the same moment and waits
// for the answers.
func uploadAll(ctx context.Context, c *api, benchmarkID string, teams []*team) {
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for _, t := range teams {
		wg.Go(func() {
			<-gate
			t0 := time.Now()
			t.upload, t.uploadErr = c.do(ctx, http.MethodPost, "/v1/benchmarks/"+benchmarkID+"/submissions", t.key,
				"application/x-ndjson", t.file, map[string]string{"X-Model": t.name + "-student", "X-Description": fmt.Sprintf("references with %.0f%% of the words replaced", 100*t.fraction)})
			t.uploadTime = time.Since(t0)
			if t.uploadErr == nil && t.upload.status == http.StatusAccepted {
				t.uploadErr = t.upload.decode("upload", http.StatusAccepted, &t.sub)
			}
		})
	}
	close(gate)
	wg.Wait()
}

// poll reads every accepted submission each interval until all are
// scored or failed, printing a line of progress every 30 s.
func poll(ctx context.Context, c *api, benchmarkID string, teams []*team, start time.Time, o options, stdout io.Writer) error {
	deadline := start.Add(o.timeout)
	lastLine := time.Now()
	tick := time.NewTicker(o.poll)
	defer tick.Stop()
	for {
		pending := 0
		for _, t := range teams {
			if t.done || t.sub.ID == "" {
				continue
			}
			resp, err := c.do(ctx, http.MethodGet, "/v1/benchmarks/"+benchmarkID+"/submissions/"+t.sub.ID, t.key, "", nil, nil)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err == nil && resp.status < 500 {
				if err := resp.decode("poll "+t.name, http.StatusOK, &t.sub); err != nil {
					return err
				}
			}
			if t.sub.State == leaderboard.StateScored || t.sub.State == leaderboard.StateFailed {
				t.done, t.doneAt = true, time.Since(start)
				continue
			}
			pending++
		}
		if pending == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(stdout, "timeout: %d submissions not finished %s after the uploads\n", pending, o.timeout)
			return nil // the report counts them as not scored
		}
		if time.Since(lastLine) >= 30*time.Second {
			lastLine = time.Now()
			fmt.Fprintf(stdout, "  %5.0f s: %s\n", time.Since(start).Seconds(), progressLine(teams))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// progressLine counts the submissions in each state, and the items done
// of those being scored.
func progressLine(teams []*team) string {
	counts := map[string]int{}
	done, total := 0, 0
	for _, t := range teams {
		counts[t.sub.State]++
		if t.sub.State == leaderboard.StateScoring && t.sub.Progress != nil {
			done, total = done+t.sub.Progress.Done, total+t.sub.Progress.Total
		}
	}
	s := fmt.Sprintf("%d scored, %d failed, %d scoring", counts[leaderboard.StateScored], counts[leaderboard.StateFailed], counts[leaderboard.StateScoring])
	if total > 0 {
		s += fmt.Sprintf(" (%d/%d items)", done, total)
	}
	return s + fmt.Sprintf(", %d queued", counts[leaderboard.StateQueued])
}

// randomToken is a new operator token.
func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// cpuTime is the server's CPU time, or an error when its pid is unknown.
func cpuTime(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, errors.New("no server pid")
	}
	return cputime.Process(pid)
}

// scoringJobs maps each submission id to its scoring job.
func scoringJobs(list []jobs.Job) map[string]jobs.Job {
	out := map[string]jobs.Job{}
	for _, j := range list {
		var p leaderboard.ScoreParams
		if j.Type != leaderboard.ScoreJobType || j.Params == nil {
			continue
		}
		if err := json.Unmarshal(j.Params, &p); err == nil && p.SubmissionID != "" {
			out[p.SubmissionID] = j
		}
	}
	return out
}
