package org.dalil.handoff;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends urgent alerts to a Telegram chat of the association (the on-call group) through the Bot
 * API's {@code sendMessage}. The chat comes from the settings each time, so an admin can change it
 * without a restart.
 */
public final class TelegramUrgentNotifier implements UrgentNotifier {
  public static final String BOT_TOKEN = "DALIL_URGENT_TELEGRAM_BOT_TOKEN";
  /** The channel's bot, used when no bot of its own is set for alerts. */
  public static final String CHANNEL_BOT_TOKEN = "TELEGRAM_BOT_TOKEN";
  public static final String API_URL = "DALIL_TELEGRAM_API_URL";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI apiUrl;
  private final String token;
  private final Supplier<String> chatId;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** @param apiUrl {@code https://api.telegram.org} or a stand-in */
  public TelegramUrgentNotifier(URI apiUrl, String token, Supplier<String> chatId) {
    this.apiUrl = apiUrl;
    this.token = token;
    this.chatId = chatId;
  }

  /** The notifier for {@code env}, or empty when no bot token is set. */
  public static java.util.Optional<TelegramUrgentNotifier> from(Map<String, String> env, Supplier<String> chatId) {
    String token = blankToNull(env.get(BOT_TOKEN));
    if (token == null) {
      token = blankToNull(env.get(CHANNEL_BOT_TOKEN));
    }
    if (token == null) {
      return java.util.Optional.empty();
    }
    String api = blankToNull(env.get(API_URL));
    return java.util.Optional.of(new TelegramUrgentNotifier(URI.create(api == null ? "https://api.telegram.org" : api.strip()),
        token.strip(), chatId));
  }

  @Override
  public void notify(UrgentAlert alert) throws IOException, InterruptedException {
    String chat = chatId.get();
    if (chat == null || chat.isBlank()) {
      throw new IOException("no Telegram chat configured for urgent alerts");
    }
    String body = JSON.writeValueAsString(Map.of("chat_id", chat, "text", alert.text()));
    HttpRequest request = HttpRequest.newBuilder(apiUrl.resolve("/bot" + token + "/sendMessage"))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      // The response names the problem (chat not found, bot blocked); it holds no token.
      throw new IOException("Telegram answered " + response.statusCode());
    }
  }

  @Override
  public String describe() {
    return "Telegram chat";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
