-- ARGV: prefix, queue, max, visibilityMs, workerId ('' = not registered).
-- Promotes due scheduled jobs, then leases up to max ready jobs: each gets a fresh fencing token
-- (from the global dh:fence counter, so tokens never repeat), an in-flight deadline now + visibility
-- and the id of the worker process running it (wid). A paused queue leases nothing (its wake-up
-- tokens are dropped so idle consumers block instead of spinning; resume wakes them).
-- Returns {msUntilNextScheduled (only when nothing was leased; else -1), {id, fence, field, value, ...}, ...}.
local q = ARGV[2]
local max = tonumber(ARGV[3])
local vis = tonumber(ARGV[4])
local wid = ARGV[5] or ''
if redis.call('SISMEMBER', P .. 'paused', q) == 1 then
  redis.call('DEL', qkey(q, 'notify'))
  return {-1}
end
local now = now_ms()
local sk, rk, ik = qkey(q, 'scheduled'), qkey(q, 'ready'), qkey(q, 'inflight')
local due = redis.call('ZRANGEBYSCORE', sk, '-inf', now, 'LIMIT', 0, 200)
for _, id in ipairs(due) do
  redis.call('ZREM', sk, id)
  if redis.call('EXISTS', jkey(id)) == 1 then
    redis.call('HSET', jkey(id), 'state', 'ready', 'enq', now)
    redis.call('LPUSH', rk, id)
  end
end
local out = {-1}
-- One RPOP with a count takes the batch (oldest first), one INCRBY reserves its block of fencing
-- tokens (still unique and increasing), one ZADD leases them all: per job only HGETALL + HSET.
local ids = redis.call('RPOP', rk, max)
if ids then
  local fence = redis.call('INCRBY', P .. 'fence', #ids) - #ids
  local lease = {}
  for _, id in ipairs(ids) do
    local jk = jkey(id)
    local job = redis.call('HGETALL', jk)
    if #job > 0 then
      local attempt = 1
      for k = 1, #job, 2 do
        if job[k] == 'attempt' then attempt = tonumber(job[k + 1]) + 1; job[k + 1] = attempt end
      end
      fence = fence + 1
      local f = fence
      redis.call('HSET', jk, 'fence', f, 'state', 'running', 'started', now, 'attempt', attempt, 'wid', wid)
      lease[#lease + 1] = now + vis
      lease[#lease + 1] = id
      table.insert(job, 1, f)
      table.insert(job, 1, id)
      job[#job + 1] = 'started'
      job[#job + 1] = now
      out[#out + 1] = job
    end
  end
  if #lease > 0 then redis.call('ZADD', ik, unpack(lease)) end
end
-- Fewer than asked: the ready list is empty, so idle consumers should block, not wake for nothing.
if not ids or #ids < max then redis.call('DEL', qkey(q, 'notify')) end
-- Only a consumer that got nothing waits for the next scheduled job.
if #out == 1 then
  local nxt = redis.call('ZRANGE', sk, 0, 0, 'WITHSCORES')
  if nxt[2] then out[1] = math.max(0, tonumber(nxt[2]) - now) end
end
return out
