-- ARGV: prefix, finishedTtlMs, then quadruples queue, id, fence, final state
-- ('succeeded' or 'cancelled'). An ack is accepted only if the fence still matches: a
-- presumed-dead worker cannot clobber the attempt that replaced it. Finished jobs are kept for
-- the TTL, then swept (retire in common.lua: no unbounded growth). Counters and the per-minute
-- history (count, wait and run time sums) are added once per queue and outcome per call, not per
-- job. Returns the rejected ids.
local ttl = tonumber(ARGV[2])
local now = now_ms()
local rejected = {}
local counts = {}
local waits, runs = {}, {}
-- Per queue: one ZMSCORE tells which ids are still in flight, one ZREM removes the accepted ones
-- and retire records them as finished (one ZADD, plus the sweep); per job only HMGET (the fence
-- check) and HSET.
local byq = {}
for i = 3, #ARGV, 4 do
  local q = ARGV[i]
  if not byq[q] then byq[q] = {} end
  byq[q][#byq[q] + 1] = i
end
for q, idx in pairs(byq) do
  local ik = qkey(q, 'inflight')
  local ids = {}
  for k, i in ipairs(idx) do ids[k] = ARGV[i + 1] end
  local live = redis.call('ZMSCORE', ik, unpack(ids))
  local done = {}
  for k, i in ipairs(idx) do
    local id, f, state = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
    local jk = jkey(id)
    local h = live[k] and redis.call('HMGET', jk, 'fence', 'uniq', 'enq', 'started')
    local ck = q .. '\0' .. state
    if h and h[1] == f then
      -- An empty fence never matches a token: later heartbeats/acks for this delivery are refused.
      redis.call('HSET', jk, 'state', state, 'finished', now, 'fence', '')
      if h[2] then release_unique(id) end
      done[#done + 1] = id
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
  if #done > 0 then
    redis.call('ZREM', ik, unpack(done))
    retire(q, done, now, ttl)
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
