package org.dalil.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.RateLimit;
import org.dalil.channel.SendRate;
import org.dalil.config.ConfigException;
import org.junit.jupiter.api.Test;

class OutboxSettingsTest {

  private static ChannelSender sender(String channel) {
    return new ChannelSender() {
      @Override
      public String channel() {
        return channel;
      }

      @Override
      public void send(String address, OutboundMessage message) {}
    };
  }

  @Test
  void withoutVariablesTheProvidersDocumentedCapsApply() {
    OutboxSettings s = OutboxSettings.from(Map.of());
    assertEquals(OutboxSettings.defaults(), s);
    assertEquals(new SendRate(new RateLimit(1, 1), RateLimit.UNLIMITED), s.rateFor(sender("sms")));
    assertEquals(new SendRate(new RateLimit(80, 80), RateLimit.UNLIMITED), s.rateFor(sender("whatsapp")));
    assertEquals(new SendRate(new RateLimit(30, 30), new RateLimit(1, 3)), s.rateFor(sender("telegram")));
    assertEquals(SendRate.UNLIMITED, s.rateFor(sender("simulator")));
    assertEquals(Duration.ofMinutes(2), s.lease());
    assertEquals(8, s.maxAttempts());
  }

  @Test
  void aSenderThatKnowsBetterSetsItsOwnCap() {
    ChannelSender messagingService = new ChannelSender() {
      @Override
      public String channel() {
        return "sms";
      }

      @Override
      public void send(String address, OutboundMessage message) {}

      @Override
      public SendRate sendRate() {
        return SendRate.messagingService();
      }
    };
    assertEquals(new RateLimit(10, 10), OutboxSettings.defaults().rateFor(messagingService).overall());
    OutboxSettings set = OutboxSettings.from(Map.of("DALIL_RATE_SMS", "25"));
    assertEquals(new RateLimit(25, 25), set.rateFor(messagingService).overall(), "the operator's value wins");
  }

  @Test
  void readsEveryVariable() {
    OutboxSettings s = OutboxSettings.from(Map.of(
        "DALIL_OUTBOX_THREADS", "64",
        "DALIL_OUTBOX_MAX_ATTEMPTS", "3",
        "DALIL_OUTBOX_LEASE_SECONDS", "30",
        "DALIL_OUTBOX_RETRY_BASE_SECONDS", "2",
        "DALIL_OUTBOX_RETRY_MAX_SECONDS", "60",
        "DALIL_RATE_SMS", "0.5",
        "DALIL_RATE_WHATSAPP", "40:100",
        "DALIL_RATE_TELEGRAM", "0",
        "DALIL_RATE_TELEGRAM_PER_CONTACT", "2:1"));
    assertEquals(64, s.threads());
    assertEquals(3, s.maxAttempts());
    assertEquals(Duration.ofSeconds(30), s.lease());
    assertEquals(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60)), s.backoff());
    assertEquals(new RateLimit(0.5, 1), s.rateFor(sender("sms")).overall());
    assertEquals(Duration.ofSeconds(2), s.rateFor(sender("sms")).overall().interval());
    assertEquals(new RateLimit(40, 100), s.rateFor(sender("whatsapp")).overall());
    assertEquals(new SendRate(RateLimit.UNLIMITED, new RateLimit(2, 1)), s.rateFor(sender("telegram")));
  }

  @Test
  void aBadValueNamesItsVariable() {
    for (Map.Entry<String, String> bad : Map.of(
        "DALIL_OUTBOX_THREADS", "many",
        "DALIL_OUTBOX_MAX_ATTEMPTS", "0",
        "DALIL_OUTBOX_LEASE_SECONDS", "-5",
        "DALIL_RATE_SMS", "fast",
        "DALIL_RATE_WHATSAPP", "10:0",
        "DALIL_RATE_TELEGRAM", "-1",
        "DALIL_RATE_TELEGRAM_PER_CONTACT", "1:2:3").entrySet()) {
      ConfigException e = assertThrows(ConfigException.class, () -> OutboxSettings.from(Map.of(bad.getKey(), bad.getValue())),
          bad.toString());
      assertEquals(bad.getKey(), e.variable());
      assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage());
    }
    ConfigException e = assertThrows(ConfigException.class, () -> OutboxSettings.from(Map.of(
        "DALIL_OUTBOX_RETRY_BASE_SECONDS", "100", "DALIL_OUTBOX_RETRY_MAX_SECONDS", "10")));
    assertEquals("DALIL_OUTBOX_RETRY_MAX_SECONDS", e.variable());
  }
}
