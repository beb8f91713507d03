/**
 * The Lua that `RedisStore` runs. Each script is atomic, so a batch or an action is applied whole or not at all.
 *
 * Every script takes the same keys, all under one hash tag (one cluster slot), in the order of
 * `SCRIPT_KEY_NAMES`; inside a script they are `K.<name>`:
 *
 * - totals: hash `posts`, `originals`, `retweets`, `replies`, `quotes`
 * - authors: HyperLogLog of `network:authorId`
 * - byCountry: hash country -> posts
 * - byOrganization: hash orgId -> posts
 * - timeline: hash minute (epoch ms) -> posts
 * - records: hash `network:id` -> JSON array of the fields `RECORD_FIELDS` names, in its order, read as
 *   `r[R.<name>]`: `[country, orgId or "", minute, kind, version, deleted 0|1, arrival, authorKey]`, and `paced`
 *   `1` when the feed's pace passed the post over (the `PostRecord` of aggregate.ts; a delete of an unknown key
 *   leaves a deleted record of the first six fields, the tombstone). `authorKey` is the first version's, which
 *   blocks are matched against.
 * - recent: list of the `network:id` keys on screen, newest arrival first, at most RECENT_LIMIT
 * - posts: hash `network:id` -> post JSON with its `arrival`, for every counted post not deleted (latest version);
 *   it starts `{"arrival":n,`, followed by `"mediaApproved":true,` once staff approved its media (`approveMedia`)
 * - rev: the store revision, one more for every batch or action that changed something
 * - arrivals: sorted set `network:id` scored by arrival, the stored posts in arrival order
 * - arrival: the last arrival rank given
 * - hidden: set of post keys hidden by staff
 * - blocked: set of blocked author keys
 * - pending: sorted set of the post keys awaiting approval, scored by arrival
 * - pinned: list of pinned post keys, newest pin first, at most PIN_LIMIT
 * - mode: `auto` (or absent) or `approve`
 * - log: list of audit log entries (JSON), newest first, at most MODERATION_LOG_LIMIT
 * - feed: hash `tokens`, `at` (ms): the live feed's pace, a token bucket (`FeedPace` in feed-pace.ts)
 * - hires: hash orgId -> hires reported
 * - blocklist: the keyword blocklist staff saved, as a JSON array; absent: the default
 * - profiles: hash blocked author key -> JSON `ModerationSubject`, who they are, as recorded at the block
 * - recount: the last recount status saved (`RecountStatus` JSON with `savedAt`, epoch ms), read by a plain GET
 * - insightHashtags, insightMentions, insightDomains, insightAuthors: sorted sets of hashtag, handle, domain and
 *   author key (`network:handle` in lower case), scored by minus their posts, so `ZRANGE 0 19` is the top 20, most
 *   first and ties by key (insight-book.ts); a member whose posts reach 0 is removed
 * - insightAuthorInfo: hash author key -> JSON of how to show them (`PostInsight.author`), as the latest post that
 *   counted them names them (a recount sets their organization again)
 * - insightLanguages, insightOrgMentions, insightOrgOffers: hashes lang -> posts, orgId -> posts that mention it,
 *   orgId -> its job offers; a field stays at 0 once there, as in byCountry
 * - risingNewest: the newest \`createdAt\` minute counted with terms (epoch ms); risingMinutes: sorted set of the
 *   minutes after risingNewest - 2 h, each with a hash \`<risingMinutes key>:<minute>\` term -> posts;
 *   risingLast, risingPrevious: hashes term -> posts in the last hour and the hour before (a field at 0 is removed);
 *   rising: sorted set of the window's terms scored by previous - last, so those below 0 are the rising ones, most
 *   first and ties by term
 *
 * - retention: the retention job's claim (`SET NX PX`), held by the node that reduces the campaign's posts
 *
 * `hires` and `blocklist` are read by plain commands and written by the settings scripts, which log the edit.
 *
 * A post is visible when it is not hidden, its author is not blocked and it is not pending. Moderation never
 * touches a counter.
 *
 * Memory, measured with 55k tweet-sized posts (MEMORY USAGE): `posts` about 620 bytes a post, `arrivals` about
 * 120, `records` about 135, so keeping every post costs about 37 MB more in Redis for a 50k-post day.
 */

import { INSIGHT_LIST_LIMIT, type PostInsight } from "@pulse/shared";

/** The keys every script takes, in order; `RedisStore` builds them from its prefix and campaign. */
export const SCRIPT_KEY_NAMES = [
  "totals",
  "authors",
  "byCountry",
  "byOrganization",
  "timeline",
  "records",
  "recent",
  "posts",
  "rev",
  "arrivals",
  "arrival",
  "hidden",
  "blocked",
  "pending",
  "pinned",
  "mode",
  "log",
  "feed",
  "hires",
  "blocklist",
  "profiles",
  "recount",
  "insightHashtags",
  "insightMentions",
  "insightDomains",
  "insightAuthors",
  "insightAuthorInfo",
  "insightLanguages",
  "insightOrgMentions",
  "insightOrgOffers",
  "risingNewest",
  "risingMinutes",
  "risingLast",
  "risingPrevious",
  "rising",
  "retention",
] as const;

/**
 * The fields of a record in `records`, in the order of its JSON array; inside a script the record `r` is read and
 * written as `r[R.<name>]`. A new field goes at the end: records already in Redis keep their layout.
 */
export const RECORD_FIELDS = ["country", "orgId", "minute", "kind", "version", "deleted", "arrival", "author", "paced", "insight"] as const;

/**
 * The fields of a post op's insight (`OP.insight`, a JSON array; `PostInsight` of post-insight.ts), read as
 * `ins[I.<name>]`: `hashtags`, `mentions`, `domains`, `terms` and `mentionedOrgs` are arrays, `authorKey` the author's
 * key, `author` the JSON of `PostInsight.author` (emptied in the copy a record keeps: a delete needs only the key),
 * `offerBy` an organization id or empty.
 */
export const INSIGHT_FIELDS = ["hashtags", "mentions", "authorKey", "author", "domains", "lang", "terms", "offerBy", "mentionedOrgs"] as const;

/** A post's insight as the apply script reads it: its fields in the order of `INSIGHT_FIELDS`. */
export function encodeInsight(insight: PostInsight): unknown[] {
  // Written out rather than mapped by name: this runs for every post at ingest. The unit test holds the order.
  return [
    insight.hashtags,
    insight.mentions,
    insight.author.key,
    JSON.stringify(insight.author),
    insight.domains,
    insight.lang,
    insight.terms,
    insight.offerBy ?? "",
    insight.mentionedOrgs,
  ];
}

/**
 * The fields of a post op of the apply script (`APPLY_SCRIPT`), in the order of its JSON array; inside the script
 * they are `op[OP.<name>]`. A delete op is `["d", key]`: the first two.
 */
export const POST_OP_FIELDS = ["type", "key", "author", "country", "orgId", "minute", "kind", "version", "argv", "hidden", "held", "insight"] as const;

/** A post op's values by field name; `encodePostOp` puts them in the order the script reads them. */
export type PostOpFields = Record<Exclude<(typeof POST_OP_FIELDS)[number], "insight">, string | number> & { insight: unknown[] };

/** One post op as the apply script reads it: its fields in the order of `POST_OP_FIELDS`. */
export function encodePostOp(fields: PostOpFields): unknown[] {
  return POST_OP_FIELDS.map((name) => fields[name]);
}

