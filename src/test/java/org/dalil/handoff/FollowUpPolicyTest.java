package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FollowUpPolicyTest {
  private static final ZoneId ZONE = ZoneId.of("Africa/Casablanca");
  private static final OpeningHours HOURS = OpeningHours.parse("mon-fri 09:00-18:00", ZONE);
  private static final Duration DELAY = Duration.ofMinutes(30);

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(ZONE).toInstant();
  }

  @Test
  void duringOpeningHoursTheDelayCountsFromTheHandoff() {
    Instant opened = at("2026-05-04T10:00");
    assertFalse(FollowUpPolicy.isDue(opened, false, DELAY, HOURS, at("2026-05-04T10:29")));
    assertTrue(FollowUpPolicy.isDue(opened, false, DELAY, HOURS, at("2026-05-04T10:30")));
  }

  @Test
  void atNightTheDelayCountsFromTheNextOpening() {
    Instant opened = at("2026-05-04T22:00");
    assertEquals(at("2026-05-05T09:30"), FollowUpPolicy.dueAt(opened, false, DELAY, HOURS));
    assertFalse(FollowUpPolicy.isDue(opened, false, DELAY, HOURS, at("2026-05-05T09:10")));
    assertTrue(FollowUpPolicy.isDue(opened, false, DELAY, HOURS, at("2026-05-05T09:30")));
  }

  @Test
  void anUrgentHandoffIgnoresTheOpeningHours() {
    Instant opened = at("2026-05-09T03:00");
    assertEquals(at("2026-05-09T03:30"), FollowUpPolicy.dueAt(opened, true, DELAY, HOURS));
  }

  @Test
  void withoutAnyOpeningTheDelayCountsFromTheHandoff() {
    OpeningHours never = new OpeningHours(ZONE, java.util.Map.of());
    Instant opened = at("2026-05-04T10:00");
    assertEquals(opened.plus(DELAY), FollowUpPolicy.dueAt(opened, false, DELAY, never));
  }
}
