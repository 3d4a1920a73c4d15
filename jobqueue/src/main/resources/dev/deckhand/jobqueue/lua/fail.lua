-- ARGV: prefix, deadMax, deadAgeMs, queue, id, fence, retryDelayMs (-1 = dead), reason, stack.
-- Fenced like ack. Retry: back to the scheduled zset at now + delay. Dead: bounded dead set.
-- A job whose cancellation was requested is neither retried nor dead: it ends cancelled (a user's cancel wins
-- over a failure, even one the handler hit before it saw the request). ARGV[10] is the finished
-- TTL in ms for that case (retire in common.lua). Returns 1 if applied, 0 if the caller no longer
-- held the lease.
local dead_max, dead_age = tonumber(ARGV[2]), tonumber(ARGV[3])
local q, id, f, delay, reason, stack = ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8], ARGV[9]
local jk = jkey(id)
local h = redis.call('HMGET', jk, 'fence', 'cancel')
if h[1] ~= f or redis.call('ZREM', qkey(q, 'inflight'), id) == 0 then return 0 end
local now = now_ms()
record_attempt(jk, now, reason, stack)
if h[2] then
  redis.call('HSET', jk, 'state', 'cancelled', 'finished', now, 'fence', '', 'err', reason, 'stack', stack)
  release_unique(id)
  retire(q, {id}, now, tonumber(ARGV[10]))
  redis.call('INCR', qkey(q, 'stat:cancelled'))
  hist(q, now, 'cancelled', 1)
  return 1
end
redis.call('HDEL', jk, 'cancel')
if delay >= 0 then
  redis.call('HSET', jk, 'state', 'retrying', 'err', reason, 'stack', stack)
  redis.call('HDEL', jk, 'fence')
  redis.call('ZADD', qkey(q, 'scheduled'), now + delay, id)
  redis.call('INCR', qkey(q, 'stat:retries'))
  hist(q, now, 'retried', 1)
else
  to_dead(id, q, now, reason, stack, dead_max, dead_age)
end
return 1
