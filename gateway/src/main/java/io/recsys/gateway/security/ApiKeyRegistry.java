package io.recsys.gateway.security;

import io.recsys.gateway.ratelimit.RateLimit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys the gateway accepts: configured entries ({@code recsys.gateway.keys[i]}, each a name, the
 * SHA-256 of the key, a role and an optional rate limit) plus the two plaintext keys of the
 * environment, {@code RECSYS_API_KEY} (named {@value #ENV_API_NAME}) and {@code RECSYS_ADMIN_KEY}
 * ({@value #ENV_ADMIN_NAME}), which are hashed here and never kept or logged. Only digests are held, so
 * neither a heap dump nor the configuration file gives a usable key away.
 *
 * <p>A lookup ({@link #find}) hashes the presented key and compares the digest with every entry using
 * {@link MessageDigest#isEqual}, without stopping at a match: the time taken is then the same whether
 * the key matches the first entry, the last or none, so response times tell an attacker neither which
 * entry (an admin key?) a key is close to nor where a match sits. Comparing fixed-length digests rather
 * than the keys themselves also hides the keys' lengths and makes a byte-by-byte guessing attack
 * pointless: changing one byte of a key changes its whole digest.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKeyRegistry {
  public static final String PROPERTY = "recsys.gateway.keys";
  public static final String ENV_API_KEY = "RECSYS_API_KEY";
  public static final String ENV_ADMIN_KEY = "RECSYS_ADMIN_KEY";
  public static final String ENV_API_NAME = "env-api";
  public static final String ENV_ADMIN_NAME = "env-admin";
  /**
   * Key names: they become rate-limit buckets, log fields and metric tags. No {@code :}, so no name can
   * pass for an anonymous caller's bucket ({@code anonymous:<ip>}).
   */
  public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  public static final Pattern SHA256_PATTERN = Pattern.compile("[0-9a-f]{64}");

  /** What a key may do on the public paths. */
  public enum Role {
    /** Reads and posts. */
    API,
    /** Everything an API key may do, plus {@code DELETE} and the admin paths. */
    ADMIN
  }

  /**
   * One accepted key. Format rules (name pattern, 64 lowercase hex digits) are checked by the registry,
   * which knows the entry's index and so names the offending property ({@code recsys.gateway.keys[2].sha256}).
   *
   * @param name a short label (pattern {@link #NAME_PATTERN}): the key's rate-limit bucket and metric tag
   * @param sha256 the SHA-256 of the key's UTF-8 bytes, 64 lowercase hex digits ({@link KeyHashCommand}
   *     prints it); surrounding blanks are dropped
   * @param role what the key may do
   * @param limit the key's rate limit, or null for the gateway's default
   */
  public record KeyEntry(String name, String sha256, Role role, RateLimit limit) {
    public KeyEntry {
      Objects.requireNonNull(name, "name is required");
      Objects.requireNonNull(sha256, "sha256 is required");
      Objects.requireNonNull(role, "role is required (API or ADMIN)");
      sha256 = sha256.strip();
    }
  }

  private final List<KeyEntry> entries;
  /** The entries' digests as bytes, in the same order: compared on every lookup. */
  private final byte[][] digests;

  /** Only configured keys. */
  public ApiKeyRegistry(List<KeyEntry> configured) {
    this(configured, null, null);
  }

  /**
   * Configured keys plus the environment's plaintext keys (null or blank: not set), hashed here.
   *
   * @throws IllegalArgumentException naming the property at fault: a malformed name or digest, two
   *     entries with one name or one digest, or an environment key equal to another key
   */
  public ApiKeyRegistry(List<KeyEntry> configured, String apiKey, String adminKey) {
    List<KeyEntry> all = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<KeyEntry> given = configured == null ? List.of() : configured;
    for (int i = 0; i < given.size(); i++) {
      KeyEntry e = given.get(i);
      String at = PROPERTY + "[" + i + "]";
      if (e == null) throw new IllegalArgumentException(at + " is empty");
      if (!NAME_PATTERN.matcher(e.name()).matches()) {
        throw new IllegalArgumentException(at + ".name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a "
            + "letter or digit: \"" + e.name() + "\"");
      }
      if (!SHA256_PATTERN.matcher(e.sha256()).matches()) {
        // The value is a digest, not a key, so quoting its length is safe; the value itself could be a
        // plaintext key pasted by mistake and is never echoed.
        throw new IllegalArgumentException(at + ".sha256 must be 64 lowercase hex digits, the SHA-256 of the key's UTF-8 "
            + "bytes (run KeyHashCommand to get it): key \"" + e.name() + "\" has " + e.sha256().length()
            + " characters" + (SHA256_PATTERN.matcher(e.sha256().toLowerCase(Locale.ROOT)).matches() ? ", with upper case" : ""));
      }
      all.add(e);
      sources.add(at);
    }
    if (apiKey != null && !apiKey.isBlank()) {
      all.add(new KeyEntry(ENV_API_NAME, sha256Hex(apiKey), Role.API, null));
      sources.add(ENV_API_KEY);
    }
    if (adminKey != null && !adminKey.isBlank()) {
      all.add(new KeyEntry(ENV_ADMIN_NAME, sha256Hex(adminKey), Role.ADMIN, null));
      sources.add(ENV_ADMIN_KEY);
    }
    Map<String, Integer> names = new HashMap<>();
    Map<String, Integer> hashes = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      KeyEntry e = all.get(i);
      Integer sameName = names.putIfAbsent(e.name(), i);
      if (sameName != null) {
        throw new IllegalArgumentException(field(sources.get(i), "name") + " \"" + e.name() + "\" is already the name of "
            + sources.get(sameName) + ": every key needs its own name (it is the key's rate-limit bucket)");
      }
      Integer sameHash = hashes.putIfAbsent(e.sha256(), i);
      if (sameHash != null) {
        throw new IllegalArgumentException(field(sources.get(i), "sha256") + " is the same key as " + sources.get(sameHash)
            + " (\"" + all.get(sameHash).name() + "\"): one key cannot have two names or roles");
      }
    }
    this.entries = List.copyOf(all);
    this.digests = new byte[all.size()][];
    for (int i = 0; i < all.size(); i++) digests[i] = HexFormat.of().parseHex(all.get(i).sha256());
  }

  /** Configured keys plus {@code RECSYS_API_KEY} and {@code RECSYS_ADMIN_KEY} from {@code env} (e.g. {@code System.getenv()}). */
  public static ApiKeyRegistry fromEnvironment(List<KeyEntry> configured, Map<String, String> env) {
    return new ApiKeyRegistry(configured, env.get(ENV_API_KEY), env.get(ENV_ADMIN_KEY));
  }

  /**
   * The entry of this key, if any. Null or blank keys match nothing. Every entry is compared, whatever
   * matches, so the time does not depend on which entry matched (see the class comment).
   */
  public Optional<KeyEntry> find(String presentedKey) {
    if (presentedKey == null || presentedKey.isBlank()) return Optional.empty();
    byte[] digest = digest(presentedKey);
    int match = -1;
    for (int i = 0; i < digests.length; i++) {
      boolean equal = MessageDigest.isEqual(digest, digests[i]);
      match = equal ? i : match; // no early exit: see the class comment
    }
    return match < 0 ? Optional.empty() : Optional.of(entries.get(match));
  }

  /** True when no key at all is configured: the guard then leaves the public paths open. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** The keys' names, configured ones first, for start-up logs (never the digests). */
  public List<String> names() {
    return entries.stream().map(KeyEntry::name).toList();
  }

  /** Whether any key has the admin role. */
  public boolean hasAdminKey() {
    return entries.stream().anyMatch(e -> e.role() == Role.ADMIN);
  }

  /** The SHA-256 of the key's UTF-8 bytes as 64 lowercase hex digits: the form the configuration holds. */
  public static String sha256Hex(String key) {
    Objects.requireNonNull(key, "key");
    return HexFormat.of().formatHex(digest(key));
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String field(String source, String field) {
    return source.startsWith(PROPERTY) ? source + "." + field : source;
  }

  @Override
  public String toString() {
    return "ApiKeyRegistry" + names();
  }
}
