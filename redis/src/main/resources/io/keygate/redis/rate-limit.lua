-- keygate: check and count every window of one request, atomically (a script runs alone on the server).
-- KEYS[i]   the counter of one window (all KEYS share one hash tag, so one cluster slot)
-- ARGV[2i-1] the smallest limit counted against KEYS[i]
-- ARGV[2i]   milliseconds until KEYS[i] may be deleted (its window's end plus a grace)
-- Returns {admitted (1|0), count_1, ..., count_n}: the counts after counting when admitted, the untouched
-- counts when rejected (a rejected request consumes nothing).
local n = #KEYS
local result = {1}
for i = 1, n do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  result[i + 1] = count
  if count >= tonumber(ARGV[2 * i - 1]) then
    result[1] = 0
  end
end
if result[1] == 0 then
  return result
end
for i = 1, n do
  result[i + 1] = redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
end
return result
