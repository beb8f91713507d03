/**
 * The Lua that `RedisStore` runs. Each script is atomic, so a batch is applied whole or not at all.
 *
 * Both scripts take the same nine keys, all under one hash tag (one cluster slot), in this order:
 *
 * 1. totals: hash `posts`, `originals`, `retweets`, `replies`, `quotes`
 * 2. authors: HyperLogLog of `network:authorId`
 * 3. byCountry: hash country -> posts
 * 4. byOrganization: hash orgId -> posts
 * 5. timeline: hash minute (epoch ms) -> posts
 * 6. records: hash `network:id` -> JSON `[country, orgId or "", minute, kind, version, deleted 0|1]`
 *    (the `PostRecord` of aggregate.ts; a delete of an unknown key leaves a deleted record, the tombstone)
 * 7. recent: list of the `network:id` keys on screen, newest first, at most RECENT_LIMIT
 * 8. recentPosts: hash `network:id` -> post JSON, for the keys in `recent`
 * 9. rev: the store revision, one more for every batch that changed something
 */

/** The keys both scripts take, in order; `RedisStore` builds them from its prefix and campaign. */
export const SCRIPT_KEY_NAMES = [
  "totals",
  "authors",
  "byCountry",
  "byOrganization",
  "timeline",
  "records",
  "recent",
  "recentPosts",
  "rev",
] as const;

/**
 * Applies a batch of ops with the rules of aggregate.ts (`applyPost`, `applyDelete`), in order. When the batch
 * changed something it bumps `rev` and publishes `{"rev", "change"}` once. Returns one letter per op:
 * `a` accepted, `u` updated, `d` deleted, `x` duplicate.
 *
 * ARGV[1]: JSON array of ops, each `["p", key, authorKey, country, orgId or "", minute, kind, version, argv]`
 * (where `argv` is the ARGV index of the post's JSON) or `["d", key]`. ARGV[2]: the pub/sub channel.
 * ARGV[3]: RECENT_LIMIT. ARGV[4..]: post JSON, stored and published verbatim (never re-encoded by cjson, which
 * would turn `[]` into `{}`).
 *
 * The published message is a `Change` with absolute values. Like `MemoryStore`, its `posts` are the batch's
 * shown posts still on screen, in screen order.
 */