/** A Lua table of 1-based indexes by name, e.g. `{ country = 1, orgId = 2 }`. */
function luaIndexes(names: readonly string[]): string {
  return `{ ${names.map((name, i) => `${name} = ${i + 1}`).join(", ")} }`;
}

/** The helpers every script starts with. */
const PRELUDE = `
local K = { ${SCRIPT_KEY_NAMES.map((name, i) => `${name} = KEYS[${i + 1}]`).join(", ")} }
local R = ${luaIndexes(RECORD_FIELDS)}
local OP = ${luaIndexes(POST_OP_FIELDS)}
local I = ${luaIndexes(INSIGHT_FIELDS)}

local function int(n) return string.format('%d', n) end

-- The author key a block is matched against (the first version's); nil for a deleted or unknown key.
local function authorOf(key)
  local raw = redis.call('HGET', K.records, key)
  if not raw then return nil end
  local r = cjson.decode(raw)
  if r[R.deleted] == 1 then return nil end
  return r[R.author]
end

-- Where a stored post stands: hidden wins over blocked, which wins over pending.
local function stateOf(key)
  if redis.call('SISMEMBER', K.hidden, key) == 1 then return 'hidden' end
  local author = authorOf(key)
  if author and redis.call('SISMEMBER', K.blocked, author) == 1 then return 'blocked' end
  if redis.call('ZSCORE', K.pending, key) then return 'pending' end
  return 'visible'
end

-- The keys of the visible pinned posts, newest pin first.
local function visiblePinned()
  local out = {}
  for _, key in ipairs(redis.call('LRANGE', K.pinned, 0, -1)) do
    if stateOf(key) == 'visible' then out[#out + 1] = key end
  end
  return out
end

-- The stored JSON of posts, in the order of keys, as a list of strings.
local function postsOf(keys)
  local out = {}
  if #keys == 0 then return out end
  for _, json in ipairs(redis.call('HMGET', K.posts, unpack(keys))) do
    if json then out[#out + 1] = json end
  end
  return out
end

-- True when the feed's pace passed the post over: it never comes on screen.
local function isPaced(key)
  local raw = redis.call('HGET', K.records, key)
  return raw ~= false and cjson.decode(raw)[R.paced] == 1
end

local function postsJson(keys)
  return '[' .. table.concat(postsOf(keys), ',') .. ']'
end

-- Replaces audit log lines in place: a JSON array of \`[line, replacement]\` (erasure and retention rewrite what named someone).
local function replaceLogLines(pairsJson)
  local replace = {}
  local any = false
  for _, pair in ipairs(cjson.decode(pairsJson)) do
    replace[pair[1]] = pair[2]
    any = true
  end
  if not any then return end
  for i, line in ipairs(redis.call('LRANGE', K.log, 0, -1)) do
    if replace[line] then redis.call('LSET', K.log, i - 1, replace[line]) end
  end
end

-- Adds n to into[key] (a batch's tally, written once per key afterwards).
local function tally(into, key, by) into[key] = (into[key] or 0) + by end

-- A batch touches thousands of fields: each key is read and written a few hundred fields a call (HMGET, HSET,
-- ZMSCORE, ZADD), not one call a field, and below Lua's limit on unpack.
local CHUNK = 500

-- The keys of a table, in chunks of at most CHUNK.
local function chunksOf(map)
  local chunks, chunk = {}, {}
  for k in pairs(map) do
    if #chunk == CHUNK then chunks[#chunks + 1] = chunk; chunk = {} end
    chunk[#chunk + 1] = k
  end
  if #chunk > 0 then chunks[#chunks + 1] = chunk end
  return chunks
end

-- Adds deltas (field -> n) to a hash of integers, as HINCRBY each would; a field at 0 is deleted unless keepZero.
-- Returns each field's new value.
local function hashAdd(key, deltas, keepZero)
  local after = {}
  for _, fields in ipairs(chunksOf(deltas)) do
    local before = redis.call('HMGET', key, unpack(fields))
    local set, del = {}, {}
    for i, field in ipairs(fields) do
      local v = (tonumber(before[i]) or 0) + deltas[field]
      after[field] = v
      if v == 0 and not keepZero then
        if before[i] then del[#del + 1] = field end
      elseif v ~= tonumber(before[i]) then
        set[#set + 1] = field
        set[#set + 1] = int(v)
      end
    end
    if #set > 0 then redis.call('HSET', key, unpack(set)) end
    if #del > 0 then redis.call('HDEL', key, unpack(del)) end
  end
  return after
end

-- Adds counts (member -> n) to a ranked list, a sorted set scored by minus the count, as ZINCRBY each would; a member
-- left at 0 or below leaves. Returns each member's new count (0 when it left); n may be 0 to read a count.
local function rankAdd(key, deltas)
  local after = {}
  for _, members in ipairs(chunksOf(deltas)) do
    local scores = redis.call('ZMSCORE', key, unpack(members))
    local add, rem = {}, {}
    for i, member in ipairs(members) do
      local count = -(tonumber(scores[i]) or 0) + deltas[member]
      after[member] = math.max(count, 0)
      if count <= 0 then
        if scores[i] then rem[#rem + 1] = member end
      elseif deltas[member] ~= 0 then
        add[#add + 1] = -count
        add[#add + 1] = member
      end
    end
    if #add > 0 then redis.call('ZADD', key, unpack(add)) end
    if #rem > 0 then redis.call('ZREM', key, unpack(rem)) end
  end
  return after
end
`;

/**
 * The insight counting of the apply script and the insight reading of both scripts (insight-book.ts's rules):
 * `countInsight` gathers a batch's changes in Lua tables, `writeInsights` writes them once per key and returns the
 * change's `"insights"` JSON (the ranked lists whose counts moved, whole, and the map entries that moved), and
 * `insightsJson` reads everything for a snapshot.
 */
