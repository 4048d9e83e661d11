package org.dalil.web.inbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dalil.i18n.Catalog;

/**
 * The inbox's words in the volunteer's language ({@code web.inbox.*} keys of the current
 * catalog), for the templates. A missing key shows as itself, so that it gets noticed.
 */
public final class UiTexts {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM HH:mm");

  private final Catalog catalog;
  private final String language;
  private final ZoneId zone;

  public UiTexts(Catalog catalog, String language, ZoneId zone) {
    this.catalog = catalog;
    this.language = language;
    this.zone = zone;
  }

  public String lang() {
    return language;
  }

  public String dir() {
    return "ar".equals(language) ? "rtl" : "ltr";
  }

  /** {@code web.inbox.KEY} in the volunteer's language. */
  public String t(String key) {
    String full = "web.inbox." + key;
    return catalog.text(full, language).orElse(full);
  }

  /** Like {@link #t(String)}, with {@code {name}} placeholders filled. */
  public String t(String key, Map<String, String> values) {
    String text = t(key);
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace("{" + e.getKey() + "}", e.getValue() == null ? "" : e.getValue());
    }
    return text;
  }

  public String t(String key, String name, Object value) {
    return t(key, Map.of(name, String.valueOf(value)));
  }

  /** A text of the content catalog (a language's name, a city), or the value itself. */
  public String content(String key, String fallback) {
    return catalog.text(key, language).orElse(fallback);
  }

  /** The name of a language code in the volunteer's language, from the catalog's {@code language.xx}. */
  public String languageName(String code) {
    if (code == null) {
      return "?";
    }
    return catalog.text("language." + code, code).orElse(code);
  }

  /** A handoff topic's name ({@code web.inbox.topic.ID}), or the id for a topic without one. */
  public String topic(String id) {
    return id == null ? "" : catalog.text("web.inbox.topic." + id, language).orElse(id);
  }

  /** An outcome tag's name. */
  public String outcome(String id) {
    return id == null ? "" : catalog.text("web.inbox.outcome." + id, language).orElse(id);
  }

  /**
   * Why a message failed, for a volunteer: the known codes (Dalil's own, such as {@code
   * window_closed}, and Twilio's) explained in their language ({@code web.inbox.delivery_error.CODE})
   * with the code after it; anything else as it was stored.
   */
  public String deliveryError(String error) {
    if (error == null) {
      return "";
    }
    String code = error.strip().split("[:\\s]", 2)[0];
    return catalog.text("web.inbox.delivery_error." + code, language).map(text -> text + " (" + code + ")").orElse(error);
  }

  public String city(String id) {
    return id == null ? "" : content("city." + id, id);
  }

  public String time(Instant t) {
    return t == null ? "" : TIME.format(t.atZone(zone));
  }

  /** An ISO time for {@code <time datetime>}. */
  public String iso(Instant t) {
    return t == null ? "" : t.toString();
  }

  public List<String> interfaceLanguages() {
    return List.of("fr", "ar", "en");
  }

  /** Lower case, for CSS classes. */
  public static String css(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
  }
}
