package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpeningHoursTest {
  private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
  private static final OpeningHours WEEKDAYS = OpeningHours.parse("mon-fri 09:00-12:30,14:00-18:00; sat 10:00-13:00", CASABLANCA);

  /** 2026-05-04 is a Monday. */
  private static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(CASABLANCA).toInstant();
  }

  @Test
  void openInsideAWindowAndClosedAtItsEnd() {
    assertTrue(WEEKDAYS.isOpen(at("2026-05-04T09:00")));
    assertTrue(WEEKDAYS.isOpen(at("2026-05-04T12:29")));
    assertFalse(WEEKDAYS.isOpen(at("2026-05-04T12:30")), "a window's end is excluded");
    assertFalse(WEEKDAYS.isOpen(at("2026-05-04T13:00")), "lunch break");
    assertTrue(WEEKDAYS.isOpen(at("2026-05-04T17:59")));
    assertFalse(WEEKDAYS.isOpen(at("2026-05-04T18:00")));
    assertTrue(WEEKDAYS.isOpen(at("2026-05-09T10:30")), "saturday morning");
    assertFalse(WEEKDAYS.isOpen(at("2026-05-10T10:30")), "sunday");
  }

  @Test
  void nextOpeningIsNowWhenOpen() {
    Instant now = at("2026-05-04T10:00");
    assertEquals(Optional.of(now), WEEKDAYS.nextOpening(now).map(ZonedDateTime::toInstant));
  }

  @Test
  void nextOpeningLaterTodayTomorrowAndAfterTheWeekend() {
    assertEquals(at("2026-05-04T14:00"), WEEKDAYS.nextOpening(at("2026-05-04T12:45")).orElseThrow().toInstant());
    assertEquals(at("2026-05-05T09:00"), WEEKDAYS.nextOpening(at("2026-05-04T19:00")).orElseThrow().toInstant());
    assertEquals(at("2026-05-05T09:00"), WEEKDAYS.nextOpening(at("2026-05-05T03:00")).orElseThrow().toInstant());
    assertEquals(at("2026-05-09T10:00"), WEEKDAYS.nextOpening(at("2026-05-08T18:30")).orElseThrow().toInstant());
    assertEquals(at("2026-05-11T09:00"), WEEKDAYS.nextOpening(at("2026-05-09T13:00")).orElseThrow().toInstant());
  }

  @Test
  void theZoneDecidesTheLocalTime() {
    OpeningHours utc = OpeningHours.parse("mon-fri 09:00-18:00", ZoneId.of("UTC"));
    OpeningHours tokyo = OpeningHours.parse("mon-fri 09:00-18:00", ZoneId.of("Asia/Tokyo"));
    Instant mondayNoonUtc = Instant.parse("2026-05-04T12:00:00Z");
    assertTrue(utc.isOpen(mondayNoonUtc));
    assertFalse(tokyo.isOpen(mondayNoonUtc), "21:00 in Tokyo");
  }

  @Test
  void alwaysAndEmptyMeanOpenEveryMinute() {
    for (String spec : new String[] {"always", "", null}) {
      OpeningHours h = OpeningHours.parse(spec, CASABLANCA);
      assertTrue(h.isOpen(at("2026-05-10T03:17")), String.valueOf(spec));
      assertTrue(h.isOpen(at("2026-05-10T23:59")), String.valueOf(spec));
    }
  }

  @Test
  void aWindowCanEndAtMidnight() {
    OpeningHours h = OpeningHours.parse("sun 20:00-24:00", CASABLANCA);
    assertTrue(h.isOpen(at("2026-05-10T23:59")));
    assertFalse(h.isOpen(at("2026-05-11T00:00")));
  }

  @Test
  void noWindowAtAllMeansNoNextOpening() {
    OpeningHours none = new OpeningHours(CASABLANCA, java.util.Map.of());
    assertFalse(none.everOpen());
    assertTrue(none.nextOpening(at("2026-05-04T10:00")).isEmpty());
  }

  @Test
  void badSpecificationsSayWhatIsWrong() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OpeningHours.parse("monday 09:00-18:00", CASABLANCA))
        .getMessage().contains("monday"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OpeningHours.parse("mon-fri 18:00-09:00", CASABLANCA))
        .getMessage().contains("ends before it starts"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OpeningHours.parse("mon-fri 9h-18h", CASABLANCA))
        .getMessage().contains("9h"));
    assertThrows(IllegalArgumentException.class, () -> OpeningHours.parse("mon-fri", CASABLANCA));
  }

  @Test
  void aRangeMayWrapAroundTheWeek() {
    OpeningHours h = OpeningHours.parse("fri-mon 10:00-11:00", CASABLANCA);
    assertTrue(h.isOpen(at("2026-05-10T10:30")), "sunday");
    assertTrue(h.isOpen(at("2026-05-04T10:30")), "monday");
    assertFalse(h.isOpen(at("2026-05-06T10:30")), "wednesday");
  }
}
