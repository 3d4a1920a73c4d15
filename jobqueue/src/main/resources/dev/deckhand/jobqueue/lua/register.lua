-- ARGV: prefix, processId, ttlMs, maxTtlMs, then field, value pairs (host, pid, proctype, queues,
-- version, started, busy, jobs, state). A worker's registry heartbeat: writes its hash with the
-- Redis clock as 'beat', sets the hash to expire after ttlMs (a process that stops heartbeating
-- disappears), scores it in the processes zset, and drops zset entries older than maxTtlMs, the
-- longest any worker's entry lives (workers with other visibility timeouts have other TTLs: a
-- live one must not be pruned). With no field pairs it unregisters (a clean exit). Returns the
-- hash's 'quiet' field: '1' once an operator asked this process to stop fetching.
local id, ttl, max_ttl = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local pk, zk = pkey(id), P .. 'processes'
if #ARGV < 5 then
  redis.call('DEL', pk)
  redis.call('ZREM', zk, id)
  return false
end
local now = now_ms()
local h = {'beat', now}
for i = 5, #ARGV, 2 do h[#h + 1] = ARGV[i]; h[#h + 1] = ARGV[i + 1] end
redis.call('HSET', pk, unpack(h))
redis.call('PEXPIRE', pk, ttl)
redis.call('ZADD', zk, now, id)
redis.call('ZREMRANGEBYSCORE', zk, '-inf', now - max_ttl)
return redis.call('HGET', pk, 'quiet')
