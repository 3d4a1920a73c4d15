-- ARGV: prefix, finishedTtlSeconds, then quadruples queue, id, fence, final state
-- ('succeeded' or 'cancelled'). Finished jobs expire after the TTL (no unbounded growth).
-- An ack is accepted only if the fence still matches: a presumed-dead worker cannot clobber the
-- attempt that replaced it. Returns the ids whose ack was rejected.
local ttl = tonumber(ARGV[2])
local now = now_ms()
local rejected = {}
for i = 3, #ARGV, 4 do
  local q, id, f, state = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local jk = jkey(id)
  if redis.call('HGET', jk, 'fence') == f and redis.call('ZREM', qkey(q, 'inflight'), id) == 1 then
    redis.call('HSET', jk, 'state', state, 'finished', now)
    redis.call('HDEL', jk, 'fence')
    redis.call('EXPIRE', jk, ttl)
    redis.call('DEL', P .. 'cancel:' .. id)
    release_unique(id)
    redis.call('INCR', qkey(q, 'stat:' .. state))
    publish(id, q, redis.call('HGET', jk, 'type'), state)
  else
    rejected[#rejected + 1] = id
  end
end
return rejected
