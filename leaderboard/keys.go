package leaderboard

import (
	"strconv"
	"strings"
	"time"
)

// The kv namespaces the package keeps its data in; every key is built by
// the functions of this file.
const (
	nsTeams          = "lb-teams"           // team id -> teamRecord
	nsTeamKeys       = "lb-team-keys"       // sha256(api key) hex -> team id
	nsBenchmarks     = "lb-benchmarks"      // benchmark id -> benchmarkRecord
	nsBenchmarkItems = "lb-benchmark-items" // benchmark id -> itemSet
	nsSubmissions    = "lb-submissions"     // submissionKey -> submissionRecord
	nsSubmissionByID = "lb-submission-ids"  // submission id -> benchmark id
	nsSubmissionJobs = "lb-submission-jobs" // submission id -> scoring job id
	nsFiles          = "lb-files"           // submission id -> the uploaded JSONL, as uploaded
	nsItemScores     = "lb-item-scores"     // submission id -> itemScores (never served)
	nsQuota          = "lb-quota"           // quota slot -> submission id
	nsIdempotency    = "lb-idempotency"     // idempotencyKey -> idempotencyRecord
)

// submissionKey orders a benchmark's submissions together, oldest first
// (the id starts with its creation time).
func submissionKey(benchmarkID, submissionID string) string {
	return benchmarkID + "/" + submissionID
}

// submissionPrefix is what every submission key of a benchmark starts with.
func submissionPrefix(benchmarkID string) string { return benchmarkID + "/" }

// dailySlotKey is the n-th submission slot of a team on a benchmark on
// the UTC day of t.
func dailySlotKey(benchmarkID, teamID string, t time.Time, n int) string {
	return benchmarkID + "/" + teamID + "/day/" + t.UTC().Format(time.DateOnly) + "/" + strconv.Itoa(n)
}

// totalSlotKey is the n-th submission slot of a team on a benchmark.
func totalSlotKey(benchmarkID, teamID string, n int) string {
	return benchmarkID + "/" + teamID + "/total/" + strconv.Itoa(n)
}

// idempotencyKey scopes a client's Idempotency-Key to its team and
// benchmark.
func idempotencyKey(benchmarkID, teamID, key string) string {
	return strings.Join([]string{benchmarkID, teamID, key}, "/")
}
