package org.dalil.channel.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendException;
import org.dalil.channel.SendResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

/** The sender through the library's real OkHttp client, against a stand-in Bot API server. */
class TelegramSenderTest {
  private static BotApiStandIn api;
  private static OkHttpClient http;
  private static TelegramSender sender;

  @BeforeAll
  static void start() throws Exception {
    api = new BotApiStandIn();
    http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    sender = senderFor(api.url());
  }

  @AfterAll
  static void stop() {
    api.close();
    http.dispatcher().executorService().shutdownNow();
  }

  private static TelegramSender senderFor(String apiUrl) {
    TelegramSettings settings = TelegramSettings.from(Map.of(
        TelegramSettings.BOT_TOKEN, BotApiStandIn.TOKEN,
        TelegramSettings.WEBHOOK_SECRET, "s3cret",
        TelegramSettings.API_URL, apiUrl)).orElseThrow();
    return new TelegramSender(new OkHttpTelegramClient(http, settings.botToken(), settings.telegramUrl()));
  }

  @Test
  void aMenuIsTheTextWithOneButtonPerOption() throws Exception {
    OutboundMessage menu = new OutboundMessage("أي موضوع؟ أجب بالرقم.",
        List.of(new OutboundMessage.Option(1, "الصحة"), new OutboundMessage.Option(2, "البحث عن جمعية")), "ar");

    SendResult result = sender.deliver("6120984477", menu);

    BotApiStandIn.Call call = api.calls("sendmessage", "6120984477").getFirst();
    assertEquals("/bot" + BotApiStandIn.TOKEN + "/sendmessage", call.path());
    assertTrue(call.contentType().startsWith("application/json"), call.contentType());
    assertEquals("أي موضوع؟ أجب بالرقم.", call.json().get("text").asText());
    JsonNode rows = call.json().get("reply_markup").get("inline_keyboard");
    assertEquals(2, rows.size());
    assertEquals("1. الصحة", rows.get(0).get(0).get("text").asText());
    assertEquals("1", rows.get(0).get(0).get("callback_data").asText());
    assertEquals("2. البحث عن جمعية", rows.get(1).get(0).get("text").asText());
    assertEquals("2", rows.get(1).get(0).get("callback_data").asText());
    assertFalse(call.json().has("parse_mode"), "texts are sent as they are, not as Markdown or HTML");

    assertEquals(DeliveryStatus.SENT, result.status());
    assertEquals(1, result.segments());
    assertEquals(call.sentMessageId(), result.providerMessageId());
  }

  @Test
  void aPlainMessageHasNoKeyboard() throws Exception {
    sender.deliver("7000000001", new OutboundMessage("Goodbye.", List.of(), "en"));
    JsonNode sent = api.calls("sendmessage", "7000000001").getFirst().json();
    assertEquals("Goodbye.", sent.get("text").asText());
    assertFalse(sent.has("reply_markup"));
  }

  @Test
  void aTextLongerThanOneMessageGoesInPartsWithTheKeyboardUnderTheLast() throws Exception {
    String paragraph = "Organisation ".repeat(150).strip();
    String text = paragraph + "\n\n" + paragraph + "\n\n" + paragraph + "\n\n" + paragraph;
    SendResult result = sender.deliver("7000000002",
        new OutboundMessage(text, List.of(new OutboundMessage.Option(1, "Menu")), "en"));

    List<BotApiStandIn.Call> calls = api.calls("sendmessage", "7000000002");
    assertEquals(2, calls.size());
    assertEquals(2, result.segments());
    StringBuilder joined = new StringBuilder();
    for (BotApiStandIn.Call c : calls) {
      String part = c.json().get("text").asText();
      assertTrue(part.length() <= TelegramSender.MAX_TEXT, "part of " + part.length());
      joined.append(joined.isEmpty() ? "" : "\n\n").append(part);
    }
    assertEquals(text, joined.toString());
    assertFalse(calls.get(0).json().has("reply_markup"));
    assertTrue(calls.get(1).json().has("reply_markup"));
  }

  @Test
  void tooManyRequestsIsRetryableAfterWhatTelegramSays() {
    api.failNextFor("7000000003", BotApiStandIn.tooManyRequests(7));
    SendException e = assertThrows(SendException.class,
        () -> sender.deliver("7000000003", new OutboundMessage("Hi", List.of(), "en")));
    assertTrue(e.retryable());
    assertEquals("429", e.errorCode());
    assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
  }

  @Test
  void aBlockedBotFailsForGoodWithTheReason() {
    api.failNextFor("7000000004", BotApiStandIn.error(403, "Forbidden: bot was blocked by the user"));
    SendException e = assertThrows(SendException.class,
        () -> sender.deliver("7000000004", new OutboundMessage("Hi", List.of(), "en")));
    assertFalse(e.retryable());
    assertEquals("403", e.errorCode());
    assertEquals("sendMessage: Forbidden: bot was blocked by the user", e.getMessage());
  }

  @Test
  void aBadRequestFailsForGood() {
    api.failNextFor("7000000005", BotApiStandIn.error(400, "Bad Request: chat not found"));
    SendException e = assertThrows(SendException.class,
        () -> sender.deliver("7000000005", new OutboundMessage("Hi", List.of(), "en")));
    assertFalse(e.retryable());
    assertEquals("400", e.errorCode());
  }

  @Test
  void serverErrorsAreRetryable() {
    api.failNextFor("7000000006", BotApiStandIn.error(502, "Bad Gateway"));
    SendException e = assertThrows(SendException.class,
        () -> sender.deliver("7000000006", new OutboundMessage("Hi", List.of(), "en")));
    assertTrue(e.retryable());
    assertEquals("502", e.errorCode());
  }

  @Test
  void anAnswerThatIsNotTheBotApisIsRetryable() {
    api.failNextFor("7000000007", new BotApiStandIn.Scripted(502, "text/html", "<html>Bad Gateway</html>"));
    SendException e = assertThrows(SendException.class,
        () -> sender.deliver("7000000007", new OutboundMessage("Hi", List.of(), "en")));
    assertTrue(e.retryable());
    assertNull(e.errorCode());
  }

  @Test
  void anUnreachableServerIsRetryableAndTheReasonHoldsNoTokenNorAddress() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    SendException e = assertThrows(SendException.class,
        () -> senderFor("http://127.0.0.1:" + closedPort).deliver("7000000008", new OutboundMessage("Hi", List.of(), "en")));
    assertTrue(e.retryable());
    assertFalse(e.getMessage().contains(BotApiStandIn.TOKEN), e.getMessage());
    assertFalse(e.getMessage().contains("7000000008"), e.getMessage());
    assertFalse(e.getMessage().contains("Hi"), e.getMessage());
  }
}