const INSIGHTS_LUA = `
local HOUR = 3600000
local LIST_LIMIT = ${INSIGHT_LIST_LIMIT}
local RANKED = {
  { name = 'hashtags', key = K.insightHashtags, field = 'tag', ins = I.hashtags },
  { name = 'mentions', key = K.insightMentions, field = 'handle', ins = I.mentions },
  { name = 'domains', key = K.insightDomains, field = 'domain', ins = I.domains },
}
local MAPS = {
  { name = 'languages', key = K.insightLanguages },
  { name = 'mentionsByOrganization', key = K.insightOrgMentions },
  { name = 'offersByOrganization', key = K.insightOrgOffers },
}

-- A batch's insight changes: counts by list and key, author infos, and rising terms by minute.
local iRanked = { hashtags = {}, mentions = {}, domains = {}, authors = {} }
local iMaps = { languages = {}, mentionsByOrganization = {}, offersByOrganization = {} }
local iAuthorInfo = {}
local iRising, iRisingNewest = {}, nil


-- Counts (by 1) or takes out (by -1) one post's insight at its minute (a string, as records keep it).
local function countInsight(ins, minute, by)
  if type(ins) ~= 'table' then return end
  for _, list in ipairs(RANKED) do
    for _, value in ipairs(ins[list.ins]) do tally(iRanked[list.name], value, by) end
  end
  local author = ins[I.authorKey]
  tally(iRanked.authors, author, by)
  if by > 0 then iAuthorInfo[author] = ins[I.author] end
  tally(iMaps.languages, ins[I.lang], by)
  for _, org in ipairs(ins[I.mentionedOrgs]) do tally(iMaps.mentionsByOrganization, org, by) end
  if ins[I.offerBy] ~= '' then tally(iMaps.offersByOrganization, ins[I.offerBy], by) end
  local terms = ins[I.terms]
  if #terms > 0 then
    local m = tonumber(minute)
    if by > 0 and (iRisingNewest == nil or m > iRisingNewest) then iRisingNewest = m end
    local bucket = iRising[m]
    if not bucket then bucket = {}; iRising[m] = bucket end
    for _, term in ipairs(terms) do tally(bucket, term, by) end
  end
end

-- The copy of an insight a record keeps: without the author's display JSON.
local function storedInsight(ins)
  if type(ins) ~= 'table' then return nil end
  ins[I.author] = ''
  return ins
end

-- The stored form of an insight as JSON, for comparing (without the author's display, which records leave out).
local function keptJson(ins)
  if type(ins) ~= 'table' then return '' end
  local info = ins[I.author]
  ins[I.author] = ''
  local json = cjson.encode(ins)
  ins[I.author] = info
  return json
end

-- A ranked list as JSON: ZRANGE of a set scored by minus the posts.
local function rankedJson(key, field)
  local flat = redis.call('ZRANGE', key, 0, LIST_LIMIT - 1, 'WITHSCORES')
  local parts = {}
  for i = 1, #flat, 2 do
    parts[#parts + 1] = '{"' .. field .. '":' .. cjson.encode(flat[i]) .. ',"posts":' .. int(-tonumber(flat[i + 1])) .. '}'
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

local function authorsJson()
  local flat = redis.call('ZRANGE', K.insightAuthors, 0, LIST_LIMIT - 1, 'WITHSCORES')
  if #flat == 0 then return '[]' end
  local keys = {}
  for i = 1, #flat, 2 do keys[#keys + 1] = flat[i] end
  local infos = redis.call('HMGET', K.insightAuthorInfo, unpack(keys))
  local parts = {}
  for i = 1, #flat, 2 do
    local key, info = flat[i], infos[(i + 1) / 2]
    local entry = '"posts":' .. int(-tonumber(flat[i + 1]))
    if info then
      local a = cjson.decode(info)
      entry = '"handle":' .. cjson.encode(a.handle) .. ',"network":' .. cjson.encode(a.network) .. ',' .. entry
      if type(a.name) == 'string' then entry = '"name":' .. cjson.encode(a.name) .. ',' .. entry end
      if type(a.orgId) == 'string' then entry = '"orgId":' .. cjson.encode(a.orgId) .. ',' .. entry end
    else
      entry = '"handle":' .. cjson.encode(string.sub(key, (string.find(key, ':', 1, true) or 0) + 1)) .. ',' .. entry
    end
    parts[#parts + 1] = '{' .. entry .. '}'
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

local function risingJson()
  local flat = redis.call('ZRANGE', K.rising, '-inf', '(0', 'BYSCORE', 'LIMIT', 0, LIST_LIMIT)
  if #flat == 0 then return '[]' end
  local last = redis.call('HMGET', K.risingLast, unpack(flat))
  local previous = redis.call('HMGET', K.risingPrevious, unpack(flat))
  local parts = {}
  for i, term in ipairs(flat) do
    parts[i] = '{"term":' .. cjson.encode(term) .. ',"lastHour":' .. int(tonumber(last[i] or '0'))
      .. ',"previousHour":' .. int(tonumber(previous[i] or '0')) .. '}'
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

local function countsJson(map)
  local parts = {}
  for k, v in pairs(map) do parts[#parts + 1] = cjson.encode(k) .. ':' .. int(v) end
  return '{' .. table.concat(parts, ',') .. '}'
end

local function flatJson(flat)
  local parts = {}
  for i = 1, #flat, 2 do parts[#parts + 1] = cjson.encode(flat[i]) .. ':' .. int(tonumber(flat[i + 1])) end
  return '{' .. table.concat(parts, ',') .. '}'
end

-- Every insight, for a snapshot.
local function insightsJson()
  local parts = {}
  for _, list in ipairs(RANKED) do parts[#parts + 1] = '"' .. list.name .. '":' .. rankedJson(list.key, list.field) end
  parts[#parts + 1] = '"authors":' .. authorsJson()
  parts[#parts + 1] = '"rising":' .. risingJson()
  for _, map in ipairs(MAPS) do parts[#parts + 1] = '"' .. map.name .. '":' .. flatJson(redis.call('HGETALL', map.key)) end
  return '{' .. table.concat(parts, ',') .. '}'
end

-- Moves the rising window's end to newest (a later minute than the one stored, if any).
local function advanceRising(hourAdd, newest, stored)
  if stored then
    local lastFrom = stored - HOUR
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', K.risingMinutes, '-inf', newest - HOUR)) do
      local m = tonumber(member)
      local wasLast = m > lastFrom
      local drop = m <= newest - 2 * HOUR
      if drop or wasLast then
        local bucketKey = K.risingMinutes .. ':' .. member
        local flat = redis.call('HGETALL', bucketKey)
        for i = 1, #flat, 2 do
          local term, n = flat[i], tonumber(flat[i + 1])
          if drop then
            if wasLast then hourAdd('last', term, -n) else hourAdd('previous', term, -n) end
          else
            hourAdd('last', term, -n)
            hourAdd('previous', term, n)
          end
        end
        if drop then
          redis.call('DEL', bucketKey)
          redis.call('ZREM', K.risingMinutes, member)
        end
      end
    end
  end
  redis.call('SET', K.risingNewest, int(newest))
  return newest
end

-- Writes the rising terms a batch counted; returns true when anything moved.
local function writeRising()
  if next(iRising) == nil then return false end
  local stored = redis.call('GET', K.risingNewest)
  local newest = stored and tonumber(stored) or nil
  -- What the batch adds to each term's hours, written once per term and hour at the end.
  local hours = {}
  local function hourAdd(which, term, n)
    local h = hours[term]
    if not h then
      h = { last = 0, previous = 0 }
      hours[term] = h
    end
    h[which] = h[which] + n
  end
  if iRisingNewest and (newest == nil or iRisingNewest > newest) then newest = advanceRising(hourAdd, iRisingNewest, newest) end
  if newest == nil then return false end
  for m, bucket in pairs(iRising) do
    if m > newest - 2 * HOUR then
      local member = int(m)
      local bucketKey = K.risingMinutes .. ':' .. member
      local which = 'previous'
      if m > newest - HOUR then which = 'last' end
      local moved = {}
      for term, n in pairs(bucket) do
        if n ~= 0 then
          moved[term] = n
          hourAdd(which, term, n)
        end
      end
      hashAdd(bucketKey, moved, false)
      if redis.call('EXISTS', bucketKey) == 1 then
        redis.call('ZADD', K.risingMinutes, m, member)
      else
        redis.call('ZREM', K.risingMinutes, member)
      end
    end
  end
  local lastBy, previousBy, moved = {}, {}, false
  for term, h in pairs(hours) do
    if h.last ~= 0 or h.previous ~= 0 then
      moved = true
      -- Both hours of a moved term are read (a 0 adds nothing), to score it by both.
      lastBy[term], previousBy[term] = h.last, h.previous
    end
  end
  if not moved then return false end
  local last, previous = hashAdd(K.risingLast, lastBy, false), hashAdd(K.risingPrevious, previousBy, false)
  -- Scored by previous minus last (most rising first); both hours at 0: the term leaves the ranking.
  local add, rem = {}, {}
  for term in pairs(lastBy) do
    if last[term] == 0 and previous[term] == 0 then
      rem[#rem + 1] = term
    else
      add[#add + 1] = previous[term] - last[term]
      add[#add + 1] = term
    end
    if #add >= 2 * CHUNK then redis.call('ZADD', K.rising, unpack(add)); add = {} end
    if #rem >= CHUNK then redis.call('ZREM', K.rising, unpack(rem)); rem = {} end
  end
  if #add > 0 then redis.call('ZADD', K.rising, unpack(add)) end
  if #rem > 0 then redis.call('ZREM', K.rising, unpack(rem)) end
  return true
end

-- Writes a batch's insight changes; returns the change's insights JSON object, or nil when nothing moved.
local function writeInsights()
  local parts = {}
  for _, list in ipairs(RANKED) do
    local moved = {}
    for member, n in pairs(iRanked[list.name]) do
      if n ~= 0 then moved[member] = n end
    end
    if next(moved) then
      rankAdd(list.key, moved)
      parts[#parts + 1] = '"' .. list.name .. '":' .. rankedJson(list.key, list.field)
    end
  end
  -- Authors: a net 0 is read too, for whether they still count and keep a name.
  local authors = rankAdd(K.insightAuthors, iRanked.authors)
  local authorsMoved, infos, gone = false, {}, {}
  for member, n in pairs(iRanked.authors) do
    if n ~= 0 then authorsMoved = true end
    if authors[member] == 0 then
      if n ~= 0 then gone[#gone + 1] = member end
    elseif iAuthorInfo[member] then
      -- Shown as the latest post that counted them names them, while they count.
      authorsMoved = true
      infos[#infos + 1] = member
      infos[#infos + 1] = iAuthorInfo[member]
    end
    if #infos >= 2 * CHUNK then redis.call('HSET', K.insightAuthorInfo, unpack(infos)); infos = {} end
    if #gone >= CHUNK then redis.call('HDEL', K.insightAuthorInfo, unpack(gone)); gone = {} end
  end
  if #infos > 0 then redis.call('HSET', K.insightAuthorInfo, unpack(infos)) end
  if #gone > 0 then redis.call('HDEL', K.insightAuthorInfo, unpack(gone)) end
  if authorsMoved then parts[#parts + 1] = '"authors":' .. authorsJson() end
  if writeRising() then parts[#parts + 1] = '"rising":' .. risingJson() end
  for _, map in ipairs(MAPS) do
    -- Even a net 0 is written: a count the batch touched exists from then on, as in the embedded store.
    if next(iMaps[map.name]) then parts[#parts + 1] = '"' .. map.name .. '":' .. countsJson(hashAdd(map.key, iMaps[map.name], true)) end
  end
  if #parts == 0 then return nil end
  return '{' .. table.concat(parts, ',') .. '}'
end
`;

