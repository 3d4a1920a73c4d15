-- ARGV: prefix, queue, minutes. The last `minutes` per-minute history hashes of a queue, oldest
-- first, ending with the current minute (Redis clock). Returns {epochMinute, ok, cancelled,
-- retried, dead, wait, run, ...} (false for a field never written).
local q, n = ARGV[2], tonumber(ARGV[3])
local m = math.floor(now_ms() / 60000)
local out = {}
for i = n - 1, 0, -1 do
  local h = redis.call('HMGET', qkey(q, 'hist:' .. (m - i)), 'ok', 'cancelled', 'retried', 'dead', 'wait', 'run')
  out[#out + 1] = m - i
  for j = 1, 6 do out[#out + 1] = h[j] end
end
return out
