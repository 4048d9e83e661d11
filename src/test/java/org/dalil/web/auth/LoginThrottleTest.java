package org.dalil.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final LoginThrottle POLICY = new LoginThrottle(3, Duration.ofMinutes(10), Duration.ofMinutes(15));
  private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

  @Test
  void locksAfterTheMaximumWithinTheWindowForTheLockTime() {
    LoginThrottle.State s = LoginThrottle.State.NONE;
    s = POLICY.afterFailure(s, T0);
    s = POLICY.afterFailure(s, T0.plusSeconds(60));
    assertFalse(POLICY.isLocked(s, T0.plusSeconds(61)));
    s = POLICY.afterFailure(s, T0.plusSeconds(120));
    assertTrue(POLICY.isLocked(s, T0.plusSeconds(121)));
    assertEquals(T0.plusSeconds(120).plus(Duration.ofMinutes(15)), s.lockedUntil());
    assertFalse(POLICY.isLocked(s, s.lockedUntil()), "the lock ends");
  }

  @Test
  void failuresOutsideTheWindowStartANewCount() {
    LoginThrottle.State s = LoginThrottle.State.NONE;
    s = POLICY.afterFailure(s, T0);
    s = POLICY.afterFailure(s, T0.plusSeconds(60));
    s = POLICY.afterFailure(s, T0.plus(Duration.ofMinutes(11)));
    assertEquals(1, s.failures());
    assertFalse(POLICY.isLocked(s, T0.plus(Duration.ofMinutes(11))));
  }
}
