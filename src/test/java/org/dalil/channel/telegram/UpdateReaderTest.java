package org.dalil.channel.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.dalil.channel.InboundMessage;
import org.dalil.flow.UserInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Telegram's update bodies, read with the library's types, as the conversation service gets them. */
class UpdateReaderTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private final UpdateReader reader = new UpdateReader();

  private ReadUpdate read(String fixture) {
    return reader.read(UpdateJson.read(Fixtures.bytes(fixture)), NOW);
  }

  private InboundMessage accepted(String fixture) {
    return assertInstanceOf(ReadUpdate.Accepted.class, read(fixture)).message();
  }

  @Test
  void aPrivateTextMessageIsTextFromTheChat() {
    InboundMessage m = accepted("private_text.json");
    assertEquals("telegram", m.channel());
    assertEquals("5087351234", m.address());
    assertEquals("734519201", m.providerMessageId());
    assertEquals(new UserInput("Bonjour", UserInput.Kind.TEXT, "fr"), m.input());
    assertEquals(NOW, m.receivedAt());
    assertNull(read("private_text.json").callbackQueryId());
  }

  @Test
  void startWithADeepLinkPayloadIsAStart() {
    InboundMessage m = accepted("start_deep_link.json");
    assertEquals(UserInput.Kind.START, m.input().kind());
    assertEquals("/start rabat-flyer", m.input().text());
    assertEquals("ar", m.input().languageHint());
    assertEquals("6120984477", m.address());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/start|START", "/start@dalil_bot|START", "/start@dalil_bot abc|START", "/startle|TEXT",
      "start|TEXT", "/help|TEXT", "please /start|TEXT"})
  void onlyTheStartCommandStarts(String text, UserInput.Kind kind) {
    String body = "{\"update_id\":9,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":42,\"type\":\"private\"},"
        + "\"text\":\"" + text + "\"}}";
    ReadUpdate read = reader.read(UpdateJson.read(body.getBytes(StandardCharsets.UTF_8)), NOW);
    assertEquals(kind, assertInstanceOf(ReadUpdate.Accepted.class, read).message().input().kind());
  }

  @Test
  void aButtonPressIsTheOptionNumberAndIsToBeAnswered() {
    ReadUpdate read = read("callback_query.json");
    ReadUpdate.Accepted a = assertInstanceOf(ReadUpdate.Accepted.class, read);
    assertEquals("2185081839513629531", a.callbackQueryId());
    assertEquals("5087351234", a.message().address());
    assertEquals("734519203", a.message().providerMessageId());
    assertEquals(new UserInput("2", UserInput.Kind.TEXT, "fr"), a.message().input());
  }

  @ParameterizedTest
  @ValueSource(strings = {"photo.json", "voice.json", "sticker.json", "document.json"})
  void mediaIsMedia(String fixture) {
    InboundMessage m = accepted(fixture);
    assertEquals(UserInput.Kind.MEDIA, m.input().kind());
    assertEquals("7311450982", m.address());
  }

  @Test
  void aPhotoKeepsItsCaptionAsText() {
    assertEquals("my residence card", accepted("photo.json").input().text());
    assertEquals("", accepted("voice.json").input().text());
  }

  @Test
  void theLanguageHintIsTheBaseLanguage() {
    assertEquals("en", accepted("voice.json").input().languageHint());
  }

  @Test
  void aLocationIsALocation() {
    InboundMessage m = accepted("location.json");
    assertEquals(new UserInput("", UserInput.Kind.LOCATION, "en"), m.input());
  }

  @ParameterizedTest
  @CsvSource({
      "edited_message.json, edited_message",
      "group_message.json, supergroup message",
      "my_chat_member.json, my_chat_member",
      "unknown_update.json, other update type"})
  void whatIsNotAPersonWritingIsIgnored(String fixture, String what) {
    ReadUpdate.Ignored ignored = assertInstanceOf(ReadUpdate.Ignored.class, read(fixture));
    assertEquals(what, ignored.what());
    assertNull(ignored.callbackQueryId());
  }

  @Test
  void aButtonPressInAGroupIsIgnoredButStillAnswered() {
    byte[] body = new String(Fixtures.bytes("callback_query.json"), StandardCharsets.UTF_8)
        .replace("\"type\":\"private\"", "\"type\":\"group\"").getBytes(StandardCharsets.UTF_8);
    ReadUpdate.Ignored ignored = assertInstanceOf(ReadUpdate.Ignored.class, reader.read(UpdateJson.read(body), NOW));
    assertEquals("2185081839513629531", ignored.callbackQueryId());
  }

  @Test
  void aServiceMessageInAPrivateChatIsIgnored() {
    String body = "{\"update_id\":10,\"message\":{\"message_id\":2,\"date\":1,\"chat\":{\"id\":42,\"type\":\"private\"},"
        + "\"pinned_message\":{\"message_id\":1,\"date\":0,\"chat\":{\"id\":42,\"type\":\"private\"}}}}";
    assertInstanceOf(ReadUpdate.Ignored.class, reader.read(UpdateJson.read(body.getBytes(StandardCharsets.UTF_8)), NOW));
  }

  @Test
  void controlCharactersAreDropped() {
    String body = "{\"update_id\":11,\"message\":{\"message_id\":3,\"date\":1,\"chat\":{\"id\":42,\"type\":\"private\"},"
        + "\"text\":\"a\\u0000b\\nc\"}}";
    ReadUpdate read = reader.read(UpdateJson.read(body.getBytes(StandardCharsets.UTF_8)), NOW);
    assertEquals("ab\nc", assertInstanceOf(ReadUpdate.Accepted.class, read).message().input().text());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not json",
      "[]",
      "{}",
      "{\"update_id\":\"abc\"}",
      "{\"update_id\":-5}",
      "{\"update_id\":1.5}",
      "{\"update_id\":99999999999}",
      "{\"update_id\":12,\"message\":{\"message_id\":1,\"date\":1,\"text\":\"no chat\"}}",
      "{\"update_id\":12,\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"type\":\"private\"},\"text\":\"no id\"}}",
      "{\"update_id\":12,\"message\":\"a string\"}",
      "{\"update_id\":13,\"callback_query\":{\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"A\"},\"data\":\"1\"}}",
      "{\"update_id\":13,\"callback_query\":{\"id\":\"77\",\"data\":\"1\"}}"})
  void whatTelegramNeverSendsIsRefused(String body) {
    assertThrows(BadUpdateException.class,
        () -> reader.read(UpdateJson.read(body.getBytes(StandardCharsets.UTF_8)), NOW));
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] body = {'{', '"', 'u', 'p', 'd', 'a', 't', 'e', '_', 'i', 'd', '"', ':', '1', ',', '"', 'x', '"', ':', '"',
        (byte) 0xC3, (byte) 0x28, '"', '}'};
    BadUpdateException e = assertThrows(BadUpdateException.class, () -> UpdateJson.read(body));
    assertEquals("the body is not valid UTF-8", e.getMessage());
  }
}
