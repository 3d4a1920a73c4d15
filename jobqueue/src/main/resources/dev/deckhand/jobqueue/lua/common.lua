-- Shared helpers, prepended to every script. ARGV[1] is always the key prefix (e.g. "dh:").
-- Time comes from Redis TIME so that all workers agree on lease deadlines regardless of host clocks.
local P = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function qkey(q, part) return P .. 'q:' .. q .. ':' .. part end
local function jkey(id) return P .. 'job:' .. id end
local function publish(id, q, typ, event, extra)
  local msg = {jobId = id, queue = q, type = typ, event = event}
  if extra then for k, v in pairs(extra) do msg[k] = v end end
  local s = cjson.encode(msg)
  redis.call('PUBLISH', P .. 'events:' .. id, s)
  redis.call('PUBLISH', P .. 'events', s)
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
  release_unique(id)
  publish(id, q, redis.call('HGET', jk, 'type'), 'dead', {reason = reason})
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
