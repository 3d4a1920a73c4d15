-- ARGV: prefix, finishedTtlSeconds, then quadruples queue, id, fence, final state
-- ('succeeded' or 'cancelled'). An ack is accepted only if the fence still matches: a
-- presumed-dead worker cannot clobber the attempt that replaced it. Finished jobs expire after
-- the TTL (no unbounded growth). Counters and the per-minute history (count, wait and run time
-- sums) are added once per queue and outcome per call, not per job. Returns the rejected ids.
local ttl = tonumber(ARGV[2])
local now = now_ms()
local rejected = {}
local counts = {}
local waits, runs = {}, {}
for i = 3, #ARGV, 4 do
  local q, id, f, state = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local jk = jkey(id)
  local h = redis.call('HMGET', jk, 'fence', 'uniq', 'enq', 'started')
  local ck = q .. '\0' .. state
  if h[1] == f and redis.call('ZREM', qkey(q, 'inflight'), id) == 1 then
    -- An empty fence never matches a token: later heartbeats/acks for this delivery are refused.
    redis.call('HSET', jk, 'state', state, 'finished', now, 'fence', '')
    redis.call('EXPIRE', jk, ttl)
    if h[2] then release_unique(id) end
    counts[ck] = (counts[ck] or 0) + 1
    if state == 'succeeded' then
      local enq, started = tonumber(h[3]) or now, tonumber(h[4]) or now
      waits[q] = (waits[q] or 0) + math.max(0, started - enq)
      runs[q] = (runs[q] or 0) + math.max(0, now - started)
    end
  else
    rejected[#rejected + 1] = id
    ck = q .. '\0rejected'
    counts[ck] = (counts[ck] or 0) + 1
  end
end
local hist_field = {succeeded = 'ok', cancelled = 'cancelled'}
for ck, n in pairs(counts) do
  local sep = string.find(ck, '\0', 1, true)
  local q, what = string.sub(ck, 1, sep - 1), string.sub(ck, sep + 1)
  redis.call('INCRBY', qkey(q, 'stat:' .. what), n)
  if hist_field[what] then hist(q, now, hist_field[what], n) end
end
for q, w in pairs(waits) do
  hist(q, now, 'wait', w)
  hist(q, now, 'run', runs[q])
end
return rejected
