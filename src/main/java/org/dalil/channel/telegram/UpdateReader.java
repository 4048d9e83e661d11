package org.dalil.channel.telegram;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.dalil.channel.InboundMessage;
import org.dalil.flow.UserInput;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Turns a Bot API {@code Update} into what the conversation service reads. The one place that
 * knows Telegram's update format: the webhook and long polling both go through it.
 *
 * <p>Only private chats are conversations: Dalil is a one-to-one helpline, and a message in a
 * group would expose the person to the group. The provider message id is the {@code update_id},
 * which Telegram keeps when it delivers an update again.
 */
public final class UpdateReader {
  public static final String CHANNEL = "telegram";

  private static final String PRIVATE = "private";
  /** {@code /start}, {@code /start payload} (a deep link), {@code /start@SomeBot payload}. */
  private static final Pattern START = Pattern.compile("/start(@\\w+)?(\\s.*)?", Pattern.DOTALL);
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  public ReadUpdate read(Update update, Instant receivedAt) throws BadUpdateException {
    Integer updateId = update.getUpdateId();
    if (updateId == null || updateId <= 0) {
      throw new BadUpdateException("update_id is missing or not a positive integer");
    }
    String providerId = updateId.toString();
    if (update.hasMessage()) {
      return message(update.getMessage(), providerId, receivedAt);
    }
    if (update.hasCallbackQuery()) {
      return buttonPress(update.getCallbackQuery(), providerId, receivedAt);
    }
    return new ReadUpdate.Ignored(kind(update), null);
  }

  private ReadUpdate message(Message m, String providerId, Instant receivedAt) {
    Chat chat = m.getChat();
    if (chat == null || chat.getId() == null || chat.getType() == null) {
      throw new BadUpdateException("message.chat with id and type is required");
    }
    if (!PRIVATE.equals(chat.getType())) {
      return new ReadUpdate.Ignored(safeName(chat.getType()) + " message", null);
    }
    String hint = languageHint(m.getFrom());
    UserInput input;
    if (m.hasText()) {
      String text = withoutControlCharacters(m.getText());
      UserInput.Kind kind = START.matcher(text.strip()).matches() ? UserInput.Kind.START : UserInput.Kind.TEXT;
      input = new UserInput(text, kind, hint);
    } else if (m.hasLocation()) {
      // A venue carries a location too.
      input = new UserInput("", UserInput.Kind.LOCATION, hint);
    } else if (isMedia(m)) {
      String caption = m.getCaption() == null ? "" : withoutControlCharacters(m.getCaption());
      input = new UserInput(caption, UserInput.Kind.MEDIA, hint);
    } else {
      // Pinned messages, payments, web app data, forum topics...: nothing the person wrote.
      return new ReadUpdate.Ignored("service message", null);
    }
    return new ReadUpdate.Accepted(
        new InboundMessage(CHANNEL, chat.getId().toString(), providerId, input, receivedAt), null);
  }

  private ReadUpdate buttonPress(CallbackQuery q, String providerId, Instant receivedAt) {
    if (q.getId() == null || q.getId().isBlank()) {
      throw new BadUpdateException("callback_query.id is required");
    }
    User from = q.getFrom();
    if (from == null || from.getId() == null) {
      throw new BadUpdateException("callback_query.from with id is required");
    }
    MaybeInaccessibleMessage origin = q.getMessage();
    Chat chat = origin == null ? null : origin.getChat();
    if (origin == null || chat == null || chat.getId() == null) {
      // A button of an inline-mode message: Dalil sends none.
      return new ReadUpdate.Ignored("callback without a chat", q.getId());
    }
    if (!PRIVATE.equals(chat.getType())) {
      return new ReadUpdate.Ignored("callback in a " + safeName(chat.getType()), q.getId());
    }
    String data = q.getData() == null ? "" : withoutControlCharacters(q.getData()).strip();
    if (data.isEmpty()) {
      return new ReadUpdate.Ignored("callback without data", q.getId());
    }
    // Dalil's buttons carry the option number: the engine reads it as if the person typed it.
    UserInput input = new UserInput(data, UserInput.Kind.TEXT, languageHint(from));
    return new ReadUpdate.Accepted(
        new InboundMessage(CHANNEL, chat.getId().toString(), providerId, input, receivedAt), q.getId());
  }

  private static boolean isMedia(Message m) {
    return m.hasPhoto() || m.hasVoice() || m.hasAudio() || m.hasVideo() || m.hasVideoNote()
        || m.hasDocument() || m.hasSticker() || m.hasAnimation() || m.hasContact() || m.hasDice()
        || m.hasPoll() || m.hasStory() || m.hasPaidMedia();
  }

  /** Telegram's language_code is an IETF tag ("fr", "pt-br"): the engine knows base languages. */
  static String languageHint(User from) {
    if (from == null || from.getLanguageCode() == null) {
      return null;
    }
    String primary = from.getLanguageCode().strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    return LANGUAGE.matcher(primary).matches() ? primary : null;
  }

  /** PostgreSQL cannot store U+0000; other control characters only confuse the flows. */
  static String withoutControlCharacters(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /** A value from the update that goes into a log line: only a short known word. */
  private static String safeName(String type) {
    return type != null && type.matches("[a-z_]{1,20}") ? type : "other";
  }

  private static String kind(Update u) {
    if (u.hasEditedMessage()) {
      return "edited_message";
    }
    if (u.hasChannelPost()) {
      return "channel_post";
    }
    if (u.hasEditedChannelPost()) {
      return "edited_channel_post";
    }
    if (u.hasMyChatMember()) {
      return "my_chat_member";
    }
    if (u.hasChatMember()) {
      return "chat_member";
    }
    if (u.hasInlineQuery() || u.hasChosenInlineQuery()) {
      return "inline_query";
    }
    if (u.hasMessageReaction() || u.hasMessageReactionCount()) {
      return "message_reaction";
    }
    if (u.hasBusinessMessage() || u.hasEditedBusinessMessage() || u.hasBusinessConnection()
        || u.hasDeletedBusinessMessage()) {
      return "business";
    }
    return "other update type";
  }
}
