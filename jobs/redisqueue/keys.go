package redisqueue

import (
	"strconv"

	"github.com/cecbench/cecbench/jobs"
)

// Every Redis key of the queue is built here; all start with
// Options.Prefix (P below). asynq keeps its own keys under "asynq:{QUEUE}:".
//
//	P job:ID          hash: one job (fields in record.go)
//	P job:ID:events   list: the job's events as JSON; Seq is index+1
//	P jobs            sorted set: every job id, scored by creation (ms)
//	P jobs:STATE      sorted set: the ids of the jobs in STATE, same score
//	P worker:WID      string with a TTL of Options.Lease: a live Run
//
// Redis Cluster: the scripts touch several of these keys at once, so put a
// hash tag in the prefix (for example "{cecbench}:") to keep them on one
// slot.

// jobKey is the hash of job id.
func (q *Queue) jobKey(id string) string { return q.prefix + "job:" + id }

// eventsKey is the event list of job id.
func (q *Queue) eventsKey(id string) string { return q.prefix + "job:" + id + ":events" }

// indexKey is the sorted set of all jobs by creation time.
func (q *Queue) indexKey() string { return q.prefix + "jobs" }

// stateKey is the sorted set of the jobs in state s by creation time.
func (q *Queue) stateKey(s jobs.State) string { return q.prefix + "jobs:" + string(s) }

// workerKey is the heartbeat of the Run with id wid.
func (q *Queue) workerKey(wid string) string { return q.prefix + "worker:" + wid }

// taskID is the asynq task id that wakes a worker for job id after it
// has been started attempts times: the job id itself for a new job (so
// asynq refuses a second enqueue of the same job), the id and the attempt
// count when the job is queued again. Each queuing of a job gets a fresh
// task id because the task of the previous attempt may still sit in
// asynq's active list (its worker was killed) until asynq recovers it.
func taskID(id string, attempts int) string {
	if attempts == 0 {
		return id
	}
	return id + "." + strconv.Itoa(attempts)
}
