package org.dalil.handoff;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.dalil.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the inbox behaves: opening hours, waiting times, caseload cap, where urgent alerts go.
 * Read from the environment at start-up (README.md); an admin's value stored in the
 * {@code inbox_settings} table wins over the environment's ({@link #withOverrides}).
 *
 * @param followUpAfter how long an unclaimed contact waits before their one follow-up
 * @param expectedWait the waiting time announced to a contact while volunteers are there
 * @param caseloadCap how many open conversations one volunteer may hold
 * @param urgentTelegramChatId the Telegram chat told of urgent conversations, or null (logged only)
 * @param alertLanguage the language of the urgent alert (the supervisors')
 */
public record InboxSettings(
    OpeningHours hours,
    Duration followUpAfter,
    Duration expectedWait,
    int caseloadCap,
    String urgentTelegramChatId,
    String alertLanguage) {

  private static final Logger log = LoggerFactory.getLogger(InboxSettings.class);

  public static final String OPENING_HOURS = "DALIL_OPENING_HOURS";
  public static final String TIME_ZONE = "DALIL_TIME_ZONE";
  public static final String FOLLOW_UP_AFTER = "DALIL_FOLLOW_UP_AFTER";
  public static final String EXPECTED_WAIT = "DALIL_EXPECTED_WAIT";
  public static final String CASELOAD_CAP = "DALIL_CASELOAD_CAP";
  public static final String URGENT_TELEGRAM_CHAT_ID = "DALIL_URGENT_TELEGRAM_CHAT_ID";
  public static final String ALERT_LANGUAGE = "DALIL_URGENT_ALERT_LANGUAGE";

  public static final String DEFAULT_HOURS = "mon-fri 09:00-18:00";

  /** Names of the {@code inbox_settings} rows. */
  public static final String ROW_OPENING_HOURS = "opening_hours";
  public static final String ROW_TIME_ZONE = "time_zone";
  public static final String ROW_FOLLOW_UP_AFTER = "follow_up_after";
  public static final String ROW_EXPECTED_WAIT = "expected_wait";
  public static final String ROW_CASELOAD_CAP = "caseload_cap";
  public static final String ROW_URGENT_TELEGRAM_CHAT_ID = "urgent_telegram_chat_id";
  public static final String ROW_ALERT_LANGUAGE = "urgent_alert_language";

  public InboxSettings {
    if (caseloadCap < 1) {
      throw new IllegalArgumentException("caseloadCap must be at least 1");
    }
  }

  public static InboxSettings defaults() {
    return from(Map.of());
  }

  /** @throws ConfigException naming the first variable with a bad value */
  public static InboxSettings from(Map<String, String> env) {
    ZoneId zone = zone(value(env, TIME_ZONE), TIME_ZONE);
    OpeningHours hours;
    try {
      String spec = value(env, OPENING_HOURS);
      hours = OpeningHours.parse(spec == null ? DEFAULT_HOURS : spec, zone);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(OPENING_HOURS, e.getMessage());
    }
    Duration followUp = duration(env, FOLLOW_UP_AFTER, Duration.ofMinutes(30));
    Duration expected = duration(env, EXPECTED_WAIT, Duration.ofMinutes(30));
    int cap = cap(value(env, CASELOAD_CAP), CASELOAD_CAP);
    String chat = value(env, URGENT_TELEGRAM_CHAT_ID);
    String language = value(env, ALERT_LANGUAGE);
    return new InboxSettings(hours, followUp, expected, cap, chat, language == null ? "fr" : language);
  }

  /**
   * These settings with the admins' stored values on top. A stored value that does not read is
   * skipped with a warning: a typo in the admin page must not stop the inbox.
   */
  public InboxSettings withOverrides(Map<String, String> rows) {
    if (rows.isEmpty()) {
      return this;
    }
    InboxSettings s = this;
    try {
      ZoneId zone = rows.containsKey(ROW_TIME_ZONE) ? zone(rows.get(ROW_TIME_ZONE), ROW_TIME_ZONE) : hours.zone();
      OpeningHours h = rows.containsKey(ROW_OPENING_HOURS)
          ? OpeningHours.parse(rows.get(ROW_OPENING_HOURS), zone)
          : new OpeningHours(zone, hours.days());
      s = new InboxSettings(h, s.followUpAfter, s.expectedWait, s.caseloadCap, s.urgentTelegramChatId, s.alertLanguage);
    } catch (RuntimeException e) {
      log.warn("stored opening hours or time zone ignored: {}", e.getMessage());
    }
    // Each value on its own: one unreadable row must not hide the others.
    InboxSettings base = s;
    s = override(s, rows, ROW_FOLLOW_UP_AFTER, v -> new InboxSettings(base.hours, positive(Duration.parse(v)),
        base.expectedWait, base.caseloadCap, base.urgentTelegramChatId, base.alertLanguage));
    InboxSettings withFollowUp = s;
    s = override(s, rows, ROW_EXPECTED_WAIT, v -> new InboxSettings(withFollowUp.hours, withFollowUp.followUpAfter,
        positive(Duration.parse(v)), withFollowUp.caseloadCap, withFollowUp.urgentTelegramChatId,
        withFollowUp.alertLanguage));
    InboxSettings withWait = s;
    s = override(s, rows, ROW_CASELOAD_CAP, v -> new InboxSettings(withWait.hours, withWait.followUpAfter,
        withWait.expectedWait, cap(v, ROW_CASELOAD_CAP), withWait.urgentTelegramChatId, withWait.alertLanguage));
    if (rows.containsKey(ROW_URGENT_TELEGRAM_CHAT_ID)) {
      String chat = rows.get(ROW_URGENT_TELEGRAM_CHAT_ID);
      s = new InboxSettings(s.hours, s.followUpAfter, s.expectedWait, s.caseloadCap,
          chat == null || chat.isBlank() ? null : chat.strip(), s.alertLanguage);
    }
    if (rows.containsKey(ROW_ALERT_LANGUAGE) && !rows.get(ROW_ALERT_LANGUAGE).isBlank()) {
      s = new InboxSettings(s.hours, s.followUpAfter, s.expectedWait, s.caseloadCap, s.urgentTelegramChatId,
          rows.get(ROW_ALERT_LANGUAGE).strip());
    }
    return s;
  }

  private static InboxSettings override(InboxSettings s, Map<String, String> rows, String name,
      java.util.function.Function<String, InboxSettings> apply) {
    String value = rows.get(name);
    if (value == null) {
      return s;
    }
    try {
      return apply.apply(value.strip());
    } catch (RuntimeException e) {
      log.warn("stored inbox setting {} ignored: {}", name, e.getMessage());
      return s;
    }
  }

  private static Duration positive(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("must be positive");
    }
    return d;
  }

  private static ZoneId zone(String raw, String variable) {
    if (raw == null) {
      return OpeningHours.DEFAULT_ZONE;
    }
    try {
      return ZoneId.of(raw.strip());
    } catch (DateTimeException e) {
      throw new ConfigException(variable, "is not a time zone such as Africa/Casablanca, got '" + raw + "'");
    }
  }

  private static Duration duration(Map<String, String> env, String variable, Duration fallback) {
    String raw = value(env, variable);
    if (raw == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(raw.strip());
      if (d.isNegative() || d.isZero()) {
        throw new ConfigException(variable, "must be a positive ISO-8601 duration such as PT30M, got '" + raw + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(variable, "must be an ISO-8601 duration such as PT30M, got '" + raw + "'");
    }
  }

  private static int cap(String raw, String variable) {
    if (raw == null) {
      return 5;
    }
    try {
      int cap = Integer.parseInt(raw.strip());
      if (cap < 1) {
        throw new ConfigException(variable, "must be a whole number of at least 1, got '" + raw + "'");
      }
      return cap;
    } catch (NumberFormatException e) {
      throw new ConfigException(variable, "must be a whole number of at least 1, got '" + raw + "'");
    }
  }

  private static String value(Map<String, String> env, String variable) {
    String raw = env.get(variable);
    return raw == null || raw.isBlank() ? null : raw.strip();
  }
}