/**
 * Applies a batch of ops with the rules of aggregate.ts (`applyPost`, `applyDelete`), in order. When the batch
 * changed something it bumps `rev` and publishes `{"rev", "change"}` once. Returns one letter per op:
 * `a` accepted, `u` updated, `d` deleted, `x` duplicate.
 *
 * ARGV[1]: JSON array of ops, each a post op of the fields `POST_OP_FIELDS` names (`encodePostOp`):
 * `["p", key, authorKey, country, orgId or "", minute, kind, version, argv, hidden, held]` (where `argv` is the ARGV
 * index of the post's JSON, `hidden` 1 when a new post is to arrive hidden: the keyword blocklist matched it, and
 * `held` 1 when it is to wait in the approval queue whatever the mode: its pictures need approval), or
 * `["d", key]`. ARGV[2]: the pub/sub channel.
 * ARGV[3]: RECENT_LIMIT. ARGV[4]: the feed's pace in posts a second (0: no pace). ARGV[5]: FEED_BURST.
 * ARGV[6..]: post JSON without `arrival`, stored and published verbatim after the script puts `"arrival":n` in
 * front (never re-encoded by cjson, which would turn `[]` into `{}`).
 *
 * A new post is counted whatever moderation says; it goes on screen only when visible and the feed's pace has a
 * place for it (Redis's clock times the bucket, so every node paces alike), and in approve mode it joins the queue. The published message is a `Change` with absolute values. Like `MemoryStore`, its `posts` are
 * the batch's shown posts still on screen, in screen order, and `pinned` (the visible pinned list after the
 * batch) is there when an edit or delete touched a visible pinned post.
 */
