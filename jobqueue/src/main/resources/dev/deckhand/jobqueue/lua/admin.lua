-- ARGV: prefix, op, id, finishedTtlMs (a cancelled job is kept for it: retire in common.lua).
-- op = retry | discard | cancel (id: a job id), pause | resume (id: a queue name), quiet (id: a
-- worker process id). Returns a status string or false.
local op, id = ARGV[2], ARGV[3]
local jk = jkey(id)
local dk = P .. 'dead'
if op == 'retry' then
  if redis.call('ZREM', dk, id) == 0 then return false end
  local q = redis.call('HGET', jk, 'queue')
  redis.call('HSET', jk, 'state', 'ready', 'attempt', 0, 'enq', now_ms())
  redis.call('HDEL', jk, 'cancel')
  redis.call('RPUSH', qkey(q, 'ready'), id)
  wake(q, 1)
  return 'ready'
elseif op == 'discard' then
  if redis.call('ZREM', dk, id) == 0 then return false end
  redis.call('DEL', jk)
  return 'discarded'
elseif op == 'cancel' then
  local state = redis.call('HGET', jk, 'state')
  if not state then return false end
  local q = redis.call('HGET', jk, 'queue')
  if state == 'ready' or state == 'scheduled' or state == 'retrying' then
    local removed = redis.call('LREM', qkey(q, 'ready'), 0, id) + redis.call('ZREM', qkey(q, 'scheduled'), id)
    if removed > 0 then
      local now = now_ms()
      redis.call('HSET', jk, 'state', 'cancelled', 'finished', now)
      release_unique(id)
      retire(q, {id}, now, tonumber(ARGV[4]))
      redis.call('INCR', qkey(q, 'stat:cancelled'))
      hist(q, now, 'cancelled', 1)
      return 'cancelled'
    end
  end
  if state == 'running' then
    redis.call('HSET', jk, 'cancel', '1')
    return 'cancelling'
  end
  return state
elseif op == 'pause' then
  redis.call('SADD', P .. 'queues', id)
  if redis.call('SADD', P .. 'paused', id) == 0 then return false end
  return 'paused'
elseif op == 'resume' then
  if redis.call('SREM', P .. 'paused', id) == 0 then return false end
  local n = redis.call('LLEN', qkey(id, 'ready'))
  if n > 0 then wake(id, n) end
  return 'resumed'
elseif op == 'quiet' then
  local pk = pkey(id)
  if redis.call('EXISTS', pk) == 0 then return false end
  redis.call('HSET', pk, 'quiet', '1')
  return 'quiet'
end
return false
