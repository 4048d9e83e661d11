package org.dalil.channel.telegram;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Tells Telegram where to deliver updates ({@code setWebhook}), with the secret it must send
 * back. Only messages and button presses are asked for: edits, reactions, membership changes
 * would only be ignored.
 */
final class WebhookRegistration {
  static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");
  /** The only ports Telegram delivers webhooks to. */
  private static final Set<Integer> TELEGRAM_PORTS = Set.of(443, 80, 88, 8443);
  private static final Logger log = LoggerFactory.getLogger(WebhookRegistration.class);

  private WebhookRegistration() {}

  /**
   * Registers {@code publicUrl}{@value TelegramWebhook#PATH}. Never throws: a failure is logged
   * and the server runs on (the webhook may still be registered from an earlier start).
   *
   * @return whether Telegram accepted it
   */
  static boolean register(TelegramClient client, URI publicUrl, String secret) {
    if (!"https".equalsIgnoreCase(publicUrl.getScheme())) {
      log.info("telegram: webhook not registered, DALIL_PUBLIC_URL is not https "
          + "(Telegram only calls https; use TELEGRAM_MODE=polling to develop without a public URL)");
      return false;
    }
    int port = publicUrl.getPort() < 0 ? 443 : publicUrl.getPort();
    if (!TELEGRAM_PORTS.contains(port)) {
      log.warn("telegram: DALIL_PUBLIC_URL uses port {}, but Telegram only calls ports 443, 80, 88 and 8443", port);
    }
    String url = publicUrl.toString() + TelegramWebhook.PATH;
    try {
      Boolean ok = client.execute(SetWebhook.builder()
          .url(url)
          .secretToken(secret)
          .allowedUpdates(ALLOWED_UPDATES)
          .build());
      if (Boolean.TRUE.equals(ok)) {
        log.info("telegram: webhook registered at {}", url);
        return true;
      }
      log.error("telegram: setWebhook answered false for {}", url);
    } catch (TelegramApiException e) {
      var failure = TelegramErrors.toSendException("setWebhook", e);
      log.error("telegram: could not register the webhook at {}: {}{}", url,
          failure.errorCode() == null ? "" : failure.errorCode() + " ", failure.getMessage());
    }
    return false;
  }
}
