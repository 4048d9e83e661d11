package org.dalil.web.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * Lock-out after repeated failed logins, for one subject (an account or a client address). Pure:
 * the state is stored by {@link LoginThrottleDao}, the time is an argument.
 *
 * @param maxFailures failures within {@code window} that lock the subject
 * @param lockFor how long a locked subject is refused, even with the right password
 */
public record LoginThrottle(int maxFailures, Duration window, Duration lockFor) {

  public static final LoginThrottle ACCOUNT = new LoginThrottle(5, Duration.ofMinutes(15), Duration.ofMinutes(15));
  public static final LoginThrottle ADDRESS = new LoginThrottle(20, Duration.ofMinutes(15), Duration.ofMinutes(15));

  /** A subject's failures; {@code lockedUntil} null when not locked. */
  public record State(int failures, Instant windowStartedAt, Instant lockedUntil) {
    public static final State NONE = new State(0, Instant.EPOCH, null);
  }

  public boolean isLocked(State state, Instant now) {
    return state.lockedUntil() != null && now.isBefore(state.lockedUntil());
  }

  /** The state after one more failure at {@code now}. */
  public State afterFailure(State state, Instant now) {
    boolean windowOver = now.isAfter(state.windowStartedAt().plus(window));
    int failures = windowOver ? 1 : state.failures() + 1;
    Instant started = windowOver ? now : state.windowStartedAt();
    Instant lockedUntil = state.lockedUntil();
    if (failures >= maxFailures) {
      lockedUntil = now.plus(lockFor);
      // Counting starts again after the lock, so one more failure does not lock at once.
      failures = 0;
      started = now;
    }
    return new State(failures, started, lockedUntil);
  }
}
