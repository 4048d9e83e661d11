package org.dalil.flow;

import java.util.Map;

/**
 * A text to show: an i18n key, the variables for its {@code {placeholders}} and the language it
 * must be shown in (always resolved by the engine: a message sent before a language change stays
 * in the old language).
 */
public record TextRef(String key, Map<String, String> variables, String language) {
  public TextRef {
    variables = Map.copyOf(variables);
  }

  public static TextRef of(String key, String language) {
    return new TextRef(key, Map.of(), language);
  }
}
