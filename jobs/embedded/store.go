package embedded

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/cecbench/cecbench/jobs"
)

// The bbolt buckets of the queue; every name starts with "jobs" so they
// sit apart from the other users of the shared file (kv/boltkv uses
// "kv:...").
var (
	// bucketJobs maps a job id to its record (JSON). uuid v7 ids sort by
	// creation time, so the bucket's order is the creation order.
	bucketJobs = []byte("jobs")
	// bucketQueue holds the ids of queued jobs (empty values); the first
	// key is the next job to run.
	bucketQueue = []byte("jobs:queue")
	// bucketRunning holds the ids of running jobs (empty values), the
	// ones to resume after a crash.
	bucketRunning = []byte("jobs:running")
	// bucketEvents maps id + big-endian uint64 seq to an event (JSON).
	bucketEvents = []byte("jobs:events")
)

var allBuckets = [][]byte{bucketJobs, bucketQueue, bucketRunning, bucketEvents}

// record is a job as stored: the job and the seq of its last event.
type record struct {
	jobs.Job
	LastSeq int64 `json:"last_seq"`
}

// eventKey is the key of event seq of job id; a job's keys are
// contiguous and ordered by seq.
func eventKey(id string, seq int64) []byte {
	k := make([]byte, len(id)+8)
	copy(k, id)
	binary.BigEndian.PutUint64(k[len(id):], uint64(seq))
	return k
}

// getRecord reads job id, or returns jobs.ErrNotFound.
func getRecord(tx *bbolt.Tx, id string) (*record, error) {
	v := tx.Bucket(bucketJobs).Get([]byte(id))
	if v == nil {
		return nil, fmt.Errorf("%w: %s", jobs.ErrNotFound, id)
	}
	var r record
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, fmt.Errorf("decode job %s: %w", id, err)
	}
	return &r, nil
}

func putRecord(tx *bbolt.Tx, r *record) error {
	v, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode job %s: %w", r.ID, err)
	}
	return tx.Bucket(bucketJobs).Put([]byte(r.ID), v)
}

// appendEvent adds an event to r's log and advances r.LastSeq; the
// caller stores r afterwards in the same transaction.
func appendEvent(tx *bbolt.Tx, r *record, now time.Time, kind, message string, data json.RawMessage) error {
	r.LastSeq++
	v, err := json.Marshal(jobs.Event{Seq: r.LastSeq, Time: now, Kind: kind, Message: message, Data: data})
	if err != nil {
		return fmt.Errorf("encode event of job %s: %w", r.ID, err)
	}
	return tx.Bucket(bucketEvents).Put(eventKey(r.ID, r.LastSeq), v)
}

// setState moves r to state s at now: it keeps the queue and running
// indexes in step, stamps the times and appends the state event. The
// caller stores r afterwards in the same transaction.
func setState(tx *bbolt.Tx, r *record, s jobs.State, now time.Time) error {
	id := []byte(r.ID)
	switch r.State {
	case jobs.Queued:
		if err := tx.Bucket(bucketQueue).Delete(id); err != nil {
			return err
		}
	case jobs.Running:
		if err := tx.Bucket(bucketRunning).Delete(id); err != nil {
			return err
		}
	}
	switch s {
	case jobs.Queued:
		if err := tx.Bucket(bucketQueue).Put(id, nil); err != nil {
			return err
		}
	case jobs.Running:
		if err := tx.Bucket(bucketRunning).Put(id, nil); err != nil {
			return err
		}
		r.Attempts++
		started := now
		r.StartedAt = &started
	}
	if s.Terminal() {
		finished := now
		r.FinishedAt = &finished
	}
	r.State = s
	r.UpdatedAt = now
	return appendEvent(tx, r, now, jobs.EventState, string(s), nil)
}
