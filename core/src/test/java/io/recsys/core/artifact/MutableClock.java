package io.recsys.core.artifact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock tests move by hand instead of sleeping. Thread-safe. */
final class MutableClock extends Clock {
  static final Instant START = Instant.parse("2026-12-04T16:05:01Z");

  private volatile Instant now;

  MutableClock() {
    this(START);
  }

  MutableClock(Instant now) {
    this.now = now;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
