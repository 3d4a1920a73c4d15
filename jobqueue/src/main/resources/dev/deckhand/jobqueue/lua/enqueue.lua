-- ARGV: prefix, count, then per job: id, queue, type, runAtMs (0 = now), uniqueKey ('' = none),
-- traceparent ('' = none; W3C trace context of the enqueuer, kept apart from the arguments), nargs, k1, v1, ... Returns the ids in order (an existing job's id for a live duplicate unique key).
local now = now_ms()
local n = tonumber(ARGV[2])
local i = 3
local out = {}
local ready = {} -- queue -> ids to push, in order: one LPUSH per queue per call
local seen = {}
for j = 1, n do
  local id, q, typ, runat, uq, tp, na = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 4], ARGV[i + 5], tonumber(ARGV[i + 6])
  i = i + 7
  local dup = nil
  if uq ~= '' then
    local uk = P .. 'unique:' .. uq
    local ex = redis.call('GET', uk)
    if ex and redis.call('EXISTS', jkey(ex)) == 1 then
      dup = ex
    else
      -- Safety TTL only: the key is released when the job finishes, dies or is cancelled.
      redis.call('SET', uk, id, 'EX', 604800)
    end
  end
  if dup then
    out[j] = dup
    i = i + 2 * na
  else
    local h = {'type', typ, 'queue', q, 'attempt', 0, 'enq', now, 'created', now}
    if uq ~= '' then h[#h + 1] = 'uniq'; h[#h + 1] = uq end
    if tp ~= '' then h[#h + 1] = 'traceparent'; h[#h + 1] = tp end
    for _ = 1, na do h[#h + 1] = 'a:' .. ARGV[i]; h[#h + 1] = ARGV[i + 1]; i = i + 2 end
    if runat > now then
      h[#h + 1] = 'state'; h[#h + 1] = 'scheduled'
      redis.call('HSET', jkey(id), unpack(h))
      redis.call('ZADD', qkey(q, 'scheduled'), runat, id)
    else
      h[#h + 1] = 'state'; h[#h + 1] = 'ready'
      redis.call('HSET', jkey(id), unpack(h))
      ready[q] = ready[q] or {}
      ready[q][#ready[q] + 1] = id
    end
    if not seen[q] then redis.call('SADD', P .. 'queues', q); seen[q] = true end
    out[j] = id
  end
end
for q, ids in pairs(ready) do
  redis.call('LPUSH', qkey(q, 'ready'), unpack(ids))
  wake(q, #ids)
end
return out
