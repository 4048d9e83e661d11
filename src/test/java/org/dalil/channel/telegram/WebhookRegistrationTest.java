package org.dalil.channel.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

class WebhookRegistrationTest {
  private BotApiStandIn api;
  private OkHttpClient http;
  private OkHttpTelegramClient client;

  @BeforeEach
  void start() throws Exception {
    api = new BotApiStandIn();
    http = new OkHttpClient();
    client = new OkHttpTelegramClient(http, BotApiStandIn.TOKEN, new TelegramUrl("http", "127.0.0.1", api.port(), false));
  }

  @AfterEach
  void stop() {
    api.close();
    http.dispatcher().executorService().shutdownNow();
  }

  @Test
  void anHttpsPublicUrlIsRegisteredWithTheSecretForMessagesAndButtonPresses() {
    assertTrue(WebhookRegistration.register(client, URI.create("https://dalil.example.org"), "wh-secret_1"));

    List<BotApiStandIn.Call> calls = api.calls("setWebhook");
    assertEquals(1, calls.size());
    BotApiStandIn.Call call = calls.getFirst();
    assertEquals("/bot" + BotApiStandIn.TOKEN + "/setWebhook", call.path());
    // setWebhook goes as multipart (it may carry a certificate): each field is a part.
    assertTrue(call.body().contains("https://dalil.example.org/webhooks/telegram"), call.body());
    assertTrue(call.body().matches("(?s).*name=\"secret_token\".*wh-secret_1.*"), call.body());
    assertTrue(call.body().matches("(?s).*name=\"allowed_updates\".*\\[\"message\",\"callback_query\"].*"), call.body());
  }

  @Test
  void anHttpPublicUrlIsNotRegistered() {
    assertFalse(WebhookRegistration.register(client, URI.create("http://localhost:7070"), "s"));
    assertTrue(api.calls().isEmpty());
  }

  @Test
  void aRefusalIsReportedNotThrown() {
    api.answerNext("setWebhook", BotApiStandIn.error(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook"));
    assertFalse(WebhookRegistration.register(client, URI.create("https://dalil.example.org"), "s"));
    assertEquals(1, api.calls("setWebhook").size());
  }
}
