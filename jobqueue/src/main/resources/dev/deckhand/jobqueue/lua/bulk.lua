-- ARGV: prefix, list ('dead' | 'retrying'), action ('retry' | 'discard'), queue ('' = any; required
-- for 'retrying'), query ('' = all, lower-case), batch.
-- Applies the action to up to `batch` matching jobs (same matching as list.lua: id, type or error
-- text). Retry: back to the front of the ready list now (dead jobs with a fresh attempt count).
-- Discard: the job is deleted. Returns the number of jobs changed; callers repeat while it equals
-- the batch.
local list, action, want_queue, query = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local batch = tonumber(ARGV[6])
local key = list == 'dead' and (P .. 'dead') or qkey(want_queue, 'scheduled')
local now = now_ms()
local n = 0
local woken = {}
local ids = redis.call('ZRANGE', key, 0, -1)
for _, id in ipairs(ids) do
  if n >= batch then break end
  local jk = jkey(id)
  local h = redis.call('HMGET', jk, 'type', 'queue', 'state', 'err')
  local ok = h[1] ~= false and h[1] ~= nil
  if ok and list == 'retrying' and h[3] ~= 'retrying' then ok = false end
  if ok and want_queue ~= '' and h[2] ~= want_queue then ok = false end
  if ok and query ~= '' then
    ok = string.find(string.lower(id), query, 1, true) or string.find(string.lower(h[1] or ''), query, 1, true)
         or string.find(string.lower(h[4] or ''), query, 1, true)
  end
  if ok then
    redis.call('ZREM', key, id)
    if action == 'retry' then
      redis.call('HSET', jk, 'state', 'ready', 'enq', now)
      if list == 'dead' then redis.call('HSET', jk, 'attempt', 0) end
      redis.call('HDEL', jk, 'cancel')
      redis.call('RPUSH', qkey(h[2], 'ready'), id)
      woken[h[2]] = (woken[h[2]] or 0) + 1
    else
      release_unique(id)
      redis.call('DEL', jk)
    end
    n = n + 1
  end
end
for q, c in pairs(woken) do wake(q, c) end
return n
