package org.dalil.channel.telegram;

import java.util.List;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendException;
import org.dalil.channel.SendResult;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Sends replies with the Bot API's {@code sendMessage}. A menu's options become an inline
 * keyboard under the message, one button a row ("2. Santé"), whose callback data is the option
 * number: a press comes back as a callback query that {@link UpdateReader} reads as that number.
 *
 * <p>Inline rather than reply keyboards: a press returns exactly the number whatever the label's
 * language, the buttons stay attached to the question they answer, and nothing has to be removed
 * from the person's keyboard afterwards (a reply keyboard stays until a message removes it). The
 * options are not repeated as numbered lines: the buttons show them, and a typed number still
 * works. Arabic needs nothing special: Telegram lays out right-to-left text itself.
 */
public final class TelegramSender implements ChannelSender {
  /** Telegram refuses a longer text ("message is too long"). */
  static final int MAX_TEXT = 4096;
  private static final String METHOD = "sendMessage";

  private final TelegramClient client;

  public TelegramSender(TelegramClient client) {
    this.client = client;
  }

  @Override
  public String channel() {
    return UpdateReader.CHANNEL;
  }

  /**
   * A text over {@value #MAX_TEXT} characters goes as several messages, the keyboard under the
   * last. If a later part fails, a retry sends the earlier parts again: the Bot API has no way
   * to recognise a message it already has.
   *
   * @return the {@code message_id} of the (last) message, and the number of messages sent
   */
  @Override
  public SendResult deliver(String address, OutboundMessage message) throws SendException {
    String text = message.text() == null || message.text().isBlank() ? message.asPlainText().strip() : message.text();
    if (text.isEmpty()) {
      throw new SendException(false, null, "nothing to send: the reply has no text");
    }
    List<String> parts = TextParts.split(text, MAX_TEXT);
    Message sent = null;
    for (int i = 0; i < parts.size(); i++) {
      SendMessage.SendMessageBuilder<?, ?> request = SendMessage.builder().chatId(address).text(parts.get(i));
      if (i == parts.size() - 1 && !message.options().isEmpty()) {
        request.replyMarkup(keyboard(message.options()));
      }
      try {
        sent = client.execute(request.build());
      } catch (TelegramApiException e) {
        throw TelegramErrors.toSendException(METHOD, e);
      }
    }
    String messageId = sent == null || sent.getMessageId() == null ? null : sent.getMessageId().toString();
    // Telegram reports no delivery progress to bots: accepted is as far as we will know.
    return new SendResult(messageId, parts.size(), DeliveryStatus.SENT);
  }

  static InlineKeyboardMarkup keyboard(List<OutboundMessage.Option> options) {
    List<InlineKeyboardRow> rows = options.stream()
        .map(o -> new InlineKeyboardRow(InlineKeyboardButton.builder()
            .text(o.number() + ". " + o.label())
            .callbackData(Integer.toString(o.number()))
            .build()))
        .toList();
    return new InlineKeyboardMarkup(rows);
  }
}
