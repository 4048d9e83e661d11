package org.dalil.channel.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dalil.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Development mode: updates fetched with getUpdates take the same path as the webhook's. */
class TelegramPollingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static BotApiStandIn api;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    api = new BotApiStandIn();
    server = TestServer.start(TestServer.MINIMAL_CONTENT, false, Map.of(
        TelegramSettings.BOT_TOKEN, BotApiStandIn.TOKEN,
        TelegramSettings.MODE, "polling",
        TelegramSettings.API_URL, api.url()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void updatesFromGetUpdatesAreAnsweredLikeWebhookOnes() throws Exception {
    String chat = "7500000001";
    api.queueUpdate(new String(Fixtures.withIds("private_text.json", 834519201, Long.parseLong(chat)), StandardCharsets.UTF_8));

    List<BotApiStandIn.Call> calls = api.awaitCalls(c -> !api.calls("sendmessage", chat).isEmpty(), WAIT, "the welcome");
    assertEquals("deleteWebhook", calls.getFirst().method(), "polling starts by removing any webhook");
    BotApiStandIn.Call welcome = api.calls("sendmessage", chat).getFirst();
    assertEquals(3, welcome.json().get("reply_markup").get("inline_keyboard").size());

    api.queueUpdate(new String(Fixtures.withIds("callback_query.json", 834519202, Long.parseLong(chat)), StandardCharsets.UTF_8));
    api.awaitCalls(c -> !api.calls("answercallbackquery").isEmpty(), WAIT, "the press to be answered");
    api.awaitCalls(c -> api.calls("sendmessage", chat).stream()
        .anyMatch(m -> m.json().get("text").asText().equals("أي موضوع؟ أجب بالرقم.")), WAIT, "the Arabic menu");

    int inbound = server.database.database().jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM messages WHERE channel = 'telegram' AND direction = 'in'").mapTo(Integer.class).one());
    assertEquals(2, inbound);
  }

  @Test
  void theWebhookIsNotServedWhilePolling() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url("/webhooks/telegram")))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.bytes("private_text.json"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, response.statusCode());
    assertTrue(api.calls("sendmessage", "5087351234").isEmpty());
  }
}
