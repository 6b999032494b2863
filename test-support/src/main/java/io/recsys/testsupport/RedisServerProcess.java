package io.recsys.testsupport;

import java.io.IOException;

/** One Redis server the test harness controls: an embedded redis-server binary or a container. */
interface RedisServerProcess {
  /** Starts it, or starts it again on the same port with the same data directory. */
  void start() throws IOException;

  /** Graceful stop: Redis flushes its append-only file first (SHUTDOWN / SIGTERM). */
  void stop() throws IOException;

  /** Hard crash: SIGKILL, nothing flushed beyond what the fsync policy already wrote. */
  void kill() throws IOException;

  /** Stops for good and removes its data. */
  void destroy();

  String host();

  int port();

  /** Which kind of Redis this is, for logs and reports. */
  String describe();
}
