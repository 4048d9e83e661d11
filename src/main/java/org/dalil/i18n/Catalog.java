package org.dalil.i18n;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dalil.flow.SourceLine;

/**
 * The texts of one content version: language to key to text. Immutable.
 *
 * <p>A missing key falls back to the first language of the settings (French), then English.
 */
public final class Catalog {

  /** A text and where it is written. */
  public record Entry(String text, SourceLine line) {}

  /** Separates the words of a {@code .keywords} entry. */
  public static final String KEYWORD_SEPARATOR = "|";

  private final Map<String, Map<String, Entry>> byLanguage;
  private final List<String> fallbacks;

  /**
   * @param byLanguage language code to key to entry, in file order
   * @param fallbacks languages tried, in order, after the requested one
   */
  public Catalog(Map<String, Map<String, Entry>> byLanguage, List<String> fallbacks) {
    Map<String, Map<String, Entry>> copy = new LinkedHashMap<>();
    byLanguage.forEach((lang, entries) -> copy.put(lang, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries))));
    this.byLanguage = java.util.Collections.unmodifiableMap(copy);
    this.fallbacks = List.copyOf(fallbacks);
  }

  public Set<String> languages() {
    return byLanguage.keySet();
  }

  /** The entries of one language, in file order; empty for an unknown language. */
  public Map<String, Entry> entries(String language) {
    return byLanguage.getOrDefault(language, Map.of());
  }

  /** The text of {@code key} in {@code language}, else in the fallback languages. */
  public Optional<String> text(String key, String language) {
    List<String> order = new ArrayList<>();
    if (language != null) {
      order.add(language);
    }
    order.addAll(fallbacks);
    for (String lang : order) {
      Entry e = entries(lang).get(key);
      if (e != null) {
        return Optional.of(e.text());
      }
    }
    return Optional.empty();
  }

  /** The text of {@code key} exactly in {@code language}, without fallback. */
  public Optional<String> exact(String key, String language) {
    return Optional.ofNullable(entries(language).get(key)).map(Entry::text);
  }

  /**
   * The words written under {@code key} in every language, split on {@code |}, trimmed, not yet
   * normalised. Used for keywords, number words and option synonyms, which are understood
   * whatever the conversation's language.
   */
  public List<String> wordsInAllLanguages(String key) {
    Set<String> words = new LinkedHashSet<>();
    for (Map<String, Entry> entries : byLanguage.values()) {
      Entry e = entries.get(key);
      if (e == null) {
        continue;
      }
      for (String w : e.text().split("\\|")) {
        if (!w.isBlank()) {
          words.add(w.strip());
        }
      }
    }
    return List.copyOf(words);
  }
}
