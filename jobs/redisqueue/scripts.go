package redisqueue

import "github.com/redis/go-redis/v9"

// The Lua scripts that change a job. Each runs atomically in Redis, checks
// the job's current state before it writes, and keeps the job hash, the
// per-state sorted sets and the event list in step. Every script answers
// a flat array: a status ("ok", "missing", "skip", "finished", "alive"),
// one more string (the state the job was in, when that matters) and, for
// some, the job's hash as field, value pairs.

// claimScript moves a queued job to running for one attempt of a worker.
//
//	KEYS  job, events, jobs:queued, jobs:running
//	ARGV  id, owner (Run id), task (asynq task id), now, state event
//	=>    {"ok", "", hash...} | {"skip", state} | {"missing", ""}
var claimScript = redis.NewScript(`
local st = redis.call('HGET', KEYS[1], 'state')
if not st then return {'missing', ''} end
if st ~= 'queued' then return {'skip', st} end
local score = redis.call('HGET', KEYS[1], 'created_ms')
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HSET', KEYS[1], 'state', 'running', 'owner', ARGV[2], 'task', ARGV[3],
	'started', ARGV[4], 'updated', ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], score, ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[5])
local out = {'ok', ''}
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do out[#out + 1] = v end
return out
`)

// updateScript changes a running job on behalf of the attempt that runs
// it, and only while that attempt still runs it (so a late handler can
// overwrite neither a cancel nor a newer attempt): it sets fields,
// optionally moves the job to a new state and appends events.
//
//	KEYS  job, events, jobs:running, jobs:NEWSTATE (any key when no move)
//	ARGV  id, attempt, new state or "", now, n, n field/value pairs, events...
//	=>    {"ok", ""} | {"skip", state} | {"missing", ""}
var updateScript = redis.NewScript(`
local st = redis.call('HGET', KEYS[1], 'state')
if not st then return {'missing', ''} end
if st ~= 'running' or redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[2] then
	return {'skip', st}
end
local n = tonumber(ARGV[5])
local i = 6
for j = 1, n do
	redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
	i = i + 2
end
redis.call('HSET', KEYS[1], 'updated', ARGV[4])
if ARGV[3] ~= '' then
	local score = redis.call('HGET', KEYS[1], 'created_ms')
	redis.call('HSET', KEYS[1], 'state', ARGV[3])
	redis.call('ZREM', KEYS[3], ARGV[1])
	redis.call('ZADD', KEYS[4], score, ARGV[1])
end
for j = i, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[j]) end
return {'ok', ''}
`)

// resumeScript queues again a job whose worker stopped renewing its
// heartbeat, provided the heartbeat key is really gone (unless the worker
// itself asks, for a job it no longer runs) and the job is still in the
// attempt that worker started.
//
//	KEYS  job, events, jobs:running, jobs:queued, worker:OWNER
//	ARGV  id, owner, attempt, now, new task id, "self" or "", events...
//	=>    {"ok", ""} | {"alive", ""} | {"skip", state} | {"missing", ""}
var resumeScript = redis.NewScript(`
if ARGV[6] ~= 'self' and redis.call('EXISTS', KEYS[5]) == 1 then return {'alive', ''} end
local st = redis.call('HGET', KEYS[1], 'state')
if not st then return {'missing', ''} end
if st ~= 'running' or redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2]
	or redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[3] then
	return {'skip', st}
end
local score = redis.call('HGET', KEYS[1], 'created_ms')
redis.call('HSET', KEYS[1], 'state', 'queued', 'owner', '', 'task', ARGV[5], 'updated', ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], score, ARGV[1])
for j = 7, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[j]) end
return {'ok', ''}
`)

// cancelScript moves a queued or running job to cancelled.
//
//	KEYS  job, events, jobs:queued, jobs:running, jobs:cancelled
//	ARGV  id, now, state event
//	=>    {"ok", previous state, hash...} | {"finished", state, hash...} | {"missing", ""}
var cancelScript = redis.NewScript(`
local st = redis.call('HGET', KEYS[1], 'state')
if not st then return {'missing', ''} end
local out
if st ~= 'queued' and st ~= 'running' then
	out = {'finished', st}
else
	local score = redis.call('HGET', KEYS[1], 'created_ms')
	redis.call('HSET', KEYS[1], 'state', 'cancelled', 'owner', '', 'finished', ARGV[2], 'updated', ARGV[2])
	redis.call('ZREM', KEYS[3], ARGV[1])
	redis.call('ZREM', KEYS[4], ARGV[1])
	redis.call('ZADD', KEYS[5], score, ARGV[1])
	redis.call('RPUSH', KEYS[2], ARGV[3])
	out = {'ok', st}
end
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do out[#out + 1] = v end
return out
`)

// retaskScript gives a queued job a new asynq task id, provided the job is
// still queued with the old one (see worker.rescueStuck).
//
//	KEYS  job
//	ARGV  old task id, new task id
//	=>    {"ok", ""} | {"skip", state}
var retaskScript = redis.NewScript(`
local st = redis.call('HGET', KEYS[1], 'state')
if st ~= 'queued' or redis.call('HGET', KEYS[1], 'task') ~= ARGV[1] then
	return {'skip', st or ''}
end
redis.call('HSET', KEYS[1], 'task', ARGV[2])
return {'ok', ''}
`)