export const APPLY_SCRIPT = `${PRELUDE}${INSIGHTS_LUA}
local ops = cjson.decode(ARGV[1])
local channel = ARGV[2]
local limit = tonumber(ARGV[3])
local perSecond, burst = tonumber(ARGV[4]), tonumber(ARGV[5])
local COUNTER = { original = 'originals', retweet = 'retweets', reply = 'replies', quote = 'quotes' }

local totals, countries, orgs, minutes = {}, {}, {}, {}
-- What the batch adds to each counter, written once per field after the loop (the values above are then absolute).
local addTotals, addCountries, addOrgs, addMinutes = {}, {}, {}, {}
local shown, removed, removedSet = {}, {}, {}
local authorsChanged, pinnedChanged = false, false
local outcomes = {}
-- Mode and pins hold for the whole batch: only moderate changes them.
local approve = redis.call('GET', K.mode) == 'approve'
local pinned = {}
for _, key in ipairs(redis.call('LRANGE', K.pinned, 0, -1)) do pinned[key] = true end

-- The feed's bucket, refilled once for the batch by the time passed on Redis's clock. Its places go to the
-- batch's newest posts: the oldest candidates beyond them are passed over (\`reserveFeedPlaces\` in feed-pace.ts),
-- candidates being new keys, not hidden on arrival, not queued for approval, author not blocked.
local tokens, now, skip = 0, 0, 0
-- What the first look at each key and author found, so the main loop does not ask Redis twice: a key's record as
-- it stood before the batch (false: none), and each author's block (moderation does not change within a batch).
local recordBefore, authorBlocked = {}, {}
local function isBlocked(author)
  if authorBlocked[author] == nil then authorBlocked[author] = redis.call('SISMEMBER', K.blocked, author) == 1 end
  return authorBlocked[author]
end
if perSecond > 0 then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local saved = redis.call('HMGET', K.feed, 'tokens', 'at')
  if saved[1] then
    tokens = math.min(burst, tonumber(saved[1]) + math.max(0, now - tonumber(saved[2])) * perSecond / 1000)
  else
    tokens = burst
  end
  if not approve then
    local seen, candidates = {}, 0
    for _, op in ipairs(ops) do
      local key = op[OP.key]
      if not seen[key] then
        recordBefore[key] = redis.call('HGET', K.records, key)
        if op[OP.type] == 'p' and op[OP.hidden] ~= 1 and op[OP.held] ~= 1 and not recordBefore[key] and not isBlocked(op[OP.author]) then
          candidates = candidates + 1
        end
      end
      seen[key] = true
    end
    skip = math.max(0, candidates - math.floor(tokens))
  end
end

local function withArrival(json, arrival)
  return '{"arrival":' .. int(arrival) .. ',' .. string.sub(json, 2)
end

for i, op in ipairs(ops) do
  local key = op[OP.key]
  -- The first op on a key sees the record as it stood before the batch; a later one reads what the batch wrote.
  local raw = recordBefore[key]
  if raw == nil then
    raw = redis.call('HGET', K.records, key)
  else
    recordBefore[key] = nil
  end
  if op[OP.type] == 'p' then
    local version = op[OP.version]
    if raw then
      local r = cjson.decode(raw)
      if r[R.deleted] == 1 or version <= r[R.version] then
        outcomes[i] = 'x'
      else
        r[R.version] = version
        -- The insights follow the latest version: the old one's terms leave, the new one's come (an edit that adds
        -- what the old version added moves nothing, and publishes nothing for it, as in the embedded store).
        if keptJson(op[OP.insight]) ~= keptJson(r[R.insight]) then
          countInsight(r[R.insight], r[R.minute], -1)
          countInsight(op[OP.insight], r[R.minute], 1)
          r[R.insight] = storedInsight(op[OP.insight])
        end
        redis.call('HSET', K.records, key, cjson.encode(r))
        -- An edit keeps its arrival; it shows where the post is on screen, in place.
        if r[R.arrival] and redis.call('HEXISTS', K.posts, key) == 1 then
          redis.call('HSET', K.posts, key, withArrival(ARGV[op[OP.argv]], r[R.arrival]))
          if redis.call('LPOS', K.recent, key) then shown[key] = true end
          if pinned[key] and stateOf(key) == 'visible' then pinnedChanged = true end
        end
        outcomes[i] = 'u'
      end
    else
      local author, country, org, minute, kind = op[OP.author], op[OP.country], op[OP.orgId], op[OP.minute], op[OP.kind]
      local counter = COUNTER[kind]
      local arrival = redis.call('INCR', K.arrival)
      -- Where the new post goes, decided first so its record is written once: hidden (the blocklist matched),
      -- the approval queue, off screen (author blocked), passed over by the feed's pace, or on screen.
      local place = 'feed'
      if op[OP.hidden] == 1 then
        place = 'hidden'
      elseif approve or op[OP.held] == 1 then
        place = 'pending'
      elseif isBlocked(author) then
        place = 'blocked'
      elseif perSecond > 0 then
        if skip > 0 then
          skip = skip - 1
          place = 'paced'
        elseif tokens < 1 then
          place = 'paced'
        else
          tokens = tokens - 1
        end
      end
      -- Placed by R (a name R does not know is a nil index, an error), without a table of names built per post.
      local record = {
        [R.country] = country, [R.orgId] = org, [R.minute] = minute, [R.kind] = kind, [R.version] = version,
        [R.deleted] = 0, [R.arrival] = arrival, [R.author] = author,
      }
      if place == 'paced' then record[R.paced] = 1 end
      countInsight(op[OP.insight], minute, 1)
      record[R.insight] = storedInsight(op[OP.insight])
      redis.call('HSET', K.records, key, cjson.encode(record))
      tally(addTotals, 'posts', 1)
      tally(addTotals, counter, 1)
      if redis.call('PFADD', K.authors, author) == 1 then authorsChanged = true end
      tally(addCountries, country, 1)
      if org ~= '' then tally(addOrgs, org, 1) end
      tally(addMinutes, minute, 1)
      redis.call('HSET', K.posts, key, withArrival(ARGV[op[OP.argv]], arrival))
      redis.call('ZADD', K.arrivals, arrival, key)
      if place == 'hidden' then
        -- Counted, never shown, and out of the queue, as a hide.
        redis.call('SADD', K.hidden, key)
      elseif place == 'pending' then
        redis.call('ZADD', K.pending, arrival, key)
      elseif place == 'feed' then
        local length = redis.call('LPUSH', K.recent, key)
        if length > limit then redis.call('LTRIM', K.recent, 0, limit - 1) end
        shown[key] = true
      end
      outcomes[i] = 'a'
    end
  else
    if not raw then
      -- A tombstone: the post is not counted if it arrives after its delete.
      local tombstone = {
        [R.country] = 'unknown', [R.orgId] = '', [R.minute] = '0', [R.kind] = 'original', [R.version] = 0, [R.deleted] = 1,
      }
      redis.call('HSET', K.records, key, cjson.encode(tombstone))
      outcomes[i] = 'd'
    else
      local r = cjson.decode(raw)
      if r[R.deleted] == 1 then
        outcomes[i] = 'x'
      else
        if pinned[key] and stateOf(key) == 'visible' then pinnedChanged = true end
        r[R.deleted] = 1
        countInsight(r[R.insight], r[R.minute], -1)
        r[R.insight] = nil
        redis.call('HSET', K.records, key, cjson.encode(r))
        local counter = COUNTER[r[R.kind]]
        tally(addTotals, 'posts', -1)
        tally(addTotals, counter, -1)
        local country, org, minute = r[R.country], r[R.orgId], r[R.minute]
        tally(addCountries, country, -1)
        if org ~= '' then tally(addOrgs, org, -1) end
        tally(addMinutes, minute, -1)
        -- The post is gone for good, so are staff decisions about it. Recent is not refilled.
        redis.call('LREM', K.recent, 1, key)
        redis.call('HDEL', K.posts, key)
        redis.call('ZREM', K.arrivals, key)
        redis.call('ZREM', K.pending, key)
        redis.call('SREM', K.hidden, key)
        if pinned[key] then
          redis.call('LREM', K.pinned, 0, key)
          pinned[key] = nil
        end
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

if perSecond > 0 then redis.call('HSET', K.feed, 'tokens', tostring(tokens), 'at', int(now)) end

-- Even a net 0 is written, as HINCRBY would: a counter the batch touched is in the change.
totals, countries, orgs, minutes = hashAdd(K.totals, addTotals, true), hashAdd(K.byCountry, addCountries, true),
  hashAdd(K.byOrganization, addOrgs, true), hashAdd(K.timeline, addMinutes, true)
-- One PFCOUNT per batch, not per post.
if authorsChanged then totals.authors = redis.call('PFCOUNT', K.authors) end

local onScreen = {}
if next(shown) then
  for _, key in ipairs(redis.call('LRANGE', K.recent, 0, -1)) do
    if shown[key] then onScreen[#onScreen + 1] = key end
  end
end
local posts = postsOf(onScreen)

local function object(map)
  local parts = {}
  for k, v in pairs(map) do parts[#parts + 1] = cjson.encode(k) .. ':' .. int(v) end
  return '{' .. table.concat(parts, ',') .. '}'
end

local ts = {}
for t in pairs(minutes) do ts[#ts + 1] = t end
table.sort(ts, function(a, b) return tonumber(a) < tonumber(b) end)
local timeline = {}
for i, t in ipairs(ts) do timeline[i] = '{"t":' .. t .. ',"posts":' .. int(minutes[t]) .. '}' end

local quoted = {}
for i, key in ipairs(removed) do quoted[i] = cjson.encode(key) end

local insights = writeInsights()

if next(totals) or next(countries) or next(orgs) or #ts > 0 or #posts > 0 or #removed > 0 or pinnedChanged or insights then
  local rev = redis.call('INCR', K.rev)
  local pinnedPart = ''
  if pinnedChanged then pinnedPart = ',"pinned":' .. postsJson(visiblePinned()) end
  if insights then pinnedPart = pinnedPart .. ',"insights":' .. insights end
  redis.call('PUBLISH', channel, '{"rev":' .. int(rev) .. ',"change":{"totals":' .. object(totals)
    .. ',"byCountry":' .. object(countries)
    .. ',"byOrganization":' .. object(orgs)
    .. ',"timeline":[' .. table.concat(timeline, ',') .. ']'
    .. ',"posts":[' .. table.concat(posts, ',') .. ']'
    .. ',"removed":[' .. table.concat(quoted, ',') .. ']' .. pinnedPart .. '}}')
end

return table.concat(outcomes)
`;

