package org.dalil.handoff;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.Event;
import org.dalil.flow.FlowSet;
import org.dalil.flow.MessageRenderer;
import org.dalil.flow.TextRef;
import org.dalil.i18n.SystemKeys;

/**
 * What the contact is told about the wait, in their language: when a handoff opens, and in the
 * one follow-up. Pure: the time is an argument, the texts come from the flow set's catalog.
 */
public final class ContactTexts {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private final MessageRenderer renderer = new MessageRenderer();

  /**
   * The message sent when a handoff opens: the expected wait while volunteers are there; when
   * they are not, when they will be, and for an urgent topic that the on-call person was alerted
   * and the emergency numbers.
   */
  public OutboundMessage acknowledgement(FlowSet set, String language, boolean urgent, InboxSettings settings,
      Instant now, boolean sms) {
    List<TextRef> paragraphs = new ArrayList<>();
    OpeningHours hours = settings.hours();
    if (hours.isOpen(now)) {
      paragraphs.add(new TextRef(SystemKeys.HANDOFF_WAIT, Map.of("minutes", minutes(settings.expectedWait())), language));
    } else if (urgent) {
      paragraphs.add(TextRef.of(SystemKeys.HANDOFF_URGENT_CLOSED, language));
      paragraphs.add(TextRef.of(SystemKeys.HANDOFF_EMERGENCY_NUMBERS, language));
    } else {
      paragraphs.add(new TextRef(SystemKeys.HANDOFF_CLOSED, Map.of("when", when(set, language, hours, now, sms)), language));
    }
    return render(set, paragraphs, sms);
  }

  /** The one follow-up for a contact nobody claimed in time. */
  public OutboundMessage followUp(FlowSet set, String language, boolean urgent, InboxSettings settings,
      Instant now, boolean sms) {
    List<TextRef> paragraphs = new ArrayList<>();
    OpeningHours hours = settings.hours();
    if (hours.isOpen(now) || !hours.everOpen()) {
      paragraphs.add(TextRef.of(SystemKeys.HANDOFF_FOLLOW_UP, language));
    } else {
      paragraphs.add(new TextRef(SystemKeys.HANDOFF_FOLLOW_UP_CLOSED,
          Map.of("when", when(set, language, hours, now, sms)), language));
    }
    if (urgent) {
      paragraphs.add(TextRef.of(SystemKeys.HANDOFF_EMERGENCY_NUMBERS, language));
    }
    return render(set, paragraphs, sms);
  }

  /** Sent when a volunteer resolves the conversation: the bot answers from now on. */
  public OutboundMessage resolved(FlowSet set, String language, boolean sms) {
    return render(set, List.of(TextRef.of(SystemKeys.HANDOFF_RESOLVED, language)), sms);
  }

  /** Asks the contact to write back to read a volunteer's reply held outside the WhatsApp window. */
  public OutboundMessage reengage(FlowSet set, String language) {
    OutboundMessage text = render(set, List.of(TextRef.of(SystemKeys.HANDOFF_REENGAGE, language)), false);
    return OutboundMessage.reengage(text.text(), text.language());
  }

  /** One organisation of the directory, its name then its contact lines, in the contact's language. */
  public String organisation(FlowSet set, org.dalil.directory.Organisation o, String language, boolean sms) {
    StringBuilder out = new StringBuilder(o.name());
    for (String field : SystemKeys.CONTACT_FIELDS) {
      String value = o.contacts().get(field);
      if (value != null && !value.isBlank()) {
        out.append('\n').append(renderer.text(set,
            new TextRef(SystemKeys.CONTACT_PREFIX + field, Map.of("value", value.strip()), language), sms));
      }
    }
    return out.toString();
  }

  /** A volunteer's own words, as a message in the contact's language (for the channel's buttons and segments). */
  public static OutboundMessage volunteerReply(String text, String language) {
    return new OutboundMessage(text, List.of(), language);
  }

  /**
   * "today at 09:00", "tomorrow at 09:00" or "on Monday at 09:00" in the contact's language; the
   * day's name comes from the JDK's locale data.
   */
  String when(FlowSet set, String language, OpeningHours hours, Instant now, boolean sms) {
    Optional<ZonedDateTime> next = hours.nextOpening(now);
    if (next.isEmpty()) {
      return "";
    }
    ZonedDateTime at = next.get();
    LocalDate today = now.atZone(hours.zone()).toLocalDate();
    String time = TIME.format(at);
    String key;
    if (at.toLocalDate().equals(today)) {
      key = SystemKeys.HANDOFF_WHEN_TODAY;
    } else if (at.toLocalDate().equals(today.plusDays(1))) {
      key = SystemKeys.HANDOFF_WHEN_TOMORROW;
    } else {
      key = SystemKeys.HANDOFF_WHEN_DAY;
    }
    String day = dayName(at.getDayOfWeek(), language);
    return renderer.text(set, new TextRef(key, Map.of("day", day, "time", time), language), sms);
  }

  static String dayName(DayOfWeek day, String language) {
    return day.getDisplayName(TextStyle.FULL, Locale.forLanguageTag(language == null ? "fr" : language));
  }

  private static String minutes(Duration d) {
    return Long.toString(Math.max(1, d.toMinutes()));
  }

  private OutboundMessage render(FlowSet set, List<TextRef> paragraphs, boolean sms) {
    return renderer.render(set, new Event.SendText(paragraphs), sms).orElseThrow();
  }
}
