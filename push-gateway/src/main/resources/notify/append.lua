-- Appends an event to an admin's replay stream and publishes it on the admin's live channel, atomically, once:
-- a second call with the same de-duplication key within the window does nothing.
-- KEYS[1] replay stream, KEYS[2] de-duplication key
-- ARGV[1] live channel, ARGV[2] stream length (approximate), ARGV[3] stream TTL ms, ARGV[4] de-duplication window ms,
-- ARGV[5] event kind, ARGV[6] createdAt epoch ms, ARGV[7] event JSON
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[4]) then
    return false
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'k', ARGV[5], 'c', ARGV[6], 'e', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[1], id .. '\n' .. ARGV[5] .. '\n' .. ARGV[6] .. '\n' .. ARGV[7])
return id
