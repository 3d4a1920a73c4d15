-- ARGV: prefix, visibilityMs, then triples queue, id, fence.
-- Extends a lease only while the caller still holds it (fence matches and the job is in flight).
-- Returns {lostIds, cancelRequestedIds}.
local vis = tonumber(ARGV[2])
local now = now_ms()
local lost, cancelled = {}, {}
for i = 3, #ARGV, 3 do
  local q, id, f = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local ik = qkey(q, 'inflight')
  local h = redis.call('HMGET', jkey(id), 'fence', 'cancel')
  if h[1] == f and redis.call('ZSCORE', ik, id) then
    redis.call('ZADD', ik, 'XX', now + vis, id)
    if h[2] then cancelled[#cancelled + 1] = id end
  else
    lost[#lost + 1] = id
  end
end
return {lost, cancelled}
