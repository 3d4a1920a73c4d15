-- ARGV: prefix, finishedTtlSeconds, then quadruples queue, id, fence, final state
-- ('succeeded' or 'cancelled'). An ack is accepted only if the fence still matches: a
-- presumed-dead worker cannot clobber the attempt that replaced it. Finished jobs expire after
-- the TTL (no unbounded growth). Returns the ids whose ack was rejected.
local ttl = tonumber(ARGV[2])
local now = now_ms()
local rejected = {}
local counts = {}
for i = 3, #ARGV, 4 do
  local q, id, f, state = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local jk = jkey(id)
  local h = redis.call('HMGET', jk, 'fence', 'uniq', 'type')
  local ck = q .. '\0' .. state
  if h[1] == f and redis.call('ZREM', qkey(q, 'inflight'), id) == 1 then
    -- An empty fence never matches a token: later heartbeats/acks for this delivery are refused.
    redis.call('HSET', jk, 'state', state, 'finished', now, 'fence', '')
    redis.call('EXPIRE', jk, ttl)
    if h[2] then release_unique(id) end
    counts[ck] = (counts[ck] or 0) + 1
    publish(id, q, h[3], state)
  else
    rejected[#rejected + 1] = id
    ck = q .. '\0rejected'
    counts[ck] = (counts[ck] or 0) + 1
  end
end
for ck, n in pairs(counts) do
  local sep = string.find(ck, '\0', 1, true)
  redis.call('INCRBY', qkey(string.sub(ck, 1, sep - 1), 'stat:' .. string.sub(ck, sep + 1)), n)
end
return rejected
