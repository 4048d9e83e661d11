package org.dalil.i18n;

import java.text.Normalizer.Form;
import java.util.Locale;

/**
 * Puts a reply and the words it is compared with into one canonical form, so that "Santé",
 * "sante." and "SANTE" are the same word, and so are "أربعة" and "اربعه", "١" and "1".
 *
 * <p>One function for every comparison (menu options, choice values, global keywords, later the
 * NLP): if two places normalised differently, a keyword could work in a menu and not in an input.
 */
public final class Normalizer {
  private Normalizer() {}

  private static final char TATWEEL = '\u0640';

  /**
   * The canonical form of {@code text}: compatibility forms folded (NFKC: Arabic presentation
   * forms, full-width letters), lower case, no accents or other combining marks (Latin accents,
   * Arabic harakat, hamza above or below, madda, superscript alef), no tatweel or invisible
   * format characters (the right-to-left marks phones insert), unified Arabic letter forms
   * (alef, yeh, teh marbuta, kaf), every decimal digit as 0-9, no punctuation, symbols or emoji at
   * either end, and single spaces. Never null; null gives "".
   */
  public static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = java.text.Normalizer.normalize(text, Form.NFKC).toLowerCase(Locale.ROOT);
    // Decomposing first turns é into e + accent and أ into ا + hamza: dropping the marks then
    // handles Latin accents and most Arabic letter variants with one rule.
    s = java.text.Normalizer.normalize(s, Form.NFD);
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (isDropped(cp)) {
        return;
      }
      out.appendCodePoint(unify(cp));
    });
    String folded = java.text.Normalizer.normalize(out, Form.NFC);
    return collapseSpaces(trimEdges(folded));
  }

  /** {@code text} with every decimal digit (Arabic-Indic, Extended Arabic-Indic, ...) as 0-9; nothing else changes. */
  public static String westernDigits(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> out.appendCodePoint(westernDigit(cp)));
    return out.toString();
  }

  private static boolean isDropped(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK // accents, harakat U+064B-U+065F, U+0670
        || type == Character.ENCLOSING_MARK // the keycap of 1️⃣
        || type == Character.FORMAT // LRM/RLM, zero-width joiners, BOM
        || cp == TATWEEL;
  }

  private static int unify(int cp) {
    return switch (cp) {
      // Alef forms that survive decomposition (wasla has no decomposition).
      case 'أ', 'إ', 'آ', 'ٱ' -> 'ا';
      // Alef maksura and Farsi yeh are written for yeh, often at the end of a word.
      case 'ى', 'ی' -> 'ي';
      case 'ة' -> 'ه';
      case 'ک' -> 'ك';
      default -> westernDigit(cp);
    };
  }

  private static int westernDigit(int cp) {
    if (cp >= '0' && cp <= '9' || !Character.isDigit(cp)) {
      return cp;
    }
    return '0' + Character.digit(cp, 10);
  }

  /** Removes whitespace, punctuation and symbols (emoji included) at both ends. */
  private static String trimEdges(String s) {
    int start = 0;
    int end = s.length();
    while (start < end) {
      int cp = s.codePointAt(start);
      if (!isEdge(cp)) {
        break;
      }
      start += Character.charCount(cp);
    }
    while (end > start) {
      int cp = s.codePointBefore(end);
      if (!isEdge(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(start, end);
  }

  private static boolean isEdge(int cp) {
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  private static String collapseSpaces(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean inSpace = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        inSpace = true;
        continue;
      }
      if (inSpace && !out.isEmpty()) {
        out.append(' ');
      }
      inSpace = false;
      out.appendCodePoint(cp);
    }
    return out.toString();
  }
}
