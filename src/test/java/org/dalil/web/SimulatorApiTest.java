package org.dalil.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.dalil.store.TestDatabases;

/** The simulator API end to end: HTTP, engine, PostgreSQL, outbox. */
class SimulatorApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.MINIMAL_CONTENT, true);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url("/api/simulator/messages")))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private JsonNode say(String contact, String text, String id) throws Exception {
    HttpResponse<String> r = post(JSON.writeValueAsBytes(Map.of("contact", contact, "text", text, "id", id)));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private JsonNode say(String contact, String text) throws Exception {
    return say(contact, text, UUID.randomUUID().toString());
  }

  private static JsonNode last(JsonNode response) {
    JsonNode replies = response.get("replies");
    assertTrue(replies.size() > 0, "no reply in " + response);
    return replies.get(replies.size() - 1);
  }

  @Test
  void aContactWalksTheMenusInArabicThenEnglish() throws Exception {
    String contact = "walker-" + UUID.randomUUID();
    JsonNode welcome = last(say(contact, "salam"));
    assertEquals(3, welcome.get("options").size());
    assertEquals("العربية", welcome.get("options").get(1).get("label").asText());

    JsonNode arabic = say(contact, "٢");
    assertEquals("ar", last(arabic).get("language").asText());
    assertEquals("أي موضوع؟ أجب بالرقم.", last(arabic).get("text").asText());
    assertEquals("الصحة", last(arabic).get("options").get(0).get("label").asText());

    JsonNode health = say(contact, "واحد");
    assertTrue(health.get("replies").get(0).get("text").asText().startsWith("الصحة"), health.toString());

    JsonNode menu = say(contact, "القائمة");
    assertEquals("أي موضوع؟ أجب بالرقم.", last(menu).get("text").asText());

    assertEquals(3, last(say(contact, "language")).get("options").size());
    JsonNode english = say(contact, "three");
    assertEquals("en", last(english).get("language").asText());

    long stored = server.database.database().jdbi().withHandle(h -> h.createQuery(
            "select count(*) from messages m join contacts c on c.id = m.contact_id where c.address_hash = :a and m.direction = 'in'")
        .bind("a", TestDatabases.addressHash("simulator", contact)).mapTo(Long.class).one());
    assertEquals(6, stored, "every inbound message is stored");
  }

  @Test
  void theSameMessageIdTwiceGivesTheSameRepliesOnce() throws Exception {
    String contact = "dup-" + UUID.randomUUID();
    JsonNode first = say(contact, "1", "m-1");
    JsonNode again = say(contact, "1", "m-1");
    assertFalse(first.get("duplicate").asBoolean());
    assertTrue(again.get("duplicate").asBoolean());
    assertEquals(first.get("replies"), again.get("replies"));
    long outbox = server.database.database().jdbi().withHandle(h -> h.createQuery(
            "select count(*) from outbox o join contacts c on c.id = o.contact_id where c.address_hash = :a")
        .bind("a", TestDatabases.addressHash("simulator", contact)).mapTo(Long.class).one());
    assertEquals(first.get("replies").size(), outbox, "replies are queued once");
  }

  @Test
  void repliesLeaveTheOutbox() throws Exception {
    String contact = "sent-" + UUID.randomUUID();
    int replies = say(contact, "hello").get("replies").size();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long sent = 0;
    while (System.nanoTime() < deadline && sent < replies) {
      sent = server.database.database().jdbi().withHandle(h -> h.createQuery(
              "select count(*) from outbox o join contacts c on c.id = o.contact_id where c.address_hash = :a and o.status = 'sent'")
          .bind("a", TestDatabases.addressHash("simulator", contact)).mapTo(Long.class).one());
      Thread.sleep(50);
    }
    assertEquals(replies, sent, "the outbox worker sent every reply through the simulator channel");
  }

  @Test
  void aBodyOverTheLimitSentSlowlyHoldsNoThreadAndGetsItsRefusal() throws Exception {
    URI uri = URI.create(server.url("/api/simulator/messages"));
    int length = (int) Routes.MAX_BODY_BYTES + 1000;
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[length / 2]);
      out.flush();
      // A client in the middle of its body: the server waits for the rest on the connection, with
      // no thread parked in the refusal (a slow sender must not take the webhooks' threads).
      Thread.sleep(300);
      java.util.List<String> parked = Thread.getAllStackTraces().entrySet().stream()
          .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(BodyLimit.class.getName())))
          .map(e -> e.getKey().getName()).toList();
      assertEquals(java.util.List.of(), parked, "threads held by a body being drained");
      out.write(new byte[length - length / 2]);
      out.flush();
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertEquals("HTTP/1.1 413 Payload Too Large", status);
    }
  }

  @Test
  void badRequestsGetAClearErrorAndStoreNothing() throws Exception {
    assertError(post("not json".getBytes(StandardCharsets.UTF_8)), 400, "JSON");
    assertError(post("[1,2]".getBytes(StandardCharsets.UTF_8)), 400, "object");
    assertError(post("{\"text\":\"1\"}".getBytes(StandardCharsets.UTF_8)), 400, "contact");
    assertError(post("{\"contact\":\"a\",\"text\":7}".getBytes(StandardCharsets.UTF_8)), 400, "text");
    assertError(post("{\"contact\":\"  \",\"text\":\"1\"}".getBytes(StandardCharsets.UTF_8)), 400, "contact");
    byte[] invalidUtf8 = {'{', '"', 'c', 'o', 'n', 't', 'a', 'c', 't', '"', ':', '"', 'x', '"', ',', '"', 't', 'e',
        'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertError(post(invalidUtf8), 400, "UTF-8");
    String tooLong = "x".repeat(SimulatorApi.MAX_TEXT + 1);
    assertError(post(JSON.writeValueAsBytes(Map.of("contact", "a", "text", tooLong))), 400, "longer");
    byte[] huge = JSON.writeValueAsBytes(Map.of("contact", "a", "text", "x".repeat((int) Routes.MAX_BODY_BYTES + 10)));
    HttpResponse<String> r = post(huge);
    assertEquals(413, r.statusCode(), r.body());
    long contacts = server.database.database().jdbi().withHandle(h -> h.createQuery(
        "select count(*) from contacts where address_hash in (:a, :x)")
        .bind("a", TestDatabases.addressHash("simulator", "a")).bind("x", TestDatabases.addressHash("simulator", "x"))
        .mapTo(Long.class).one());
    assertEquals(0, contacts);
  }

  @Test
  void aNulCharacterIsDroppedNotAServerError() throws Exception {
    JsonNode r = say("nul-" + UUID.randomUUID(), "1\u0000");
    assertTrue(r.get("replies").size() > 0);
  }

  @Test
  void healthAndReadiness() throws Exception {
    HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(server.url("/health"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, live.statusCode());
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(server.url("/health/ready"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode());
    JsonNode body = JSON.readTree(ready.body());
    assertTrue(body.get("database").asBoolean());
    assertEquals(server.app.flowVersions().current().version(), body.get("flows").asText());
  }

  private static void assertError(HttpResponse<String> r, int status, String mentions) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    String error = JSON.readTree(r.body()).get("error").asText();
    assertTrue(error.contains(mentions), error);
  }
}
