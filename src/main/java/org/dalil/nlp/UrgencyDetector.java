package org.dalil.nlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Words of danger in a message ("je veux mourir", "he beats me", "ما عنديش فين نبات"): phrases,
 * not a statistical model, so that what marks a conversation urgent is predictable and can be
 * read and extended by the people who run the helpline. Any language matches whatever the
 * conversation's language.
 *
 * <p>A phrase matches when its words appear in the message in the same order, with at most
 * {@link #GAP} other words between two of them ("il me frappe" matches "il me frappe tous les
 * jours" and "il ne me frappe plus" too: better a volunteer reading a message that was not urgent
 * than missing one that was). A word ending in {@code *} matches any word it begins
 * ({@code frapp*}: frappe, frapper, frappée). An Arabic word also matches with a proclitic
 * attached (و, ف, ب, ل, ك, ال, and Darija's كي, كن, تي): "ضربني" matches "وضربني", "كيضربني".
 */
public final class UrgencyDetector {

  /** Other words allowed between two words of a phrase. */
  static final int GAP = 2;

  private static final List<String> ARABIC_PROCLITICS =
      List.of("و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "لل", "كي", "كن", "تي", "غ", "غا", "ت");

  public static final UrgencyDetector NONE = new UrgencyDetector(List.of());

  /** One phrase: its words, which of them are prefixes, and the reason it gives. */
  private record Phrase(String reason, List<String> words, List<Boolean> prefix) {}

  private final List<Phrase> phrases;
  /**
   * Phrases (their index, for file order) by their first word, so that a message is compared with
   * the few phrases that can start on one of its words; phrases starting with a prefix are
   * always compared.
   */
  private final Map<String, List<Integer>> byFirstWord = new HashMap<>();
  private final List<Integer> startingWithPrefix = new ArrayList<>();

  private UrgencyDetector(List<Phrase> phrases) {
    this.phrases = List.copyOf(phrases);
    for (int i = 0; i < this.phrases.size(); i++) {
      Phrase p = this.phrases.get(i);
      if (p.prefix().getFirst()) {
        startingWithPrefix.add(i);
      } else {
        byFirstWord.computeIfAbsent(p.words().getFirst(), k -> new ArrayList<>()).add(i);
      }
    }
  }

  /** The urgent phrases ({@code [urgent reason]} sections) of the training files. */
  public static UrgencyDetector of(TrainingPhrases training) {
    List<Phrase> phrases = new ArrayList<>();
    for (TrainingPhrase p : training.urgentPhrases()) {
      parse(p.label(), p.text()).ifPresent(phrases::add);
    }
    return new UrgencyDetector(phrases);
  }

  private static Optional<Phrase> parse(String reason, String text) {
    List<String> words = new ArrayList<>();
    List<Boolean> prefix = new ArrayList<>();
    for (String raw : text.strip().split("\\s+")) {
      boolean star = raw.endsWith("*");
      for (String w : Tokens.of(star ? raw.substring(0, raw.length() - 1) : raw)) {
        words.add(w);
        prefix.add(false);
      }
      if (star && !prefix.isEmpty()) {
        prefix.set(prefix.size() - 1, true);
      }
    }
    return words.isEmpty() ? Optional.empty() : Optional.of(new Phrase(reason, words, prefix));
  }

  /** The reason of the first phrase found in the message (in the order of the files), if any. */
  public Optional<String> reason(List<String> tokens) {
    TreeSet<Integer> candidates = new TreeSet<>(startingWithPrefix);
    for (String token : tokens) {
      addCandidates(token, candidates);
      if (Tokens.isArabic(token)) {
        for (String clitic : ARABIC_PROCLITICS) {
          if (token.length() > clitic.length() && token.startsWith(clitic)) {
            addCandidates(token.substring(clitic.length()), candidates);
          }
        }
      }
    }
    for (int i : candidates) {
      Phrase p = phrases.get(i);
      if (matches(p, tokens)) {
        return Optional.of(p.reason());
      }
    }
    return Optional.empty();
  }

  private void addCandidates(String word, TreeSet<Integer> candidates) {
    List<Integer> found = byFirstWord.get(word);
    if (found != null) {
      candidates.addAll(found);
    }
  }

  public Optional<String> reason(String text) {
    return reason(Tokens.of(text));
  }

  private static boolean matches(Phrase p, List<String> tokens) {
    for (int start = 0; start < tokens.size(); start++) {
      if (!same(p, 0, tokens.get(start))) {
        continue;
      }
      int at = start;
      int matched = 1;
      while (matched < p.words().size()) {
        int found = -1;
        for (int next = at + 1; next <= at + 1 + GAP && next < tokens.size(); next++) {
          if (same(p, matched, tokens.get(next))) {
            found = next;
            break;
          }
        }
        if (found < 0) {
          break;
        }
        at = found;
        matched++;
      }
      if (matched == p.words().size()) {
        return true;
      }
    }
    return false;
  }

  private static boolean same(Phrase p, int i, String token) {
    String word = p.words().get(i);
    boolean prefix = p.prefix().get(i);
    if (prefix ? token.startsWith(word) : token.equals(word)) {
      return true;
    }
    if (!Tokens.isArabic(token)) {
      return false;
    }
    for (String clitic : ARABIC_PROCLITICS) {
      if (token.length() > clitic.length() && token.startsWith(clitic)) {
        String rest = token.substring(clitic.length());
        if (prefix ? rest.startsWith(word) : rest.equals(word)) {
          return true;
        }
      }
    }
    return false;
  }

  /** How many phrases it looks for. */
  public int size() {
    return phrases.size();
  }
}
