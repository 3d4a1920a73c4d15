-- ARGV: prefix, queue. One atomic read of a queue's gauges and counters.
local q = ARGV[2]
local now = now_ms()
local rk = qkey(q, 'ready')
local age = 0
local oldest = redis.call('LINDEX', rk, -1)
if oldest then
  local enq = redis.call('HGET', jkey(oldest), 'enq')
  if enq then age = math.max(0, now - tonumber(enq)) end
end
local function num(k) return tonumber(redis.call('GET', qkey(q, k)) or '0') end
return {redis.call('LLEN', rk), redis.call('ZCARD', qkey(q, 'scheduled')), redis.call('ZCARD', qkey(q, 'inflight')), age,
        num('stat:succeeded'), num('stat:retries'), num('stat:dead'), num('stat:redelivered'),
        num('stat:rejected')}
