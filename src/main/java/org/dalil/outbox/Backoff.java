package org.dalil.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delay before the next attempt: doubling from {@code base}, capped at {@code max}, each drawn at
 * random between half and all of it so that messages failing together do not retry together.
 */
public record Backoff(Duration base, Duration max) {

  /** @param attempt the attempt that just failed, from 1 */
  public Duration delayAfter(int attempt) {
    long baseMillis = Math.max(1, base.toMillis());
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long ceiling = Math.min(max.toMillis(), baseMillis << doublings);
    long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    return Duration.ofMillis(millis);
  }
}
