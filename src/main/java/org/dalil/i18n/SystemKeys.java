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

  /** Handoff opened while volunteers are there: {@code {minutes}} is the expected wait. */
  public static final String HANDOFF_WAIT = "sys.handoff.wait";
  /** Handoff opened while nobody is there: {@code {when}} is a {@code sys.handoff.when_*} text. */
  public static final String HANDOFF_CLOSED = "sys.handoff.closed";
  /** Urgent handoff while nobody is there: the on-call person was alerted. */
  public static final String HANDOFF_URGENT_CLOSED = "sys.handoff.urgent_closed";
  /** Emergency numbers, given with urgent topics outside the opening hours. */
  public static final String HANDOFF_EMERGENCY_NUMBERS = "sys.handoff.emergency_numbers";
  /** The one follow-up when nobody claimed the conversation in time. */
  public static final String HANDOFF_FOLLOW_UP = "sys.handoff.follow_up";
  /** The follow-up outside the opening hours: {@code {when}}. */
  public static final String HANDOFF_FOLLOW_UP_CLOSED = "sys.handoff.follow_up_closed";
  /** {@code {time}} today; {@code {time}} tomorrow; {@code {day}} at {@code {time}}. */
  public static final String HANDOFF_WHEN_TODAY = "sys.handoff.when_today";
  public static final String HANDOFF_WHEN_TOMORROW = "sys.handoff.when_tomorrow";
  public static final String HANDOFF_WHEN_DAY = "sys.handoff.when_day";
  /** A volunteer closed the conversation: the bot answers again. */
  public static final String HANDOFF_RESOLVED = "sys.handoff.resolved";
  /**
   * A volunteer answered outside the WhatsApp window: write back to read it. WhatsApp shows the
   * approved template instead, which should say the same; this text is what the history shows.
   */
  public static final String HANDOFF_REENGAGE = "sys.handoff.reengage";
  /** Canned answers for volunteers: {@code sys.canned.<id>} in every language (optional). */
  public static final String CANNED_PREFIX = "sys.canned.";

  /**
   * Free text understood as a topic, before that topic's flow: {@code {topic}} is the topic's
   * label ({@code topic.<name>}); says how to go back (0 for the menu).
   */
  public static final String NLP_UNDERSTOOD = "sys.nlp.understood";
  /** Words of danger were understood: a volunteer will read the conversation first. */
  public static final String NLP_URGENT = "sys.nlp.urgent";

  /** Global keywords, understood in every language at any point. */
  public static final String KEYWORDS_MENU = "keywords.menu";
  public static final String KEYWORDS_LANGUAGE = "keywords.language";
  public static final String KEYWORDS_HUMAN = "keywords.human";
  public static final String KEYWORDS_STOP = "keywords.stop";
  /** Erase everything about the contact (asks for a confirmation first). */
  public static final String KEYWORDS_DELETE = "keywords.delete";
  /** Read the full privacy notice. */
  public static final String KEYWORDS_PRIVACY = "keywords.privacy";
  /** Words that confirm an erasure (the erasure keyword itself also does). */
  public static final String KEYWORDS_CONFIRM = "keywords.confirm";

  /**
   * The short notice shown once at first contact: what is kept, for how long, who sees it, how to
   * read more and how to erase; writing again means agreeing.
   */
  public static final String PRIVACY_NOTICE = "sys.privacy.notice";
  /** The full notice, sent on the privacy keyword. */
  public static final String PRIVACY_FULL = "sys.privacy.full";
  /** Asks to confirm an erasure. */
  public static final String ERASE_CONFIRM = "sys.erase.confirm";
  /** Everything about the contact was erased. */
  public static final String ERASE_DONE = "sys.erase.done";
  /** The erasure was not confirmed: nothing was erased. */
  public static final String ERASE_CANCELLED = "sys.erase.cancelled";

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
    keys.addAll(List.of(NLP_UNDERSTOOD, NLP_URGENT));
    keys.addAll(List.of(KEYWORDS_DELETE, KEYWORDS_PRIVACY, KEYWORDS_CONFIRM,
        PRIVACY_NOTICE, PRIVACY_FULL, ERASE_CONFIRM, ERASE_DONE, ERASE_CANCELLED));
    keys.addAll(List.of(
        HANDOFF_WAIT, HANDOFF_CLOSED, HANDOFF_URGENT_CLOSED, HANDOFF_EMERGENCY_NUMBERS, HANDOFF_FOLLOW_UP,
        HANDOFF_FOLLOW_UP_CLOSED, HANDOFF_WHEN_TODAY, HANDOFF_WHEN_TOMORROW, HANDOFF_WHEN_DAY, HANDOFF_RESOLVED,
        HANDOFF_REENGAGE));
    for (String field : CONTACT_FIELDS) {
      keys.add(CONTACT_PREFIX + field);
    }
    for (int i = 1; i <= HIGHEST_NUMBER_WORD; i++) {
      keys.add(NUMBERS_PREFIX + i);
    }
    return List.copyOf(keys);
  }
}
