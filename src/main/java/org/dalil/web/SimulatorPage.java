package org.dalil.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dalil.i18n.Catalog;

/**
 * The browser chat at {@code /simulator}. Its labels come from the {@code web.simulator.*} keys of
 * the current catalog, so that the page speaks the language of whoever tests the flows.
 */
public final class SimulatorPage {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z0-9_.]+)(\\|json)?}}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String template;

  public SimulatorPage() {
    try (InputStream in = SimulatorPage.class.getResourceAsStream("/web/simulator.html")) {
      if (in == null) {
        throw new IllegalStateException("web/simulator.html is missing from the classpath");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Picks the page language: the {@code lang} parameter, else the browser's, else the first supported. */
  public static String language(String requested, String acceptLanguage, List<String> supported) {
    if (requested != null && supported.contains(requested.toLowerCase(Locale.ROOT))) {
      return requested.toLowerCase(Locale.ROOT);
    }
    if (acceptLanguage != null) {
      try {
        for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
          String lang = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
          if (supported.contains(lang)) {
            return lang;
          }
        }
      } catch (IllegalArgumentException malformedHeader) {
        // A malformed header only loses the preference.
      }
    }
    return supported.getFirst();
  }

  public String render(Catalog catalog, String language) {
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 512);
    while (m.find()) {
      String name = m.group(1);
      String value = switch (name) {
        case "lang" -> language;
        case "dir" -> "ar".equals(language) ? "rtl" : "ltr";
        default -> catalog.text(name, language).orElse(name);
      };
      String replacement = m.group(2) != null ? json(value) : Html.escape(value);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String json(String value) {
    try {
      // "</" would end the script element early.
      return JSON.writeValueAsString(value).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
