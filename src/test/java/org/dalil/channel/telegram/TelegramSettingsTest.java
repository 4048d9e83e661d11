package org.dalil.channel.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.dalil.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.TelegramUrl;

class TelegramSettingsTest {
  private static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void withoutATokenTheChannelIsOff() {
    assertTrue(TelegramSettings.from(env()).isEmpty());
    assertTrue(TelegramSettings.from(env(TelegramSettings.BOT_TOKEN, "  ", TelegramSettings.MODE, "nonsense")).isEmpty());
  }

  @Test
  void defaultsAreTheWebhookOnTelegramsServer() {
    TelegramSettings s = TelegramSettings.from(env(TelegramSettings.BOT_TOKEN, TOKEN,
        TelegramSettings.WEBHOOK_SECRET, "abc_DEF-123")).orElseThrow();
    assertEquals(TelegramSettings.Mode.WEBHOOK, s.mode());
    assertEquals("abc_DEF-123", s.webhookSecret());
    assertEquals(new TelegramUrl("https", "api.telegram.org", 443, false), s.telegramUrl());
  }

  @Test
  void theApiUrlCanPointAtAStandIn() {
    TelegramSettings s = TelegramSettings.from(env(TelegramSettings.BOT_TOKEN, TOKEN,
        TelegramSettings.WEBHOOK_SECRET, "x", TelegramSettings.API_URL, "http://127.0.0.1:8081/")).orElseThrow();
    assertEquals(new TelegramUrl("http", "127.0.0.1", 8081, false), s.telegramUrl());
  }

  @Test
  void theWebhookNeedsASecretButPollingDoesNot() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TelegramSettings.from(env(TelegramSettings.BOT_TOKEN, TOKEN)));
    assertEquals(TelegramSettings.WEBHOOK_SECRET, e.variable());

    TelegramSettings polling = TelegramSettings.from(env(TelegramSettings.BOT_TOKEN, TOKEN,
        TelegramSettings.MODE, "Polling")).orElseThrow();
    assertEquals(TelegramSettings.Mode.POLLING, polling.mode());
    assertNull(polling.webhookSecret());
  }

  @Test
  void badValuesNameTheirVariableAndNeverEchoTheToken() {
    ConfigException token = assertThrows(ConfigException.class,
        () -> TelegramSettings.from(env(TelegramSettings.BOT_TOKEN, "not a token/../x")));
    assertEquals(TelegramSettings.BOT_TOKEN, token.variable());
    assertFalse(token.getMessage().contains("not a token"), token.getMessage());

    assertEquals(TelegramSettings.WEBHOOK_SECRET, assertThrows(ConfigException.class, () -> TelegramSettings.from(
        env(TelegramSettings.BOT_TOKEN, TOKEN, TelegramSettings.WEBHOOK_SECRET, "has spaces"))).variable());
    assertEquals(TelegramSettings.MODE, assertThrows(ConfigException.class, () -> TelegramSettings.from(
        env(TelegramSettings.BOT_TOKEN, TOKEN, TelegramSettings.WEBHOOK_SECRET, "s", TelegramSettings.MODE, "push"))).variable());
    for (String url : new String[] {"ftp://x", "api.telegram.org", "https://proxy.example/telegram", "http://h/?q=1"}) {
      assertEquals(TelegramSettings.API_URL, assertThrows(ConfigException.class, () -> TelegramSettings.from(
          env(TelegramSettings.BOT_TOKEN, TOKEN, TelegramSettings.WEBHOOK_SECRET, "s", TelegramSettings.API_URL, url))).variable(),
          url);
    }
  }

  @Test
  void printingTheSettingsShowsNoSecret() {
    TelegramSettings s = TelegramSettings.from(env(TelegramSettings.BOT_TOKEN, TOKEN,
        TelegramSettings.WEBHOOK_SECRET, "very-secret")).orElseThrow();
    assertFalse(s.toString().contains(TOKEN));
    assertFalse(s.toString().contains("very-secret"));
  }
}
