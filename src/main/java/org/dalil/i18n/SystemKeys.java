package org.dalil.i18n;

import java.util.ArrayList;
import java.util.List;

/**
 * The i18n keys the code itself uses (not named in any flow). The validator requires them in
 * every language and never reports them unused.
 */
public final class SystemKeys {
  private SystemKeys() {}

  /** After a reply that matches no option: {@code {max}} is the highest option number. */
  public static final String REPROMPT_MENU = "sys.reprompt.menu";
  /** After an answer an input node does not accept, when the node names no {@code invalid} key. */
  public static final String REPROMPT_INPUT = "sys.reprompt.input";
  /** Confirms the stop keyword. */
  public static final String STOPPED = "sys.stopped";
  /** Answer to media, voice notes, stickers when no volunteer is on the conversation. */
  public static final String MEDIA_UNSUPPORTED = "sys.media_unsupported";
  /** Precedes the organisations found by a lookup; {@code {topic}} and {@code {city}} available. */
  public static final String SERVICES_INTRO = "sys.services.intro";
  /** One contact line of an organisation: {@code sys.contact.phone} = "Tél : {value}". */
  public static final String CONTACT_PREFIX = "sys.contact.";
  public static final List<String> CONTACT_FIELDS =
      List.of("phone", "whatsapp", "email", "website", "address", "hours");

  /** Global keywords, understood in every language at any point. */
  public static final String KEYWORDS_MENU = "keywords.menu";
  public static final String KEYWORDS_LANGUAGE = "keywords.language";
  public static final String KEYWORDS_HUMAN = "keywords.human";
  public static final String KEYWORDS_STOP = "keywords.stop";

  /** Words for numbers: {@code numbers.1=un|une|premier}. */
  public static final String NUMBERS_PREFIX = "numbers.";
  public static final int HIGHEST_NUMBER_WORD = 10;

  /** Suffix of a shorter variant for SMS. */
  public static final String SMS_SUFFIX = ".sms";
  /** Suffix of the synonyms of a menu option label or a choice value. */
  public static final String KEYWORDS_SUFFIX = ".keywords";

  /** Every key the code needs, in every language. */
  public static List<String> required() {
    List<String> keys = new ArrayList<>(List.of(
        REPROMPT_MENU, REPROMPT_INPUT, STOPPED, MEDIA_UNSUPPORTED, SERVICES_INTRO,
        KEYWORDS_MENU, KEYWORDS_LANGUAGE, KEYWORDS_HUMAN, KEYWORDS_STOP));
    for (String field : CONTACT_FIELDS) {
      keys.add(CONTACT_PREFIX + field);
    }
    for (int i = 1; i <= HIGHEST_NUMBER_WORD; i++) {
      keys.add(NUMBERS_PREFIX + i);
    }
    return List.copyOf(keys);
  }
}
