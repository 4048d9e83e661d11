package org.dalil.channel.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.dalil.config.ConfigException;
import org.dalil.web.TestServer;
import org.dalil.store.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract test of the Telegram channel: the bodies Telegram posts go to the whole server (a test
 * database, the shipped engine, the outbox), and the replies come out through the library's real
 * OkHttp client to a stand-in Bot API server.
 */
class TelegramWebhookTest {
  private static final String SECRET = "wh-secret_0123456789";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static BotApiStandIn api;
  private static TestServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    api = new BotApiStandIn();
    server = TestServer.start(TestServer.MINIMAL_CONTENT, false, Map.of(
        TelegramSettings.BOT_TOKEN, BotApiStandIn.TOKEN,
        TelegramSettings.WEBHOOK_SECRET, SECRET,
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

  private HttpResponse<String> post(byte[] body, String secret, String contentType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/webhooks/telegram")))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** As Telegram posts: JSON, with the secret given to setWebhook. */
  private HttpResponse<String> deliver(byte[] body) throws Exception {
    HttpResponse<String> response = post(body, SECRET, "application/json");
    assertEquals(200, response.statusCode(), response.body());
    return response;
  }

  private Jdbi jdbi() {
    return server.database.database().jdbi();
  }

  private int storedInbound(String updateId) {
    return jdbi().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM messages WHERE channel = 'telegram' AND direction = 'in' AND provider_message_id = :id")
        .bind("id", updateId).mapTo(Integer.class).one());
  }

  private int storedMessages() {
    return jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM messages").mapTo(Integer.class).one());
  }

  private int contacts(String address) {
    return jdbi().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM contacts WHERE channel = 'telegram' AND address_hash = :a")
        .bind("a", TestDatabases.addressHash("telegram", address)).mapTo(Integer.class).one());
  }

  private record OutboxState(String status, int attempts, String lastError) {}

  private List<OutboxState> outbox(String address) {
    return jdbi().withHandle(h -> h.createQuery("""
            SELECT o.status, o.attempts, o.last_error FROM outbox o JOIN contacts c ON c.id = o.contact_id
            WHERE c.channel = 'telegram' AND c.address_hash = :a ORDER BY o.id""")
        .bind("a", TestDatabases.addressHash("telegram", address))
        .map((rs, ctx) -> new OutboxState(rs.getString(1), rs.getInt(2), rs.getString(3))).list());
  }

  /** The texts of the replies stored for a contact, in order (what Telegram must have been sent). */
  private List<String> storedReplyTexts(String address) {
    return jdbi().withHandle(h -> h.createQuery("""
            SELECT o.payload->>'text' FROM outbox o JOIN contacts c ON c.id = o.contact_id
            WHERE c.channel = 'telegram' AND c.address_hash = :a ORDER BY o.id""")
        .bind("a", TestDatabases.addressHash("telegram", address)).mapTo(String.class).list());
  }

  private static <T> T await(Supplier<Optional<T>> probe, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private List<BotApiStandIn.Call> awaitSent(String chatId, int count) throws InterruptedException {
    return api.awaitCalls(calls -> api.calls("sendmessage", chatId).size() >= count, WAIT,
        count + " sendmessage to " + chatId).stream()
        .filter(c -> c.method().equals("sendmessage") && chatId.equals(c.chatId())).toList();
  }

  private static List<String> buttons(BotApiStandIn.Call call) {
    return call.json().get("reply_markup").get("inline_keyboard").findValues("text").stream()
        .map(JsonNode::asText).toList();
  }

  private static List<String> callbackData(BotApiStandIn.Call call) {
    return call.json().get("reply_markup").get("inline_keyboard").findValues("callback_data").stream()
        .map(JsonNode::asText).toList();
  }

  @Test
  void aPrivateMessageGetsTheWelcomeMenuAsButtonsAndAPressIsAnsweredAndUnderstood() throws Exception {
    String chat = "5087351234";
    deliver(Fixtures.bytes("private_text.json"));

    assertEquals(1, storedInbound("734519201"));
    assertEquals(1, contacts(chat));
    BotApiStandIn.Call welcome = awaitSent(chat, 1).getFirst();
    assertEquals("/bot" + BotApiStandIn.TOKEN + "/sendmessage", welcome.path());
    assertEquals(storedReplyTexts(chat).getFirst(), welcome.json().get("text").asText());
    assertEquals(List.of("1. Français", "2. العربية", "3. English"), buttons(welcome));
    assertEquals(List.of("1", "2", "3"), callbackData(welcome));

    // The outbox records Telegram's message_id as the reply's provider id.
    String messageId = await(() -> Optional.ofNullable(jdbi().withHandle(h -> h.createQuery("""
            SELECT m.provider_message_id FROM messages m JOIN contacts c ON c.id = m.contact_id
            WHERE c.address_hash = :a AND m.direction = 'out' ORDER BY m.id LIMIT 1""")
        .bind("a", TestDatabases.addressHash("telegram", chat)).mapTo(String.class).findOne().orElse(null))), "the reply's provider id");
    assertEquals(welcome.sentMessageId(), messageId);

    // The person presses "2. العربية".
    int sentBefore = api.calls("sendmessage", chat).size();
    deliver(Fixtures.bytes("callback_query.json"));

    List<BotApiStandIn.Call> answers = api.calls("answercallbackquery");
    assertEquals(1, answers.size(), "answered before the webhook returned");
    assertEquals("2185081839513629531", answers.getFirst().json().get("callback_query_id").asText());
    assertEquals(1, storedInbound("734519203"));

    List<BotApiStandIn.Call> arabic = api.awaitCalls(
        calls -> api.calls("sendmessage", chat).stream().anyMatch(c -> c.json().has("reply_markup")
            && c.json().get("text").asText().equals("أي موضوع؟ أجب بالرقم.")), WAIT, "the Arabic main menu");
    BotApiStandIn.Call menu = arabic.stream().filter(c -> "sendmessage".equals(c.method()) && chat.equals(c.chatId()))
        .skip(sentBefore).filter(c -> c.json().has("reply_markup")).findFirst().orElseThrow();
    assertEquals(List.of("1. الصحة", "2. البحث عن جمعية", "3. التحدث مع متطوع", "4. خروج"), buttons(menu));
  }

  @Test
  void startWithAPayloadBeginsTheWelcomeAndATwiceDeliveredUpdateIsAnsweredOnce() throws Exception {
    String chat = "6120984477";
    deliver(Fixtures.bytes("start_deep_link.json"));
    deliver(Fixtures.bytes("start_deep_link.json"));

    assertEquals(1, storedInbound("734519202"));
    int replies = storedReplyTexts(chat).size();
    assertTrue(replies >= 1);
    List<BotApiStandIn.Call> sent = awaitSent(chat, replies);
    assertEquals(List.of("1. Français", "2. العربية", "3. English"), buttons(sent.getFirst()));
    Thread.sleep(1500);
    assertEquals(replies, api.calls("sendmessage", chat).size(), "one set of replies");
    assertEquals(replies, storedReplyTexts(chat).size());
  }

  @Test
  void photosAndLocationsAreStoredAndAnswered() throws Exception {
    String chat = "7311450982";
    deliver(Fixtures.bytes("photo.json"));
    deliver(Fixtures.bytes("location.json"));

    assertEquals(1, storedInbound("734519205"));
    assertEquals(1, storedInbound("734519206"));
    String caption = jdbi().withHandle(h -> h.createQuery(
            "SELECT body FROM messages WHERE channel = 'telegram' AND direction = 'in' AND provider_message_id = '734519205'")
        .mapTo(String.class).one());
    assertEquals("my residence card", caption);
    List<String> replies = storedReplyTexts(chat);
    // The location arrives while the welcome menu waits: the engine says it reads only text.
    assertTrue(List.of("I can only read text.", "Je ne peux lire que du texte.", "لا أستطيع قراءة سوى النصوص.")
        .contains(replies.getLast()), replies.getLast());
    List<BotApiStandIn.Call> sent = awaitSent(chat, replies.size());
    assertEquals(replies, sent.stream().map(c -> c.json().get("text").asText()).toList());
  }

  @Test
  void editsGroupMessagesMembershipChangesAndUnknownUpdatesAreIgnored() throws Exception {
    int before = storedMessages();
    for (String fixture : List.of("edited_message.json", "group_message.json", "my_chat_member.json",
        "unknown_update.json")) {
      HttpResponse<String> response = deliver(Fixtures.bytes(fixture));
      assertEquals("", response.body(), fixture);
    }
    assertEquals(before, storedMessages());
    assertEquals(0, contacts("-1001786532190"));
    Thread.sleep(300);
    assertTrue(api.calls("sendmessage", "-1001786532190").isEmpty());
  }

  @Test
  void aWrongOrMissingSecretIsRefusedAndNothingIsStored() throws Exception {
    byte[] body = Fixtures.withIds("private_text.json", 734519401, 7400000010L);
    assertEquals(403, post(body, "wrong-secret", "application/json").statusCode());
    assertEquals(403, post(body, null, "application/json").statusCode());
    assertEquals(403, post(body, SECRET + "x", "application/json").statusCode());
    assertEquals(403, post(body, "", "application/json").statusCode());

    assertEquals(0, storedInbound("734519401"));
    assertEquals(0, contacts("7400000010"));
    Thread.sleep(300);
    assertTrue(api.calls("sendmessage", "7400000010").isEmpty());
  }

  @Test
  void badInputsGetAClearClientErrorAndNothingIsStored() throws Exception {
    int before = storedMessages();
    byte[] invalidUtf8 = new String(Fixtures.withIds("private_text.json", 734519402, 7400000011L), StandardCharsets.UTF_8)
        .replace("Bonjour", "BONJOUR").getBytes(StandardCharsets.UTF_8);
    int at = new String(invalidUtf8, StandardCharsets.ISO_8859_1).indexOf("BONJOUR");
    invalidUtf8[at] = (byte) 0xC3;
    invalidUtf8[at + 1] = (byte) 0x28;

    Map<String, byte[]> bodies = Map.of(
        "not JSON", "{\"update_id\": 734519403, \"message\": ".getBytes(StandardCharsets.UTF_8),
        "invalid UTF-8", invalidUtf8,
        "no update_id", "{\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":7400000011,\"type\":\"private\"},\"text\":\"hi\"}}"
            .getBytes(StandardCharsets.UTF_8),
        "message without chat", "{\"update_id\":734519404,\"message\":{\"message_id\":1,\"date\":1,\"text\":\"hi\"}}"
            .getBytes(StandardCharsets.UTF_8),
        "a JSON array", "[1,2]".getBytes(StandardCharsets.UTF_8),
        "an empty body", new byte[0]);
    for (Map.Entry<String, byte[]> bad : bodies.entrySet()) {
      HttpResponse<String> response = post(bad.getValue(), SECRET, "application/json");
      assertEquals(400, response.statusCode(), bad.getKey() + ": " + response.body());
      assertTrue(response.body().contains("error"), response.body());
    }
    byte[] good = Fixtures.withIds("private_text.json", 734519405, 7400000011L);
    assertEquals(415, post(good, SECRET, "application/x-www-form-urlencoded").statusCode());
    assertEquals(415, post(good, SECRET, "text/plain").statusCode());

    byte[] huge = new byte[1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    System.arraycopy(good, 0, huge, 0, good.length);
    int status = post(huge, SECRET, "application/json").statusCode();
    assertEquals(413, status);

    assertEquals(before, storedMessages());
    assertEquals(0, contacts("7400000011"));
  }

  @Test
  void aTokenWithoutASecretStopsStartUpNamingTheVariable() {
    ConfigException e = assertThrows(ConfigException.class, () -> TestServer.start(TestServer.MINIMAL_CONTENT, false,
        Map.of(TelegramSettings.BOT_TOKEN, BotApiStandIn.TOKEN, TelegramSettings.API_URL, api.url())));
    assertEquals(TelegramSettings.WEBHOOK_SECRET, e.variable());
  }

  @Test
  void tooManyRequestsFromTelegramIsRetriedLater() throws Exception {
    String chat = "7400000001";
    api.failNextFor(chat, BotApiStandIn.tooManyRequests(1));
    deliver(Fixtures.withIds("private_text.json", 734519301, Long.parseLong(chat)));

    OutboxState retrying = await(() -> outbox(chat).stream().filter(o -> o.lastError() != null).findFirst(),
        "the first attempt to fail");
    assertTrue(retrying.lastError().contains("429"), retrying.lastError());
    List<BotApiStandIn.Call> sent = awaitSent(chat, 2);
    assertEquals(sent.get(0).body(), sent.get(1).body(), "the same message, sent again");
    OutboxState done = await(() -> outbox(chat).stream().filter(o -> o.status().equals("sent")).findFirst(),
        "the retry to be recorded");
    assertEquals(2, done.attempts());
  }

  @Test
  void aPersonWhoBlockedTheBotFailsForGoodWithTheReason() throws Exception {
    String chat = "7400000002";
    api.failNextFor(chat, BotApiStandIn.error(403, "Forbidden: bot was blocked by the user"));
    deliver(Fixtures.withIds("private_text.json", 734519302, Long.parseLong(chat)));

    OutboxState failed = await(() -> outbox(chat).stream().filter(o -> o.status().equals("failed")).findFirst(),
        "the row to fail");
    assertEquals(1, failed.attempts());
    assertTrue(failed.lastError().startsWith("403"), failed.lastError());
    assertTrue(failed.lastError().contains("bot was blocked by the user"), failed.lastError());
    assertEquals(1, api.calls("sendmessage", chat).size());
  }
}
