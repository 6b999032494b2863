package io.recsys.gateway.experiment;

import io.recsys.testsupport.MutableClock;

class InMemoryExposureLogTest extends ExposureLogContract {
  @Override
  protected ExposureLog newLog(ExposureLogConfig config, MutableClock clock) {
    return new InMemoryExposureLog(config, clock);
  }

  @Override
  protected int capSlack() {
    return 0;
  }
}
