package org.dalil.flow;

/**
 * What the engine needs of an inbound message, whatever the channel.
 *
 * @param text the text, possibly empty for media
 * @param kind what the person sent
 * @param languageHint a language the channel suggests (Telegram's language_code), or null
 * @param understanding what the NLP understood of the text, or null when it was not asked
 */
public record UserInput(String text, Kind kind, String languageHint, Understanding understanding) {

  public enum Kind {
    TEXT,
    /** A "start" command (Telegram /start): begin at the welcome. */
    START,
    MEDIA,
    LOCATION
  }

  public UserInput(String text, Kind kind, String languageHint) {
    this(text, kind, languageHint, null);
  }

  public static UserInput text(String text) {
    return new UserInput(text, Kind.TEXT, null);
  }

  /** The same input with what was understood of it. */
  public UserInput withUnderstanding(Understanding understood) {
    return new UserInput(text, kind, languageHint, understood);
  }
}
