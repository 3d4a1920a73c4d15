-- ARGV: prefix, op, id. op = retry | discard | cancel. Returns a status string or false.
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
      redis.call('HSET', jk, 'state', 'cancelled', 'finished', now_ms())
      release_unique(id)
      redis.call('EXPIRE', jk, tonumber(ARGV[4]))
      publish(id, q, redis.call('HGET', jk, 'type'), 'cancelled')
      return 'cancelled'
    end
  end
  if state == 'running' then
    redis.call('HSET', jk, 'cancel', '1')
    return 'cancelling'
  end
  return state
end
return false
