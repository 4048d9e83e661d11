package org.dalil.channel;

import java.time.Duration;

/**
 * A throughput cap: {@code perSecond} messages a second on average, at most {@code burst} at once
 * after a quiet spell. {@link #UNLIMITED} when {@code perSecond} is 0.
 */
public record RateLimit(double perSecond, int burst) {
  public static final RateLimit UNLIMITED = new RateLimit(0, 0);

  public RateLimit {
    if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be 0 (unlimited) or positive, got " + perSecond);
    }
    if (perSecond > 0 && burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, got " + burst);
    }
  }

  /** {@code perSecond} a second, with a burst of one second's worth (at least 1). */
  public static RateLimit perSecond(double perSecond) {
    return perSecond == 0 ? UNLIMITED : new RateLimit(perSecond, Math.max(1, (int) Math.floor(perSecond)));
  }

  public boolean limited() {
    return perSecond > 0;
  }

  /** The time one message uses up: 1 / perSecond. */
  public Duration interval() {
    if (!limited()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(1, Math.round(1_000_000_000L / perSecond)));
  }

  @Override
  public String toString() {
    return limited() ? perSecond + "/s (burst " + burst + ")" : "unlimited";
  }
}
