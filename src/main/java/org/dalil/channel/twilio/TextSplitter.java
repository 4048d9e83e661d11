package org.dalil.channel.twilio;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Cuts a text that is too long for one message into parts that each fit, cutting at the end of a
 * line or of a sentence when one is in reach, else between words, and only for a single word
 * longer than a whole part between two characters (never inside a surrogate pair or between a
 * letter and its combining marks, such as Arabic vowel signs).
 *
 * <p>"Fits" is the caller's rule ({@code SmsSegments.segments(part) <= 3}, {@code part.length() <=
 * 1600}); it must hold for any prefix of a text that fits.
 */
final class TextSplitter {
  private static final String TERMINATORS = ".!?؟…";
  private static final String CLOSERS = ")]\"'»”’";

  private TextSplitter() {}

  /** The parts, in order, without leading or trailing blanks; empty for a blank text. */
  static List<String> split(String text, Predicate<String> fits) {
    List<String> parts = new ArrayList<>();
    String rest = text.strip();
    while (!rest.isEmpty()) {
      if (fits.test(rest)) {
        parts.add(rest);
        break;
      }
      int cut = cut(rest, fits);
      parts.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    return parts;
  }

  /** Where to end the first part of {@code text}, which does not fit whole. */
  private static int cut(String text, Predicate<String> fits) {
    BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
    characters.setText(text);
    int longest = longestFittingPrefix(text, fits, characters);
    if (longest == 0) {
      // Not even one character fits: a broken rule; send one character rather than loop forever.
      return characters.following(0);
    }
    for (int end = longest; end > 0; end--) {
      if (isSentenceEnd(text, end)) {
        return end;
      }
    }
    for (int end = longest; end > 0; end--) {
      if (Character.isWhitespace(text.charAt(end)) && !Character.isWhitespace(text.charAt(end - 1))) {
        return end;
      }
    }
    return longest;
  }

  /** The end of the longest prefix that fits, on a character boundary (binary search: fitting is monotonic). */
  private static int longestFittingPrefix(String text, Predicate<String> fits, BreakIterator characters) {
    List<Integer> bounds = new ArrayList<>();
    for (int b = characters.first(); b != BreakIterator.DONE; b = characters.next()) {
      bounds.add(b);
    }
    // bounds.get(low) fits (the empty prefix does); nothing beyond high does.
    int low = 0;
    int high = bounds.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (fits.test(text.substring(0, bounds.get(middle)))) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return bounds.get(low);
  }

  /**
   * Whether a part may end at {@code end} (exclusive) because a line or a sentence ends there: after
   * a line break, or after {@code . ! ? ؟ …} (and closing quotes or brackets) followed by a blank.
   * A full stop after a number or a single letter ("1. Santé", "M. Dupont") ends no sentence.
   */
  static boolean isSentenceEnd(String text, int end) {
    if (end <= 0 || end >= text.length()) {
      return false;
    }
    if (text.charAt(end - 1) == '\n') {
      return true;
    }
    if (!Character.isWhitespace(text.charAt(end))) {
      return false;
    }
    int i = end - 1;
    while (i >= 0 && CLOSERS.indexOf(text.charAt(i)) >= 0) {
      i--;
    }
    if (i < 0 || TERMINATORS.indexOf(text.charAt(i)) < 0) {
      return false;
    }
    if (text.charAt(i) != '.') {
      return true;
    }
    int wordStart = i;
    while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
      wordStart--;
    }
    String word = text.substring(wordStart, i);
    boolean number = !word.isEmpty() && word.chars().allMatch(Character::isDigit);
    boolean initial = word.codePointCount(0, word.length()) == 1 && Character.isLetter(word.codePointAt(0));
    return !number && !initial;
  }
}
