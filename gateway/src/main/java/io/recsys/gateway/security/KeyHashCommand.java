package io.recsys.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints the SHA-256 of an API key, the value {@code recsys.gateway.keys[i].sha256} wants:
 *
 * <pre>{@code
 * printf '%s' "$KEY" | java -cp gateway.jar io.recsys.gateway.security.KeyHashCommand
 * }</pre>
 *
 * <p>The key is read from standard input (one trailing line break is dropped, so {@code echo} works
 * too) or, less safely, from the first argument: arguments show up in shell history and in the process
 * list. Only the digest is printed. Stateless.
 */
public final class KeyHashCommand {
  private KeyHashCommand() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** The command without {@code System.exit}: returns the exit status (0 printed, 2 no key). */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws IOException {
    String key = args.length > 0 ? args[0] : stripLineBreak(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    if (key.isBlank()) {
      err.println("no key given: pipe it on standard input (printf '%s' \"$KEY\" | ...) or pass it as the argument");
      return 2;
    }
    out.println(ApiKeyRegistry.sha256Hex(key));
    return 0;
  }

  /** Drops one trailing "\n" or "\r\n" (what echo or a here-string adds), nothing else: blanks inside a key count. */
  static String stripLineBreak(String s) {
    if (s.endsWith("\r\n")) return s.substring(0, s.length() - 2);
    if (s.endsWith("\n")) return s.substring(0, s.length() - 1);
    return s;
  }
}
