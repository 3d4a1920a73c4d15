-- ARGV: prefix, queue, batch, maxDeliveries, deadMax, deadAgeMs, finishedTtlMs.
-- Leases whose deadline passed belong to workers that died or stalled: hand the job to the front
-- of the ready list (clearing its fence, so the old holder's ack is rejected), or to the dead set
-- with reason "worker lost" once it was delivered maxDeliveries times. Then sweeps the queue's
-- finished jobs past their TTL (sweep_finished in common.lua), so they go on an idle queue too.
-- Returns {requeued, dead, swept, 1 if the sweep took a full batch (more may be due) else 0}.
local q, batch, maxdel = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local dead_max, dead_age, ttl = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local now = now_ms()
local ik = qkey(q, 'inflight')
local expired = redis.call('ZRANGEBYSCORE', ik, '-inf', now, 'LIMIT', 0, batch)
local requeued, dead = 0, 0
for _, id in ipairs(expired) do
  redis.call('ZREM', ik, id)
  local jk = jkey(id)
  if redis.call('EXISTS', jk) == 1 then
    redis.call('INCR', qkey(q, 'stat:redelivered'))
    local attempts = tonumber(redis.call('HGET', jk, 'attempt') or '0')
    record_attempt(jk, now, 'worker lost: lease expired', '')
    if attempts >= maxdel then
      to_dead(id, q, now, 'worker lost: lease expired on ' .. attempts .. ' deliveries', '', dead_max, dead_age)
      dead = dead + 1
    else
      redis.call('HSET', jk, 'state', 'ready')
      redis.call('HDEL', jk, 'fence')
      redis.call('RPUSH', qkey(q, 'ready'), id)
      requeued = requeued + 1
    end
  end
end
if requeued > 0 then wake(q, requeued) end
local swept = sweep_finished(q, now, ttl)
return {requeued, dead, swept, swept == SWEEP_BATCH and 1 or 0}
