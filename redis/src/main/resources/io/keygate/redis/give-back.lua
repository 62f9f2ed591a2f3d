-- keygate hot-key mode: give back reserved, unused requests to every window they were taken from.
-- KEYS[i]   the counters the reservation was taken from (one hash tag, one slot)
-- ARGV[1]   how many to give back
-- A counter that is gone (its window ended) stays gone: DECRBY would create it without an expiry. A counter never
-- goes below zero. DECRBY keeps the key's expiry.
local back = tonumber(ARGV[1])
for i = 1, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  local d = math.min(count, back)
  if d > 0 then
    redis.call('DECRBY', KEYS[i], d)
  end
end
return 0