/**
 * Applies one moderation action with the rules of moderation.ts (`moderate`), records it in the audit log and,
 * when it changed something, bumps `rev` and publishes the change: `removed` and `posts` are the difference
 * between the old `recent` and the `RECENT_LIMIT` newest visible posts by arrival that the feed's pace let through
 * (posts it passed over stay off screen), `pinned` is there when the
 * visible pinned list changed. Counters are never touched.
 *
 * ARGV[1]: the action as JSON (checked by `ModerationActionSchema` before). ARGV[2]: the channel. ARGV[3]:
 * RECENT_LIMIT. ARGV[4]: PIN_LIMIT. ARGV[5]: the audit log entry as a JSON object without `rev`. ARGV[6]:
 * MODERATION_LOG_LIMIT. ARGV[7]: who a block is about (JSON `ModerationSubject`), or empty. Returns
 * `[outcome, rev]`, outcome `changed`, `unchanged` or `not_found`. A `setMode` with `held` `release` approves
 * every pending post too. `approveMedia` and `unapproveMedia` put `"mediaApproved":true,` after the stored post's
 * arrival, or take it out (a post without media: `unchanged`), and publish the post where it is on screen.
 */
export const MODERATE_SCRIPT = `${PRELUDE}
local action = cjson.decode(ARGV[1])
local channel, limit, pinLimit = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local kind = action.type
local function currentRev() return tonumber(redis.call('GET', K.rev) or '0') end

local pinnedBefore = visiblePinned()
local changed, rebuild = false, true
-- A post whose stored JSON this action replaced (a media approval): sent again where it is on screen.
local replaced = nil
if kind == 'setMode' then
  changed = (redis.call('GET', K.mode) or 'auto') ~= action.mode
  redis.call('SET', K.mode, action.mode)
  rebuild = false
  -- Releasing approves every held post at once; they come on screen in their places by arrival.
  if action.held == 'release' and redis.call('ZCARD', K.pending) > 0 then
    redis.call('DEL', K.pending)
    changed, rebuild = true, true
  end
elseif kind == 'block' then
  changed = redis.call('SADD', K.blocked, action.author) == 1
  if changed and ARGV[7] ~= '' then redis.call('HSET', K.profiles, action.author, ARGV[7]) end
elseif kind == 'unblock' then
  changed = redis.call('SREM', K.blocked, action.author) == 1
  redis.call('HDEL', K.profiles, action.author)
else
  local key = action.key
  if redis.call('HEXISTS', K.posts, key) == 0 then return { 'not_found', currentRev() } end
  if kind == 'hide' then
    changed = redis.call('SADD', K.hidden, key) == 1
    -- A hidden post leaves the approval queue: staff have decided about it.
    redis.call('ZREM', K.pending, key)
  elseif kind == 'unhide' then
    changed = redis.call('SREM', K.hidden, key) == 1
  elseif kind == 'approve' then
    changed = redis.call('ZREM', K.pending, key) == 1
  elseif kind == 'approveMedia' or kind == 'unapproveMedia' then
    -- Only a post with media; the flag sits right after the arrival the apply script puts in front.
    local json = redis.call('HGET', K.posts, key)
    local media = cjson.decode(json).media
    local approved = string.find(json, '^{"arrival":%d+,"mediaApproved":true,') ~= nil
    local approve = kind == 'approveMedia'
    changed = type(media) == 'table' and #media > 0 and approved ~= approve
    if changed then
      if approve then
        json = (string.gsub(json, '^{"arrival":(%d+),', '{"arrival":%1,"mediaApproved":true,', 1))
      else
        json = (string.gsub(json, '^({"arrival":%d+,)"mediaApproved":true,', '%1', 1))
      end
      redis.call('HSET', K.posts, key, json)
      replaced = key
    end
    rebuild = false
  elseif kind == 'pin' then
    changed = not redis.call('LPOS', K.pinned, key)
    if changed then
      redis.call('LPUSH', K.pinned, key)
      redis.call('LTRIM', K.pinned, 0, pinLimit - 1)
    end
    rebuild = false
  elseif kind == 'unpin' then
    changed = redis.call('LREM', K.pinned, 0, key) > 0
    rebuild = false
  else
    return redis.error_reply('unknown moderation action ' .. tostring(kind))
  end
end
if not changed then return { 'unchanged', currentRev() } end

local shownKeys, removed = {}, {}
if rebuild then
  local before, beforeSet = redis.call('LRANGE', K.recent, 0, -1), {}
  for _, key in ipairs(before) do beforeSet[key] = true end
  -- The newest visible posts by arrival, read newest first in pages until the window is full.
  local after, afterSet, from = {}, {}, 0
  while #after < limit do
    local page = redis.call('ZREVRANGE', K.arrivals, from, from + 199)
    if #page == 0 then break end
    for _, key in ipairs(page) do
      if stateOf(key) == 'visible' and not isPaced(key) then
        after[#after + 1] = key
        afterSet[key] = true
        if #after >= limit then break end
      end
    end
    from = from + 200
  end
  for _, key in ipairs(after) do
    if not beforeSet[key] then shownKeys[#shownKeys + 1] = key end
  end
  for _, key in ipairs(before) do
    if not afterSet[key] then removed[#removed + 1] = cjson.encode(key) end
  end
  redis.call('DEL', K.recent)
  if #after > 0 then redis.call('RPUSH', K.recent, unpack(after)) end
end
if replaced and redis.call('LPOS', K.recent, replaced) then shownKeys[#shownKeys + 1] = replaced end

local pinnedAfter = visiblePinned()
local pinnedPart = ''
local pinnedReplaced = replaced and redis.call('LPOS', K.pinned, replaced) and stateOf(replaced) == 'visible'
if pinnedReplaced or table.concat(pinnedAfter, '\\n') ~= table.concat(pinnedBefore, '\\n') then
  pinnedPart = ',"pinned":' .. postsJson(pinnedAfter)
end

local rev = redis.call('INCR', K.rev)
redis.call('PUBLISH', channel, '{"rev":' .. int(rev)
  .. ',"change":{"totals":{},"byCountry":{},"byOrganization":{},"timeline":[]'
  .. ',"posts":' .. postsJson(shownKeys)
  .. ',"removed":[' .. table.concat(removed, ',') .. ']' .. pinnedPart .. '}}')
redis.call('LPUSH', K.log, string.sub(ARGV[5], 1, -2) .. ',"rev":' .. int(rev) .. '}')
redis.call('LTRIM', K.log, 0, tonumber(ARGV[6]) - 1)
return { 'changed', rev }
`;

/**
 * Reads the whole state in one atomic step. Returns `[totals, authors, byCountry, byOrganization, timeline,
 * recent, rev, pinned, insights]`: hashes as flat field/value arrays, `authors` as the PFCOUNT, `recent` as post JSON
 * newest first, `rev` as a number, `pinned` as the JSON of the visible pinned posts, newest pin first, `insights`
 * the JSON of `InsightsState`.
 */
export const SNAPSHOT_SCRIPT = `${PRELUDE}${INSIGHTS_LUA}
return {
  redis.call('HGETALL', K.totals),
  redis.call('PFCOUNT', K.authors),
  redis.call('HGETALL', K.byCountry),
  redis.call('HGETALL', K.byOrganization),
  redis.call('HGETALL', K.timeline),
  postsOf(redis.call('LRANGE', K.recent, 0, -1)),
  tonumber(redis.call('GET', K.rev) or '0'),
  postsOf(visiblePinned()),
  insightsJson(),
}
`;

/**
 * Reads what staff decided. ARGV[1]: QUEUE_LIMIT. Returns `[mode, hidden, pinned, blocked, queue, queued,
 * profiles]`: `queue` is the JSON of the oldest pending posts whose author is not blocked, at most QUEUE_LIMIT,
 * `queued` the number of pending posts in all, `profiles` the blocked authors' profiles as a flat field/value array.
 */
