package io.recsys.featurestore.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.featurestore.store.KeyLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The type record {@code <namespace>:types}: a hash from every event-type name the ingestion service has
 * accepted ({@code pv}, {@code view}, ...; lower case) to the platform type it counted those events as
 * ({@code click}). Stored histories and counters keep only the platform type, so remapping a name —
 * {@code pv} counted as a click until yesterday, as a favourite from today — would silently mix two
 * meanings in every counter and history the name has touched. The service therefore records its
 * registry at start and refuses to start when the registry maps a recorded name to another type,
 * unless the operator names it in {@link #ENV_ACCEPT_REMAP} (then the record takes the new type).
 * New names are recorded; names left out of the registry stay recorded, so bringing one back under
 * another type is refused too. Changing a name's weight or positive flag is allowed: neither is stored.
 *
 * <p>Check and write are one Lua call: either every name is recorded or, on a conflict, nothing is.
 * Stateless and thread-safe.
 */
public final class RedisTypeRecord {
  /** Comma-separated names whose remapping the operator accepts (the stored meaning changes from now on). */
  public static final String ENV_ACCEPT_REMAP = "RECSYS_TYPES_ACCEPT_REMAP";

  // ARGV: the accepted remaps count A, the A names, then name/type pairs. Returns the conflicts as
  // name, recorded type, new type triples (nothing written), or an empty list (all recorded).
  private static final RedisScript RECORD = new RedisScript("""
      local accept, a = {}, tonumber(ARGV[1])
      for i = 2, 1 + a do accept[ARGV[i]] = true end
      local conflicts = {}
      for i = 2 + a, #ARGV, 2 do
        local old = redis.call('HGET', KEYS[1], ARGV[i])
        if old and old ~= ARGV[i + 1] and not accept[ARGV[i]] then
          conflicts[#conflicts + 1] = ARGV[i]; conflicts[#conflicts + 1] = old; conflicts[#conflicts + 1] = ARGV[i + 1]
        end
      end
      if #conflicts > 0 then return conflicts end
      for i = 2 + a, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
      return conflicts
      """, ScriptOutputType.MULTI);

  private RedisTypeRecord() {}

  /** Thrown when the registry remaps a name whose events are already stored under another type. */
  public static final class RemapRefusedException extends IllegalStateException {
    RemapRefusedException(String message) {
      super(message);
    }
  }

  /**
   * Records {@code registry}'s names, or refuses every one of them when a recorded name would change type.
   *
   * @param acceptRemaps names (any case) whose change of type the operator accepts
   * @throws RemapRefusedException naming each conflicting name, its recorded and new type, and the ways out
   */
  public static void verifyOrRecord(RedisConnection redis, KeyLayout layout, EventTypeRegistry registry, Set<String> acceptRemaps) {
    List<byte[]> args = new ArrayList<>();
    args.add(RedisScript.arg(acceptRemaps.size()));
    for (String name : acceptRemaps) args.add(RedisScript.arg(EventTypeRegistry.key(name)));
    for (EventTypeRegistry.Alias alias : registry.aliases()) {
      args.add(RedisScript.arg(EventTypeRegistry.key(alias.name())));
      args.add(RedisScript.arg(alias.type().wireName()));
    }
    String key = layout.typesKey();
    List<Object> conflicts = RECORD.run(redis, new String[] {key}, args.toArray(byte[][]::new));
    if (conflicts.isEmpty()) return;
    StringBuilder m = new StringBuilder("the event-type registry remaps names whose events are already stored (")
        .append(redis).append(" key ").append(key).append("):");
    List<String> names = new ArrayList<>();
    for (int i = 0; i + 2 < conflicts.size(); i += 3) {
      String name = RedisScript.text(conflicts.get(i));
      names.add(name);
      m.append(" '").append(name).append("' was counted as ").append(RedisScript.text(conflicts.get(i + 1)))
          .append(", the registry now says ").append(RedisScript.text(conflicts.get(i + 2))).append(';');
    }
    m.append(" stored histories and counters keep the platform type, so a remap would mix two meanings in them."
        + " Keep the old mapping (add a new name for the new meaning), or accept the remap from now on with ")
        .append(ENV_ACCEPT_REMAP).append('=').append(String.join(",", names))
        .append(", or start on an empty Redis or namespace");
    throw new RemapRefusedException(m.toString());
  }
}
