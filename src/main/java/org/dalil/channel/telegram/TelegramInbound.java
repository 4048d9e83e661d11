package org.dalil.channel.telegram;

import java.time.Clock;
import org.dalil.conversation.ConversationService;
import org.dalil.conversation.HandleResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Where every Telegram update arrives, from the webhook or from long polling: read it, hand a
 * person's message to the conversation service (which stores it and its replies in one
 * transaction), and answer a button press.
 */
public final class TelegramInbound {
  private static final Logger log = LoggerFactory.getLogger(TelegramInbound.class);

  private final UpdateReader reader;
  private final ConversationService conversations;
  private final CallbackAnswerer answerer;
  private final Clock clock;

  TelegramInbound(UpdateReader reader, ConversationService conversations, CallbackAnswerer answerer, Clock clock) {
    this.reader = reader;
    this.conversations = conversations;
    this.answerer = answerer;
    this.clock = clock;
  }

  /**
   * Handles one update. When this returns, the message and its replies are stored: the update
   * may be acknowledged.
   *
   * @throws BadUpdateException when the update lacks what Telegram always sends
   */
  public ReadUpdate receive(Update update) throws BadUpdateException {
    ReadUpdate read = reader.read(update, clock.instant());
    switch (read) {
      case ReadUpdate.Accepted a -> {
        HandleResult result = conversations.handle(a.message());
        log.info("telegram update {}: {} message={} duplicate={} replies={}", update.getUpdateId(),
            a.message().input().kind(), result.inboundMessageId(), result.duplicate(), result.replies().size());
      }
      case ReadUpdate.Ignored i -> log.info("telegram update {} ignored: {}", update.getUpdateId(), i.what());
    }
    // After the message is stored: a press answered but lost would leave the person without a reply.
    if (read.callbackQueryId() != null) {
      answerer.answer(read.callbackQueryId());
    }
    return read;
  }
}