export const MODERATION_STATE_SCRIPT = `${PRELUDE}
local limit = tonumber(ARGV[1])
local queue, from = {}, 0
while #queue < limit do
  local page = redis.call('ZRANGE', K.pending, from, from + 199)
  if #page == 0 then break end
  for _, key in ipairs(page) do
    local author = authorOf(key)
    if not (author and redis.call('SISMEMBER', K.blocked, author) == 1) then
      queue[#queue + 1] = key
      if #queue >= limit then break end
    end
  end
  from = from + 200
end
return {
  redis.call('GET', K.mode) or 'auto',
  redis.call('SMEMBERS', K.hidden),
  redis.call('LRANGE', K.pinned, 0, -1),
  redis.call('SMEMBERS', K.blocked),
  postsOf(queue),
  redis.call('ZCARD', K.pending),
  redis.call('HGETALL', K.profiles),
}
`;

/**
 * Reads stored posts in arrival order with their flags, one page at a time. ARGV[1]: the arrival to start
 * after (0 for the first page). ARGV[2]: the page size. Returns a flat array: how many keys were read, the
 * last arrival read (where the next page starts), then six entries a post: `arrival, json, hidden, blocked,
 * pending, pinned` (flags 0|1).
 */
export const PAGE_SCRIPT = `${PRELUDE}
local page = redis.call('ZRANGE', K.arrivals, '(' .. ARGV[1], '+inf', 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]), 'WITHSCORES')
local pinned = {}
for _, key in ipairs(redis.call('LRANGE', K.pinned, 0, -1)) do pinned[key] = true end
local out = { #page / 2, tonumber(page[#page] or ARGV[1]) }
for i = 1, #page, 2 do
  local key = page[i]
  local json = redis.call('HGET', K.posts, key)
  if json then
    local author = authorOf(key)
    out[#out + 1] = tonumber(page[i + 1])
    out[#out + 1] = json
    out[#out + 1] = redis.call('SISMEMBER', K.hidden, key)
    out[#out + 1] = (author and redis.call('SISMEMBER', K.blocked, author)) or 0
    out[#out + 1] = redis.call('ZSCORE', K.pending, key) and 1 or 0
    out[#out + 1] = pinned[key] and 1 or 0
  end
end
return out
`;

/** Reads one stored post and its flags. ARGV[1]: the post key. Returns `[json, hidden, blocked, pending, pinned]`, or `[]`. */
export const POST_SCRIPT = `${PRELUDE}
local key = ARGV[1]
local json = redis.call('HGET', K.posts, key)
if not json then return {} end
local author = authorOf(key)
return {
  json,
  redis.call('SISMEMBER', K.hidden, key),
  (author and redis.call('SISMEMBER', K.blocked, author)) or 0,
  redis.call('ZSCORE', K.pending, key) and 1 or 0,
  redis.call('LPOS', K.pinned, key) and 1 or 0,
}
`;

/**
 * Appends a settings edit to the audit log at the current `rev`, which settings edits do not move. `head` is the
 * entry's JSON object without `action` and `rev` (`{"at":…,"actor":…}`); `action` is the action's JSON.
 */
const LOG_EDIT = `
local function logEdit(head, action, logLimit)
  local rev = tonumber(redis.call('GET', K.rev) or '0')
  redis.call('LPUSH', K.log, string.sub(head, 1, -2) .. ',"action":' .. action .. ',"rev":' .. int(rev) .. '}')
  redis.call('LTRIM', K.log, 0, logLimit - 1)
end
`;

/**
 * Sets the hires an organization reports and logs a `setHires` entry with the value it replaces (`null` when none
 * was reported); the same value again changes and logs nothing. No `rev` bump, nothing published.
 *
 * ARGV[1]: the organization id. ARGV[2]: the hires, an integer ≥ 0 written in decimal (checked before).
 * ARGV[3]: the entry's head, `{"at":…,"actor":…}`. ARGV[4]: MODERATION_LOG_LIMIT. Returns 1 when changed, else 0.
 */
export const SET_HIRES_SCRIPT = `${PRELUDE}${LOG_EDIT}
local orgId, hires = ARGV[1], ARGV[2]
local previous = redis.call('HGET', K.hires, orgId)
if previous == hires then return 0 end
redis.call('HSET', K.hires, orgId, hires)
local before = previous and tonumber(previous)
logEdit(ARGV[3], '{"type":"setHires","orgId":' .. cjson.encode(orgId) .. ',"hires":' .. hires
  .. ',"previous":' .. (before and int(before) or 'null') .. '}', tonumber(ARGV[4]))
return 1
`;

/**
 * Saves the keyword blocklist and logs a `setBlocklist` entry: how many entries it holds, and those added and
 * removed (as `blocklistChanges` in moderation.ts) against the list saved before, or the default list when none was
 * saved or the saved one is malformed. Saving the very same JSON again changes and logs nothing. No `rev` bump,
 * nothing published.
 *
 * ARGV[1]: the list as a JSON array of strings. ARGV[2]: the default list, the same way. ARGV[3]: the entry's
 * head, `{"at":…,"actor":…}`. ARGV[4]: MODERATION_LOG_LIMIT. Returns 1 when changed, else 0.
 */
export const SET_BLOCKLIST_SCRIPT = `${PRELUDE}${LOG_EDIT}
local json = ARGV[1]
local saved = redis.call('GET', K.blocklist)
if saved == json then return 0 end
local after = cjson.decode(json)
local before = cjson.decode(ARGV[2])
if saved then
  local ok, decoded = pcall(cjson.decode, saved)
  if ok and type(decoded) == 'table' then before = decoded end
end

-- The entries of one list missing from the other, each once, quoted as JSON strings (cjson would write [] as {}).
local function only(from, other)
  local seen, out = {}, {}
  for _, word in ipairs(other) do seen[word] = true end
  for _, word in ipairs(from) do
    if type(word) == 'string' and not seen[word] then
      seen[word] = true
      out[#out + 1] = cjson.encode(word)
    end
  end
  return '[' .. table.concat(out, ',') .. ']'
end

redis.call('SET', K.blocklist, json)
logEdit(ARGV[3], '{"type":"setBlocklist","words":' .. int(#after) .. ',"added":' .. only(after, before)
  .. ',"removed":' .. only(before, after) .. '}', tonumber(ARGV[4]))
return 1
`;

/**
 * Moves stored posts to a new country and organization, and to a new insight (a recount; `Store.reattribute`).
 * ARGV[1]: a JSON array of `[key, country, orgId or "", postJson, newPostJson, authorKey, authorJson, insight?]`: the
 * post as the caller read it and as it should now be stored, its poster as the insights show them, and what it adds
 * to the insights now (`encodeInsight`; absent: the record keeps its own). ARGV[2]: the channel. A key not counted
 * or deleted is skipped; one whose record already has this attribution and insight changes nothing. The counters
 * and the record move whatever the post became meanwhile; the stored post is replaced only if it is still the one
 * read (an edit that came between keeps its own JSON). Publishes `byCountry`, `byOrganization`, the moved posts on
 * screen, the insights that moved and, when a pinned post moved, `pinned`, with the next `rev`. Returns how many
 * posts it moved (a key given twice may move twice).
 */
