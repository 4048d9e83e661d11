package org.dalil.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dalil.i18n.Normalizer;

/** The words of a text as every part of the NLP compares them: normalised as the menu matcher does, split on anything but letters and digits. */
final class Tokens {
  private Tokens() {}

  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  static List<String> of(String text) {
    String normalised = Normalizer.normalize(text);
    List<String> tokens = new ArrayList<>();
    if (normalised.isEmpty()) {
      return tokens;
    }
    for (String t : NOT_WORD.split(normalised)) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  /** Whether a token is written in Arabic letters (its first letter is). */
  static boolean isArabic(String token) {
    for (int i = 0; i < token.length(); ) {
      int cp = token.codePointAt(i);
      if (Character.isLetter(cp)) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.ARABIC;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** Whether a token has a Latin letter. */
  static boolean isLatin(String token) {
    for (int i = 0; i < token.length(); ) {
      int cp = token.codePointAt(i);
      if (Character.isLetter(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }
}
