package org.dalil.channel.telegram;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dalil.config.ConfigException;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The Telegram channel's configuration, from environment variables (README.md). The channel is
 * off when {@value #BOT_TOKEN} is not set.
 *
 * @param botToken the bot's token from BotFather (a secret: never logged)
 * @param webhookSecret what Telegram sends in {@code X-Telegram-Bot-Api-Secret-Token}; null only in
 *     polling mode
 * @param mode how updates arrive
 * @param apiUrl the Bot API server (Telegram's, a self-hosted one, or a test stand-in)
 */
public record TelegramSettings(String botToken, String webhookSecret, Mode mode, URI apiUrl) {

  public static final String BOT_TOKEN = "TELEGRAM_BOT_TOKEN";
  public static final String WEBHOOK_SECRET = "TELEGRAM_WEBHOOK_SECRET";
  public static final String MODE = "TELEGRAM_MODE";
  public static final String API_URL = "DALIL_TELEGRAM_API_URL";
  static final String DEFAULT_API_URL = "https://api.telegram.org";

  public enum Mode {
    /** Telegram calls {@code POST /webhooks/telegram} (production: needs a public https URL). */
    WEBHOOK,
    /** Dalil asks Telegram for updates (development without a public URL). */
    POLLING
  }

  // The token becomes a path segment of every API URL: a stray character would only show up as
  // a confusing 404 later.
  private static final Pattern TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{20,100}");
  // Telegram's own rule for secret_token (setWebhook refuses anything else).
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  /** The settings, or empty when {@value #BOT_TOKEN} is not set (the channel is off). */
  public static Optional<TelegramSettings> from(Map<String, String> env) {
    String token = blankToNull(env.get(BOT_TOKEN));
    if (token == null) {
      return Optional.empty();
    }
    token = token.strip();
    if (!TOKEN.matcher(token).matches()) {
      throw new ConfigException(BOT_TOKEN, "does not look like a bot token from BotFather (digits, ':', then letters)");
    }
    Mode mode = mode(env);
    String secret = blankToNull(env.get(WEBHOOK_SECRET));
    if (secret != null) {
      secret = secret.strip();
      if (!SECRET.matcher(secret).matches()) {
        throw new ConfigException(WEBHOOK_SECRET, "must be 1 to 256 characters among A-Z, a-z, 0-9, _ and -");
      }
    } else if (mode == Mode.WEBHOOK) {
      throw new ConfigException(WEBHOOK_SECRET,
          "is required with " + BOT_TOKEN + " (or set " + MODE + "=polling for development)");
    }
    return Optional.of(new TelegramSettings(token, secret, mode, apiUrl(env)));
  }

  /** The Bot API server as the library wants it. */
  public TelegramUrl telegramUrl() {
    return TelegramUrl.builder()
        .schema(apiUrl.getScheme())
        .host(apiUrl.getHost())
        .port(apiUrl.getPort() > 0 ? apiUrl.getPort() : ("https".equals(apiUrl.getScheme()) ? 443 : 80))
        .testServer(false)
        .build();
  }

  /** Without the token and the secret: records print every component. */
  @Override
  public String toString() {
    return "TelegramSettings[mode=" + mode + ", apiUrl=" + apiUrl + ", webhookSecret="
        + (webhookSecret == null ? "unset" : "set") + "]";
  }

  private static Mode mode(Map<String, String> env) {
    String raw = blankToNull(env.get(MODE));
    if (raw == null) {
      return Mode.WEBHOOK;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "webhook" -> Mode.WEBHOOK;
      case "polling" -> Mode.POLLING;
      default -> throw new ConfigException(MODE, "must be webhook or polling, got '" + raw.strip() + "'");
    };
  }

  private static URI apiUrl(Map<String, String> env) {
    String raw = blankToNull(env.get(API_URL));
    raw = raw == null ? DEFAULT_API_URL : raw.strip();
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ConfigException(API_URL, "must be an absolute http(s) URL such as " + DEFAULT_API_URL + ", got '" + raw + "'");
      }
      // The library builds /bot<token>/<method> from scheme, host and port only: a path would be dropped.
      String path = uri.getRawPath();
      if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getUserInfo() != null) {
        throw new ConfigException(API_URL, "must be scheme, host and port only (no path, query or credentials), got '" + raw + "'");
      }
      return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
    } catch (URISyntaxException e) {
      throw new ConfigException(API_URL, "is not a valid URL: '" + raw + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