export const REATTRIBUTE_SCRIPT = `${PRELUDE}${INSIGHTS_LUA}
local entries = cjson.decode(ARGV[1])
local countries, orgs, moved, movedSet, pinnedChanged = {}, {}, {}, {}, false
-- The JSON this call wrote for a key: a key given twice was read once, before the first write.
local wrote = {}
local moves = 0
for _, e in ipairs(entries) do
  local key, country, org, read, json, authorKey, authorInfo, ins = e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8]
  local raw = redis.call('HGET', K.records, key)
  if raw then
    local r = cjson.decode(raw)
    local attributed = r[R.country] ~= country or r[R.orgId] ~= org
    -- The insight as a fresh ingest would read it: the old one's counts leave, the new one's come.
    local reread = type(ins) == 'table' and keptJson(ins) ~= keptJson(r[R.insight])
    if r[R.deleted] ~= 1 and (attributed or reread) then
      if reread then
        countInsight(r[R.insight], r[R.minute], -1)
        countInsight(ins, r[R.minute], 1)
        r[R.insight] = storedInsight(ins)
      end
      if attributed then
        tally(countries, r[R.country], -1)
        tally(countries, country, 1)
        if r[R.orgId] ~= '' then tally(orgs, r[R.orgId], -1) end
        if org ~= '' then tally(orgs, org, 1) end
        r[R.country], r[R.orgId] = country, org
        local current = redis.call('HGET', K.posts, key)
        if current == read or current == wrote[key] then
          redis.call('HSET', K.posts, key, json)
          wrote[key] = json
        end
        -- The author is shown with the organization the recount gives them, while they count.
        iAuthorInfo[authorKey] = authorInfo
        tally(iRanked.authors, authorKey, 0)
        if not movedSet[key] then moved[#moved + 1] = key end
        movedSet[key] = true
        if redis.call('LPOS', K.pinned, key) then pinnedChanged = true end
      end
      redis.call('HSET', K.records, key, cjson.encode(r))
      moves = moves + 1
    end
  end
end
if moves == 0 then return 0 end
-- Even a net 0 is written, as HINCRBY would: a counter the call touched is in the change.
countries, orgs = hashAdd(K.byCountry, countries, true), hashAdd(K.byOrganization, orgs, true)
local insights = writeInsights()

local function object(map)
  local parts = {}
  for k, v in pairs(map) do parts[#parts + 1] = cjson.encode(k) .. ':' .. int(v) end
  return '{' .. table.concat(parts, ',') .. '}'
end

local onScreen = {}
for _, key in ipairs(redis.call('LRANGE', K.recent, 0, -1)) do
  if movedSet[key] then onScreen[#onScreen + 1] = key end
end
local rev = redis.call('INCR', K.rev)
local pinnedPart = ''
if pinnedChanged then pinnedPart = ',"pinned":' .. postsJson(visiblePinned()) end
redis.call('PUBLISH', ARGV[2], '{"rev":' .. int(rev) .. ',"change":{"totals":{}'
  .. ',"byCountry":' .. object(countries)
  .. ',"byOrganization":' .. object(orgs)
  .. ',"timeline":[],"posts":' .. postsJson(onScreen) .. ',"removed":[]' .. pinnedPart
  .. (insights and (',"insights":' .. insights) or '') .. '}}')
return moves
`;

/**
 * Saves the recount status. ARGV[1]: the status JSON with `savedAt`. ARGV[2]: now (epoch ms). ARGV[3]: `1` to
 * claim: then a `running` status saved less than ARGV[4] ms ago holds, nothing is saved and it returns 0. Else 1.
 */
export const SAVE_RECOUNT_SCRIPT = `${PRELUDE}
local raw = redis.call('GET', K.recount)
if ARGV[3] == '1' and raw then
  local ok, held = pcall(cjson.decode, raw)
  if ok and type(held) == 'table' and held.state == 'running' and tonumber(ARGV[2]) - (tonumber(held.savedAt) or 0) < tonumber(ARGV[4]) then
    return 0
  end
end
redis.call('SET', K.recount, ARGV[1])
return 1
`;

/**
 * Logs a settings edit made outside the store (`Store.logEdit`: a campaign edit, a recount). ARGV[1]: the entry's
 * head, `{"at":…,"actor":…}`. ARGV[2]: the edit's JSON. ARGV[3]: MODERATION_LOG_LIMIT. No `rev` bump, nothing published.
 */
export const LOG_EDIT_SCRIPT = `${PRELUDE}${LOG_EDIT}
logEdit(ARGV[1], ARGV[2], tonumber(ARGV[3]))
return 1
`;

/**
 * The second half of an erasure (`Store.eraseAuthor`), after the author's posts went through the apply script's
 * delete path: what still names them goes. ARGV[1]: a JSON array of post keys whose deleted records become id-only
 * tombstones (a record not deleted is left: it is no erased post's). ARGV[2]: a JSON array of author keys whose block
 * profile goes. ARGV[3]: a JSON array of `[line, replacement]` audit log lines; each line still in the log as it
 * was read is replaced. ARGV[4]: the `eraseAuthor` entry's head, `{"at":…,"actor":…}`, or empty for no entry.
 * ARGV[5]: the entry's action JSON. ARGV[6]: MODERATION_LOG_LIMIT. No `rev` bump, nothing published. Returns 1.
 */
export const ERASE_SCRIPT = `${PRELUDE}${LOG_EDIT}
for _, key in ipairs(cjson.decode(ARGV[1])) do
  local raw = redis.call('HGET', K.records, key)
  if raw then
    local r = cjson.decode(raw)
    if r[R.deleted] == 1 then
      local tombstone = {
        [R.country] = 'unknown', [R.orgId] = '', [R.minute] = '0', [R.kind] = 'original', [R.version] = r[R.version] or 0, [R.deleted] = 1,
      }
      redis.call('HSET', K.records, key, cjson.encode(tombstone))
    end
  end
end
for _, author in ipairs(cjson.decode(ARGV[2])) do redis.call('HDEL', K.profiles, author) end
replaceLogLines(ARGV[3])
if ARGV[4] ~= '' then logEdit(ARGV[4], ARGV[5], tonumber(ARGV[6])) end
return 1
`;

/**
 * Retention (`Store.reduceForRetention`): writes reduced posts and drops the names the insights show. ARGV[1]: a
 * JSON array of `[key, postJson, reducedJson]`; a post is replaced only if it is still the one read (an edit that
 * came between keeps its own, and the next run reduces it). ARGV[2]: `1` on the last call of a run, which also drops
 * the posters' names in the insights and replaces the lines of ARGV[3] (`[line, reduced]` audit log lines) and the
 * profiles of ARGV[4] (`[author, json, reduced]`) that are still as read. Returns how many posts were replaced.
 */
export const REDUCE_SCRIPT = `${PRELUDE}
local replaced = 0
for _, e in ipairs(cjson.decode(ARGV[1])) do
  if redis.call('HGET', K.posts, e[1]) == e[2] then
    redis.call('HSET', K.posts, e[1], e[3])
    replaced = replaced + 1
  end
end
if ARGV[2] == '1' then
  local infos = redis.call('HGETALL', K.insightAuthorInfo)
  for i = 1, #infos, 2 do
    local info = cjson.decode(infos[i + 1])
    if info.name ~= nil then
      info.name = nil
      redis.call('HSET', K.insightAuthorInfo, infos[i], cjson.encode(info))
    end
  end
  replaceLogLines(ARGV[3])
  for _, e in ipairs(cjson.decode(ARGV[4])) do
    if redis.call('HGET', K.profiles, e[1]) == e[2] then redis.call('HSET', K.profiles, e[1], e[3]) end
  end
end
return replaced
`;
