package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The urgent alert through the Telegram Bot API, against a stand-in server. */
class TelegramUrgentNotifierTest {
  private static final String TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
  private HttpServer server;
  private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger status = new AtomicInteger(200);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      paths.add(exchange.getRequestURI().getPath());
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = "{\"ok\":true,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private TelegramUrgentNotifier notifier(String chat) {
    return TelegramUrgentNotifier.from(Map.of(TelegramUrgentNotifier.CHANNEL_BOT_TOKEN, TOKEN,
        TelegramUrgentNotifier.API_URL, "http://127.0.0.1:" + server.getAddress().getPort()), () -> chat).orElseThrow();
  }

  @Test
  void sendsTheAlertToTheConfiguredChat() throws Exception {
    UrgentAlert alert = new UrgentAlert(7, "protection", "ar", "whatsapp", Instant.now(),
        "Dalil : une conversation urgente attend (protection, langue ar). https://dalil.example.org/inbox/c/7");
    notifier("-100123").notify(alert);
    assertEquals(List.of("/bot" + TOKEN + "/sendMessage"), paths);
    JsonNode body = new ObjectMapper().readTree(bodies.getFirst());
    assertEquals("-100123", body.get("chat_id").asText());
    assertEquals(alert.text(), body.get("text").asText());
  }

  @Test
  void aRefusalOrAMissingChatIsAnError() {
    status.set(400);
    UrgentAlert alert = new UrgentAlert(1, "emergency", "fr", "sms", Instant.now(), "x");
    IOException e = assertThrows(IOException.class, () -> notifier("-100123").notify(alert));
    assertTrue(e.getMessage().contains("400"));
    assertThrows(IOException.class, () -> notifier(null).notify(alert));
  }

  @Test
  void withoutABotTokenThereIsNoTelegramNotifier() {
    assertTrue(TelegramUrgentNotifier.from(Map.of(), () -> "-1").isEmpty());
    assertTrue(TelegramUrgentNotifier.from(Map.of(), () -> "-1").map(n -> URI.create("x")).isEmpty());
  }
}
