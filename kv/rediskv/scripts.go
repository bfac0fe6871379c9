package rediskv

import "github.com/redis/go-redis/v9"

// putIfAbsentScript sets a key only when the hash has no value for it yet,
// and indexes it in the sorted set in the same atomic step.
//
//	KEYS[1] keys (sorted set), KEYS[2] vals (hash)
//	ARGV[1] key, ARGV[2] value
//	returns 1 when it wrote, 0 when the key was already set
var putIfAbsentScript = redis.NewScript(`
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
	redis.call('ZADD', KEYS[1], 0, ARGV[1])
	return 1
end
return 0
`)

// listScript reads one page of keys in byte order and their values in one
// atomic step, so a concurrent Delete cannot leave a key without a value.
//
//	KEYS[1] keys (sorted set), KEYS[2] vals (hash)
//	ARGV[1] the ZRANGEBYLEX minimum ("-" or "(" .. after), ARGV[2] the
//	most keys to return
//	returns key1, value1, key2, value2, ...
var listScript = redis.NewScript(`
local keys = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, k in ipairs(keys) do
	local v = redis.call('HGET', KEYS[2], k)
	if v then
		out[#out + 1] = k
		out[#out + 1] = v
	end
end
return out
`)
