-- ARGV: prefix. The live worker processes: every zset entry whose hash still exists (an entry
-- whose hash expired is removed). Returns {{id, field, value, ...}, ...}.
local zk = P .. 'processes'
local out = {}
for _, id in ipairs(redis.call('ZRANGE', zk, 0, -1)) do
  local h = redis.call('HGETALL', pkey(id))
  if #h == 0 then
    redis.call('ZREM', zk, id)
  else
    table.insert(h, 1, id)
    out[#out + 1] = h
  end
end
return out
