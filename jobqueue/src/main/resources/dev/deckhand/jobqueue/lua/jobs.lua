-- ARGV: prefix, queue, part (inflight | scheduled), offset, limit. One page of a queue's sorted
-- set with each job's summary, read atomically. Jobs whose hash is gone are skipped.
-- Returns {id, score, type, attempt, started, state, err, wid, ...} (8 values per job).
local zk = qkey(ARGV[2], ARGV[3])
local from = tonumber(ARGV[4])
local ids = redis.call('ZRANGE', zk, from, from + tonumber(ARGV[5]) - 1, 'WITHSCORES')
local out = {}
for i = 1, #ids, 2 do
  local h = redis.call('HMGET', jkey(ids[i]), 'type', 'attempt', 'started', 'state', 'err', 'wid')
  if h[1] then
    out[#out + 1] = ids[i]
    out[#out + 1] = ids[i + 1]
    for j = 1, 6 do out[#out + 1] = h[j] or '' end
  end
end
return out
