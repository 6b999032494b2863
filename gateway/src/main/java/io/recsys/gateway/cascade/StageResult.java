package io.recsys.gateway.cascade;

/**
 * One stage call: its answer (null unless {@link StageOutcome#OK}), how it ended, how long it took and,
 * when it failed, why (for logs; never sent to clients, it may name internal hosts).
 */
public record StageResult<T>(T value, StageOutcome outcome, long nanos, String detail) {
  public boolean ok() {
    return outcome == StageOutcome.OK;
  }

  static <T> StageResult<T> skipped(String why) {
    return new StageResult<>(null, StageOutcome.SKIPPED, 0, why);
  }
}
