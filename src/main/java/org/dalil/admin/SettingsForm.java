package org.dalil.admin;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dalil.audit.AuditAction;
import org.dalil.audit.AuditLog;
import org.dalil.handoff.InboxDao;
import org.dalil.handoff.InboxSettings;
import org.dalil.handoff.OpeningHours;
import org.jdbi.v3.core.Jdbi;

/**
 * The inbox settings admins may change from the web ({@code inbox_settings} rows, which win over
 * the environment): each value is checked before anything is saved.
 */
public final class SettingsForm {
  /** The rows shown, in order. */
  public static final List<String> ROWS = List.of(InboxSettings.ROW_OPENING_HOURS, InboxSettings.ROW_TIME_ZONE,
      InboxSettings.ROW_EXPECTED_WAIT, InboxSettings.ROW_FOLLOW_UP_AFTER, InboxSettings.ROW_CASELOAD_CAP,
      InboxSettings.ROW_URGENT_TELEGRAM_CHAT_ID, InboxSettings.ROW_ALERT_LANGUAGE);

  private SettingsForm() {}

  /** The stored values (blank for a row not stored: the environment's value applies). */
  public static Map<String, String> stored(Jdbi jdbi) {
    Map<String, String> rows = jdbi.withExtension(InboxDao.class, InboxDao::settingRows);
    Map<String, String> out = new LinkedHashMap<>();
    ROWS.forEach(r -> out.put(r, rows.getOrDefault(r, "")));
    return out;
  }

  /** The rows with a bad value (nothing is saved then); empty when all were saved. */
  public static List<String> save(Jdbi jdbi, long actorId, Map<String, String> values) {
    Map<String, String> clean = new LinkedHashMap<>();
    for (String row : ROWS) {
      String v = values.get(row);
      if (v != null && !v.isBlank()) {
        clean.put(row, v.strip());
      }
    }
    ZoneId zone;
    try {
      zone = clean.containsKey(InboxSettings.ROW_TIME_ZONE) ? ZoneId.of(clean.get(InboxSettings.ROW_TIME_ZONE))
          : ZoneId.of("Africa/Casablanca");
    } catch (RuntimeException e) {
      return List.of(InboxSettings.ROW_TIME_ZONE);
    }
    List<String> bad = clean.entrySet().stream().filter(e -> !valid(e.getKey(), e.getValue(), zone))
        .map(Map.Entry::getKey).toList();
    if (!bad.isEmpty()) {
      return bad;
    }
    jdbi.useTransaction(h -> {
      InboxDao dao = h.attach(InboxDao.class);
      clean.forEach((name, value) -> dao.saveSetting(name, value, actorId));
      h.attach(AuditLog.class).record(actorId, AuditAction.MANAGE_SETTINGS, null, null,
          "settings " + String.join(", ", clean.keySet()));
    });
    return List.of();
  }

  static boolean valid(String row, String value, ZoneId zone) {
    try {
      switch (row) {
        case InboxSettings.ROW_OPENING_HOURS -> OpeningHours.parse(value, zone);
        case InboxSettings.ROW_EXPECTED_WAIT, InboxSettings.ROW_FOLLOW_UP_AFTER -> {
          if (Duration.parse(value).isNegative() || Duration.parse(value).isZero()) {
            return false;
          }
        }
        case InboxSettings.ROW_CASELOAD_CAP -> {
          if (Integer.parseInt(value) < 1) {
            return false;
          }
        }
        case InboxSettings.ROW_ALERT_LANGUAGE -> {
          return List.of("fr", "ar", "en").contains(value);
        }
        default -> { }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
