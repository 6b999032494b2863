package io.recsys.featurestore.ingest.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one rule for every id and string field the API accepts, in a body or in a path: at most
 * {@value #MAX_LENGTH} Unicode code points, well-formed UTF-16 (JSON allows a lone surrogate such as
 * {@code "\ud800"}; it would reach Redis as '?' and merge two ids), no control characters. Nothing is
 * trimmed or normalised: an id is taken exactly as sent. Stateless.
 */
final class IdRules {
  static final int MAX_LENGTH = 256;

  private IdRules() {}

  /** What is wrong with {@code s} as an id, or null when nothing is (blankness is the caller's check). */
  static String problem(String s) {
    int codePoints = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
        k++;
      } else if (Character.isSurrogate(c)) {
        return "not valid Unicode: a lone surrogate at character " + k;
      } else if (Character.isISOControl(c)) {
        return "contains a control character";
      }
      if (++codePoints > MAX_LENGTH) return "longer than " + MAX_LENGTH + " characters (Unicode code points)";
    }
    return null;
  }

  /**
   * The id in one raw (still percent-encoded) path segment, taken whole: {@code "victim;x"} is the id
   * {@code victim;x}, never {@code victim} with a matrix parameter. Percent-escapes are decoded as
   * UTF-8, strictly; '+' is a plus.
   *
   * @throws IllegalArgumentException naming what is wrong (a bad escape, bytes that are not UTF-8)
   */
  static String decodePathSegment(String raw) {
    if (raw.indexOf('%') < 0) return raw;
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) throw new IllegalArgumentException("a '%' not followed by two hex digits");
        int hi = Character.digit(raw.charAt(i + 1), 16), lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new IllegalArgumentException("a '%' not followed by two hex digits");
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        throw new IllegalArgumentException("a character that is not percent-encoded");
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-escapes that are not UTF-8");
    }
  }
}
