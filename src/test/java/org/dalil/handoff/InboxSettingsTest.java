package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.dalil.config.ConfigException;
import org.junit.jupiter.api.Test;

class InboxSettingsTest {

  @Test
  void defaultsAreCasablancaWeekdaysAndHalfAnHour() {
    InboxSettings s = InboxSettings.defaults();
    assertEquals(ZoneId.of("Africa/Casablanca"), s.hours().zone());
    assertEquals(Duration.ofMinutes(30), s.followUpAfter());
    assertEquals(5, s.caseloadCap());
    assertNull(s.urgentTelegramChatId());
    // Sunday noon in Casablanca: closed by default.
    assertTrue(!s.hours().isOpen(Instant.parse("2026-05-10T11:00:00Z")));
  }

  @Test
  void aBadVariableIsNamed() {
    assertEquals(InboxSettings.OPENING_HOURS, assertThrows(ConfigException.class,
        () -> InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "every day"))).variable());
    assertEquals(InboxSettings.TIME_ZONE, assertThrows(ConfigException.class,
        () -> InboxSettings.from(Map.of(InboxSettings.TIME_ZONE, "Mars/Olympus"))).variable());
    assertEquals(InboxSettings.CASELOAD_CAP, assertThrows(ConfigException.class,
        () -> InboxSettings.from(Map.of(InboxSettings.CASELOAD_CAP, "0"))).variable());
    assertEquals(InboxSettings.FOLLOW_UP_AFTER, assertThrows(ConfigException.class,
        () -> InboxSettings.from(Map.of(InboxSettings.FOLLOW_UP_AFTER, "30 minutes"))).variable());
  }

  @Test
  void storedValuesWinAndBadOnesAreSkipped() {
    InboxSettings env = InboxSettings.from(Map.of(InboxSettings.CASELOAD_CAP, "3", InboxSettings.TIME_ZONE, "UTC"));
    InboxSettings s = env.withOverrides(Map.of(
        InboxSettings.ROW_CASELOAD_CAP, "8",
        InboxSettings.ROW_OPENING_HOURS, "sat 10:00-12:00",
        InboxSettings.ROW_FOLLOW_UP_AFTER, "not a duration",
        InboxSettings.ROW_URGENT_TELEGRAM_CHAT_ID, "-1001234"));
    assertEquals(8, s.caseloadCap());
    assertEquals(ZoneId.of("UTC"), s.hours().zone());
    assertTrue(s.hours().isOpen(Instant.parse("2026-05-09T11:00:00Z")));
    assertEquals(Duration.ofMinutes(30), s.followUpAfter(), "the unreadable value is skipped");
    assertEquals("-1001234", s.urgentTelegramChatId());
  }
}
