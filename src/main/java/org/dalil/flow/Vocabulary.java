package org.dalil.flow;

import java.util.LinkedHashSet;
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
  private final Catalog catalog;

  public Vocabulary(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The words written under {@code key} in any language ({@code a|b|c}), normalised. */
  public Set<String> words(String key) {
    Set<String> words = new LinkedHashSet<>();
    for (String w : catalog.wordsInAllLanguages(key)) {
      addNormalised(words, w);
    }
    return words;
  }

  /**
   * What names the thing labelled {@code key}: its text in every language and the synonyms of
   * {@code key.keywords}, normalised. For a menu option or a value of a choice list.
   */
  public Set<String> labelWords(String key) {
    Set<String> words = new LinkedHashSet<>();
    for (String language : catalog.languages()) {
      catalog.exact(key, language).ifPresent(text -> addNormalised(words, text));
    }
    words.addAll(words(key + SystemKeys.KEYWORDS_SUFFIX));
    return words;
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
        GlobalKeyword.STOP, GlobalKeyword.HUMAN, GlobalKeyword.MENU, GlobalKeyword.LANGUAGE}) {
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
