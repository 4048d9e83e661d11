package org.dalil.channel.telegram;

import java.io.IOException;
import java.time.Duration;
import org.dalil.channel.SendException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

/**
 * What a failed Bot API call means for the outbox: retry later, or give up with a reason.
 *
 * <p>The library's exceptions are not logged or stored as they are: {@code toString()} of a
 * validation error prints the whole request, message text and chat id included. The reasons
 * built here hold only the status code, Telegram's description of the error and exception types.
 */
final class TelegramErrors {
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int MAX_DESCRIPTION = 200;

  private TelegramErrors() {}

  static SendException toSendException(String method, TelegramApiException e) {
    TelegramApiValidationException invalid = find(e, TelegramApiValidationException.class);
    if (invalid != null) {
      // Refused before it left: sending the same request again cannot help.
      return new SendException(false, null, method + " refused by the client library: " + invalid.getMessage());
    }
    TelegramApiRequestException api = find(e, TelegramApiRequestException.class);
    if (api != null && api.getErrorCode() != null && api.getErrorCode() > 0) {
      int code = api.getErrorCode();
      String description = description(api.getApiResponse());
      if (code == TOO_MANY_REQUESTS) {
        Integer retryAfter = api.getParameters() == null ? null : api.getParameters().getRetryAfter();
        if (retryAfter == null || retryAfter < 0) {
          return new SendException(true, "429", method + ": " + description);
        }
        return SendException.retryAfter("429", method + ": " + description, Duration.ofSeconds(retryAfter));
      }
      // 5xx: Telegram's side; 4xx: this request will never pass (403 = the person blocked the
      // bot, 400 = chat not found, text too long...).
      return new SendException(code >= 500, Integer.toString(code), method + ": " + description);
    }
    IOException io = find(e, IOException.class);
    if (io != null) {
      return new SendException(true, null, method + ": network error " + io.getClass().getSimpleName());
    }
    if (api != null) {
      // No error_code: the answer was not the Bot API's JSON (a proxy's error page, an empty body).
      return new SendException(true, null, method + ": unreadable answer from the Bot API");
    }
    return new SendException(true, null, method + ": " + rootType(e));
  }

  /** Telegram's own words ("Forbidden: bot was blocked by the user"), cut short. */
  private static String description(String apiResponse) {
    if (apiResponse == null || apiResponse.isBlank()) {
      return "no description";
    }
    String oneLine = apiResponse.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MAX_DESCRIPTION ? oneLine : oneLine.substring(0, MAX_DESCRIPTION);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootType(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
