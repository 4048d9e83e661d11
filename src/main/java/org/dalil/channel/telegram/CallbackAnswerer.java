package org.dalil.channel.telegram;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dalil.channel.SendException;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers button presses ({@code answerCallbackQuery}): until then the person's app shows the
 * button as loading. The reply itself travels through the outbox; the answer only stops the
 * spinner.
 *
 * <p>The first attempt is made before the webhook answers Telegram, so a crash before it means
 * Telegram delivers the update again and the press is answered then (the conversation service
 * drops the duplicate message). A failed attempt is retried a few times within seconds, not
 * stored: Telegram refuses answers to queries older than a few seconds to minutes, so a durable
 * retry would only ever fail later.
 */
final class CallbackAnswerer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallbackAnswerer.class);
  private static final String METHOD = "answerCallbackQuery";
  private static final Duration[] RETRY_DELAYS = {Duration.ofSeconds(1), Duration.ofSeconds(3)};
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

  private final TelegramClient client;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dalil-telegram-callbacks");
    t.setDaemon(true);
    return t;
  });

  CallbackAnswerer(TelegramClient client) {
    this.client = client;
  }

  /** Answers now, and retries in the background if that failed for a reason that may pass. */
  void answer(String callbackQueryId) {
    attempt(callbackQueryId, 0);
  }

  private void attempt(String callbackQueryId, int retry) {
    try {
      client.execute(new AnswerCallbackQuery(callbackQueryId));
    } catch (TelegramApiException e) {
      SendException failure = TelegramErrors.toSendException(METHOD, e);
      Duration delay = retry < RETRY_DELAYS.length ? failure.retryAfter().orElse(RETRY_DELAYS[retry]) : null;
      if (failure.retryable() && delay != null && delay.compareTo(LONGEST_WAIT) <= 0 && !retries.isShutdown()) {
        log.info("telegram: answering a button press failed ({}), retry {} in {} ms",
            failure.getMessage(), retry + 1, delay.toMillis());
        try {
          retries.schedule(() -> attempt(callbackQueryId, retry + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
          log.warn("telegram: a button press stays unanswered: the server is stopping");
        }
      } else {
        log.warn("telegram: could not answer a button press: {}{}",
            failure.errorCode() == null ? "" : failure.errorCode() + " ", failure.getMessage());
      }
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
  }
}
