package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WhatsAppWindowTest {
  private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");

  @Test
  void openFor24HoursAfterTheContactsLastMessage() {
    WhatsAppWindow w = WhatsAppWindow.of("whatsapp", NOW.minus(Duration.ofHours(23)), NOW);
    assertEquals(WhatsAppWindow.State.OPEN, w.state());
    assertEquals(NOW.plus(Duration.ofHours(1)), w.closesAt());
    assertTrue(w.allowsFreeText());
  }

  @Test
  void closedAfter24HoursOrWhenTheContactNeverWrote() {
    assertFalse(WhatsAppWindow.of("whatsapp", NOW.minus(Duration.ofHours(24)), NOW).allowsFreeText());
    assertFalse(WhatsAppWindow.of("whatsapp", null, NOW).allowsFreeText());
  }

  @Test
  void otherChannelsHaveNoWindow() {
    WhatsAppWindow w = WhatsAppWindow.of("sms", NOW.minus(Duration.ofDays(30)), NOW);
    assertEquals(WhatsAppWindow.State.NOT_APPLICABLE, w.state());
    assertTrue(w.allowsFreeText());
  }
}
