package org.dalil.channel.twilio;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.dalil.config.ConfigException;

/**
 * The approved WhatsApp templates (Twilio Content SIDs) that ask a contact to write back, one per
 * language, and one for any language without its own. WhatsApp allows a business to start a
 * conversation only with such a template: outside the 24-hour window it is the only way to tell a
 * person that a volunteer has answered.
 *
 * <p>Configured as {@code TWILIO_REENGAGE_CONTENT_SID_FR}, {@code _AR}, {@code _EN} (any language
 * code) and {@code TWILIO_REENGAGE_CONTENT_SID} for the others. The template's own text is what
 * the person reads; it takes no variables.
 */
public record ReengageTemplates(Map<String, String> byLanguage, String anyLanguage) {
  public static final String VARIABLE = "TWILIO_REENGAGE_CONTENT_SID";
  private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");
  private static final Pattern LANGUAGE_SUFFIX = Pattern.compile("_([A-Za-z]{2,3})");

  public static final ReengageTemplates NONE = new ReengageTemplates(Map.of(), null);

  public ReengageTemplates {
    byLanguage = Map.copyOf(byLanguage);
  }

  /**
   * @throws ConfigException for a value that is not a Content SID, or a suffix that is not a language code
   */
  static ReengageTemplates from(Map<String, String> env) {
    Map<String, String> byLanguage = new TreeMap<>();
    String any = null;
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().startsWith(VARIABLE) || e.getValue() == null || e.getValue().isBlank()) {
        continue;
      }
      String sid = e.getValue().strip();
      if (!CONTENT_SID.matcher(sid).matches()) {
        throw new ConfigException(e.getKey(), "must be a Content SID: HX followed by 32 hexadecimal digits");
      }
      String suffix = e.getKey().substring(VARIABLE.length());
      if (suffix.isEmpty()) {
        any = sid;
      } else if (LANGUAGE_SUFFIX.matcher(suffix).matches()) {
        byLanguage.put(suffix.substring(1).toLowerCase(Locale.ROOT), sid);
      } else {
        throw new ConfigException(e.getKey(), "must end with _ and a language code, such as " + VARIABLE + "_FR");
      }
    }
    return new ReengageTemplates(byLanguage, any);
  }

  /** The template for a contact who speaks {@code language}: theirs, else the one for any language. */
  public Optional<String> contentSid(String language) {
    String own = language == null ? null : byLanguage.get(language.toLowerCase(Locale.ROOT));
    return Optional.ofNullable(own != null ? own : anyLanguage);
  }

  public boolean isEmpty() {
    return byLanguage.isEmpty() && anyLanguage == null;
  }
}
