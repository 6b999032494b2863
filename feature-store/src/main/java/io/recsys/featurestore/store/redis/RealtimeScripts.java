package io.recsys.featurestore.store.redis;

import io.lettuce.core.ScriptOutputType;

/**
 * The two Lua scripts of {@link RedisRealtimeFeatureWriter}: the user side and the item side of a batch
 * of ingested events, each applied to many entities per call. Kept apart from the writer, which builds
 * their arguments and reads their replies, so that each file reads as one thing. Immutable.
 */
final class RealtimeScripts {
  // Redis does not roll a script back when a command in it fails, so for each entity the scripts do
  // every check and every command that can fail (a key of the wrong type) before the entity's first
  // write (the user script writes its id set last; the item script undoes its markers if its count
  // fails): a failed call leaves no entity half-applied.
  // Each entity is applied under pcall: when one fails, the reply holds the results of the entities
  // before it followed by the error message (a string where a count was expected), and the entities
  // after it are left untouched. So the caller learns what the call did change (the items it
  // admitted, the counts its metrics report) even when the call fails part-way; an error reply for the
  // whole call would lose that, and re-applying finds those entities' events already marked.
  //
  // The user script also refreshes the interest mixture (InterestMixtureRule, repeated here in Lua).
  // ARGV: 1 now, 2 the prune cutoff, 3 the history cap, 4 the TTL deadline (-1: none), 5 the cluster
  // count K, 6 the tidy-up threshold (tidy when the last tidy-up is at or before it), 7 the number T of
  // interaction types, 8..7+T the α of each type by ordinal; then per user: its key count, its event
  // count n, and n quadruples (event id, history entry, the item's cluster index: -1 unknown, or a type
  // that does not move it; the stream position where the event was accepted, "ms-seq", or "" for an
  // event that did not come through the stream). α is picked by the type byte of the history entry
  // (offset 8). KEYS per user: history, id set, mixture, erasure fence, then the user's other keys.
  // An erased user's fence holds the stream position of the erasure: events accepted at or before it
  // are skipped (neither applied nor remembered), so an erasure holds against every event accepted
  // before it, however late a worker applies it. Only events not seen before move the
  // weights, so a redelivery never applies them twice. The stored vector is read (GET, which fails on
  // a wrong type) and checked before the user's first write; one that does not fit (length ≠ 4·K, a
  // negative or non-finite component, sum 0) is started again from uniform and reported as a reset.
  // Between tidy-ups, writes that may create a key give it the deadline themselves (SET ... PXAT; the
  // history when LPUSH made it), so no key is ever left without a TTL.
  static final RedisScript USER = new RedisScript("""
      local now, cutoff, cap, deadline, K = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
      local due = tonumber(ARGV[6])
      local alpha0 = 8
      local a, kk, out = alpha0 + tonumber(ARGV[7]), 1, {}
      local function applyUser(a, kk, nk, ne)
        local hist, seenKey, mixKey = KEYS[kk], KEYS[kk + 1], KEYS[kk + 2]
        local last = a + 1 + 4 * ne
        local fence, fms, fseq = redis.call('GET', KEYS[kk + 3]), 0, 0
        if fence then
          local d = string.find(fence, '-', 1, true)
          fms, fseq = tonumber(string.sub(fence, 1, d - 1)), tonumber(string.sub(fence, d + 1))
        end
        local ask = {''}
        for i = a + 2, last, 4 do ask[#ask + 1] = ARGV[i] end
        local known = redis.call('ZMSCORE', seenKey, unpack(ask))
        local head = redis.call('LINDEX', hist, 0)
        local tidy = not (known[1] and tonumber(known[1]) > due)
        if tidy then
          redis.call('ZREMRANGEBYSCORE', seenKey, '-inf', cutoff)
          known = redis.call('ZMSCORE', seenKey, unpack(ask))
        end
        local ids, entries, seen, moves = {}, {}, {}, {}
        for i = a + 2, last, 4 do
          local fenced = false
          if fence and ARGV[i + 3] ~= '' then
            local p = ARGV[i + 3]
            local d = string.find(p, '-', 1, true)
            local ms, sq = tonumber(string.sub(p, 1, d - 1)), tonumber(string.sub(p, d + 1))
            fenced = ms < fms or (ms == fms and sq <= fseq)
          end
          if not fenced and not seen[ARGV[i]] and not known[2 + (i - a - 2) / 4] then
            seen[ARGV[i]] = true
            ids[#ids + 1] = ARGV[i]; entries[#entries + 1] = ARGV[i + 1]
            local c = tonumber(ARGV[i + 2])
            if c >= 0 then
              if c >= K then error('ERR cluster ' .. c .. ' outside [0, ' .. K .. ')', 0) end
              moves[#moves + 1] = c + 1; moves[#moves + 1] = tonumber(ARGV[alpha0 + string.byte(ARGV[i + 1], 9)])
            end
          end
        end
        local reset = 0
        if #ids > 0 then
          local mix = nil
          if #moves > 0 then
            local raw = redis.call('GET', mixKey)
            local w, fits = {}, false
            if raw and string.len(raw) == 4 * K then
              fits = true
              local s = 0
              for j = 1, K do
                local x = struct.unpack('<f', raw, 4 * j - 3)
                if not (x >= 0 and x < math.huge) then fits = false end
                w[j] = x; s = s + x
              end
              if not (s > 0) then fits = false end
            end
            if not fits then
              if raw then reset = 1 end
              for j = 1, K do w[j] = 1 / K end
            end
            for m = 1, #moves, 2 do
              local c, al = moves[m], moves[m + 1]
              for j = 1, K do w[j] = (1 - al) * w[j] end
              w[c] = w[c] + al
            end
            local s = 0
            for j = 1, K do s = s + w[j] end
            local parts = {}
            for j = 1, K do parts[j] = struct.pack('<f', w[j] / s) end
            mix = table.concat(parts)
          end
          -- Event-time order, newest first: the new entries go in by timestamp (equal ones by arrival).
          -- In-order events (the rule) are one LPUSH; one older than the newest kept entry is inserted in
          -- place (LRANGE, LINSERT); one older than every entry of a full history is not kept.
          local ts, order = {}, {}
          for i = 1, #entries do ts[i] = struct.unpack('<i8', entries[i], 1); order[i] = i end
          table.sort(order, function(x, y) if ts[x] ~= ts[y] then return ts[x] < ts[y] end return x < y end)
          local headTs = head and struct.unpack('<i8', head, 1) or nil
          local push, len = {}, 0
          for _, i in ipairs(order) do
            if headTs == nil or ts[i] >= headTs then
              push[#push + 1] = entries[i]; headTs = ts[i]
            else
              local all = redis.call('LRANGE', hist, 0, -1)
              local pos = nil
              for k = 1, #all do
                if struct.unpack('<i8', all[k], 1) <= ts[i] then pos = k; break end
              end
              if pos then len = redis.call('LINSERT', hist, 'BEFORE', all[pos], entries[i])
              elseif #all < cap then len = redis.call('RPUSH', hist, entries[i]) end
            end
          end
          if #push > 0 then len = redis.call('LPUSH', hist, unpack(push)) end
          if len > cap then redis.call('LTRIM', hist, 0, cap - 1) end
          if not tidy and deadline >= 0 and not head then redis.call('PEXPIREAT', hist, deadline) end
          if mix then
            if deadline >= 0 then redis.call('SET', mixKey, mix, 'PXAT', deadline) else redis.call('SET', mixKey, mix) end
          end
          local z = {}
          for i = 1, #ids do z[2 * i - 1] = now; z[2 * i] = ids[i] end
          if tidy then z[#z + 1] = now; z[#z + 1] = '' end
          redis.call('ZADD', seenKey, unpack(z))
          if tidy and deadline >= 0 then
            for k = kk, kk + nk - 1 do redis.call('PEXPIREAT', KEYS[k], deadline) end
          end
        end
        return #ids, #moves / 2, reset
      end
      while a <= #ARGV do
        local nk, ne = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
        local ok, applied, moved, reset = pcall(applyUser, a, kk, nk, ne)
        if not ok then
          out[#out + 1] = type(applied) == 'table' and (applied.err or 'ERR') or tostring(applied)
          return out
        end
        out[#out + 1] = applied; out[#out + 1] = moved; out[#out + 1] = reset
        kk = kk + nk; a = a + 2 + 4 * ne
      end
      return out
      """, ScriptOutputType.MULTI);

