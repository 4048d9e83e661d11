package org.dalil.flow;

/**
 * What the engine needs of an inbound message, whatever the channel.
 *
 * @param text the text, possibly empty for media
 * @param kind what the person sent
 * @param languageHint a language the channel suggests (Telegram's language_code), or null
 */
public record UserInput(String text, Kind kind, String languageHint) {

  public enum Kind {
    TEXT,
    /** A "start" command (Telegram /start): begin at the welcome. */
    START,
    MEDIA,
    LOCATION
  }

  public static UserInput text(String text) {
    return new UserInput(text, Kind.TEXT, null);
  }
}
