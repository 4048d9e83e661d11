package org.dalil.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Set;
import org.dalil.i18n.Catalog;
import org.dalil.i18n.Normalizer;
import org.dalil.i18n.SystemKeys;

/**
 * The words of a catalog that replies are compared with, normalised, in every language at once:
 * a contact who chose Arabic can still answer "un" or "menu".
 */
public final class Vocabulary {
  /**
   * One vocabulary per catalog, kept while the catalog is in use: every reply is compared with
   * the same words, and normalising them again for each message would be wasted work.
   */
  private static final Cache<Catalog, Vocabulary> BY_CATALOG = Caffeine.newBuilder().weakKeys().build();

  private final Catalog catalog;
  private final Map<String, Set<String>> wordsByKey = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> labelWordsByKey = new ConcurrentHashMap<>();

  public Vocabulary(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The shared vocabulary of {@code catalog} (catalogs are immutable, so it never goes stale). */
  public static Vocabulary of(Catalog catalog) {
    return BY_CATALOG.get(catalog, Vocabulary::new);
  }

  /** The words written under {@code key} in any language ({@code a|b|c}), normalised. */
  public Set<String> words(String key) {
    return wordsByKey.computeIfAbsent(key, k -> {
      Set<String> words = new LinkedHashSet<>();
      for (String w : catalog.wordsInAllLanguages(k)) {
        addNormalised(words, w);
      }
      return Collections.unmodifiableSet(words);
    });
  }

  /**
   * What names the thing labelled {@code key}: its text in every language and the synonyms of
   * {@code key.keywords}, normalised. For a menu option or a value of a choice list.
   */
  public Set<String> labelWords(String key) {
    return labelWordsByKey.computeIfAbsent(key, k -> {
      Set<String> words = new LinkedHashSet<>();
      for (String language : catalog.languages()) {
        catalog.exact(k, language).ifPresent(text -> addNormalised(words, text));
      }
      words.addAll(words(k + SystemKeys.KEYWORDS_SUFFIX));
      return Collections.unmodifiableSet(words);
    });
  }

  /** The words for the number {@code n} ({@code numbers.n}) in every language, normalised. */
  public Set<String> numberWords(int n) {
    return words(SystemKeys.NUMBERS_PREFIX + n);
  }

  /**
   * The global keyword a whole reply is, if any. Stop is tried first: if content ever gives a
   * word to two keywords, the one that protects the contact wins.
   */
  public Optional<GlobalKeyword> globalKeyword(String reply) {
    String normalised = Normalizer.normalize(reply);
    if (normalised.isEmpty()) {
      return Optional.empty();
    }
    for (GlobalKeyword k : new GlobalKeyword[] {
        GlobalKeyword.STOP, GlobalKeyword.DELETE, GlobalKeyword.HUMAN, GlobalKeyword.MENU, GlobalKeyword.LANGUAGE,
        GlobalKeyword.PRIVACY}) {
      if (words(k.key()).contains(normalised)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  private static void addNormalised(Set<String> words, String word) {
    String n = Normalizer.normalize(word);
    if (!n.isEmpty()) {
      words.add(n);
    }
  }
}