  // The counters live in the 88-byte counter section of the item's packed ItemRecord (format 2, at
  // byte 3 in Lua's 1-based indexing), whose decay arithmetic (RedisCounterScript's) this repeats per
  // event. Only the header and counters are read (GETRANGE 0..97) and only the flag and counters are
  // written (SETRANGE at 1; a format-1 record left from an earlier build is rewritten whole once): the metadata and embedding, hundreds of bytes for a catalogue item, are
  // neither copied through Lua nor written to the append-only file on every event.
  // The event markers are checked and written in one command each (SET NX PXAT: set means the event is
  // new), before the counters; the one later command that can fail (INCRBY on a count that is not an
  // integer) runs under pcall, and on failure the markers just set are deleted again, so an item is
  // never left with markers for events its counters do not hold.
  // Monolith's hygiene for ids seen only in events: a record the script creates for an item that is not
  // admitted yet is provisional (flags = 3, no metadata, no embedding) and expires with the admission
  // window (PXAT, extended by each event, like the admission count); when the item is admitted the
  // record becomes permanent (PERSIST, flags = 1). Catalogue writes (putItems, putEmbeddings) and bulk
  // counters SET the whole record, which makes it permanent too. So an id that never gathers
  // `threshold` events leaves nothing behind.
  // ARGV[1..4]: the half-life, the marker deadline, the admission deadline, the admission threshold;
  // then per item its event count n and n (counter, timestamp) pairs; KEYS per item: features,
  // admission count, then the n event markers.
  static final RedisScript ITEM = new RedisScript(ItemRecord.LUA_FORMATS + """
      local h, threshold = tonumber(ARGV[1]), tonumber(ARGV[4])
      local a, kk, out = 5, 1, {}
      local function applyItem(a, kk, ne)
        local rec = redis.call('GETRANGE', KEYS[kk], 0, 97)
        local hasCounters, provisional = false, false
        if rec ~= '' then
          recordCheck(KEYS[kk], rec)
          local flags = string.byte(rec, 2)
          local m = metaAt(rec)
          hasCounters = flags ~= 0
          provisional = flags == 3 and struct.unpack('<i4', rec, m) == 0 and struct.unpack('<i4', rec, m + 4) == 0
        end
        local fresh = {}
        for k = kk + 2, kk + 1 + ne do
          if redis.call('SET', KEYS[k], '1', 'NX', 'PXAT', ARGV[2]) then fresh[#fresh + 1] = k end
        end
        if #fresh == 0 then
          return 0, 0
        else
          local v
          local changed = false
          for _, k in ipairs(fresh) do
            local j = a + 1 + (k - kk - 2) * 2
            local c = tonumber(ARGV[j]); local ts = tonumber(ARGV[j + 1])
            if c >= 0 then
              if not changed then
                changed = true
                v = hasCounters and countersOf(rec) or {0, 0, 0, 0, 0, ts, 0, 0, 0, 0, 0}
              end
              local w
              if ts >= v[6] then
                local f = 2 ^ (-(ts - v[6]) / h)
                for i = 1, 5 do v[i] = v[i] * f end
                v[6] = ts; w = 1
              else
                w = 2 ^ (-(v[6] - ts) / h)
              end
              v[c + 1] = v[c + 1] + w; v[c + 7] = v[c + 7] + 1
            end
          end
          local adm = redis.pcall('INCRBY', KEYS[kk + 1], #fresh)
          if type(adm) == 'table' and adm.err then
            for _, k in ipairs(fresh) do redis.call('DEL', KEYS[k]) end
            error(adm.err, 0)
          end
          redis.call('PEXPIREAT', KEYS[kk + 1], ARGV[3])
          local admitted = adm >= threshold
          if changed then
            local counters = packCounters(v)
            local flag = string.char((provisional and not admitted) and 3 or 1)
            if rec == '' and admitted then
              redis.call('SET', KEYS[kk], string.char(2, 1) .. counters .. string.rep('\\0', 8))
            elseif rec == '' then
              redis.call('SET', KEYS[kk], string.char(2, 3) .. counters .. string.rep('\\0', 8), 'PXAT', ARGV[3])
            elseif string.byte(rec, 1) == 1 then
              -- a format-1 record grows by the two new counters: rewritten whole, once, keeping its expiry
              local whole = redis.call('GET', KEYS[kk])
              redis.call('SET', KEYS[kk], string.char(2) .. flag .. counters .. string.sub(whole, 59), 'KEEPTTL')
            else
              redis.call('SETRANGE', KEYS[kk], 1, flag .. counters)
            end
          elseif provisional and admitted then
            redis.call('SETRANGE', KEYS[kk], 1, string.char(1))
          end
          if provisional then
            if admitted then redis.call('PERSIST', KEYS[kk]) else redis.call('PEXPIREAT', KEYS[kk], ARGV[3]) end
          end
          return #fresh, adm
        end
      end
      while a <= #ARGV do
        local ne = tonumber(ARGV[a])
        local ok, applied, count = pcall(applyItem, a, kk, ne)
        if not ok then
          out[#out + 1] = type(applied) == 'table' and (applied.err or 'ERR') or tostring(applied)
          return out
        end
        out[#out + 1] = applied; out[#out + 1] = count
        kk = kk + 2 + ne; a = a + 1 + 2 * ne
      end
      return out
      """, ScriptOutputType.MULTI);

  private RealtimeScripts() {}
}
