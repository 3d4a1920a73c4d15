-- ARGV: prefix, key (full), mode, cursorScore, cursorId, limit, query, state, queue, budget.
-- One page of a job list for the admin: mode 'zrev' (dead set, newest first), 'zasc' (scheduled
-- or in-flight, soonest first) or 'list' (ready list, oldest first; cursorScore = entries skipped).
-- A job matches when its state equals `state` ('' = any), its queue equals `queue` ('' = any) and
-- `query` ('' = any, already lower-case) occurs in its id, type or error text. At most `budget`
-- entries are scanned per call. Returns {nextScore, nextId, id, score, type, queue, state, attempt,
-- err, enq, ...}; nextScore '' = the end was reached. Cursors are positions (score + id), not offsets,
-- so a page stays stable while newer entries arrive.
local key, mode = ARGV[2], ARGV[3]
local cs, cid = ARGV[4], ARGV[5]
local limit, query, want_state, want_queue = tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9]
local budget = tonumber(ARGV[10])
local CHUNK = 200
local out = {'', ''}
local found, scanned = 0, 0

local function matches(id, h)
  if want_state ~= '' and h[3] ~= want_state then return false end
  if want_queue ~= '' and h[2] ~= want_queue then return false end
  if query == '' then return true end
  for _, s in ipairs({id, h[1] or '', h[5] or ''}) do
    if string.find(string.lower(s), query, 1, true) then return true end
  end
  return false
end

local function consider(id, score)
  local h = redis.call('HMGET', jkey(id), 'type', 'queue', 'state', 'attempt', 'err', 'enq')
  if h[1] and matches(id, h) then
    out[#out + 1] = id
    out[#out + 1] = tostring(score)
    for i = 1, 6 do out[#out + 1] = h[i] or '' end
    found = found + 1
  end
end

if mode == 'list' then
  local skip = tonumber(cs ~= '' and cs or '0')
  local len = redis.call('LLEN', key)
  local pos = skip
  while found < limit and scanned < budget and pos < len do
    local from, to = -(pos + CHUNK), -(pos + 1)
    local ids = redis.call('LRANGE', key, from, to)
    if #ids == 0 then break end
    local i = #ids
    while i >= 1 and found < limit and scanned < budget do
      consider(ids[i], pos)
      pos = pos + 1
      scanned = scanned + 1
      i = i - 1
    end
  end
  if pos < len then out[1] = tostring(pos); out[2] = '' end
  return out
end

local rev = mode == 'zrev'
local bound = cs ~= '' and cs or (rev and '+inf' or '-inf')
local offset = 0
local last_score, last_id = nil, nil
local done = false
while found < limit and scanned < budget do
  local page
  if rev then
    page = redis.call('ZREVRANGEBYSCORE', key, bound, '-inf', 'WITHSCORES', 'LIMIT', offset, CHUNK)
  else
    page = redis.call('ZRANGEBYSCORE', key, bound, '+inf', 'WITHSCORES', 'LIMIT', offset, CHUNK)
  end
  if #page == 0 then done = true; break end
  offset = offset + #page / 2
  local i = 1
  while i <= #page and found < limit and scanned < budget do
    local id, score = page[i], page[i + 1]
    i = i + 2
    -- Entries with the cursor's own score: skip up to and including the cursor's id (members with
    -- equal scores are ordered by id, descending in 'zrev').
    local skip = false
    if cs ~= '' and tonumber(score) == tonumber(cs) then
      if rev then skip = id >= cid else skip = id <= cid end
    end
    if not skip then
      scanned = scanned + 1
      consider(id, score)
      last_score, last_id = score, id
    end
  end
  if #page < CHUNK * 2 and i > #page then done = true; break end
end
if not done and last_score then out[1] = last_score; out[2] = last_id end
return out
