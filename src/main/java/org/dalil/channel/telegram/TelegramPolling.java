package org.dalil.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Development without a public URL ({@code TELEGRAM_MODE=polling}): the library asks Telegram for
 * updates ({@code getUpdates}, after deleting any webhook) and each one goes through the same
 * {@link TelegramInbound} as the webhook's.
 *
 * <p>Not for production: the library moves past a batch as soon as it is read, so an update
 * whose handling keeps failing (the database is down) is dropped after a few tries, where the
 * webhook would have had Telegram deliver it again.
 */
final class TelegramPolling implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelegramPolling.class);
  private static final int ATTEMPTS = 3;
  private static final Duration PAUSE = Duration.ofSeconds(1);

  private final TelegramSettings settings;
  private final TelegramInbound inbound;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dalil-telegram-polling");
    t.setDaemon(true);
    return t;
  });
  // getUpdates waits up to 50 s for news: reads must be allowed to last longer.
  private final OkHttpClient http = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(75)).build();
  private final TelegramBotsLongPollingApplication application =
      new TelegramBotsLongPollingApplication(ObjectMapper::new, () -> http, () -> executor);
  private volatile boolean closed;

  TelegramPolling(TelegramSettings settings, TelegramInbound inbound) {
    this.settings = settings;
    this.inbound = inbound;
  }

  /** Starts in the background: deleting the webhook first may take a while when Telegram is far. */
  void start() {
    Thread.ofVirtual().name("dalil-telegram-polling-start").start(() -> {
      try {
        application.registerBot(settings.botToken(), settings::telegramUrl,
            new DefaultGetUpdatesGenerator(WebhookRegistration.ALLOWED_UPDATES), this::consume);
        log.info("telegram: long polling started (development mode)");
      } catch (TelegramApiException e) {
        log.error("telegram: long polling could not start: {}",
            TelegramErrors.toSendException("getUpdates", e).getMessage());
      }
    });
  }

  /** One batch, in order; runs on the library's single polling thread. */
  void consume(List<Update> updates) {
    for (Update update : updates) {
      receive(update);
    }
  }

  private void receive(Update update) {
    for (int attempt = 1; attempt <= ATTEMPTS && !closed; attempt++) {
      try {
        inbound.receive(update);
        return;
      } catch (BadUpdateException e) {
        log.warn("telegram update {} skipped: {}", update.getUpdateId(), e.getMessage());
        return;
      } catch (RuntimeException e) {
        log.warn("telegram update {}: handling failed ({}), attempt {} of {}",
            update.getUpdateId(), e.getClass().getSimpleName(), attempt, ATTEMPTS);
        try {
          Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    log.error("telegram update {} dropped after {} failed attempts", update.getUpdateId(), ATTEMPTS);
  }

  @Override
  public void close() {
    closed = true;
    try {
      application.close();
    } catch (Exception e) {
      log.warn("telegram: stopping long polling: {}", e.getClass().getSimpleName());
    }
    executor.shutdownNow();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }
}
