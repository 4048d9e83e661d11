package org.dalil.channel.telegram;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnsupportedMediaTypeResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * {@code POST /webhooks/telegram}: Telegram delivers one {@code Update} per call. Only a call with
 * the secret given to setWebhook is read; the answer is 200 once the message and its replies are
 * stored (the outbox sends them), and anything else makes Telegram deliver the update again.
 * Updates Dalil ignores are answered 200 too, so that Telegram does not retry them.
 */
public final class TelegramWebhook {
  public static final String PATH = "/webhooks/telegram";
  public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  private static final Logger log = LoggerFactory.getLogger(TelegramWebhook.class);

  private final byte[] secretDigest;
  private final TelegramInbound inbound;

  TelegramWebhook(String secret, TelegramInbound inbound) {
    this.secretDigest = sha256(secret);
    this.inbound = inbound;
  }

  public void post(Context ctx) {
    if (!secretMatches(ctx.header(SECRET_HEADER))) {
      log.warn("telegram webhook: call refused, missing or wrong secret token");
      throw new ForbiddenResponse("wrong or missing " + SECRET_HEADER);
    }
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new UnsupportedMediaTypeResponse("expected application/json");
    }
    Update update;
    try {
      update = UpdateJson.read(ctx.bodyAsBytes());
      inbound.receive(update);
    } catch (BadUpdateException e) {
      log.warn("telegram webhook: bad update refused: {}", e.getMessage());
      throw new BadRequestResponse(e.getMessage());
    }
    ctx.status(200);
  }

  /** Compares digests, so the time taken says nothing about the secret or its length. */
  private boolean secretMatches(String given) {
    return given != null && MessageDigest.isEqual(secretDigest, sha256(given));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
