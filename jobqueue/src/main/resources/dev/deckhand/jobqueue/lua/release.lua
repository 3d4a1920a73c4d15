-- ARGV: prefix, then triples queue, id, fence. Graceful hand-back on shutdown: the job returns
-- to the front of its queue without consuming an attempt. Fenced like ack. Returns the count.
local n = 0
for i = 2, #ARGV, 3 do
  local q, id, f = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local jk = jkey(id)
  if redis.call('HGET', jk, 'fence') == f and redis.call('ZREM', qkey(q, 'inflight'), id) == 1 then
    redis.call('HSET', jk, 'state', 'ready')
    redis.call('HDEL', jk, 'fence')
    redis.call('HINCRBY', jk, 'attempt', -1)
    redis.call('RPUSH', qkey(q, 'ready'), id)
    wake(q, 1)
    n = n + 1
  end
end
return n
