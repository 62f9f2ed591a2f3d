-- keygate: check and count every window of a request (or reserve a batch of them), atomically: a script runs alone
-- on the server, so nothing can fall between the check and the count, whichever node sends it.
-- KEYS[i]      the counter of one window (all KEYS share one hash tag, so one cluster slot)
-- ARGV[2i-1]   the smallest limit counted against KEYS[i]
-- ARGV[2i]     milliseconds until KEYS[i] may be deleted (its window's end plus a grace)
-- ARGV[2n+1]   how many to take at most: 1 for one request, the batch in hot-key mode
-- Grants g = min(wanted, room left in every window) and adds g to every window: a reservation is taken from all
-- windows of the plan together, so a multi-window plan stays exact. Returns {g, count_1, ..., count_n}: the counts
-- after counting when g >= 1, the untouched counts when g = 0 (a refused request consumes nothing).
local n = #KEYS
local grant = tonumber(ARGV[2 * n + 1])
local result = {0}
for i = 1, n do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  result[i + 1] = count
  local room = tonumber(ARGV[2 * i - 1]) - count
  if room < grant then
    grant = room
  end
end
if grant <= 0 then
  return result
end
for i = 1, n do
  result[i + 1] = redis.call('INCRBY', KEYS[i], grant)
  redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
end
result[1] = grant
return result
