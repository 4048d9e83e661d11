package org.dalil.channel.telegram;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.dalil.conversation.ConversationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The Telegram channel, assembled from its settings: the sender for the outbox, the webhook
 * handler (or long polling), the webhook registration. The composition root builds it in the
 * order it needs: {@link #create} (the outbox needs the sender), {@link #connect} (once the
 * conversation service exists), {@link #start} (once the HTTP server listens).
 */
public final class TelegramChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelegramChannel.class);

  private final TelegramSettings settings;
  private final OkHttpClient http;
  private final TelegramClient client;
  private final TelegramSender sender;
  private final CallbackAnswerer answerer;
  private TelegramInbound inbound;
  private TelegramPolling polling;
  private Thread registration;

  private TelegramChannel(TelegramSettings settings) {
    this.settings = settings;
    // One connection pool for every Bot API call; its threads are stopped by close(). The
    // library calls asynchronously, and OkHttp runs only 5 calls at once per host by default:
    // the outbox sends up to Telegram's 30 messages a second from several threads.
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(32);
    this.http = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(45))
        .build();
    this.client = new OkHttpTelegramClient(http, settings.botToken(), settings.telegramUrl());
    this.sender = new TelegramSender(client);
    this.answerer = new CallbackAnswerer(client);
  }

  public static TelegramChannel create(TelegramSettings settings) {
    return new TelegramChannel(settings);
  }

  public TelegramSender sender() {
    return sender;
  }

  /**
   * Sends the channel's updates to {@code conversations}.
   *
   * @return the webhook handler to serve at {@value TelegramWebhook#PATH}, empty in polling mode
   */
  public Optional<TelegramWebhook> connect(ConversationService conversations, Clock clock) {
    inbound = new TelegramInbound(new UpdateReader(), conversations, answerer, clock);
    return settings.mode() == TelegramSettings.Mode.WEBHOOK
        ? Optional.of(new TelegramWebhook(settings.webhookSecret(), inbound))
        : Optional.empty();
  }

  /**
   * Registers the webhook at {@code publicUrl} (when it is https), or starts long polling. Both
   * happen in the background and a failure is logged: Telegram being unreachable must not stop
   * the other channels.
   */
  public void start(URI publicUrl) {
    if (inbound == null) {
      throw new IllegalStateException("connect() first");
    }
    switch (settings.mode()) {
      case WEBHOOK -> registration = Thread.ofVirtual().name("dalil-telegram-setwebhook")
          .start(() -> WebhookRegistration.register(client, publicUrl, settings.webhookSecret()));
      case POLLING -> {
        polling = new TelegramPolling(settings, inbound);
        polling.start();
      }
    }
    log.info("telegram channel on ({})", settings);
  }

  @Override
  public void close() {
    if (polling != null) {
      polling.close();
    }
    if (registration != null) {
      registration.interrupt();
    }
    answerer.close();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }
}
