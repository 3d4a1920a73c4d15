-- Shared helpers, prepended to every script. ARGV[1] is always the key prefix (e.g. "dh:").
-- Time comes from Redis TIME so that all workers agree on lease deadlines regardless of host clocks.
local P = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- Key names: the same layout as dev.deckhand.jobqueue.QueueKeys (QueueKeysTest checks they agree).
local function qkey(q, part) return P .. 'q:' .. q .. ':' .. part end
local function jkey(id) return P .. 'job:' .. id end
local function pkey(id) return P .. 'process:' .. id end
-- Per-minute history (QueueKeys.history): n added to a field of the current minute's hash. The
-- hash gets its expiry (25 h: QueueKeys.HISTORY_MINUTES plus an hour) when a field is first written.
local function hist(q, now, field, n)
  local k = qkey(q, 'hist:' .. math.floor(now / 60000))
  if redis.call('HINCRBY', k, field, n) == n then redis.call('EXPIRE', k, 90000) end
end
local function release_unique(id)
  local u = redis.call('HGET', jkey(id), 'uniq')
  if u then
    local uk = P .. 'unique:' .. u
    if redis.call('GET', uk) == id then redis.call('DEL', uk) end
  end
end
local function wake(q, n)
  -- One token per job (bounded): each idle consumer blocked on the notify list wakes for one.
  local nk = qkey(q, 'notify')
  local t = {}
  for i = 1, math.min(n, 64) do t[i] = '1' end
  redis.call('LPUSH', nk, unpack(t))
  redis.call('LTRIM', nk, 0, 63)
end
-- Finished jobs (succeeded, cancelled) keep their hash for the finished TTL, one way for all: no
-- per-job EXPIRE, but their ids in the queue's finished zset by finish time (QueueKeys.finished),
-- one variadic ZADD per queue per call. Every call that finishes jobs, and every reap, then sweeps
-- the queue: up to SWEEP_BATCH ids finished at least ttl_ms ago lose their hash and their entry
-- together (one DEL, one ZREM), so the zset never names a hash it outlived. A sweep uses the
-- caller's TTL. sweep_finished returns the number deleted.
local SWEEP_BATCH = 200
local function sweep_finished(q, now, ttl_ms)
  local fk = qkey(q, 'finished')
  local old = redis.call('ZRANGEBYSCORE', fk, '-inf', now - ttl_ms, 'LIMIT', 0, SWEEP_BATCH)
  if #old == 0 then return 0 end
  local jks = {}
  for i, id in ipairs(old) do jks[i] = jkey(id) end
  redis.call('DEL', unpack(jks))
  redis.call('ZREM', fk, unpack(old))
  return #old
end
local function retire(q, ids, now, ttl_ms)
  if #ids == 0 then return end
  local z = {}
  for i, id in ipairs(ids) do z[2 * i - 1] = now; z[2 * i] = id end
  redis.call('ZADD', qkey(q, 'finished'), unpack(z))
  sweep_finished(q, now, ttl_ms)
end
-- Keeps one failed attempt in the job hash (fields 'x:<n>:at|attempt|started|err|stack', n from
-- 'nfail') for the admin's job detail; the attempts go when the job hash goes.
local function record_attempt(jk, now, reason, stack)
  local h = redis.call('HMGET', jk, 'attempt', 'started')
  local x = 'x:' .. redis.call('HINCRBY', jk, 'nfail', 1) .. ':'
  redis.call('HSET', jk, x .. 'at', now, x .. 'attempt', h[1] or '0', x .. 'started', h[2] or '0',
    x .. 'err', reason, x .. 'stack', stack)
end
-- Moves a job (already removed from in-flight/ready) to the bounded dead set.
local function to_dead(id, q, now, reason, stack, dead_max, dead_age_ms)
  local jk = jkey(id)
  redis.call('HSET', jk, 'state', 'dead', 'err', reason, 'stack', stack, 'died', now, 'fence', '')
  redis.call('PERSIST', jk)
  redis.call('ZADD', P .. 'dead', now, id)
  redis.call('INCR', qkey(q, 'stat:dead'))
  hist(q, now, 'dead', 1)
  release_unique(id)
  -- Bound the dead set by age, then by size (a small batch per call keeps every call cheap).
  local dk = P .. 'dead'
  local old = redis.call('ZRANGEBYSCORE', dk, '-inf', now - dead_age_ms, 'LIMIT', 0, 100)
  for _, o in ipairs(old) do redis.call('ZREM', dk, o); redis.call('DEL', jkey(o)) end
  local excess = redis.call('ZCARD', dk) - dead_max
  if excess > 0 then
    local gone = redis.call('ZRANGE', dk, 0, math.min(excess, 100) - 1)
    for _, o in ipairs(gone) do redis.call('ZREM', dk, o); redis.call('DEL', jkey(o)) end
  end
end