export const APPLY_SCRIPT = `
local ops = cjson.decode(ARGV[1])
local channel = ARGV[2]
local limit = tonumber(ARGV[3])
local COUNTER = { original = 'originals', retweet = 'retweets', reply = 'replies', quote = 'quotes' }

local totals, countries, orgs, minutes = {}, {}, {}, {}
local shown, removed, removedSet = {}, {}, {}
local authorsChanged = false
local outcomes = {}

local function record(country, org, minute, kind, version, deleted)
  return cjson.encode({ country, org, minute, kind, version, deleted })
end

for i, op in ipairs(ops) do
  local key = op[2]
  local raw = redis.call('HGET', KEYS[6], key)
  if op[1] == 'p' then
    local version = op[8]
    if raw then
      local r = cjson.decode(raw)
      if r[6] == 1 or version <= r[5] then
        outcomes[i] = 'x'
      else
        r[5] = version
        redis.call('HSET', KEYS[6], key, cjson.encode(r))
        -- An edit replaces the text only where the post is still on screen, in place.
        if redis.call('HEXISTS', KEYS[8], key) == 1 then
          redis.call('HSET', KEYS[8], key, ARGV[op[9]])
          shown[key] = true
        end
        outcomes[i] = 'u'
      end
    else
      local country, org, minute, kind = op[4], op[5], op[6], op[7]
      local counter = COUNTER[kind]
      redis.call('HSET', KEYS[6], key, record(country, org, minute, kind, version, 0))
      totals.posts = redis.call('HINCRBY', KEYS[1], 'posts', 1)
      totals[counter] = redis.call('HINCRBY', KEYS[1], counter, 1)
      if redis.call('PFADD', KEYS[2], op[3]) == 1 then authorsChanged = true end
      countries[country] = redis.call('HINCRBY', KEYS[3], country, 1)
      if org ~= '' then orgs[org] = redis.call('HINCRBY', KEYS[4], org, 1) end
      minutes[minute] = redis.call('HINCRBY', KEYS[5], minute, 1)
      redis.call('HSET', KEYS[8], key, ARGV[op[9]])
      local length = redis.call('LPUSH', KEYS[7], key)
      while length > limit do
        redis.call('HDEL', KEYS[8], redis.call('RPOP', KEYS[7]))
        length = length - 1
      end
      shown[key] = true
      outcomes[i] = 'a'
    end
  else
    if not raw then
      -- A tombstone: the post is not counted if it arrives after its delete.
      redis.call('HSET', KEYS[6], key, record('unknown', '', '0', 'original', 0, 1))
      outcomes[i] = 'd'
    else
      local r = cjson.decode(raw)
      if r[6] == 1 then
        outcomes[i] = 'x'
      else
        r[6] = 1
        redis.call('HSET', KEYS[6], key, cjson.encode(r))
        local counter = COUNTER[r[4]]
        totals.posts = redis.call('HINCRBY', KEYS[1], 'posts', -1)
        totals[counter] = redis.call('HINCRBY', KEYS[1], counter, -1)
        countries[r[1]] = redis.call('HINCRBY', KEYS[3], r[1], -1)
        if r[2] ~= '' then orgs[r[2]] = redis.call('HINCRBY', KEYS[4], r[2], -1) end
        minutes[r[3]] = redis.call('HINCRBY', KEYS[5], r[3], -1)
        if redis.call('HDEL', KEYS[8], key) == 1 then redis.call('LREM', KEYS[7], 1, key) end
        shown[key] = nil
        if not removedSet[key] then
          removedSet[key] = true
          removed[#removed + 1] = key
        end
        outcomes[i] = 'd'
      end
    end
  end
end

-- One PFCOUNT per batch, not per post.
if authorsChanged then totals.authors = redis.call('PFCOUNT', KEYS[2]) end

local posts = {}
if next(shown) then
  local onScreen = {}
  for _, key in ipairs(redis.call('LRANGE', KEYS[7], 0, -1)) do
    if shown[key] then onScreen[#onScreen + 1] = key end
  end
  if #onScreen > 0 then
    for _, json in ipairs(redis.call('HMGET', KEYS[8], unpack(onScreen))) do
      if json then posts[#posts + 1] = json end
    end
  end
end

local function object(map)
  local parts = {}
  for k, v in pairs(map) do parts[#parts + 1] = cjson.encode(k) .. ':' .. string.format('%d', v) end
  return '{' .. table.concat(parts, ',') .. '}'
end

local ts = {}
for t in pairs(minutes) do ts[#ts + 1] = t end
table.sort(ts, function(a, b) return tonumber(a) < tonumber(b) end)
local timeline = {}
for i, t in ipairs(ts) do timeline[i] = '{"t":' .. t .. ',"posts":' .. string.format('%d', minutes[t]) .. '}' end

local quoted = {}
for i, key in ipairs(removed) do quoted[i] = cjson.encode(key) end

if next(totals) or next(countries) or next(orgs) or #ts > 0 or #posts > 0 or #removed > 0 then
  local rev = redis.call('INCR', KEYS[9])
  redis.call('PUBLISH', channel, '{"rev":' .. string.format('%d', rev) .. ',"change":{"totals":' .. object(totals)
    .. ',"byCountry":' .. object(countries)
    .. ',"byOrganization":' .. object(orgs)
    .. ',"timeline":[' .. table.concat(timeline, ',') .. ']'
    .. ',"posts":[' .. table.concat(posts, ',') .. ']'
    .. ',"removed":[' .. table.concat(quoted, ',') .. ']}}')
end

return table.concat(outcomes)
`;

/**
 * Reads the whole state in one atomic step. Returns `[totals, authors, byCountry, byOrganization, timeline,
 * recent, rev]`: hashes as flat field/value arrays, `authors` as the PFCOUNT, `recent` as post JSON newest
 * first, `rev` as a number.
 */
export const SNAPSHOT_SCRIPT = `
local keys = redis.call('LRANGE', KEYS[7], 0, -1)
local recent = {}
if #keys > 0 then recent = redis.call('HMGET', KEYS[8], unpack(keys)) end
return {
  redis.call('HGETALL', KEYS[1]),
  redis.call('PFCOUNT', KEYS[2]),
  redis.call('HGETALL', KEYS[3]),
  redis.call('HGETALL', KEYS[4]),
  redis.call('HGETALL', KEYS[5]),
  recent,
  tonumber(redis.call('GET', KEYS[9]) or '0'),
}
`;
