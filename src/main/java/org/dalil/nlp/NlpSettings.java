package org.dalil.nlp;

import java.util.Locale;
import java.util.Map;
import org.dalil.config.ConfigException;

/**
 * Whether the server understands free text ({@code DALIL_NLP}, default on). Off, the engine
 * answers with menus and keywords only: a way out if the classifier ever misbehaves.
 */
public record NlpSettings(boolean enabled) {
  public static final String NLP = "DALIL_NLP";

  public static NlpSettings from(Map<String, String> env) {
    String raw = env.get(NLP);
    if (raw == null || raw.isBlank()) {
      return new NlpSettings(true);
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> new NlpSettings(true);
      case "off", "false", "no", "0" -> new NlpSettings(false);
      default -> throw new ConfigException(NLP, "must be on or off, got '" + raw + "'");
    };
  }
}
