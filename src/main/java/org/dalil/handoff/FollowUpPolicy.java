package org.dalil.handoff;

import java.time.Duration;
import java.time.Instant;

/**
 * When a contact nobody has claimed gets their one follow-up. Pure.
 *
 * <p>The waiting time counts from when volunteers are there: a contact who wrote at night was told
 * when the volunteers come back, and is followed up only if nobody claimed them by then plus the
 * delay. An urgent handoff skips the opening hours.
 */
public final class FollowUpPolicy {
  private FollowUpPolicy() {}

  /** The time the follow-up is due for a handoff opened at {@code openedAt}. */
  public static Instant dueAt(Instant openedAt, boolean urgent, Duration delay, OpeningHours hours) {
    Instant start = urgent ? openedAt : hours.nextOpening(openedAt).map(t -> t.toInstant()).orElse(openedAt);
    return start.plus(delay);
  }

  /** Whether an unclaimed handoff without a follow-up yet must get it now. */
  public static boolean isDue(Instant openedAt, boolean urgent, Duration delay, OpeningHours hours, Instant now) {
    return !now.isBefore(dueAt(openedAt, urgent, delay, hours));
  }
}
